//! The commands that change environments: each returns its inverse, like every [`Command`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::command::{Command, EditError};
use super::environments::{EnvError, Environment, ObjectKey, apply_overrides, is_valid_name};
use super::{Document, pointer};
use crate::model::{ModelError, ObjectId};

/// A change to the environments of a design.
#[derive(Clone, Debug, PartialEq)]
pub enum EnvCommand {
    /// Inserts an environment at `index` (clamped to the end).
    Add {
        environment: Environment,
        index: usize,
    },
    Remove {
        name: String,
    },
    Rename {
        from: String,
        to: String,
    },
    /// Sets one field of an object in an environment (`null` removes the field there).
    SetOverride {
        env: String,
        object: ObjectId,
        field: String,
        value: Value,
    },
    /// Sets every override of an object in an environment at once (an edit made on the effective
    /// design, see [`super::env_edit`]); an empty map takes them all away.
    ReplaceOverrides {
        env: String,
        object: ObjectId,
        fields: BTreeMap<String, Value>,
    },
    /// Takes an override away: the field is the base's again.
    ResetOverride {
        env: String,
        object: ObjectId,
        field: String,
    },
    /// Puts an object into an environment (an environment-only object, or a base object the
    /// environment had left out).
    IncludeObject {
        env: String,
        object: ObjectId,
    },
    /// Leaves an object out of an environment.
    ExcludeObject {
        env: String,
        object: ObjectId,
    },
    /// Marks an object environment-only (in no environment until included) or back in the base.
    SetEnvOnly {
        object: ObjectId,
        env_only: bool,
    },
}

fn key_of(doc: &Document, id: ObjectId) -> Result<ObjectKey, EditError> {
    doc.model
        .get(id)
        .map(ObjectKey::of)
        .ok_or_else(|| ModelError::NoSuchObject(id).into())
}

fn no_such(doc: &Document, name: &str) -> EditError {
    EnvError::NoSuchEnvironment {
        name: name.to_owned(),
        known: doc.environments.names().join(", "),
    }
    .into()
}

fn env_mut<'d>(doc: &'d mut Document, name: &str) -> Result<&'d mut Environment, EditError> {
    if doc.environments.get(name).is_none() {
        return Err(no_such(doc, name));
    }
    doc.environments
        .get_mut(name)
        .ok_or_else(|| EnvError::Exists(name.to_owned()).into())
}

fn check_new_name(doc: &Document, name: &str) -> Result<(), EditError> {
    if !is_valid_name(name) {
        return Err(EnvError::InvalidName(name.to_owned()).into());
    }
    if doc.environments.get(name).is_some() {
        return Err(EnvError::Exists(name.to_owned()).into());
    }
    Ok(())
}

impl EnvCommand {
    /// Applies the change and returns the command that undoes it.
    pub fn apply(self, doc: &mut Document) -> Result<Command, EditError> {
        let inverse = match self {
            EnvCommand::Add { environment, index } => {
                check_new_name(doc, &environment.name)?;
                let name = environment.name.clone();
                let index = index.min(doc.environments.list.len());
                doc.environments.list.insert(index, environment);
                EnvCommand::Remove { name }
            }
            EnvCommand::Remove { name } => {
                let Some(index) = doc.environments.list.iter().position(|e| e.name == name) else {
                    return Err(no_such(doc, &name));
                };
                let environment = doc.environments.list.remove(index);
                EnvCommand::Add { environment, index }
            }
            EnvCommand::Rename { from, to } => {
                check_new_name(doc, &to)?;
                env_mut(doc, &from)?.name.clone_from(&to);
                EnvCommand::Rename { from: to, to: from }
            }
            EnvCommand::SetOverride {
                env,
                object,
                field,
                value,
            } => {
                let key = key_of(doc, object)?;
                // Refused here, so that only overrides that apply get into the document.
                let Some(base) = doc.model.get(object) else {
                    return Err(ModelError::NoSuchObject(object).into());
                };
                let mut fields = doc
                    .environments
                    .get(&env)
                    .and_then(|e| e.overrides.get(&key))
                    .cloned()
                    .unwrap_or_default();
                pointer::set(&mut base.to_value(), &field, &value).map_err(EnvError::from)?;
                fields.insert(field.clone(), value.clone());
                apply_overrides(base, &fields)
                    .map_err(|(_, message)| EditError::InvalidOverride(message))?;
                let previous = env_mut(doc, &env)?
                    .overrides
                    .entry(key)
                    .or_default()
                    .insert(field.clone(), value);
                restore(env, object, field, previous)
            }
            EnvCommand::ReplaceOverrides {
                env,
                object,
                fields,
            } => {
                let key = key_of(doc, object)?;
                let Some(base) = doc.model.get(object) else {
                    return Err(ModelError::NoSuchObject(object).into());
                };
                for (field, value) in &fields {
                    pointer::set(&mut base.to_value(), field, value).map_err(EnvError::from)?;
                }
                apply_overrides(base, &fields)
                    .map_err(|(_, message)| EditError::InvalidOverride(message))?;
                let environment = env_mut(doc, &env)?;
                let previous = if fields.is_empty() {
                    environment.overrides.remove(&key)
                } else {
                    environment.overrides.insert(key, fields)
                };
                EnvCommand::ReplaceOverrides {
                    env,
                    object,
                    fields: previous.unwrap_or_default(),
                }
            }
            EnvCommand::ResetOverride { env, object, field } => {
                let key = key_of(doc, object)?;
                let environment = env_mut(doc, &env)?;
                let previous = environment
                    .overrides
                    .get_mut(&key)
                    .and_then(|fields| fields.remove(&field));
                if environment
                    .overrides
                    .get(&key)
                    .is_some_and(std::collections::BTreeMap::is_empty)
                {
                    environment.overrides.remove(&key);
                }
                restore(env, object, field, previous)
            }
            EnvCommand::IncludeObject { env, object } => {
                let key = key_of(doc, object)?;
                let env_only = doc.environments.env_only.contains(&key);
                let environment = env_mut(doc, &env)?;
                if env_only {
                    environment.include.insert(key);
                } else {
                    environment.exclude.remove(&key);
                }
                EnvCommand::ExcludeObject { env, object }
            }
            EnvCommand::ExcludeObject { env, object } => {
                let key = key_of(doc, object)?;
                let env_only = doc.environments.env_only.contains(&key);
                let environment = env_mut(doc, &env)?;
                if env_only {
                    environment.include.remove(&key);
                } else {
                    environment.exclude.insert(key);
                }
                EnvCommand::IncludeObject { env, object }
            }
            EnvCommand::SetEnvOnly { object, env_only } => {
                let key = key_of(doc, object)?;
                let was = if env_only {
                    !doc.environments.env_only.insert(key)
                } else {
                    doc.environments.env_only.remove(&key)
                };
                EnvCommand::SetEnvOnly {
                    object,
                    env_only: was,
                }
            }
        };
        Ok(Command::Env(inverse))
    }

    /// A short description for the Edit menu.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            EnvCommand::Add { environment, .. } => format!("Add environment {}", environment.name),
            EnvCommand::Remove { name } => format!("Delete environment {name}"),
            EnvCommand::Rename { from, to } => format!("Rename environment {from} to {to}"),
            EnvCommand::SetOverride { env, field, .. } => format!("Override {field} in {env}"),
            EnvCommand::ReplaceOverrides { env, .. } => format!("Edit object in {env}"),
            EnvCommand::ResetOverride { env, field, .. } => {
                format!("Reset {field} in {env} to base")
            }
            EnvCommand::IncludeObject { env, .. } => format!("Include object in {env}"),
            EnvCommand::ExcludeObject { env, .. } => format!("Leave object out of {env}"),
            EnvCommand::SetEnvOnly { env_only: true, .. } => "Make object environment-only".into(),
            EnvCommand::SetEnvOnly { .. } => "Put object in the base".into(),
        }
    }
}

/// The inverse of changing one override whose previous value was `previous`.
fn restore(env: String, object: ObjectId, field: String, previous: Option<Value>) -> EnvCommand {
    match previous {
        Some(value) => EnvCommand::SetOverride {
            env,
            object,
            field,
            value,
        },
        None => EnvCommand::ResetOverride { env, object, field },
    }
}
