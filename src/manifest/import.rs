//! Manifests (YAML or JSON text) into objects and namespaces.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::model::{NAMESPACE_NAME_LABEL, Namespace, Object};

use super::files;
use super::yaml::{self, RawDocument};

/// Where an object came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub file: String,
    /// 0-based index of the document in its file.
    pub document: usize,
    /// 1-based line of the document's first content line.
    pub line: usize,
}

/// A document that could not be read. The others are read regardless. Line 0 stands for the
/// whole file (one that could not be read at all: unreadable, a FIFO, a folder not read).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", import_error_text(self))]
pub struct ImportError {
    pub file: String,
    pub document: usize,
    pub line: usize,
    pub column: Option<u64>,
    /// `Kind/namespace/name` when the document got that far.
    pub object: Option<String>,
    pub message: String,
}

fn import_error_text(error: &ImportError) -> String {
    if error.line == 0 {
        return format!("{}: {}", error.file, error.message);
    }
    format!(
        "{}:{}: document {}{}: {}",
        error.file,
        line_col(error.line, error.column),
        error.document + 1,
        error
            .object
            .as_ref()
            .map_or_else(String::new, |o| format!(" ({o})")),
        error.message
    )
}

fn line_col(line: usize, column: Option<u64>) -> String {
    column.map_or_else(|| line.to_string(), |column| format!("{line}:{column}"))
}

/// What one file held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    pub objects: Vec<(Object, Source)>,
    pub namespaces: Vec<(String, Namespace)>,
    pub errors: Vec<ImportError>,
    /// Documents read only thanks to a lenient [`ReadOptions`] setting, and what was changed.
    pub warnings: Vec<ImportError>,
    /// Files of a folder that are not Kubernetes manifests (Helm values, `Chart.yaml`, CI
    /// configs…), skipped with one note each: not errors, they hold no objects to check.
    pub notes: Vec<ImportError>,
}

/// How strictly manifests are read. The default is kubectl's strictness.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Reads booleans and numbers inside label-selector `matchExpressions[].values` as strings
    /// (as netpol-analyzer does) and warns, instead of rejecting the document. Used by `reach`.
    pub lenient_selector_values: bool,
}

impl Imported {
    /// Adds what another file held.
    pub fn extend(&mut self, mut other: Imported) {
        // Objects are large values: into an empty list (one file read, or a file's first run of
        // documents) they are taken over, not moved one by one.
        if self.objects.is_empty() && other.objects.capacity() >= self.objects.capacity() {
            std::mem::swap(&mut self.objects, &mut other.objects);
        }
        self.objects.extend(other.objects);
        self.namespaces.extend(other.namespaces);
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
        self.notes.extend(other.notes);
    }
}

/// Fields the API server sets, dropped on import (`kubectl get -o yaml` output carries them).
const SERVER_METADATA: [&str; 6] = [
    "managedFields",
    "resourceVersion",
    "uid",
    "creationTimestamp",
    "generation",
    "selfLink",
];

/// Reads every document of a YAML or JSON manifest file. `file` names the file in messages.
#[must_use]
pub fn parse_manifests(text: &str, file: &str) -> Imported {
    parse_manifests_with(text, file, ReadOptions::default())
}

/// [`parse_manifests`] with explicit strictness.
#[must_use]
pub fn parse_manifests_with(text: &str, file: &str, options: ReadOptions) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut imported = Imported::default();
    let documents = yaml::split_documents(text);
    if documents.is_empty() {
        imported.errors.push(ImportError {
            file: file.to_owned(),
            document: 0,
            line: 1,
            column: None,
            object: None,
            message: "the file holds no Kubernetes objects (it is empty or only comments)"
                .to_owned(),
        });
    }
    read_documents(&documents, file, options, &mut imported);
    imported
}

/// Below this many documents a file is read on one thread (threads cost more than they save).
const PARALLEL_FROM: usize = 256;

/// Reads the documents in order, on as many threads as the machine has cores (at most four) for
/// large files: each thread reads a consecutive run of documents and the runs are appended in
/// order, so the result is the same as reading them one by one. Returns how many documents look
/// like Kubernetes objects ([`files::looks_like_manifest`]).
pub(super) fn read_documents(
    documents: &[RawDocument<'_>],
    file: &str,
    options: ReadOptions,
    imported: &mut Imported,
) -> usize {
    let threads = crate::parallel::threads();
    // Objects are kilobytes each: growing the list by doubling copied them again and again (a
    // quarter of reading 20,000 documents). Most documents hold one object.
    if threads < 2 || documents.len() < PARALLEL_FROM {
        imported.objects.reserve(documents.len());
        return documents
            .iter()
            .filter(|document| read_document(document, file, options, imported))
            .count();
    }
    let runs: Vec<&[RawDocument<'_>]> = documents
        .chunks(documents.len().div_ceil(threads))
        .collect();
    let parts = crate::parallel::on_threads(runs.len(), |index| {
        let mut part = Imported::default();
        let run = runs.get(index).copied().unwrap_or_default();
        // The first run's list takes the others in (`Imported::extend`): room for all.
        part.objects.reserve(if index == 0 {
            documents.len()
        } else {
            run.len()
        });
        let manifests = run
            .iter()
            .filter(|document| read_document(document, file, options, &mut part))
            .count();
        (part, manifests)
    });
    let mut manifests = 0;
    for (part, count) in parts {
        imported.extend(part);
        manifests += count;
    }
    manifests
}

/// Reads one document into `imported`; returns whether it looks like a Kubernetes object.
fn read_document(
    document: &RawDocument<'_>,
    file: &str,
    options: ReadOptions,
    imported: &mut Imported,
) -> bool {
    let error =
        |line: usize, column: Option<u64>, object: Option<String>, message: String| ImportError {
            file: file.to_owned(),
            document: document.index,
            line,
            column,
            object,
            message,
        };
    let value = match yaml::parse_document(document) {
        Ok(value) => value,
        Err(e) => {
            let line = e
                .line
                .and_then(|l| usize::try_from(l).ok())
                .unwrap_or(document.content_line());
            imported.errors.push(error(line, e.column, None, e.message));
            // Text that is not even YAML may be a broken manifest: it stays an error.
            return true;
        }
    };
    let manifest = files::looks_like_manifest(&value)
        || list_items(&value).is_some_and(|items| items.iter().any(files::looks_like_manifest));
    let line = document.content_line();
    let source = Source {
        file: file.to_owned(),
        document: document.index,
        line,
    };
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        if value.is_null() {
            continue;
        }
        // `kind: List`, `PodList`… from `kubectl get -o yaml`: read the items, in order.
        if let Some(items) = list_items(&value) {
            pending.extend(items.iter().rev().cloned());
            continue;
        }
        let mut value = strip_server_fields(value);
        if options.lenient_selector_values {
            let mut changed = Vec::new();
            coerce_selector_values(&mut value, &mut String::new(), &mut changed);
            for message in changed {
                imported
                    .warnings
                    .push(error(line, None, describe(&value), message));
            }
        }
        if value.get("kind").and_then(Value::as_str) == Some("Namespace")
            && value.get("apiVersion").and_then(Value::as_str) == Some("v1")
        {
            match namespace_from(&value) {
                Some(entry) => imported.namespaces.push(entry),
                None => imported.errors.push(error(
                    line,
                    None,
                    None,
                    "Namespace without metadata.name".to_owned(),
                )),
            }
            continue;
        }
        match Object::from_value(&value) {
            Ok(object) => imported.objects.push((object, source.clone())),
            Err(e) => imported
                .errors
                .push(error(line, None, describe(&value), e.to_string())),
        }
    }
    manifest
}

/// Turns booleans and numbers in `matchExpressions[].values` into strings, naming each change.
fn coerce_selector_values(value: &mut Value, path: &mut String, changed: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let length = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                if key == "matchExpressions"
                    && let Value::Array(requirements) = child
                {
                    for (i, requirement) in requirements.iter_mut().enumerate() {
                        let Some(Value::Array(values)) = requirement.get_mut("values") else {
                            continue;
                        };
                        for (j, item) in values.iter_mut().enumerate() {
                            let text = match item {
                                Value::Bool(b) => b.to_string(),
                                Value::Number(n) => n.to_string(),
                                _ => continue,
                            };
                            changed.push(format!(
                                "field `{path}[{i}].values[{j}]`: {text} read as the string \"{text}\" (kubectl would reject it; quote it)"
                            ));
                            *item = Value::String(text);
                        }
                    }
                } else {
                    coerce_selector_values(child, path, changed);
                }
                path.truncate(length);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let length = path.len();
                let _ = write!(path, "[{i}]");
                coerce_selector_values(item, path, changed);
                path.truncate(length);
            }
        }
        _ => {}
    }
}

fn list_items(value: &Value) -> Option<&Vec<Value>> {
    let kind = value.get("kind")?.as_str()?;
    if kind.ends_with("List") && kind.len() > 4 || kind == "List" {
        value.get("items")?.as_array()
    } else {
        None
    }
}

/// `Kind/namespace/name` of a raw document, as far as it says.
fn describe(value: &Value) -> Option<String> {
    let kind = value.get("kind")?.as_str()?;
    let metadata = value.get("metadata");
    let name = metadata
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("(no name)");
    Some(
        match metadata
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
        {
            Some(ns) => format!("{kind}/{ns}/{name}"),
            None => format!("{kind}/{name}"),
        },
    )
}

fn strip_server_fields(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.remove("status");
        if let Some(Value::Object(metadata)) = map.get_mut("metadata") {
            for field in SERVER_METADATA {
                metadata.remove(field);
            }
        }
    }
    value
}

fn string_map(value: Option<&Value>) -> crate::model::Labels {
    value
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

fn namespace_from(value: &Value) -> Option<(String, Namespace)> {
    let metadata = value.get("metadata").unwrap_or(&Value::Null);
    let name = metadata.get("name")?.as_str()?.to_owned();
    let mut labels = string_map(metadata.get("labels"));
    labels.remove(NAMESPACE_NAME_LABEL);
    let annotations = string_map(metadata.get("annotations"));
    let mut namespace = Namespace {
        labels,
        annotations,
        from_manifest: true,
        extra: Map::new(),
    };
    // Everything the model does not hold (other metadata, `spec`, the implicit name label, labels
    // that are not strings) is kept as it was read, so export writes the manifest back unchanged.
    if let (Value::Object(raw), Value::Object(written)) =
        (value, namespace_manifest(&name, &namespace))
    {
        namespace.extra = leftover(raw, &written);
    }
    Some((name, namespace))
}

/// The fields of `raw` that `written` does not have, recursing into maps both hold. Where both hold
/// a different non-map value, `written` (the model's) wins, so nothing is kept.
fn leftover(raw: &Map<String, Value>, written: &Map<String, Value>) -> Map<String, Value> {
    let mut rest = Map::new();
    for (key, raw_value) in raw {
        match (raw_value, written.get(key)) {
            (_, None) => {
                rest.insert(key.clone(), raw_value.clone());
            }
            (Value::Object(raw_inner), Some(Value::Object(written_inner))) => {
                let inner = leftover(raw_inner, written_inner);
                if !inner.is_empty() {
                    rest.insert(key.clone(), Value::Object(inner));
                }
            }
            _ => {}
        }
    }
    rest
}

/// A new design from imported manifests: every namespace used is declared, objects are laid out
/// automatically, and the design is marked incomplete (it may rely on objects outside it).
#[must_use]
pub fn into_document(imported: Imported) -> crate::document::Document {
    into_document_with_sources(imported).0
}

/// Like [`into_document`], and also where each object came from (file and line, for messages).
#[must_use]
pub fn into_document_with_sources(
    imported: Imported,
) -> (
    crate::document::Document,
    std::collections::BTreeMap<crate::model::ObjectId, Source>,
) {
    let mut doc = crate::document::Document::new();
    doc.complete = false;
    for (name, namespace) in imported.namespaces {
        if doc.model.add_namespace(&name, namespace.clone()).is_err() {
            // Declared twice (two files): later labels and fields add to earlier ones.
            let mut merged = doc
                .model
                .namespaces()
                .get(&name)
                .cloned()
                .unwrap_or_default();
            merged.absorb(&namespace);
            let _ = doc.model.replace_namespace(&name, merged);
        }
    }
    // Declare the namespaces objects use before adding them, so relations are derived once.
    let used: std::collections::BTreeSet<String> = imported
        .objects
        .iter()
        .filter_map(|(object, _)| object.effective_namespace().map(str::to_owned))
        .collect();
    for name in used {
        if !doc.model.namespaces().contains_key(&name) {
            let _ = doc.model.add_namespace(&name, Namespace::default());
        }
    }
    // One pass, not `unzip`: that would move every (large) object once more.
    let mut sources = Vec::with_capacity(imported.objects.len());
    let ids = crate::timing::phase("add objects", || {
        doc.model
            .add_all(imported.objects.into_iter().map(|(object, source)| {
                sources.push(source);
                object
            }))
    });
    // The imported text is what runs (or will run): it is the baseline K8S-API-010 compares with.
    crate::timing::phase("baseline", || {
        for (id, source) in ids.iter().zip(&sources) {
            if let Some(object) = doc.model.get(*id)
                && doc.deployed.get(object).is_none()
            {
                let origin = crate::document::Origin::Imported {
                    file: source.file.clone(),
                };
                doc.deployed.record(object, &origin);
            }
        }
    });
    doc.layout = crate::timing::phase("layout", || {
        crate::document::layout::auto_layout(&doc.model)
    });
    (doc, ids.into_iter().zip(sources).collect())
}

/// The Namespace manifest of a namespace, as export writes it.
#[must_use]
pub fn namespace_manifest(name: &str, namespace: &Namespace) -> Value {
    let mut metadata = Map::new();
    metadata.insert("name".to_owned(), Value::String(name.to_owned()));
    let as_value = |labels: &crate::model::Labels| {
        Value::Object(
            labels
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    };
    if !namespace.labels.is_empty() {
        metadata.insert("labels".to_owned(), as_value(&namespace.labels));
    }
    if !namespace.annotations.is_empty() {
        metadata.insert("annotations".to_owned(), as_value(&namespace.annotations));
    }
    let mut map = Map::new();
    map.insert("apiVersion".to_owned(), Value::String("v1".to_owned()));
    map.insert("kind".to_owned(), Value::String("Namespace".to_owned()));
    map.insert("metadata".to_owned(), Value::Object(metadata));
    crate::model::merge_missing(&mut map, &namespace.extra, false);
    Value::Object(map)
}
