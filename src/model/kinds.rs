//! The kinds built into Kubernetes 1.33, from `k8s-openapi`: used to tell a typo'd kind from a
//! custom resource, and namespaced kinds from cluster-scoped ones.

use std::any::TypeId;

use k8s_openapi::api;
use k8s_openapi::{ClusterResourceScope, Resource};

use super::object::ObjectError;

/// One built-in kind: its `apiVersion`, `kind` and scope.
#[derive(Clone, Copy, Debug)]
pub struct BuiltinKind {
    pub api_version: &'static str,
    pub group: &'static str,
    pub kind: &'static str,
    pub cluster_scoped: bool,
}

fn entry<T: Resource + 'static>() -> BuiltinKind
where
    T::Scope: 'static,
{
    BuiltinKind {
        api_version: T::API_VERSION,
        group: T::GROUP,
        kind: T::KIND,
        cluster_scoped: TypeId::of::<T::Scope>() == TypeId::of::<ClusterResourceScope>(),
    }
}

macro_rules! builtin_kinds {
    ($($path:path),* $(,)?) => {
        /// Every kind the Kubernetes 1.33 API serves (built once, on first use).
        #[must_use]
        pub fn builtin_kinds() -> &'static [BuiltinKind] {
            static KINDS: std::sync::LazyLock<Vec<BuiltinKind>> =
                std::sync::LazyLock::new(|| vec![$(entry::<$path>()),*]);
            &KINDS
        }
    };
}

builtin_kinds![
    api::admissionregistration::v1::MutatingWebhookConfiguration,
    api::admissionregistration::v1::ValidatingAdmissionPolicy,
    api::admissionregistration::v1::ValidatingAdmissionPolicyBinding,
    api::admissionregistration::v1::ValidatingWebhookConfiguration,
    api::admissionregistration::v1alpha1::MutatingAdmissionPolicy,
    api::admissionregistration::v1alpha1::MutatingAdmissionPolicyBinding,
    api::admissionregistration::v1beta1::ValidatingAdmissionPolicy,
    api::admissionregistration::v1beta1::ValidatingAdmissionPolicyBinding,
    api::apiserverinternal::v1alpha1::StorageVersion,
    api::apps::v1::ControllerRevision,
    api::apps::v1::DaemonSet,
    api::apps::v1::Deployment,
    api::apps::v1::ReplicaSet,
    api::apps::v1::StatefulSet,
    api::authentication::v1::SelfSubjectReview,
    api::authentication::v1::TokenRequest,
    api::authentication::v1::TokenReview,
    api::authorization::v1::LocalSubjectAccessReview,
    api::authorization::v1::SelfSubjectAccessReview,
    api::authorization::v1::SelfSubjectRulesReview,
    api::authorization::v1::SubjectAccessReview,
    api::autoscaling::v1::HorizontalPodAutoscaler,
    api::autoscaling::v1::Scale,
    api::autoscaling::v2::HorizontalPodAutoscaler,
    api::batch::v1::CronJob,
    api::batch::v1::Job,
    api::certificates::v1::CertificateSigningRequest,
    api::certificates::v1alpha1::ClusterTrustBundle,
    api::certificates::v1beta1::ClusterTrustBundle,
    api::coordination::v1::Lease,
    api::coordination::v1alpha2::LeaseCandidate,
    api::coordination::v1beta1::LeaseCandidate,
    api::core::v1::Binding,
    api::core::v1::ComponentStatus,
    api::core::v1::ConfigMap,
    api::core::v1::Endpoints,
    api::core::v1::Event,
    api::core::v1::LimitRange,
    api::core::v1::Namespace,
    api::core::v1::Node,
    api::core::v1::PersistentVolume,
    api::core::v1::PersistentVolumeClaim,
    api::core::v1::Pod,
    api::core::v1::PodTemplate,
    api::core::v1::ReplicationController,
    api::core::v1::ResourceQuota,
    api::core::v1::Secret,
    api::core::v1::Service,
    api::core::v1::ServiceAccount,
    api::discovery::v1::EndpointSlice,
    api::events::v1::Event,
    api::flowcontrol::v1::FlowSchema,
    api::flowcontrol::v1::PriorityLevelConfiguration,
    api::networking::v1::Ingress,
    api::networking::v1::IngressClass,
    api::networking::v1::IPAddress,
    api::networking::v1::NetworkPolicy,
    api::networking::v1::ServiceCIDR,
    api::networking::v1beta1::IPAddress,
    api::networking::v1beta1::ServiceCIDR,
    api::node::v1::RuntimeClass,
    api::policy::v1::Eviction,
    api::policy::v1::PodDisruptionBudget,
    api::rbac::v1::ClusterRole,
    api::rbac::v1::ClusterRoleBinding,
    api::rbac::v1::Role,
    api::rbac::v1::RoleBinding,
    api::resource::v1alpha3::DeviceClass,
    api::resource::v1alpha3::DeviceTaintRule,
    api::resource::v1alpha3::ResourceClaim,
    api::resource::v1alpha3::ResourceClaimTemplate,
    api::resource::v1alpha3::ResourceSlice,
    api::resource::v1beta1::DeviceClass,
    api::resource::v1beta1::ResourceClaim,
    api::resource::v1beta1::ResourceClaimTemplate,
    api::resource::v1beta1::ResourceSlice,
    api::resource::v1beta2::DeviceClass,
    api::resource::v1beta2::ResourceClaim,
    api::resource::v1beta2::ResourceClaimTemplate,
    api::resource::v1beta2::ResourceSlice,
    api::scheduling::v1::PriorityClass,
    api::storage::v1::CSIDriver,
    api::storage::v1::CSINode,
    api::storage::v1::CSIStorageCapacity,
    api::storage::v1::StorageClass,
    api::storage::v1::VolumeAttachment,
    api::storage::v1alpha1::VolumeAttributesClass,
    api::storage::v1beta1::VolumeAttributesClass,
    api::storagemigration::v1alpha1::StorageVersionMigration,
    k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition,
    k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1::APIService,
];

/// API groups (and legacy groups) that belong to Kubernetes itself: a kind there that Kubernetes
/// does not serve is a mistake, not a custom resource.
const LEGACY_GROUPS: [&str; 1] = ["extensions"];

/// Kinds that were served by removed API versions (`extensions/v1beta1` Deployment…): kept on import
/// so that the rules can name the removed version.
const LEGACY_KINDS: [&str; 7] = [
    "Deployment",
    "DaemonSet",
    "ReplicaSet",
    "StatefulSet",
    "Ingress",
    "NetworkPolicy",
    "PodSecurityPolicy",
];

/// Removed `(apiVersion, kind)` pairs: what to use instead, and the release that removed them.
/// Import keeps such objects (so that rule K8S-API-005 can name the removed version), and the rule
/// reads this same table.
pub const REMOVED_API_VERSIONS: [(&str, &str, &str, &str); 17] = [
    ("extensions/v1beta1", "Deployment", "apps/v1", "1.16"),
    ("extensions/v1beta1", "DaemonSet", "apps/v1", "1.16"),
    ("extensions/v1beta1", "ReplicaSet", "apps/v1", "1.16"),
    (
        "extensions/v1beta1",
        "NetworkPolicy",
        "networking.k8s.io/v1",
        "1.16",
    ),
    (
        "extensions/v1beta1",
        "Ingress",
        "networking.k8s.io/v1",
        "1.22",
    ),
    (
        "extensions/v1beta1",
        "PodSecurityPolicy",
        "(none: removed, use Pod Security Admission)",
        "1.25",
    ),
    (
        "policy/v1beta1",
        "PodSecurityPolicy",
        "(none: removed, use Pod Security Admission)",
        "1.25",
    ),
    ("apps/v1beta1", "Deployment", "apps/v1", "1.16"),
    ("apps/v1beta1", "StatefulSet", "apps/v1", "1.16"),
    ("apps/v1beta2", "Deployment", "apps/v1", "1.16"),
    ("apps/v1beta2", "StatefulSet", "apps/v1", "1.16"),
    ("apps/v1beta2", "DaemonSet", "apps/v1", "1.16"),
    ("apps/v1beta2", "ReplicaSet", "apps/v1", "1.16"),
    (
        "networking.k8s.io/v1beta1",
        "Ingress",
        "networking.k8s.io/v1",
        "1.22",
    ),
    (
        "networking.k8s.io/v1beta1",
        "IngressClass",
        "networking.k8s.io/v1",
        "1.22",
    ),
    ("policy/v1beta1", "PodDisruptionBudget", "policy/v1", "1.25"),
    ("batch/v1beta1", "CronJob", "batch/v1", "1.25"),
];

fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// Whether `version` is spelled like a Kubernetes API version: `v1`, `v2beta1`, `v1alpha3`.
fn is_version(version: &str) -> bool {
    let number =
        |s: &str| !s.is_empty() && !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit());
    let Some(rest) = version.strip_prefix('v') else {
        return false;
    };
    let major_len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (major, level) = rest.split_at(major_len);
    number(major)
        && (level.is_empty()
            || ["alpha", "beta"]
                .iter()
                .any(|stage| level.strip_prefix(stage).is_some_and(number)))
}

/// Accepts a custom resource or a built-in kind; rejects a kind that no version of a built-in group
/// serves, with the closest built-in kind as a hint, and a built-in kind under an `apiVersion` of a
/// built-in group that never served it (`v2` or `foo` Deployment), naming the versions that do.
/// Another well-formed version of a group that serves the kind (`autoscaling/v2beta2`) is kept:
/// it may be served by an older or newer cluster, and the rules say so.
pub fn check_known(api_version: &str, kind: &str) -> Result<(), ObjectError> {
    let group = group_of(api_version);
    if group == super::gateway::GROUP {
        return super::gateway::check_known(api_version, kind);
    }
    let all = builtin_kinds();
    let builtin_group = all.iter().any(|k| k.group == group) || LEGACY_GROUPS.contains(&group);
    if !builtin_group
        || kind.ends_with("List")
        || all
            .iter()
            .any(|k| k.api_version == api_version && k.kind == kind)
        || REMOVED_API_VERSIONS
            .iter()
            .any(|(v, k, _, _)| *v == api_version && *k == kind)
    {
        return Ok(());
    }
    let serving: Vec<&str> = all
        .iter()
        .filter(|k| k.kind == kind)
        .map(|k| k.api_version)
        .collect();
    if !serving.is_empty() || LEGACY_KINDS.contains(&kind) {
        // The core group (`v1`) never had another version, so only named groups get the leeway.
        let version = api_version.rsplit_once('/').map_or("", |(_, v)| v);
        let group_serves = all.iter().any(|k| k.group == group && k.kind == kind)
            || LEGACY_GROUPS.contains(&group);
        if !group.is_empty() && group_serves && is_version(version) {
            return Ok(());
        }
        let mut expected: Vec<&str> = if serving.is_empty() {
            REMOVED_API_VERSIONS
                .iter()
                .filter(|(_, k, _, _)| *k == kind)
                .map(|(v, _, _, _)| *v)
                .collect()
        } else {
            serving
        };
        expected.sort_unstable();
        expected.dedup();
        return Err(ObjectError::WrongApiVersion {
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
            expected: expected
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(" or "),
        });
    }
    let hint = kind_hint(kind).map_or_else(String::new, |k| {
        format!(" (did you mean `{}` in `{}`?)", k.kind, k.api_version)
    });
    Err(ObjectError::UnknownKind {
        api_version: api_version.to_owned(),
        kind: kind.to_owned(),
        hint,
    })
}

/// How far (in edits) a typo'd kind may be from the built-in kind suggested for it.
pub(crate) const HINT_DISTANCE: usize = 3;

/// The built-in kind closest to `kind`, if one is within [`HINT_DISTANCE`] edits. The edit
/// distance costs the product of both lengths, so candidates whose length alone puts them out of
/// reach are skipped first: a kind string of a megabyte then costs one pass to count its
/// characters instead of seconds of distance tables (the outsider's 1 MB kind took 10 s).
#[must_use]
pub fn kind_hint(kind: &str) -> Option<&'static BuiltinKind> {
    let length = kind.chars().count();
    let within_reach =
        |candidate: &BuiltinKind| candidate.kind.chars().count().abs_diff(length) <= HINT_DISTANCE;
    let all = builtin_kinds();
    if !all.iter().any(within_reach) {
        return None;
    }
    let lowered = kind.to_lowercase();
    all.iter()
        .filter(|k| within_reach(k))
        .map(|k| (edit_distance(&k.kind.to_lowercase(), &lowered), k))
        .min_by_key(|(distance, k)| (*distance, k.kind))
        .filter(|(distance, _)| *distance <= HINT_DISTANCE)
        .map(|(_, k)| k)
}

/// Whether objects of this kind have no namespace. Unknown (custom) kinds count as namespaced.
#[must_use]
pub fn is_cluster_scoped(api_version: &str, kind: &str) -> bool {
    // Asked for every object in every sort and check: a map by kind keeps it cheap.
    static CLUSTER_SCOPED: std::sync::LazyLock<
        std::collections::HashMap<&'static str, Vec<&'static str>>,
    > = std::sync::LazyLock::new(|| {
        let mut map: std::collections::HashMap<&'static str, Vec<&'static str>> =
            std::collections::HashMap::new();
        for k in builtin_kinds().iter().filter(|k| k.cluster_scoped) {
            map.entry(k.kind).or_default().push(k.group);
        }
        map
    });
    let group = group_of(api_version);
    if group == super::gateway::GROUP {
        return super::gateway::crd_kind(kind).is_some_and(|k| k.cluster_scoped);
    }
    if super::cluster_policy::is_cluster_policy(api_version, kind) {
        return true;
    }
    CLUSTER_SCOPED
        .get(kind)
        .is_some_and(|groups| groups.contains(&group))
}

/// Levenshtein distance, for "did you mean" hints.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // One row of the table, updated in place (`diagonal` holds the cell up and to the left).
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cell = (diagonal + usize::from(ca != *cb))
                .min(up + 1)
                .min(left + 1);
            diagonal = up;
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = cell;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The edit distance of `a` and `b` when it is at most `limit`, else `None`; cheap for names
/// whose lengths alone put them out of reach (most candidates of a hint).
#[must_use]
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > limit {
        return None;
    }
    Some(edit_distance(a, b)).filter(|distance| *distance <= limit)
}

/// The candidate closest to `name` within [`HINT_DISTANCE`] edits (of equals, the first in
/// alphabetical order), for "did you mean" hints.
#[must_use]
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter_map(|candidate| {
            edit_distance_within(candidate, name, HINT_DISTANCE).map(|d| (d, candidate))
        })
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_in_builtin_group_is_rejected_with_hint() {
        let error = check_known("apps/v1", "Deploymnet").expect_err("typo");
        assert!(
            error.to_string().contains("did you mean `Deployment`"),
            "{error}"
        );
        assert!(check_known("v1", "Servise").is_err());
    }

    #[test]
    fn builtin_and_custom_kinds_are_accepted() {
        assert!(check_known("v1", "ConfigMap").is_ok());
        assert!(check_known("rbac.authorization.k8s.io/v1", "ClusterRole").is_ok());
        assert!(check_known("monitoring.coreos.com/v1", "ServiceMonitor").is_ok());
        assert!(check_known("extensions/v1beta1", "Ingress").is_ok());
        assert!(check_known("rbac.authorization.k8s.io/v1", "RoleList").is_ok());
    }

    /// The outsider's `apiVersion: v2` Deployment passed as a custom resource.
    #[test]
    fn a_builtin_kind_under_a_wrong_api_version_is_rejected() {
        for wrong in ["v2", "foo", "", "v1", "apps/foo", "apps/"] {
            let error = check_known(wrong, "Deployment").expect_err(wrong);
            let message = error.to_string();
            assert!(
                message.starts_with("field `apiVersion`") && message.contains("`apps/v1`"),
                "{wrong}: {message}"
            );
        }
        assert!(check_known("v2", "ConfigMap").is_err());
        // Other well-formed versions of the right group, and removed ones, are kept for the rules.
        assert!(check_known("autoscaling/v2beta2", "HorizontalPodAutoscaler").is_ok());
        assert!(check_known("apps/v1beta2", "Deployment").is_ok());
        assert!(check_known("policy/v1beta1", "PodSecurityPolicy").is_ok());
        assert!(check_known("example.com/v1", "Deployment").is_ok());
        assert!(
            is_version("v2beta1")
                && is_version("v10")
                && !is_version("v0")
                && !is_version("v1gamma1")
        );
    }

    #[test]
    fn scope_comes_from_k8s_openapi() {
        assert!(is_cluster_scoped(
            "rbac.authorization.k8s.io/v1",
            "ClusterRole"
        ));
        assert!(is_cluster_scoped("v1", "Namespace"));
        assert!(!is_cluster_scoped("v1", "ConfigMap"));
        assert!(!is_cluster_scoped("example.com/v1", "Widget"));
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("flaw", "lawn"), 2);
        assert_eq!(edit_distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_within("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_within("a", "abcdef", 3), None);
        assert_eq!(closest("web", ["api", "wbe", "webs"]), Some("webs"));
        assert_eq!(closest("web", ["database"]), None);
    }
}
