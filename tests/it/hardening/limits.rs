//! Defects 3 and 9: limits are said in plain words, input the API server accepts loads, and a
//! design export always reads back.

use std::fmt::Write as _;

use kubedraft::design_file::{self, MAX_MANIFEST_NESTING};
use kubedraft::document::Document;
use kubedraft::manifest::import::parse_manifests;
use kubedraft::model::Object;
use serde_json::{Value, json};

use super::temp_folder;
use crate::support::cli::{kubedraft, stderr};

/// Words of the parsers' own types and options that leaked into messages.
const INTERNALS: [&str; 7] = [
    "budget",
    "Nodes {",
    "Depth {",
    "DuplicateKeyPolicy",
    "Options",
    "ron::",
    "serde_stacker",
];

fn assert_plain(message: &str) {
    for word in INTERNALS {
        assert!(!message.contains(word), "`{word}` in: {message}");
    }
}

/// One error from reading `yaml`, as the command line prints it.
fn only_error(yaml: &str) -> String {
    let imported = parse_manifests(yaml, "in.yaml");
    let [error] = imported.errors.as_slice() else {
        panic!("one error expected, got {:?}", imported.errors)
    };
    let message = error.to_string();
    assert_plain(&message);
    message
}

#[test]
fn nesting_too_deep_names_the_file_line_and_limit() {
    let mut yaml = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nx:\n");
    for level in 0..70 {
        yaml.push_str(&"  ".repeat(level + 1));
        yaml.push_str("y:\n");
    }
    let message = only_error(&yaml);
    assert!(message.starts_with("in.yaml:"), "{message}");
    assert!(
        message.contains("nesting deeper than 64 levels"),
        "{message}"
    );
}

#[test]
fn duplicate_keys_are_named() {
    let message = only_error("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  name: d\n");
    assert!(message.contains("duplicate key `name`"), "{message}");
    assert!(message.starts_with("in.yaml:5"), "{message}");
}

/// The API server accepts a 130,000-key ConfigMap (1.5 MB); a fixed budget of 250,000 values
/// refused it.
#[test]
fn a_configmap_the_api_server_accepts_loads() {
    let mut yaml = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n");
    for key in 0..130_000 {
        let _ = writeln!(yaml, "  k{key}: v");
    }
    let imported = parse_manifests(&yaml, "big.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(imported.objects.len(), 1);
}

/// Aliases that expand a small document a billion times are still refused, in plain words.
#[test]
fn alias_blow_ups_stay_refused() {
    let mut yaml = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        let list = [previous.as_str(); 10].join(", ");
        let _ = writeln!(yaml, "a{level}: &a{level} [{list}]");
    }
    let message = only_error(&yaml);
    assert!(message.contains("alias"), "{message}");
}

fn nested(depth: usize) -> Value {
    (1..depth).fold(json!("leaf"), |inner, _| json!({ "k": inner }))
}

fn widget(depth: usize) -> Value {
    json!({
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "namespace": "a"},
        "spec": nested(depth - 1),
    })
}

/// Defect 9: `export --format design` wrote designs it could not read back when kept fields
/// nested deeply. Import reads JSON and YAML to one depth (64 levels); an object exactly that deep
/// round-trips through the design format and through YAML (a 100-level JSON object was once
/// accepted and exported to YAML that did not read back), and the RON reader's message for a
/// deeper file is plain.
#[test]
fn a_design_export_as_deep_as_import_allows_reads_back() {
    // `widget(n)` nests n - 1 levels.
    let deepest = MAX_MANIFEST_NESTING + 1;
    let folder = temp_folder("deep-design");
    let manifest = folder.join("deep.json");
    std::fs::write(&manifest, widget(deepest).to_string()).unwrap();
    let design = folder.join("deep.ron");
    let output = kubedraft(&[
        "export",
        manifest.to_str().unwrap(),
        "--format",
        "design",
        "--out",
        design.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = kubedraft(&["check", design.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&design).unwrap();
    let document = design_file::from_ron(&text).unwrap();
    assert_eq!(document.model.len(), 1);
    let yaml = folder.join("deep.yaml");
    let output = kubedraft(&[
        "export",
        manifest.to_str().unwrap(),
        "--out",
        yaml.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = kubedraft(&["check", yaml.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // One level deeper than import reads is refused by import, the limit and line named.
    let pretty = serde_json::to_string_pretty(&widget(deepest + 1)).unwrap();
    std::fs::write(&manifest, &pretty).unwrap();
    let output = kubedraft(&["check", manifest.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    // The first bracket past the limit: line 1 is the object, `spec` on line 8 opens level 2.
    let line = 8 + MAX_MANIFEST_NESTING - 1;
    assert!(
        stderr(&output).contains(&format!("deep.json:{line}:"))
            && stderr(&output).contains("nesting deeper than 64 levels"),
        "{}",
        stderr(&output)
    );

    // A hand-made design deeper than the format reads gets a plain message.
    let deep_leaf = format!("{}\"leaf\"{}", "{\"k\":".repeat(200), "}".repeat(200));
    let deeper = text.replacen("\"leaf\"", &deep_leaf, 1);
    let error = design_file::from_ron(&deeper).expect_err("too deep");
    assert_plain(&error.to_string());
    assert!(
        error.to_string().contains("nesting deeper than 64 levels"),
        "{error}"
    );
}

/// A design holding a value deeper than the format reads is refused on export, not written.
#[test]
fn a_design_too_deep_to_read_back_is_not_written() {
    let mut document = Document::new();
    document
        .model
        .add(Object::from_value(&widget(MAX_MANIFEST_NESTING + 5)).unwrap());
    let error = design_file::to_ron(&document).expect_err("refused");
    assert!(
        error.to_string().contains("nests deeper than 64 levels"),
        "{error}"
    );
}
