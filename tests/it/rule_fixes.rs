//! Fixes that must keep a design whole: moving out of the default namespace, DNS for a
//! default-deny policy; and image reference checks.

use std::collections::BTreeMap;

use kubedraft::document::Document;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::rules::{self, Diagnostic};

fn design(yaml: &str) -> Document {
    let imported = parse_manifests(yaml, "test.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let mut doc = into_document(imported);
    doc.complete = true;
    doc
}

fn of_rule(doc: &Document, id: &str) -> Vec<Diagnostic> {
    rules::check_document(doc)
        .into_iter()
        .filter(|d| d.rule == id)
        .collect()
}

/// How many findings each rule other than `except` reports.
fn other_findings(doc: &Document, except: &str) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for d in rules::check_document(doc) {
        if d.rule != except {
            *counts.entry(d.rule).or_default() += 1;
        }
    }
    counts
}

/// Applies the first fix `rule` offers, returning its label.
fn apply_fix(doc: &mut Document, rule: &str) -> String {
    let fix = of_rule(doc, rule)
        .into_iter()
        .find_map(|d| d.fix)
        .unwrap_or_else(|| panic!("{rule}: no fix offered"));
    fix.command(&doc.model).unwrap().apply(doc).unwrap();
    fix.label
}

const WEB_IN_DEFAULT: &str = r"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, app.kubernetes.io/part-of: PART}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app.kubernetes.io/part-of: PART}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: default
  labels: {app.kubernetes.io/part-of: PART}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
";

fn config_map(name: &str, namespace: &str) -> String {
    format!(
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {namespace}\ndata: {{a: b}}\n"
    )
}

/// Moves the default namespace's objects with BP-001's fix, checking that all move together
/// into `expected` and that no other finding appears or disappears.
fn moves_all_to(yaml: &str, expected: &str) {
    let mut doc = design(yaml);
    let others = other_findings(&doc, "K8S-BP-001");
    assert_eq!(of_rule(&doc, "K8S-BP-001").len(), 3);
    // As the app's import layout does: the default namespace has a frame.
    kubedraft::document::Command::SetFrame {
        name: "default".to_owned(),
        frame: Some(kubedraft::document::Rect::from_min_size(
            kubedraft::document::Point::new(0.0, 0.0),
            600.0,
            300.0,
        )),
    }
    .apply(&mut doc)
    .expect("frame");
    let label = apply_fix(&mut doc, "K8S-BP-001");
    assert_eq!(
        label,
        format!("Move the 3 objects of the default namespace to namespace {expected}")
    );
    assert!(of_rule(&doc, "K8S-BP-001").is_empty());
    for (_, object) in doc.model.objects() {
        if object.kind_name() != "ConfigMap" {
            assert_eq!(object.effective_namespace(), Some(expected));
        }
    }
    assert!(doc.model.namespaces().contains_key(expected));
    assert_eq!(other_findings(&doc, "K8S-BP-001"), others, "{yaml}");
    // The emptied default namespace leaves no frame on the canvas.
    assert!(
        doc.frame_rect("default").is_none(),
        "default frame left behind"
    );
}

#[test]
fn bp_001_moves_the_whole_default_namespace_to_app() {
    let yaml =
        WEB_IN_DEFAULT.replace("PART", "\"\"") + &config_map("a", "shop") + &config_map("b", "ops");
    moves_all_to(&yaml, "app");
}

#[test]
fn bp_001_prefers_the_only_other_namespace() {
    let yaml = WEB_IN_DEFAULT.replace("PART", "boutique") + &config_map("a", "shop");
    moves_all_to(&yaml, "shop");
}

#[test]
fn bp_001_uses_the_shared_part_of_label() {
    let yaml = WEB_IN_DEFAULT.replace("PART", "boutique")
        + &config_map("a", "shop")
        + &config_map("b", "ops");
    moves_all_to(&yaml, "boutique");
}

#[test]
fn bp_001_numbers_app_when_taken() {
    let yaml =
        WEB_IN_DEFAULT.replace("PART", "\"\"") + &config_map("a", "app") + &config_map("b", "ops");
    moves_all_to(&yaml, "app-2");
}

#[test]
fn bp_001_fix_undoes_in_one_step() {
    let yaml = WEB_IN_DEFAULT.replace("PART", "\"\"") + &config_map("b", "ops");
    let mut doc = design(&yaml);
    let before = doc.model.clone();
    let fix = of_rule(&doc, "K8S-BP-001")
        .into_iter()
        .find_map(|d| d.fix)
        .unwrap();
    let undo = fix.command(&doc.model).unwrap().apply(&mut doc).unwrap();
    undo.apply(&mut doc).unwrap();
    assert_eq!(doc.model, before);
}

const DEFAULT_DENY: &str = r"
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27.3}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
";

#[test]
fn np_005_adds_a_separate_dns_policy_beside_a_default_deny() {
    let mut doc = design(DEFAULT_DENY);
    let deny = doc
        .model
        .find("NetworkPolicy", Some("shop"), "default-deny")
        .unwrap();
    let deny_before = doc.model.get(deny).unwrap().clone();
    assert_eq!(of_rule(&doc, "K8S-NP-005").len(), 1);
    let np_003 = of_rule(&doc, "K8S-NP-003").len();
    let label = apply_fix(&mut doc, "K8S-NP-005");
    assert_eq!(
        label,
        "Add NetworkPolicy allow-dns allowing DNS to kube-system/kube-dns (UDP and TCP 53)"
    );
    assert!(of_rule(&doc, "K8S-NP-005").is_empty());
    assert_eq!(of_rule(&doc, "K8S-NP-003").len(), np_003);
    assert_eq!(
        doc.model.get(deny).unwrap(),
        &deny_before,
        "the default-deny stays as it was"
    );
    let added = doc
        .model
        .find("NetworkPolicy", Some("shop"), "allow-dns")
        .expect("allow-dns added");
    let value = doc.model.get(added).unwrap().to_value();
    assert_eq!(value["spec"]["podSelector"], serde_json::json!({}));
    assert_eq!(value["spec"]["policyTypes"], serde_json::json!(["Egress"]));
    assert_eq!(value["spec"]["egress"][0]["ports"][0]["port"], 53);
}

#[test]
fn np_005_numbers_the_dns_policy_when_the_name_is_taken() {
    let yaml = DEFAULT_DENY.to_owned()
        + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\n"
        + "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-dns, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: other}}\n  policyTypes: [Ingress]\n";
    let mut doc = design(&yaml);
    let label = apply_fix(&mut doc, "K8S-NP-005");
    assert!(
        label.starts_with("Add NetworkPolicy allow-dns-2 "),
        "{label}"
    );
    assert!(of_rule(&doc, "K8S-NP-005").is_empty());
}

fn with_image(image: &str) -> Document {
    design(&format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p, namespace: shop}}\nspec:\n  containers: [{{name: c, image: \"{image}\"}}]\n"
    ))
}

#[test]
fn api_012_rejects_invalid_image_references() {
    for (image, problem) in [
        ("Bad Image:", "it contains whitespace"),
        ("nginx:", "the tag after `:` is empty"),
        ("Nginx:1.27", "must be lowercase"),
    ] {
        let found = of_rule(&with_image(image), "K8S-API-012");
        assert_eq!(found.len(), 1, "{image}");
        assert_eq!(found[0].field, "spec.containers[0].image");
        assert!(found[0].message.contains(problem), "{}", found[0].message);
    }
    for image in ["nginx:1.27.3", "ghcr.io/org/app:v1", "localhost:5000/app:1"] {
        assert!(
            of_rule(&with_image(image), "K8S-API-012").is_empty(),
            "{image}"
        );
    }
}

#[test]
fn bp_013_treats_an_empty_tag_as_missing() {
    let found = of_rule(&with_image("nginx:"), "K8S-BP-013");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("without a tag"),
        "{}",
        found[0].message
    );
}

/// Online Boutique (every object in the default namespace): one fix moves all 35 together, and
/// no Service or budget is left selecting nothing.
#[test]
fn bp_001_moves_online_boutique_as_a_whole() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/online-boutique.yaml");
    let mut doc = design(&std::fs::read_to_string(path).unwrap());
    let others = other_findings(&doc, "K8S-BP-001");
    let label = apply_fix(&mut doc, "K8S-BP-001");
    assert_eq!(
        label,
        "Move the 35 objects of the default namespace to namespace app"
    );
    assert!(of_rule(&doc, "K8S-BP-001").is_empty());
    assert_eq!(other_findings(&doc, "K8S-BP-001"), others);
}
