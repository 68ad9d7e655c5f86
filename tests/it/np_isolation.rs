//! NetworkPolicy isolation is decided once: the NP rules (K8S-NP-002/003/005) read the policies
//! as `reach` compiles them. These tests derive isolation both ways over every netpol-analyzer
//! case and every example design and require the two views to agree for every workload and
//! direction.

use std::path::{Path, PathBuf};

use kubedraft::document::Document;
use kubedraft::manifest::import::{ReadOptions, parse_manifests};
use kubedraft::reach::{Direction, Reachability};
use kubedraft::rules::Context;
use kubedraft::rules::policy::is_isolated;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sorted_dirs(folder: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("input.yaml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Every (workload, direction) where the rules' view and the engine's view differ.
fn disagreements(document: &Document) -> Vec<String> {
    let model = &document.model;
    let reach = Reachability::compute(model);
    let ctx = Context::new(model, document.complete);
    let mut found = Vec::new();
    for (index, workload) in reach.workloads().iter().enumerate() {
        for direction in [Direction::Ingress, Direction::Egress] {
            let engine = reach.is_isolated(index, direction);
            let rules = is_isolated(&ctx, &workload.namespace, &workload.labels, direction);
            if engine != rules {
                found.push(format!(
                    "{} {direction}: reach says isolated={engine}, rules say {rules}",
                    workload.id
                ));
            }
        }
    }
    found
}

#[test]
fn rules_and_reach_agree_on_isolation_in_every_netpol_case() {
    let dirs = sorted_dirs(&root().join("tests/fixtures/netpol-cases"));
    assert!(dirs.len() >= 60, "netpol cases not found: {}", dirs.len());
    let mut isolated_somewhere = 0;
    for dir in dirs {
        let loaded = kubedraft::io::load_with(
            &[dir.join("input.yaml")],
            ReadOptions {
                lenient_selector_values: true,
            },
        )
        .unwrap();
        let reach = Reachability::compute(&loaded.document.model);
        isolated_somewhere += usize::from((0..reach.workloads().len()).any(|w| {
            reach.is_isolated(w, Direction::Ingress) || reach.is_isolated(w, Direction::Egress)
        }));
        let found = disagreements(&loaded.document);
        assert!(found.is_empty(), "{}: {found:#?}", dir.display());
    }
    // The comparison means something only if the cases isolate pods.
    assert!(isolated_somewhere >= 30, "{isolated_somewhere}");
}

#[test]
fn rules_and_reach_agree_on_isolation_in_every_example() {
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 3, "{examples:?}");
    for example in examples {
        let loaded = kubedraft::io::load(std::slice::from_ref(&example)).unwrap();
        assert!(!loaded.document.model.is_empty(), "{}", example.display());
        let found = disagreements(&loaded.document);
        assert!(found.is_empty(), "{}: {found:#?}", example.display());
    }
}

fn document(yaml: &str) -> Document {
    let imported = parse_manifests(yaml, "test");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let mut doc = Document::new();
    doc.model
        .add_all(imported.objects.into_iter().map(|(object, _)| object));
    doc
}

const WORKLOAD: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: 'nginx:1.27'}]
";

fn rules_fired(doc: &Document, rule: &str) -> Vec<String> {
    kubedraft::rules::check_document(doc)
        .into_iter()
        .filter(|d| d.rule == rule)
        .map(|d| d.message)
        .collect()
}

/// Regression: `egress: []` without policyTypes isolates ingress only (the API server defaults
/// policyTypes from `len(egress) != 0`), so there is no egress to lack DNS.
#[test]
fn an_empty_egress_list_without_policy_types_does_not_isolate_egress() {
    let doc = document(&format!(
        "{WORKLOAD}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: web, namespace: shop}}
spec:
  podSelector: {{matchLabels: {{app: web}}}}
  ingress: [{{}}]
  egress: []
"
    ));
    let reach = Reachability::compute(&doc.model);
    let web = reach.workload_index("shop/web").expect("workload");
    assert!(reach.is_isolated(web, Direction::Ingress));
    assert!(!reach.is_isolated(web, Direction::Egress));
    assert_eq!(rules_fired(&doc, "K8S-NP-005"), Vec::<String>::new());
    assert!(disagreements(&doc).is_empty(), "{:?}", disagreements(&doc));
    // Listing Egress in policyTypes isolates it: then the missing DNS rule is reported.
    let listed = document(&format!(
        "{WORKLOAD}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: web, namespace: shop}}
spec:
  podSelector: {{matchLabels: {{app: web}}}}
  policyTypes: [Ingress, Egress]
  ingress: [{{}}]
  egress: []
"
    ));
    assert_eq!(rules_fired(&listed, "K8S-NP-005").len(), 1);
    assert!(disagreements(&listed).is_empty());
}
