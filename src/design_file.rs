//! The design file format: RON text to a document and back. Pure; files are read and written by
//! [`crate::io`].
//!
//! A design stores each object as its Kubernetes manifest, so the file stays readable and survives
//! changes to the typed model; positions and namespace frames sit beside the manifests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::document::deployed::{DeployedKey, DeployedState};
use crate::document::environments::{Environment, Environments, ObjectKey};
use crate::document::{Document, Layout, Origin, Point, Rect};
use crate::model::{Labels, Model, Namespace, Object, ObjectId, Protocol, TrafficIntent};

/// The format version this build writes. Older versions are read; newer ones are refused.
/// Version 2 added environments (`environments`, `env_only`); a version 1 file reads as a
/// design without environments.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
struct DesignFile {
    format_version: u32,
    /// A complete design names every object it relies on (see the rules' `error*` severity).
    #[serde(default = "default_true")]
    complete: bool,
    #[serde(default)]
    namespaces: Vec<NamespaceEntry>,
    #[serde(default)]
    objects: Vec<ObjectEntry>,
    /// Drawn workload→workload traffic (added in version 1 without a bump: older files have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    intents: Vec<IntentEntry>,
    /// Immutable fields of workloads as last imported or exported, by the identity they were
    /// deployed as (added in version 1 without a bump: older files have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    deployed: Vec<DeployedEntry>,
    /// Objects only in the environments that include them (version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    env_only: Vec<ObjectKey>,
    /// Environments in the designer's order (version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    environments: Vec<EnvironmentEntry>,
}

/// One environment: what it adds, leaves out and overrides.
#[derive(Serialize, Deserialize)]
struct EnvironmentEntry {
    name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    include: Vec<ObjectKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exclude: Vec<ObjectKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    overrides: Vec<OverrideEntry>,
}

/// One overridden field: a JSON pointer into the object's manifest and its value there.
#[derive(Serialize, Deserialize)]
struct OverrideEntry {
    object: ObjectKey,
    field: String,
    value: Value,
}

/// One workload of the deployed baseline.
#[derive(Serialize, Deserialize)]
struct DeployedEntry {
    object: DeployedKey,
    origin: Origin,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    fields: BTreeMap<String, Value>,
}

/// An object named the way people name it: kind, namespace, name.
#[derive(Serialize, Deserialize)]
struct ObjectRef {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    namespace: Option<String>,
    name: String,
}

#[derive(Serialize, Deserialize)]
struct IntentEntry {
    from: ObjectRef,
    to: ObjectRef,
    port: u16,
    #[serde(default)]
    protocol: Protocol,
}

fn default_true() -> bool {
    true
}

#[derive(Serialize, Deserialize)]
struct NamespaceEntry {
    name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: Labels,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    annotations: Labels,
    /// `(left, top, right, bottom)` in canvas units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    frame: Option<(f32, f32, f32, f32)>,
    /// Declared by a Namespace manifest (see [`Namespace::from_manifest`]). Absent in older files.
    #[serde(default, skip_serializing_if = "is_false")]
    from_manifest: bool,
    /// Namespace manifest fields the model does not edit. Absent in older files.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    extra: serde_json::Map<String, Value>,
}

// serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(value: &bool) -> bool {
    !*value
}

#[derive(Serialize, Deserialize)]
struct ObjectEntry {
    /// `(x, y)` of the node's top-left corner, in canvas units.
    position: (f32, f32),
    manifest: Value,
}

/// Why design text could not be read. Positions are 1-based.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DesignError {
    #[error("{line}:{column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "format version {found} is newer than this kubedraft understands ({FORMAT_VERSION}); update kubedraft"
    )]
    TooNew { found: u32 },
    #[error("object {index} ({object}): {message}")]
    Object {
        index: usize,
        object: String,
        message: String,
    },
    #[error("traffic intent {index}: no object {object} in the design")]
    Intent { index: usize, object: String },
    #[error("could not write the design: {0}")]
    Write(String),
    #[error("environment `{0}`: the name is invalid or used twice")]
    Environment(String),
}

/// How deeply a manifest (or a baseline field) in a design may nest: as deep as import reads,
/// so that every design import can make is written and read back.
pub const MAX_MANIFEST_NESTING: usize = crate::manifest::yaml::MAX_JSON_NESTING;

/// RON's recursion limit for design files. RON counts about two steps per level of a manifest
/// (the value and its map), and the file's own structure adds a few levels above the manifests.
fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(2 * (MAX_MANIFEST_NESTING + 8))
}

/// The parser's message in plain words: its recursion message names its own options.
fn syntax_message(error: &ron::Error) -> String {
    match error {
        ron::Error::ExceededRecursionLimit => {
            format!("nesting deeper than {MAX_MANIFEST_NESTING} levels inside a manifest")
        }
        other => other.to_string(),
    }
}

/// How deeply `value` nests (a scalar is 0, `{}` is 1). Iterative, so that no depth overflows.
fn nesting(value: &Value) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(value, 0)];
    while let Some((value, depth)) = pending.pop() {
        match value {
            Value::Array(items) => pending.extend(items.iter().map(|child| (child, depth + 1))),
            Value::Object(map) => pending.extend(map.values().map(|child| (child, depth + 1))),
            _ => continue,
        }
        deepest = deepest.max(depth + 1);
    }
    deepest
}

/// Reads design text.
pub fn from_ron(text: &str) -> Result<Document, DesignError> {
    let file: DesignFile = ron_options()
        .from_str(text)
        .map_err(|error| DesignError::Syntax {
            line: error.span.start.line,
            column: error.span.start.col,
            message: syntax_message(&error.code),
        })?;
    if file.format_version > FORMAT_VERSION {
        return Err(DesignError::TooNew {
            found: file.format_version,
        });
    }
    let mut doc = Document {
        model: Model::new(),
        layout: Layout::default(),
        complete: file.complete,
        intents: std::collections::BTreeSet::new(),
        deployed: crate::document::Deployed::default(),
        environments: environments_from(file.env_only, file.environments)?,
    };
    for entry in file.namespaces {
        if let Some((left, top, right, bottom)) = entry.frame {
            let frame = Rect {
                min: Point::new(left, top),
                max: Point::new(right, bottom),
            };
            doc.layout.frames.insert(entry.name.clone(), frame);
        }
        let namespace = Namespace {
            labels: entry.labels,
            annotations: entry.annotations,
            from_manifest: entry.from_manifest,
            extra: entry.extra,
        };
        // A namespace listed twice keeps its first entry.
        let _ = doc.model.add_namespace(&entry.name, namespace);
    }
    let mut objects = Vec::with_capacity(file.objects.len());
    for (index, entry) in file.objects.into_iter().enumerate() {
        let object = Object::from_value(&entry.manifest).map_err(|error| DesignError::Object {
            index: index + 1,
            object: describe(&entry.manifest),
            message: error.to_string(),
        })?;
        objects.push((object, Point::new(entry.position.0, entry.position.1)));
    }
    let (objects, positions): (Vec<Object>, Vec<Point>) = objects.into_iter().unzip();
    let ids = doc.model.add_all(objects);
    doc.layout.positions = ids.into_iter().zip(positions).collect();
    for (index, entry) in file.intents.into_iter().enumerate() {
        let resolve = |end: &ObjectRef| {
            doc.model
                .find(&end.kind, end.namespace.as_deref(), &end.name)
                .ok_or_else(|| DesignError::Intent {
                    index: index + 1,
                    object: match &end.namespace {
                        Some(ns) => format!("{}/{ns}/{}", end.kind, end.name),
                        None => format!("{}/{}", end.kind, end.name),
                    },
                })
        };
        let intent = TrafficIntent {
            from: resolve(&entry.from)?,
            to: resolve(&entry.to)?,
            port: entry.port,
            protocol: entry.protocol,
        };
        doc.intents.insert(intent);
    }
    for entry in file.deployed {
        let state = DeployedState {
            origin: entry.origin,
            fields: entry.fields,
        };
        doc.deployed.insert(entry.object, state);
    }
    Ok(doc)
}

/// The environments of a file. Overrides of objects or fields that do not exist are kept (and
/// reported by [`Document::environment_problems`]); two environments of one name are refused.
fn environments_from(
    env_only: Vec<ObjectKey>,
    entries: Vec<EnvironmentEntry>,
) -> Result<Environments, DesignError> {
    let mut environments = Environments {
        list: Vec::with_capacity(entries.len()),
        env_only: env_only.into_iter().collect(),
    };
    for entry in entries {
        if !crate::document::environments::is_valid_name(&entry.name)
            || environments.get(&entry.name).is_some()
        {
            return Err(DesignError::Environment(entry.name));
        }
        let mut environment = Environment {
            name: entry.name,
            include: entry.include.into_iter().collect(),
            exclude: entry.exclude.into_iter().collect(),
            overrides: BTreeMap::new(),
        };
        for o in entry.overrides {
            environment
                .overrides
                .entry(o.object)
                .or_default()
                .insert(o.field, o.value);
        }
        environments.list.push(environment);
    }
    Ok(environments)
}

fn environment_entries(environments: &Environments) -> Vec<EnvironmentEntry> {
    environments
        .list
        .iter()
        .map(|env| EnvironmentEntry {
            name: env.name.clone(),
            include: env.include.iter().cloned().collect(),
            exclude: env.exclude.iter().cloned().collect(),
            overrides: env
                .overrides
                .iter()
                .flat_map(|(object, fields)| {
                    fields.iter().map(|(field, value)| OverrideEntry {
                        object: object.clone(),
                        field: field.clone(),
                        value: value.clone(),
                    })
                })
                .collect(),
        })
        .collect()
}

fn object_ref(doc: &Document, id: ObjectId) -> Option<ObjectRef> {
    doc.model.get(id).map(|object| ObjectRef {
        kind: object.kind_name().to_owned(),
        namespace: object.effective_namespace().map(str::to_owned),
        name: object.name().to_owned(),
    })
}

fn describe(manifest: &Value) -> String {
    let field = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("?").to_owned();
    let metadata = manifest.get("metadata");
    format!(
        "{}/{}",
        field(manifest.get("kind")),
        field(metadata.and_then(|m| m.get("name")))
    )
}

/// A design that could not be read back must not be written (the file would be lost): refuses
/// a manifest or baseline field nested deeper than the format reads.
fn refuse_too_deep(file: &DesignFile) -> Result<(), DesignError> {
    let too_deep = file
        .objects
        .iter()
        .map(|entry| (&entry.manifest, describe(&entry.manifest)))
        .chain(file.deployed.iter().flat_map(|entry| {
            let key = &entry.object;
            let object = format!("the deployed baseline of {}/{}", key.kind, key.name);
            entry.fields.values().map(move |v| (v, object.clone()))
        }))
        .chain(file.environments.iter().flat_map(|env| {
            env.overrides.iter().map(move |o| {
                let object = format!("the override {} of {} in `{}`", o.field, o.object, env.name);
                (&o.value, object)
            })
        }))
        .find(|(value, _)| nesting(value) > MAX_MANIFEST_NESTING);
    match too_deep {
        Some((_, object)) => Err(DesignError::Write(format!(
            "{object} nests deeper than {MAX_MANIFEST_NESTING} levels, more than a design file holds"
        ))),
        None => Ok(()),
    }
}

/// Writes design text: objects in kind, namespace, name order, so saving is deterministic.
pub fn to_ron(doc: &Document) -> Result<String, DesignError> {
    let namespaces = doc
        .model
        .all_namespace_names()
        .into_iter()
        .filter(|name| {
            doc.model.namespaces().contains_key(name) || doc.layout.frames.contains_key(name)
        })
        .map(|name| {
            let declared = doc
                .model
                .namespaces()
                .get(&name)
                .cloned()
                .unwrap_or_default();
            NamespaceEntry {
                frame: doc
                    .layout
                    .frames
                    .get(&name)
                    .map(|r| (r.min.x, r.min.y, r.max.x, r.max.y)),
                labels: declared.labels,
                annotations: declared.annotations,
                from_manifest: declared.from_manifest,
                extra: declared.extra,
                name,
            }
        })
        .collect();
    let objects = doc
        .model
        .objects_sorted()
        .into_iter()
        .map(|(id, object)| {
            let position = doc.position(id);
            ObjectEntry {
                position: (position.x, position.y),
                manifest: object.to_value(),
            }
        })
        .collect();
    let mut intents: Vec<(String, IntentEntry)> = doc
        .intents
        .iter()
        .filter_map(|intent| {
            let entry = IntentEntry {
                from: object_ref(doc, intent.from)?,
                to: object_ref(doc, intent.to)?,
                port: intent.port,
                protocol: intent.protocol,
            };
            // Sorted by names, not ids, so the file does not depend on the order of loading.
            let key = format!(
                "{}/{:?}/{}\u{0}{}/{:?}/{}\u{0}{:05}{}",
                entry.from.kind,
                entry.from.namespace,
                entry.from.name,
                entry.to.kind,
                entry.to.namespace,
                entry.to.name,
                entry.port,
                entry.protocol.as_str()
            );
            Some((key, entry))
        })
        .collect();
    intents.sort_by(|a, b| a.0.cmp(&b.0));
    let file = DesignFile {
        format_version: FORMAT_VERSION,
        complete: doc.complete,
        namespaces,
        objects,
        intents: intents.into_iter().map(|(_, entry)| entry).collect(),
        // Sorted by identity (the baseline is a sorted map).
        deployed: doc
            .deployed
            .iter()
            .map(|(key, state)| DeployedEntry {
                object: key.clone(),
                origin: state.origin.clone(),
                fields: state.fields.clone(),
            })
            .collect(),
        env_only: doc.environments.env_only.iter().cloned().collect(),
        environments: environment_entries(&doc.environments),
    };
    refuse_too_deep(&file)?;
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_owned());
    let mut text = String::from(
        "// kubedraft design (RON): objects are Kubernetes manifests, positions are canvas units.\n",
    );
    text.push_str(
        &ron_options()
            .to_string_pretty(&file, config)
            .map_err(|e| DesignError::Write(syntax_message(&e)))?,
    );
    text.push('\n');
    Ok(text)
}
