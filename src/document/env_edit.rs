//! Editing a design while one of its environments is shown: the editor's commands name the
//! effective objects of that environment, and this turns them into what the environment says.
//!
//! The app edits the effective design as if it were the design (the inspector's forms, the
//! canvas's connections and the YAML tab all send [`Command::ReplaceObject`] and friends); here,
//! and only here, it is decided what such an edit means in an environment:
//! - a changed object becomes the environment's overrides of it: the JSON-pointer difference
//!   between the base object and the edited one ([`diff`]), so editing a field back to the base's
//!   value takes its override away;
//! - a deleted object is left out of the environment (an object only this environment has is
//!   deleted);
//! - a new object is only in this environment (an environment-only object it includes);
//! - renaming or moving an object to another namespace is refused: the name is what every
//!   environment's overrides refer to, so it changes in the base;
//! - layout, namespaces, traffic intents and environment commands are the design's, shared by
//!   every environment, and pass unchanged.

use std::collections::BTreeMap;

use serde_json::Value;

use super::command::{Command, EditError};
use super::env_command::EnvCommand;
use super::environments::{ObjectKey, apply_overrides};
use super::{Document, pointer};
use crate::model::ObjectId;

/// The overrides that make `base` into `edited`: pointer → value, `null` where `edited` has no
/// field the base has. Maps are compared key by key and lists of equal length item by item;
/// a list whose length changed is overridden whole (an index into it would name other items).
/// The identity (apiVersion, kind, name, namespace) is never part of it.
#[must_use]
pub fn diff(base: &Value, edited: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    diff_into(&mut Vec::new(), base, edited, &mut out);
    out.retain(|field, _| {
        pointer::tokens(field).is_ok_and(|tokens| !pointer::is_identity(&tokens))
    });
    out
}

fn diff_into(
    at: &mut Vec<String>,
    base: &Value,
    edited: &Value,
    out: &mut BTreeMap<String, Value>,
) {
    if base == edited {
        return;
    }
    match (base, edited) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                at.push(key.clone());
                match b.get(key) {
                    Some(other) => diff_into(at, value, other, out),
                    None => {
                        out.insert(pointer::join(at), Value::Null);
                    }
                }
                at.pop();
            }
            for (key, value) in b {
                if !a.contains_key(key) {
                    at.push(key.clone());
                    out.insert(pointer::join(at), value.clone());
                    at.pop();
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() && !at.is_empty() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                at.push(index.to_string());
                diff_into(at, x, y, out);
                at.pop();
            }
        }
        _ if !at.is_empty() => {
            out.insert(pointer::join(at), edited.clone());
        }
        // The manifest root is always a map; anything else is not an object and is left to the
        // model to refuse.
        _ => {}
    }
}

/// What an edit made on the effective design of environment `env` means for the design (see the
/// module documentation). Commands that are not about one environment come back unchanged.
pub fn in_environment(doc: &Document, env: &str, command: Command) -> Result<Command, EditError> {
    if doc.environments.get(env).is_none() {
        // Let the environment command report it the usual way.
        return Ok(command);
    }
    match command {
        Command::ReplaceObject { id, object } => {
            let Some(base) = doc.model.get(id) else {
                return Ok(Command::ReplaceObject { id, object });
            };
            if ObjectKey::of(base) != ObjectKey::of(&object) {
                return Err(EditError::InEnvironment(format!(
                    "{} cannot be renamed or moved in environment `{env}`: every environment \
                     names it by kind, namespace and name. Switch to the base (Ctrl+1) to rename it",
                    ObjectKey::of(base)
                )));
            }
            if only_here(doc, env, id) {
                return Ok(Command::ReplaceObject { id, object });
            }
            let base_value = base.to_value();
            let edited = object.to_value();
            let existing = doc
                .environments
                .get(env)
                .and_then(|e| e.overrides.get(&ObjectKey::of(base)))
                .cloned()
                .unwrap_or_default();
            // The environment's own overrides, changed where the edit changed something, are
            // what the user made and keep their shape; when they cannot give back the edited
            // object, the plain difference from the base does.
            let gives_edited = |fields: &BTreeMap<String, Value>| {
                apply_overrides(base, fields).is_ok_and(|o| o.to_value() == edited)
            };
            let fields = merged(base, &base_value, &existing, &edited)
                .filter(|f| gives_edited(f))
                .unwrap_or_else(|| diff(&base_value, &edited));
            // The overrides must give back exactly what was edited; an edit they cannot express
            // (an identity field, a value the pointer cannot reach) is refused, not half-kept.
            if !gives_edited(&fields) {
                return Err(EditError::InEnvironment(format!(
                    "this change to {} cannot be written as an override of environment `{env}`; \
                     make it in the base",
                    ObjectKey::of(base)
                )));
            }
            Ok(Command::Env(EnvCommand::ReplaceOverrides {
                env: env.to_owned(),
                object: id,
                fields,
            }))
        }
        Command::RemoveObject { id } => {
            if doc.model.get(id).is_none() || only_here(doc, env, id) {
                return Ok(Command::RemoveObject { id });
            }
            Ok(Command::Env(EnvCommand::ExcludeObject {
                env: env.to_owned(),
                object: id,
            }))
        }
        Command::AddObject {
            id,
            object,
            position,
        } => Ok(Command::Batch(vec![
            Command::AddObject {
                id,
                object,
                position,
            },
            Command::Env(EnvCommand::SetEnvOnly {
                object: id,
                env_only: true,
            }),
            Command::Env(EnvCommand::IncludeObject {
                env: env.to_owned(),
                object: id,
            }),
        ])),
        Command::Batch(commands) => Ok(Command::Batch(
            commands
                .into_iter()
                .map(|c| in_environment(doc, env, c))
                .collect::<Result<_, _>>()?,
        )),
        other => Ok(other),
    }
}

/// The overrides `existing` with the edit from their effective object to `edited` folded in:
/// a changed field inside an overridden value changes that value, an override below a changed
/// field gives way to it, and an override left equal to the base goes. `None` when the existing
/// overrides do not apply.
fn merged(
    base: &crate::model::Object,
    base_value: &Value,
    existing: &BTreeMap<String, Value>,
    edited: &Value,
) -> Option<BTreeMap<String, Value>> {
    let effective = apply_overrides(base, existing).ok()?.to_value();
    let mut fields = existing.clone();
    for (field, value) in diff(&effective, edited) {
        let below = |a: &str, b: &str| {
            b.len() > a.len() && b.starts_with(a) && b[a.len()..].starts_with('/')
        };
        if let Some(above) = fields.keys().find(|k| below(k, &field)).cloned() {
            let mut whole = fields.get(&above)?.clone();
            pointer::set(&mut whole, &field[above.len()..], &value).ok()?;
            fields.insert(above, whole);
        } else {
            fields.retain(|k, _| !(k == &field || below(&field, k)));
            fields.insert(field, value);
        }
    }
    fields.retain(|field, value| {
        let at_base = pointer::tokens(field)
            .ok()
            .and_then(|tokens| pointer::get(base_value, &tokens));
        match at_base {
            Some(base) => base != value,
            None => !value.is_null(),
        }
    });
    Some(fields)
}

/// Whether object `id` is environment-only and in no environment but `env`: edits to it are
/// edits of the object itself.
fn only_here(doc: &Document, env: &str, id: ObjectId) -> bool {
    let Some(object) = doc.model.get(id) else {
        return false;
    };
    let key = ObjectKey::of(object);
    doc.environments.env_only.contains(&key)
        && doc
            .environments
            .list
            .iter()
            .all(|e| e.include.contains(&key) == (e.name == env))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_difference_names_changed_leaves_removed_fields_and_resized_lists() {
        let base = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web", "tier": "front"}},
            "spec": {"replicas": 1, "template": {"spec": {"containers": [
                {"name": "web", "image": "web:1", "args": ["a"]}
            ]}}}
        });
        let edited = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "other", "labels": {"app": "web"}, "annotations": {"x": "y"}},
            "spec": {"replicas": 5, "template": {"spec": {"containers": [
                {"name": "web", "image": "web:2", "args": ["a", "b"]}
            ]}}}
        });
        let fields = diff(&base, &edited);
        let expected: BTreeMap<String, Value> = [
            ("/metadata/annotations", json!({"x": "y"})),
            ("/metadata/labels/tier", Value::Null),
            ("/spec/replicas", json!(5)),
            ("/spec/template/spec/containers/0/args", json!(["a", "b"])),
            ("/spec/template/spec/containers/0/image", json!("web:2")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        // The name is identity: never an override.
        assert_eq!(fields, expected);
        assert!(diff(&base, &base).is_empty());
    }
}
