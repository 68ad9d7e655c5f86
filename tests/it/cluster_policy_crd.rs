//! Exported cluster policies are valid against the CRD schemas of network-policy-api (issue 14
//! point 7): every ClusterNetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy of the
//! connectivity cases, imported and exported again, validates strictly (no field the schema does
//! not define) whenever its input did, and never has an error its input did not have (19
//! netpol-analyzer inputs leave out the selector a `pods` peer requires; export keeps them as
//! they were); a field the schema lacks is refused.

use std::collections::BTreeMap;
use std::path::Path;

use kubedraft::manifest::export;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::manifest::yaml::{parse_document, split_documents};

use crate::gateway_api::schema_errors;

const GROUP: &str = "policy.networking.k8s.io/";

/// The exported cluster policies of one case's input.
fn exported_policies(input: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(input).expect("case input");
    let imported = parse_manifests(&text, &input.display().to_string());
    let model = into_document(imported).model;
    let yaml = export::to_yaml(&model).expect("export");
    split_documents(&yaml)
        .iter()
        .map(|document| parse_document(document).expect("exported YAML reads"))
        .filter(|m| {
            m["apiVersion"]
                .as_str()
                .is_some_and(|v| v.starts_with(GROUP))
        })
        .collect()
}

#[test]
fn exported_cluster_policies_validate_against_the_crds_strictly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut schemas = BTreeMap::new();
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept_invalid = 0;
    for suite in ["netpol-cases-admin", "netpol-cases-cnp"] {
        let mut cases: Vec<_> = std::fs::read_dir(root.join(suite))
            .expect("cases")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.join("input.yaml").is_file())
            // The bad-path cases hold invalid policies on purpose.
            .filter(|p| !p.to_string_lossy().contains("bad_path"))
            .collect();
        cases.sort();
        for case in cases {
            let input = case.join("input.yaml");
            let text = std::fs::read_to_string(&input).expect("case input");
            let originals: BTreeMap<(String, String), serde_json::Value> = split_documents(&text)
                .iter()
                .filter_map(|d| parse_document(d).ok())
                .filter(|m| {
                    m["apiVersion"]
                        .as_str()
                        .is_some_and(|v| v.starts_with(GROUP))
                })
                .map(|m| {
                    let key = (
                        m["kind"].as_str().unwrap_or_default().to_owned(),
                        m["metadata"]["name"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                    );
                    (key, m)
                })
                .collect();
            for manifest in exported_policies(&input) {
                let key = (
                    manifest["kind"].as_str().unwrap_or_default().to_owned(),
                    manifest["metadata"]["name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                );
                let original = originals.get(&key).expect("exported from the input");
                let before = schema_errors(original, &mut schemas);
                let errors = schema_errors(&manifest, &mut schemas);
                assert!(
                    errors.iter().all(|e| before.contains(e)),
                    "{} {key:?}: export added {errors:?} (input had {before:?})",
                    case.display()
                );
                if before.is_empty() {
                    *by_kind.entry(key.0).or_default() += 1;
                } else {
                    kept_invalid += 1;
                    // Only the selector of a `pods` peer left out, which netpol-analyzer reads
                    // as "every namespace" or "every pod".
                    assert!(
                        before.iter().all(|e| e.contains("/pods: ")
                            && (e.contains("\"podSelector\" is a required property")
                                || e.contains("\"namespaceSelector\" is a required property"))),
                        "{}: {before:?}",
                        case.display()
                    );
                }
            }
        }
    }
    // Each of the three kinds is validated, many times over; the inputs invalid by the schema are
    // few.
    assert!(
        kept_invalid <= 20,
        "{kept_invalid} inputs invalid by the schema"
    );
    for kind in [
        "AdminNetworkPolicy",
        "BaselineAdminNetworkPolicy",
        "ClusterNetworkPolicy",
    ] {
        assert!(
            by_kind.get(kind).copied().unwrap_or(0) >= 5,
            "{kind}: {by_kind:?}"
        );
    }

    // Strict: a field the CRD does not define is refused (here, a typo in a rule).
    let mut typo = exported_policies(
        &root
            .join("netpol-cases-cnp")
            .join(
                std::fs::read_dir(root.join("netpol-cases-cnp"))
                    .expect("cases")
                    .map(|e| e.expect("entry").file_name())
                    .find(|n| n.to_string_lossy().starts_with("CNPAdminTier"))
                    .expect("a CNP case"),
            )
            .join("input.yaml"),
    )
    .into_iter()
    .next()
    .expect("a ClusterNetworkPolicy");
    assert!(schema_errors(&typo, &mut schemas).is_empty());
    typo["spec"]["priorty"] = serde_json::json!(5);
    assert!(!schema_errors(&typo, &mut schemas).is_empty());
}
