//! Several renderings of one source (a chart with `values.yaml` and with each `values-<env>.yaml`)
//! into one design with environments (issue 13 point 5, `--values-as-env`).
//!
//! The base rendering gives the base objects. Per environment, an object the base also has gets
//! the JSON-pointer differences between the two manifests as overrides (the representation of
//! [`crate::document::environments`], lists compared item by item as [`super::diff`] does); an
//! object the base lacks becomes environment-only, stored as the first environment (in name order)
//! rendered it and included, with overrides, wherever else it is rendered; a base object an
//! environment did not render is left out there. The effective design of each environment is then
//! what its rendering held, object for object and field for field.
//!
//! Namespaces are the design's and shared by every environment (an environment overrides objects,
//! not namespaces): a namespace any rendering declares is declared in the design, with a note when
//! the renderings do not declare the same ones.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::diff::{self, Op};
use super::import::{self, ImportError, Imported, Source};
use crate::document::environments::{Environment, Environments, ObjectKey};
use crate::document::{Document, pointer};
use crate::model::{Object, ObjectId};

/// One environment's rendering, named.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvRendering {
    pub name: String,
    /// What the environment's rendering held.
    pub imported: Imported,
    /// How the environment's rendering is named in messages (`values-prod.yaml`).
    pub label: String,
}

/// What [`document_with_environments`] gives: like an import, plus where objects came from.
#[derive(Debug)]
pub struct EnvImport {
    pub document: Document,
    pub sources: BTreeMap<ObjectId, Source>,
    pub errors: Vec<ImportError>,
    pub warnings: Vec<ImportError>,
    pub notes: Vec<ImportError>,
}

/// The overrides that turn manifest `from` into `to`: pointer → value, `null` for a removed field.
#[must_use]
pub fn overrides_between(from: &Value, to: &Value) -> BTreeMap<String, Value> {
    diff::diff(from, to)
        .into_iter()
        .map(|op| {
            let field = pointer::join(op.path());
            let value = match op {
                Op::Add(_, value) | Op::Replace(_, value) => value,
                Op::Remove(_) => Value::Null,
            };
            (field, value)
        })
        .collect()
}

/// Objects by key, the first of equal keys (as [`crate::model::Model::find`] picks).
fn by_key(objects: &[(Object, Source)]) -> BTreeMap<ObjectKey, &Object> {
    let mut keyed = BTreeMap::new();
    for (object, _) in objects {
        keyed.entry(ObjectKey::of(object)).or_insert(object);
    }
    keyed
}

/// A problem of an environment's rendering that the base rendering does not share, marked with
/// the rendering it came from; `None` when the base has the same one (it is reported once).
fn env_problem(problem: ImportError, base: &[ImportError], label: &str) -> Option<ImportError> {
    if base.contains(&problem) {
        return None;
    }
    Some(ImportError {
        message: format!("with {label}: {}", problem.message),
        ..problem
    })
}

/// A note on the whole input (line 0), named by `file`.
fn note(file: &str, message: String) -> ImportError {
    ImportError {
        file: file.to_owned(),
        document: 0,
        line: 0,
        column: None,
        object: None,
        message,
    }
}

/// Environment `env` as differences from the base objects and the environment-only ones.
fn environment_of(
    env: &EnvRendering,
    base_objects: &BTreeMap<ObjectKey, &Object>,
    env_only: &BTreeMap<ObjectKey, (Object, Source)>,
) -> Environment {
    let rendered = by_key(&env.imported.objects);
    let mut environment = Environment {
        name: env.name.clone(),
        ..Environment::default()
    };
    for (key, object) in base_objects {
        match rendered.get(key) {
            None => {
                environment.exclude.insert(key.clone());
            }
            Some(there) => {
                let fields = overrides_between(&object.to_value(), &there.to_value());
                if !fields.is_empty() {
                    environment.overrides.insert(key.clone(), fields);
                }
            }
        }
    }
    for (key, (stored, _)) in env_only {
        let Some(there) = rendered.get(key) else {
            continue;
        };
        environment.include.insert(key.clone());
        let fields = overrides_between(&stored.to_value(), &there.to_value());
        if !fields.is_empty() {
            environment.overrides.insert(key.clone(), fields);
        }
    }
    environment
}

/// One design from the base rendering and each environment's (in the order given, which becomes
/// the switcher's). `file` names the input in notes.
#[must_use]
pub fn document_with_environments(
    mut base: Imported,
    environments: Vec<EnvRendering>,
    file: &str,
) -> EnvImport {
    let mut errors = std::mem::take(&mut base.errors);
    let mut warnings = std::mem::take(&mut base.warnings);
    let mut notes = std::mem::take(&mut base.notes);
    let base_namespaces: BTreeSet<String> =
        base.namespaces.iter().map(|(n, _)| n.clone()).collect();
    let base_keys: BTreeSet<ObjectKey> =
        base.objects.iter().map(|(o, _)| ObjectKey::of(o)).collect();
    // Environment-only objects, stored as the first environment that rendered them.
    let mut env_only: BTreeMap<ObjectKey, (Object, Source)> = BTreeMap::new();
    let mut other_namespaces: BTreeSet<String> = BTreeSet::new();
    for env in &environments {
        for (object, source) in &env.imported.objects {
            let key = ObjectKey::of(object);
            if !base_keys.contains(&key) && !env_only.contains_key(&key) {
                env_only.insert(key, (object.clone(), source.clone()));
            }
        }
        for (name, namespace) in &env.imported.namespaces {
            if !base_namespaces.contains(name) {
                other_namespaces.insert(name.clone());
                base.namespaces.push((name.clone(), namespace.clone()));
            }
        }
    }
    for name in &other_namespaces {
        notes.push(note(
            file,
            format!(
                "namespace {name} is declared by some environments' renderings only; namespaces are shared by every environment of a design, so it is declared in all"
            ),
        ));
    }
    let list = {
        let base_objects = by_key(&base.objects);
        environments
            .iter()
            .map(|env| environment_of(env, &base_objects, &env_only))
            .collect()
    };
    // Problems every rendering shares (a broken template) are reported once, as the base's.
    let base_errors = errors.clone();
    let base_warnings = warnings.clone();
    for env in environments {
        for problem in env.imported.errors {
            if let Some(problem) = env_problem(problem, &base_errors, &env.label)
                && !errors.contains(&problem)
            {
                errors.push(problem);
            }
        }
        for problem in env.imported.warnings {
            if let Some(problem) = env_problem(problem, &base_warnings, &env.label)
                && !warnings.contains(&problem)
            {
                warnings.push(problem);
            }
        }
        for problem in env.imported.notes {
            if !notes.contains(&problem) {
                notes.push(problem);
            }
        }
    }
    let env_only_keys: BTreeSet<ObjectKey> = env_only.keys().cloned().collect();
    base.objects.extend(env_only.into_values());
    let (mut document, sources) = import::into_document_with_sources(base);
    document.environments = Environments {
        list,
        env_only: env_only_keys,
    };
    EnvImport {
        document,
        sources,
        errors,
        warnings,
        notes,
    }
}
