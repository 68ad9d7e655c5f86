//! PersistentVolumeClaim validity: access modes, the storage request, the volume mode and the
//! storage class, as the API server validates a claim's spec (`ValidatePersistentVolumeClaimSpec`).

use k8s_openapi::api::core::v1::PersistentVolumeClaimSpec;

use super::{is_dns1123_subdomain, parse_quantity, quantity_problem};

/// The access modes a claim may ask for.
pub const ACCESS_MODES: [&str; 4] = [
    "ReadWriteOnce",
    "ReadWriteOncePod",
    "ReadOnlyMany",
    "ReadWriteMany",
];

/// The volume modes a claim may ask for.
pub const VOLUME_MODES: [&str; 2] = ["Filesystem", "Block"];

/// The access mode that excludes every other one.
const ONE_POD: &str = "ReadWriteOncePod";

/// What the API server refuses in a claim's spec, each with its field below `spec`
/// (`accessModes[1]`, `resources.requests.storage`).
#[must_use]
pub fn claim_spec_problems(spec: &PersistentVolumeClaimSpec) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let modes = spec.access_modes.as_deref().unwrap_or_default();
    if modes.is_empty() {
        problems.push((
            "accessModes".to_owned(),
            "a claim needs at least one access mode (e.g. ReadWriteOnce)".to_owned(),
        ));
    }
    for (i, mode) in modes.iter().enumerate() {
        if !ACCESS_MODES.contains(&mode.as_str()) {
            problems.push((
                format!("accessModes[{i}]"),
                format!(
                    "access mode `{mode}` is not one of {}",
                    ACCESS_MODES.join(", ")
                ),
            ));
        }
    }
    if modes.len() > 1 && modes.iter().any(|m| m == ONE_POD) {
        problems.push((
            "accessModes".to_owned(),
            format!("{ONE_POD} cannot be combined with other access modes"),
        ));
    }
    let storage = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"));
    let field = "resources.requests.storage".to_owned();
    match storage.map(|q| q.0.as_str()) {
        None => problems.push((
            field,
            "a claim needs a storage request (e.g. 10Gi)".to_owned(),
        )),
        Some(text) => {
            if let Some(problem) = quantity_problem(text) {
                problems.push((field, format!("storage request `{text}`: {problem}")));
            } else if parse_quantity(text).is_some_and(|v| v <= 0.0) {
                problems.push((
                    field,
                    format!("storage request `{text}` must be greater than zero"),
                ));
            }
        }
    }
    if let Some(mode) = spec
        .volume_mode
        .as_deref()
        .filter(|m| !VOLUME_MODES.contains(m))
    {
        problems.push((
            "volumeMode".to_owned(),
            format!(
                "volume mode `{mode}` is not one of {}",
                VOLUME_MODES.join(", ")
            ),
        ));
    }
    // An empty class is allowed: it asks for no class (a pre-bound volume), not the default one.
    if let Some(class) = spec
        .storage_class_name
        .as_deref()
        .filter(|c| !c.is_empty() && !is_dns1123_subdomain(c))
    {
        problems.push((
            "storageClassName".to_owned(),
            format!("storage class `{class}` is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')"),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::VolumeResourceRequirements;
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

    use super::*;

    fn claim(modes: &[&str], storage: Option<&str>) -> PersistentVolumeClaimSpec {
        PersistentVolumeClaimSpec {
            access_modes: Some(modes.iter().map(|m| (*m).to_owned()).collect()),
            resources: storage.map(|s| VolumeResourceRequirements {
                requests: Some([("storage".to_owned(), Quantity(s.to_owned()))].into()),
                ..VolumeResourceRequirements::default()
            }),
            ..PersistentVolumeClaimSpec::default()
        }
    }

    fn fields(spec: &PersistentVolumeClaimSpec) -> Vec<String> {
        claim_spec_problems(spec)
            .into_iter()
            .map(|(field, _)| field)
            .collect()
    }

    #[test]
    fn a_claim_needs_known_access_modes_and_a_positive_storage_request() {
        assert!(fields(&claim(&["ReadWriteOnce"], Some("10Gi"))).is_empty());
        assert_eq!(
            fields(&PersistentVolumeClaimSpec::default()),
            ["accessModes", "resources.requests.storage"]
        );
        assert_eq!(
            fields(&claim(&["ReadWriteOnce", "WriteSometimes"], Some("0"))),
            ["accessModes[1]", "resources.requests.storage"]
        );
        assert_eq!(
            fields(&claim(&["ReadWriteOncePod", "ReadOnlyMany"], Some("ten"))),
            ["accessModes", "resources.requests.storage"]
        );
        let mut odd = claim(&["ReadWriteMany"], Some("1Gi"));
        odd.volume_mode = Some("Raw".to_owned());
        odd.storage_class_name = Some("Fast_SSD".to_owned());
        assert_eq!(fields(&odd), ["volumeMode", "storageClassName"]);
        odd.volume_mode = Some("Block".to_owned());
        odd.storage_class_name = Some(String::new());
        assert!(fields(&odd).is_empty());
    }
}
