//! The Gateway API rules (K8S-GW-*) over the real examples of Gateway API
//! (`tests/fixtures/shared-corpus/gateway-api/examples/standard/`, Apache-2.0): each example file
//! alone and each example folder as one design, checked as imported (not marked complete). They
//! give no false errors, and what the Gateway API rules report is kept as a snapshot. Designs
//! without Gateway API objects never build the Gateway API index.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kubedraft::manifest::import::{Imported, into_document, parse_manifests};
use kubedraft::rules::{self, Check, Context, Findings, RULES, Severity};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/shared-corpus/gateway-api/examples/standard")
}

/// (name, files): every top-level example file, then every example folder, sorted.
fn designs() -> Vec<(String, Vec<PathBuf>)> {
    let mut designs = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let files = kubedraft::io::manifest_files(&path).unwrap();
            designs.push((format!("{name}/"), files));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            designs.push((name, vec![path]));
        }
    }
    designs
}

fn import(files: &[PathBuf]) -> kubedraft::document::Document {
    let mut imported = Imported::default();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        imported.extend(parse_manifests(&text, &file.display().to_string()));
    }
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}

#[test]
fn the_gateway_api_examples_check_without_false_errors() {
    let mut fired = String::new();
    let mut checked = 0;
    for (name, files) in designs() {
        let doc = import(&files);
        assert!(!doc.complete);
        for d in rules::check(&doc.model, doc.complete) {
            // A folder may hold alternatives of one example under the same name (http-cors,
            // traffic-splitting): as one design they rightly replace each other.
            if d.severity == Severity::Error {
                assert!(
                    d.rule == "K8S-REF-013" && files.len() > 1,
                    "{name}: unexpected error {}[{}] {} {}: {}",
                    d.severity,
                    d.rule,
                    d.object_display(),
                    d.field,
                    d.message
                );
            }
            if d.rule.starts_with("K8S-GW-") || d.rule == "K8S-SEC-011" {
                let _ = writeln!(
                    fired,
                    "{name}: {}[{}] {} {}: {}",
                    d.severity,
                    d.rule,
                    d.object_display(),
                    d.field,
                    d.message
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 38, "{checked}");
    insta::assert_snapshot!("gateway-api-examples", fired);
}

/// Every implemented rule over one context of the design `text`; whether they built the
/// Gateway API index.
fn builds_index(text: &str) -> bool {
    let imported = parse_manifests(text, "design.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let doc = into_document(imported);
    let context = Context::new(&doc.model, true);
    for rule in &RULES {
        if let Check::Implemented(check) = rule.check {
            check(&context, &mut Findings::default());
        }
    }
    context.gateway_index_built()
}

#[test]
fn only_designs_with_gateway_api_objects_build_the_gateway_index() {
    let read = |path: PathBuf| std::fs::read_to_string(path).unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let clean = read(rules.join("clean.yaml"));
    assert!(!builds_index(&clean));
    // An Istio Gateway is not a Gateway API object.
    let istio = "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: edge\n  \
                 namespace: shop\nspec:\n  selector:\n    istio: ingressgateway\n";
    assert!(!builds_index(&format!("{clean}\n---\n{istio}")));
    assert!(builds_index(&read(rules.join("K8S-GW-003.fires.yaml"))));
    assert!(builds_index(&read(
        examples().join("simple-gateway/gateway.yaml")
    )));
}
