//! The cluster-tier conformance cases: the 43 AdminNetworkPolicy / BaselineAdminNetworkPolicy
//! connectivity cases and 35 error cases converted from netpol-analyzer
//! (tests/fixtures/netpol-cases-admin, Apache-2.0 data), and the ClusterNetworkPolicy probes of the
//! network-policy-api conformance suite (tests/fixtures/netpol-cases-cnp, Apache-2.0 data).

use std::path::{Path, PathBuf};

use kubedraft::manifest::import::ReadOptions;
use kubedraft::manifest::yaml::{parse_document, split_documents, to_yaml_stream};
use kubedraft::model::Protocol;
use kubedraft::reach::{PolicyError, Reachability};
use serde_json::{Value, json};

use crate::reach_cases::{check_case, check_case_input};

fn case_dirs(corpus: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(corpus);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected.yaml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn expected(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("expected.yaml")).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

fn evaluate(dir: &Path) -> Reachability {
    let loaded = kubedraft::io::load_with(
        &[dir.join("input.yaml")],
        ReadOptions {
            lenient_selector_values: true,
        },
    )
    .unwrap();
    assert!(
        loaded.skipped.is_empty(),
        "{}: skipped documents: {:?}",
        dir.display(),
        loaded.skipped
    );
    Reachability::compute(&loaded.document.model)
}

fn name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn all_admin_connectivity_cases_agree() {
    let dirs: Vec<PathBuf> = case_dirs("netpol-cases-admin")
        .into_iter()
        .filter(|d| expected(d).get("error").is_none())
        .collect();
    assert_eq!(dirs.len(), 43, "the corpus has 43 connectivity cases");
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|dir| {
            check_case(dir)
                .err()
                .map(|e| format!("{}:\n  {e}", name(dir)))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of 43 cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The field an error about `expected` (netpol-analyzer's wording) must name, as alternatives.
fn expected_fields(expected: &str) -> &'static [&'static str] {
    const TABLE: [(&str, &[&str]); 13] = [
        ("same priority", &["spec.priority"]),
        ("Invalid Priority Value", &["spec.priority"]),
        ("already exists", &["metadata.name"]),
        ("only one baseline", &["metadata.name"]),
        ("to field must be defined", &["].to"]),
        ("from field must be defined", &["].from"]),
        ("unrecognized action", &["].action"]),
        ("in a rule peer", &["].to[", "].from["]),
        ("AdminNetworkPolicyPort", &["].ports["]),
        ("invalid CIDR", &["].networks["]),
        ("in a subject", &["spec.subject"]),
        ("port range", &["].portRange"]),
        ("Pods of the same owner", &["podSelector", "namespaces"]),
    ];
    TABLE
        .iter()
        .find(|(key, _)| expected.contains(key))
        .map_or(&[], |(_, fields)| fields)
}

fn check_error_case(dir: &Path) -> Result<(), String> {
    let case = expected(dir);
    let wanted = case["error"].as_str().unwrap();
    let reach = evaluate(dir);
    let errors: Vec<&PolicyError> = reach.errors();
    let fields = expected_fields(wanted);
    if fields.is_empty() {
        return Err(format!("no field known for `{wanted}`"));
    }
    let named = errors.iter().any(|e| {
        e.kind != "NetworkPolicy"
            && fields.iter().any(|f| e.field.contains(f))
            && !e.policy.is_empty()
    });
    if named {
        Ok(())
    } else {
        Err(format!(
            "expected an error naming {fields:?} (netpol-analyzer: `{wanted}`), got {:?}",
            errors.iter().map(ToString::to_string).collect::<Vec<_>>()
        ))
    }
}

#[test]
fn all_admin_error_cases_are_rejected_naming_the_field() {
    let dirs: Vec<PathBuf> = case_dirs("netpol-cases-admin")
        .into_iter()
        .filter(|d| expected(d).get("error").is_some())
        .collect();
    assert_eq!(dirs.len(), 35, "the corpus has 35 error cases");
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|dir| {
            check_error_case(dir)
                .err()
                .map(|e| format!("{}:\n  {e}", name(dir)))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of 35 error cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// No connectivity case is reported as invalid (the error check above cannot pass by reporting
/// errors everywhere).
#[test]
fn valid_cluster_policies_give_no_errors() {
    for dir in case_dirs("netpol-cases-admin")
        .iter()
        .filter(|d| expected(d).get("error").is_none())
        .chain(&case_dirs("netpol-cases-cnp"))
    {
        let reach = evaluate(dir);
        assert!(
            reach.errors().is_empty(),
            "{}: {:?}",
            name(dir),
            reach.errors()
        );
    }
}

fn check_probes(dir: &Path) -> (usize, Vec<String>) {
    let case = expected(dir);
    let reach = evaluate(dir);
    let mut failures = Vec::new();
    let probes = case["probes"].as_array().unwrap();
    for probe in probes {
        let index = |key: &str| {
            let id = probe[key].as_str().unwrap();
            reach
                .workload_index(id)
                .unwrap_or_else(|| panic!("{}: no workload {id}", name(dir)))
        };
        let (from, to) = (index("from"), index("to"));
        let port = u16::try_from(probe["port"].as_u64().unwrap()).unwrap();
        let protocol = Protocol::parse(probe["protocol"].as_str().unwrap()).unwrap();
        let wanted = probe["allowed"].as_bool().unwrap();
        let got = reach.conn(from, to).allows(port, protocol);
        if got != wanted {
            failures.push(format!(
                "{} -> {} {} {port}: expected {}, got {}",
                probe["from_pod"].as_str().unwrap(),
                probe["to_pod"].as_str().unwrap(),
                protocol.as_str(),
                if wanted { "allowed" } else { "denied" },
                if got { "allowed" } else { "denied" },
            ));
        }
    }
    (probes.len(), failures)
}

#[test]
fn all_cluster_network_policy_probes_agree() {
    let dirs = case_dirs("netpol-cases-cnp");
    assert_eq!(dirs.len(), 63, "the corpus has 63 probe cases");
    let mut total = 0;
    let mut failures = Vec::new();
    for dir in &dirs {
        let (count, failed) = check_probes(dir);
        total += count;
        failures.extend(failed.into_iter().map(|f| format!("{}: {f}", name(dir))));
    }
    assert!(total > 0, "the cases hold probes");
    assert!(
        failures.is_empty(),
        "{} of {total} probes differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A `v1alpha1` port entry in the `v1alpha2` form.
fn protocol_entry(port: &Value) -> Value {
    let protocol = |entry: &Value| entry["protocol"].as_str().unwrap_or("TCP").to_lowercase();
    if let Some(name) = port.get("namedPort") {
        return json!({"destinationNamedPort": name});
    }
    if let Some(number) = port.get("portNumber") {
        return json!({protocol(number): {"destinationPort": {"number": number["port"]}}});
    }
    let range = &port["portRange"];
    json!({protocol(range): {"destinationPort": {"range": {"start": range["start"], "end": range["end"]}}}})
}

/// An AdminNetworkPolicy or BaselineAdminNetworkPolicy written as the ClusterNetworkPolicy that
/// means the same: `tier`, `Accept` for `Allow`, `protocols` for `ports`.
fn as_cluster_network_policy(mut policy: Value) -> Value {
    let tier = match policy["kind"].as_str() {
        Some("AdminNetworkPolicy") => "Admin",
        Some("BaselineAdminNetworkPolicy") => "Baseline",
        _ => return policy,
    };
    policy["apiVersion"] = json!("policy.networking.k8s.io/v1alpha2");
    policy["kind"] = json!("ClusterNetworkPolicy");
    // Names stay unique across the two kinds the case may hold.
    let name = policy["metadata"]["name"].as_str().unwrap().to_owned();
    policy["metadata"]["name"] = json!(format!("{}-{name}", tier.to_lowercase()));
    let spec = policy["spec"].as_object_mut().unwrap();
    spec.insert("tier".to_owned(), json!(tier));
    spec.entry("priority").or_insert(json!(0));
    for direction in ["ingress", "egress"] {
        for rule in spec
            .get_mut(direction)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if rule["action"] == "Allow" {
                rule["action"] = json!("Accept");
            }
            let rule = rule.as_object_mut().unwrap();
            if let Some(ports) = rule.remove("ports") {
                let protocols: Vec<Value> = ports
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(protocol_entry)
                    .collect();
                rule.insert("protocols".to_owned(), Value::Array(protocols));
            }
        }
    }
    policy
}

/// Every ANP/BANP connectivity case, its policies rewritten as ClusterNetworkPolicies, gives the
/// same connectivity.
#[test]
fn cluster_network_policy_mirrors_of_the_admin_cases_agree() {
    let dirs: Vec<PathBuf> = case_dirs("netpol-cases-admin")
        .into_iter()
        .filter(|d| expected(d).get("error").is_none())
        .collect();
    assert_eq!(dirs.len(), 43);
    let scratch =
        std::env::temp_dir().join(format!("kubedraft-cnp-mirrors-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut failures = Vec::new();
    let mut converted = 0;
    for dir in &dirs {
        let text = std::fs::read_to_string(dir.join("input.yaml")).unwrap();
        let documents: Vec<Value> = split_documents(&text)
            .iter()
            .filter_map(|d| parse_document(d).ok())
            .filter(|v| !v.is_null())
            .map(|v| {
                if v["kind"]
                    .as_str()
                    .is_some_and(|k| k.ends_with("AdminNetworkPolicy"))
                {
                    converted += 1;
                }
                as_cluster_network_policy(v)
            })
            .collect();
        let input = scratch.join(format!("{}.yaml", name(dir)));
        std::fs::write(&input, to_yaml_stream(&documents).unwrap()).unwrap();
        if let Err(e) = check_case_input(dir, &input) {
            failures.push(format!("{}:\n  {e}", name(dir)));
        }
    }
    std::fs::remove_dir_all(&scratch).unwrap();
    assert!(
        converted >= 43,
        "every case has a cluster policy ({converted})"
    );
    assert!(
        failures.is_empty(),
        "{} of 43 mirrored cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
