//! The hostile-strings fixture (`tests/fixtures/hostile.yaml`): YAML 1.1 booleans, octal-looking
//! and empty values, template braces. Shared by the export and Helm tests.

use std::path::Path;

use kubedraft::document::Document;
use kubedraft::manifest::import::{into_document, parse_manifests};

/// The hostile strings of the fixture, in the order of the Deployment's env values.
pub const HOSTILE: [&str; 16] = [
    "no",
    "on",
    "off",
    "yes",
    "y",
    "n",
    "true",
    "0755",
    "1e3",
    "null",
    "~",
    "",
    "{{ .Values.x }}",
    "line one\nline two\n",
    "  leading spaces",
    "tab\there \"quoted\" back\\slash",
];

/// The fixture imported; it must import without errors.
pub fn hostile() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.yaml");
    let text = std::fs::read_to_string(path).expect("fixture");
    let imported = parse_manifests(&text, "hostile.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}
