//! Helm charts of Gateway API designs: `values.yaml` carries per Gateway its class and listener
//! hostnames, per HTTPRoute its hostnames and backend weights, `values.schema.json` accepts the
//! defaults and refuses wrong overrides, and (with helm) the chart renders exactly the plain export
//! of the canary fixture and of every Gateway API example.

use std::path::{Path, PathBuf};

use kubedraft::document::Document;
use kubedraft::manifest::helm;
use kubedraft::manifest::import::{Imported, into_document, parse_manifests};
use kubedraft::manifest::yaml;
use kubedraft::manifest::yaml::{parse_document, split_documents};
use serde_json::{Value, json};

use crate::helm::{
    assert_chart_renders_the_plain_export, helm_binary, helm_template, parse_all, write_chart,
};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn canary() -> Document {
    let path = root().join("tests/fixtures/gateway-api/canary.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let imported = parse_manifests(&text, "canary.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}

fn chart_file(doc: &Document, name: &str) -> String {
    helm::chart(&doc.model, "shop")
        .expect("chart")
        .into_iter()
        .find(|f| f.path.starts_with("shop/") && f.path.ends_with(name))
        .unwrap_or_else(|| panic!("no {name}"))
        .contents
}

fn values(doc: &Document) -> Value {
    let text = chart_file(doc, "values.yaml");
    let documents = split_documents(&text);
    let [document] = documents.as_slice() else {
        panic!("{text}");
    };
    parse_document(document).expect("values")
}

#[test]
fn values_carry_gateway_classes_hostnames_and_weights() {
    let doc = canary();
    let values = values(&doc);
    assert_eq!(
        values["gateways"],
        json!({"edge": {
            "gatewayClassName": "example",
            "listeners": {"http": {"hostname": "*.example.com"},
                          "https": {"hostname": "*.example.com"}},
        }})
    );
    assert_eq!(
        values["httpRoutes"],
        json!({"shop": {"hostnames": ["shop.example.com"], "backendWeights": [[90, 10], []]}})
    );
    let text = chart_file(&doc, "values.yaml");
    assert!(
        text.contains(
            "# Per rule, the weights its backendRefs set, in order (rule 0: web, web-canary)."
        ),
        "{text}"
    );
    // The template reads them from the values.
    let route = chart_file(&doc, "-httproute-shop-shop.yaml");
    assert!(
        route.contains(
            r#"weight: {{ (index .Values "httpRoutes" "shop" "backendWeights" 0 1) | toYaml }}"#
        ),
        "{route}"
    );
    assert!(
        route.contains(r#"- {{ (index .Values "httpRoutes" "shop" "hostnames" 0) | quote }}"#),
        "{route}"
    );
}

#[test]
fn the_values_schema_accepts_the_defaults_and_refuses_wrong_overrides() {
    let doc = canary();
    let schema: Value =
        serde_json::from_str(&chart_file(&doc, "values.schema.json")).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let defaults = values(&doc);
    assert!(validator.is_valid(&defaults));
    let wrong = |pointer: &str, value: Value| {
        let mut values = defaults.clone();
        *values
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = value;
        validator.is_valid(&values)
    };
    assert!(wrong(
        "/httpRoutes/shop/backendWeights",
        json!([[50, 50], []])
    ));
    assert!(!wrong(
        "/httpRoutes/shop/backendWeights",
        json!([[50, 50, 1], []])
    ));
    assert!(!wrong(
        "/httpRoutes/shop/backendWeights",
        json!([["ninety", 10], []])
    ));
    assert!(!wrong("/httpRoutes/shop/backendWeights", json!([[90, 10]])));
    assert!(!wrong("/httpRoutes/shop/hostnames", json!([])));
    assert!(!wrong("/gateways/edge/gatewayClassName", json!("")));
    assert!(wrong("/gateways/edge/listeners/http/hostname", json!("")));
}

#[test]
fn designs_without_gateway_api_objects_have_no_gateway_sections() {
    let text = std::fs::read_to_string(root().join("examples/web-tier.ron")).expect("read");
    let doc = kubedraft::design_file::from_ron(&text).expect("design");
    let values = helm::values_yaml(&doc.model).expect("values");
    assert!(
        !values.contains("gateways:") && !values.contains("httpRoutes:"),
        "{values}"
    );
}

fn corpus_examples() -> Document {
    fn collect(folder: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                collect(&path, found);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    collect(
        &root().join("tests/fixtures/shared-corpus/gateway-api/examples/standard"),
        &mut files,
    );
    files.sort();
    let mut imported = Imported::default();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        imported.extend(parse_manifests(&text, &file.display().to_string()));
    }
    into_document(imported)
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn helm_renders_the_plain_export_of_gateway_api_designs() {
    let helm = helm_binary();
    for (name, doc) in [
        ("canary", canary()),
        ("gateway-examples", corpus_examples()),
    ] {
        assert_chart_renders_the_plain_export(&helm, &doc, name, "gateway");
    }
    // An override of the weights and hostnames reaches the route.
    let chart = write_chart(&canary(), "canary", "gateway-override");
    let overrides = chart.with_file_name("override.yaml");
    let values = json!({"httpRoutes": {"shop": {"hostnames": ["beta.example.com"],
                                                  "backendWeights": [[50, 50], []]}}});
    std::fs::write(&overrides, yaml::to_yaml(&values).expect("yaml")).expect("write");
    let rendered = parse_all(&helm_template(
        &helm,
        &chart,
        &["-f", overrides.to_str().expect("utf-8")],
    ));
    let route = rendered
        .iter()
        .find(|v| v["kind"] == "HTTPRoute")
        .expect("route");
    assert_eq!(route["spec"]["hostnames"], json!(["beta.example.com"]));
    assert_eq!(
        route["spec"]["rules"][0]["backendRefs"][0]["weight"],
        json!(50)
    );
    assert_eq!(
        route["spec"]["rules"][0]["backendRefs"][1]["weight"],
        json!(50)
    );
}
