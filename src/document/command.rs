//! The one way to change a document.

use crate::model::{ModelError, Namespace, Object, ObjectId, TrafficIntent};

use super::env_command::EnvCommand;
use super::environments::ObjectKey;
use super::{Document, Point, Rect};

/// A change to a document. Applying one returns its inverse, so every command can be undone.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Adds an object under an id taken from [`crate::model::Model::allocate_id`].
    AddObject {
        id: ObjectId,
        object: Object,
        position: Point,
    },
    RemoveObject {
        id: ObjectId,
    },
    /// Replaces an object's content (every field edit, rename and namespace change).
    ReplaceObject {
        id: ObjectId,
        object: Object,
    },
    /// Moves objects to absolute positions.
    MoveObjects {
        moves: Vec<(ObjectId, Point)>,
    },
    AddNamespace {
        name: String,
        namespace: Namespace,
        frame: Option<Rect>,
    },
    RemoveNamespace {
        name: String,
    },
    ReplaceNamespace {
        name: String,
        namespace: Namespace,
    },
    /// Sets (or clears) the stored frame of a namespace.
    SetFrame {
        name: String,
        frame: Option<Rect>,
    },
    /// Adds a traffic intent between two workloads of the design.
    AddIntent(TrafficIntent),
    RemoveIntent(TrafficIntent),
    /// Marks the design as complete (every referenced object is in it) or not.
    SetComplete(bool),
    /// Several commands as one step; all or nothing.
    Batch(Vec<Command>),
    /// A change to the design's environments.
    Env(EnvCommand),
}

/// Why a command was refused. The document is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("namespace `{0}` still holds objects; move or delete them first")]
    NamespaceNotEmpty(String),
    #[error("this traffic is already drawn")]
    IntentExists,
    #[error("no such traffic intent")]
    NoSuchIntent,
    #[error(transparent)]
    Env(#[from] super::environments::EnvError),
    #[error("the override makes the object invalid: {0}")]
    InvalidOverride(String),
    /// An edit made in an environment that only the base can take.
    #[error("{0}")]
    InEnvironment(String),
}

impl Command {
    /// Applies the command and returns the command that undoes it.
    // One arm per command kind reads best as one match.
    #[allow(clippy::too_many_lines)]
    pub fn apply(self, doc: &mut Document) -> Result<Command, EditError> {
        match self {
            Command::AddObject {
                id,
                object,
                position,
            } => {
                doc.model.insert(id, object)?;
                doc.layout.positions.insert(id, position);
                Ok(Command::RemoveObject { id })
            }
            Command::RemoveObject { id } => {
                let object = doc.model.remove(id)?;
                let position = doc.layout.positions.remove(&id).unwrap_or_default();
                let restore = Command::AddObject {
                    id,
                    object,
                    position,
                };
                // Intents cannot outlive their ends; undo brings them back with the object.
                let orphans: Vec<TrafficIntent> = doc
                    .intents
                    .iter()
                    .filter(|i| i.from == id || i.to == id)
                    .copied()
                    .collect();
                if orphans.is_empty() {
                    return Ok(restore);
                }
                for intent in &orphans {
                    doc.intents.remove(intent);
                }
                let mut inverse = vec![restore];
                inverse.extend(orphans.into_iter().map(Command::AddIntent));
                Ok(Command::Batch(inverse))
            }
            Command::ReplaceObject { id, object } => {
                let new_key = ObjectKey::of(&object);
                let previous = doc.model.replace(id, object)?;
                // A rename or a move to another namespace takes the object's environment data
                // along (undo moves it back).
                doc.environments.rekey(&ObjectKey::of(&previous), &new_key);
                Ok(Command::ReplaceObject {
                    id,
                    object: previous,
                })
            }
            Command::MoveObjects { moves } => {
                if let Some((id, _)) = moves.iter().find(|(id, _)| !doc.model.contains(*id)) {
                    return Err(ModelError::NoSuchObject(*id).into());
                }
                let previous = moves
                    .into_iter()
                    .map(|(id, to)| (id, doc.layout.positions.insert(id, to).unwrap_or_default()))
                    .collect();
                Ok(Command::MoveObjects { moves: previous })
            }
            Command::AddNamespace {
                name,
                namespace,
                frame,
            } => {
                doc.model.add_namespace(&name, namespace)?;
                if let Some(frame) = frame {
                    doc.layout.frames.insert(name.clone(), frame);
                }
                Ok(Command::RemoveNamespace { name })
            }
            Command::RemoveNamespace { name } => {
                if doc
                    .model
                    .objects()
                    .any(|(_, o)| o.effective_namespace() == Some(name.as_str()))
                {
                    return Err(EditError::NamespaceNotEmpty(name));
                }
                let namespace = doc.model.remove_namespace(&name)?;
                let frame = doc.layout.frames.remove(&name);
                Ok(Command::AddNamespace {
                    name,
                    namespace,
                    frame,
                })
            }
            Command::ReplaceNamespace { name, namespace } => {
                let previous = doc.model.replace_namespace(&name, namespace)?;
                Ok(Command::ReplaceNamespace {
                    name,
                    namespace: previous,
                })
            }
            Command::SetFrame { name, frame } => {
                let previous = match frame {
                    Some(frame) => doc.layout.frames.insert(name.clone(), frame),
                    None => doc.layout.frames.remove(&name),
                };
                Ok(Command::SetFrame {
                    name,
                    frame: previous,
                })
            }
            Command::AddIntent(intent) => {
                for end in [intent.from, intent.to] {
                    if !doc.model.contains(end) {
                        return Err(ModelError::NoSuchObject(end).into());
                    }
                }
                if !doc.intents.insert(intent) {
                    return Err(EditError::IntentExists);
                }
                Ok(Command::RemoveIntent(intent))
            }
            Command::RemoveIntent(intent) => {
                if !doc.intents.remove(&intent) {
                    return Err(EditError::NoSuchIntent);
                }
                Ok(Command::AddIntent(intent))
            }
            Command::SetComplete(complete) => {
                let previous = std::mem::replace(&mut doc.complete, complete);
                Ok(Command::SetComplete(previous))
            }
            Command::Batch(commands) => {
                let mut inverses = Vec::with_capacity(commands.len());
                for command in commands {
                    match command.apply(doc) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(error) => {
                            // Roll back what was applied so the document is unchanged.
                            for inverse in inverses.into_iter().rev() {
                                let _ = inverse.apply(doc);
                            }
                            return Err(error);
                        }
                    }
                }
                inverses.reverse();
                Ok(Command::Batch(inverses))
            }
            Command::Env(command) => command.apply(doc),
        }
    }

    /// A short description for the Edit menu ("Undo Move api-server").
    #[must_use]
    pub fn describe(&self, doc: &Document) -> String {
        let name_of = |id: &ObjectId| {
            doc.model.get(*id).map_or_else(
                || "object".to_owned(),
                |o| format!("{} {}", o.kind_name(), o.name()),
            )
        };
        match self {
            Command::AddObject { object, .. } => {
                format!("Add {} {}", object.kind_name(), object.name())
            }
            Command::RemoveObject { id } => format!("Delete {}", name_of(id)),
            Command::ReplaceObject { id, .. } => format!("Edit {}", name_of(id)),
            Command::MoveObjects { moves } => match moves.as_slice() {
                [(id, _)] => format!("Move {}", name_of(id)),
                _ => format!("Move {} objects", moves.len()),
            },
            Command::AddNamespace { name, .. } => format!("Add namespace {name}"),
            Command::RemoveNamespace { name } => format!("Delete namespace {name}"),
            Command::ReplaceNamespace { name, .. } => format!("Edit namespace {name}"),
            Command::SetFrame { name, .. } => format!("Move namespace {name}"),
            Command::AddIntent(intent) => {
                format!(
                    "Allow {} to {}:{}",
                    name_of(&intent.from),
                    name_of(&intent.to),
                    intent.port
                )
            }
            Command::RemoveIntent(intent) => format!(
                "Remove traffic {} to {}:{}",
                name_of(&intent.from),
                name_of(&intent.to),
                intent.port
            ),
            Command::SetComplete(true) => "Mark design complete".to_owned(),
            Command::SetComplete(false) => "Mark design incomplete".to_owned(),
            Command::Batch(commands) => match commands.as_slice() {
                [one] => one.describe(doc),
                _ => format!("{} changes", commands.len()),
            },
            Command::Env(command) => command.describe(),
        }
    }
}
