//! Lossless round trips: for every manifest file of the fixtures (the copy of the shared corpus
//! included), `export(import(export(import(x))))` is byte-identical to `export(import(x))`, and
//! the objects of `export(import(x))` are the input objects without the server fields.
//! Every string, hostile ones included, reads back as the same string under YAML 1.1.

use crate::support::hostile;
use hostile::{HOSTILE, hostile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kubedraft::design_file;
use kubedraft::manifest::export;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::manifest::yaml::{parse_document, split_documents};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn manifest_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("fixture folder {}: {e}", folder.display()));
    for path in entries.map(|e| e.expect("folder entry").path()) {
        if path.is_dir() {
            manifest_files(&path, found);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            found.push(path);
        }
    }
}

/// The plain values of every document of a stream, `kind: List` items flattened.
fn documents(text: &str) -> Vec<Value> {
    indexed_documents(text)
        .into_iter()
        .map(|(_, v)| v)
        .collect()
}

/// [`documents`], each with the index of the document it came from.
fn indexed_documents(text: &str) -> Vec<(usize, Value)> {
    let mut values = Vec::new();
    for document in split_documents(text.strip_prefix('\u{feff}').unwrap_or(text)) {
        let Ok(value) = parse_document(&document) else {
            continue;
        };
        let mut pending = vec![value];
        while let Some(value) = pending.pop() {
            let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
            if kind.ends_with("List")
                && let Some(items) = value.get("items").and_then(Value::as_array)
            {
                pending.extend(items.iter().cloned());
            } else if !value.is_null() {
                values.push((document.index, value));
            }
        }
    }
    values
}

fn key(value: &Value) -> String {
    let field = |path: &[&str]| {
        let mut current = value;
        for part in path {
            current = current.get(part).unwrap_or(&Value::Null);
        }
        current.as_str().unwrap_or("").to_owned()
    };
    let namespace = field(&["metadata", "namespace"]);
    let kind = field(&["kind"]);
    // Namespaced objects without a namespace land in `default` on import: both spellings are one.
    let namespace = if namespace == "default" {
        String::new()
    } else {
        namespace
    };
    format!(
        "{}/{kind}/{namespace}/{}",
        field(&["apiVersion"]),
        field(&["metadata", "name"])
    )
}

/// The input as export should give it back: server fields dropped, quantities written as numbers
/// compared as their text, empty maps and lists (which the typed model leaves out) removed.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !matches!(v, Value::Null))
                .filter(|(_, v)| !v.as_object().is_some_and(serde_json::Map::is_empty))
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        other => other.clone(),
    }
}

fn strip_server_fields(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.remove("status");
        if let Some(Value::Object(metadata)) = map.get_mut("metadata") {
            for field in [
                "managedFields",
                "resourceVersion",
                "uid",
                "creationTimestamp",
                "generation",
                "selfLink",
            ] {
                metadata.remove(field);
            }
            metadata.remove("namespace");
        }
    }
    value
}

/// The first path where two values differ, for failure messages.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| {
                first_difference(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                )
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} != {b}")),
    }
}

/// Checks both round-trip properties for one file; returns how many objects it held.
fn check_file(path: &Path) -> usize {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).expect("read");
    // Fuzz inputs need not be UTF-8: compare what a lossy reading makes of them.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let imported = parse_manifests(&text, &name);
    if imported.objects.is_empty() && imported.namespaces.is_empty() {
        // Not Kubernetes objects (a kustomization, a values file): nothing to round-trip.
        return 0;
    }
    let skipped: Vec<usize> = imported.errors.iter().map(|e| e.document).collect();
    let once = export::to_yaml(&into_document(imported).model).expect("export");
    let again = parse_manifests(&once, "once.yaml");
    assert!(again.errors.is_empty(), "{name}: {:?}", again.errors);
    let twice = export::to_yaml(&into_document(again).model).expect("export");
    assert_eq!(once, twice, "{name}: export is not a fixed point");

    // Objects of the export equal the input objects (the documents that could be read).
    // Objects of one identity (a duplicate, which the checker reports) are kept side by side.
    let mut exported: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for v in documents(&once) {
        exported
            .entry(key(&v))
            .or_default()
            .push(normalise(&strip_server_fields(v)));
    }
    let mut compared = 0;
    // Documents that could not be read (selector values kubectl rejects) are reported, not
    // exported; every other object is compared.
    for (index, input) in indexed_documents(&text) {
        if skipped.contains(&index) {
            continue;
        }
        // Keyed with the namespace: objects of one name in several namespaces stay apart.
        let input_key = key(&input);
        let input = normalise(&strip_server_fields(input));
        let Some(outputs) = exported.get(&input_key) else {
            panic!("{name}: {input_key} missing from the export");
        };
        if !outputs.contains(&input) {
            let output = outputs.first().unwrap_or(&Value::Null);
            assert_eq!(
                output,
                &input,
                "{name}: {input_key} changed at {:?}",
                first_difference(output, &input, "")
            );
        }
        compared += 1;
    }
    compared
}

#[test]
fn fixtures_round_trip() {
    let mut files = Vec::new();
    manifest_files(&root().join("tests/fixtures"), &mut files);
    // The netpol-analyzer cases (live-cluster dumps with built-in namespaces, trimmed Pods whose
    // containers have no name) round-trip too; files whose selector values kubectl rejects are
    // compared only for the fixed point (a document is skipped).
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    let objects: usize = files.iter().map(|f| check_file(f)).sum();
    eprintln!("{} files, {objects} objects compared", files.len());
    // 1,009 when written: the netpol-analyzer cases hold most of them.
    assert!(objects >= 1000, "only {objects} objects compared");
}

/// The real-world corpus (`tests/fixtures/shared-corpus/`, copied from the project's shared corpus).
#[test]
fn shared_corpus_round_trips() {
    let mut files = Vec::new();
    manifest_files(&root().join("tests/fixtures/shared-corpus"), &mut files);
    files.sort();
    let objects: usize = files.iter().map(|f| check_file(f)).sum();
    eprintln!("{} files, {objects} objects compared", files.len());
    assert!(objects >= 390, "only {objects} objects compared");
}

#[test]
fn example_designs_round_trip_through_yaml() {
    for example in ["web-tier", "postgres", "microservices"] {
        let path = root().join(format!("examples/{example}.ron"));
        let doc =
            design_file::from_ron(&std::fs::read_to_string(&path).expect("read")).expect("design");
        let once = export::to_yaml(&doc.model).expect("export");
        let again = into_document(parse_manifests(&once, "once.yaml"));
        let twice = export::to_yaml(&again.model).expect("export");
        assert_eq!(once, twice, "{example}");
        // The design's own objects come back unchanged.
        for (_, object) in doc.model.objects() {
            let id = again
                .model
                .find(object.kind_name(), object.namespace(), object.name())
                .unwrap_or_else(|| panic!("{example}: {} lost", object.display_id()));
            assert_eq!(
                again.model.get(id).map(kubedraft::model::Object::to_value),
                Some(object.to_value()),
                "{example}"
            );
        }
    }
}

#[test]
fn hostile_strings_survive_export_as_the_same_strings() {
    let yaml = export::to_yaml(&hostile().model).expect("export");
    let back = documents(&yaml);
    let find = |kind: &str| {
        back.iter()
            .find(|v| v.get("kind").and_then(Value::as_str) == Some(kind))
            .unwrap_or_else(|| panic!("no {kind} in\n{yaml}"))
    };
    let deployment = find("Deployment");
    // Names where Kubernetes allows them.
    assert_eq!(deployment["metadata"]["name"], "yes");
    assert_eq!(deployment["metadata"]["namespace"], "no");
    assert_eq!(find("Service")["metadata"]["name"], "on");
    assert_eq!(find("ConfigMap")["metadata"]["name"], "1e3");
    assert_eq!(find("Namespace")["metadata"]["name"], "no");
    // Labels (keys and values), annotations.
    let labels = &deployment["metadata"]["labels"];
    for (k, v) in [
        ("y", "n"),
        ("true", "0755"),
        ("e", "1e3"),
        ("null", "~"),
        ("empty", ""),
    ] {
        assert_eq!(labels[k], v, "label {k}");
    }
    let annotations = &deployment["metadata"]["annotations"];
    assert_eq!(annotations["template"], "{{ .Values.x }}");
    assert_eq!(
        annotations["multi"],
        "line one\nline two: {{ .Release.Name }}\n"
    );
    assert_eq!(annotations["trailing"], "no newline\nat end");
    // Every hostile env value, in order.
    let env: Vec<&str> = deployment["spec"]["template"]["spec"]["containers"][0]["env"]
        .as_array()
        .expect("env")
        .iter()
        .map(|e| e["value"].as_str().expect("string value"))
        .collect();
    assert_eq!(env, HOSTILE);
    assert_eq!(find("Ingress")["spec"]["ingressClassName"], "null");
    assert_eq!(find("ConfigMap")["data"]["off"], "~");
}
