//! Which objects a document command changes, so the reachability can be updated instead of
//! recomputed.

use crate::document::command::Command;
use crate::model::ObjectId;

/// The objects `command` adds, edits or removes: pass them to
/// [`Reachability::update`](super::Reachability::update). `None` when the command changes
/// namespaces (their labels feed namespace selectors): recompute with
/// [`Reachability::compute`](super::Reachability::compute). Moves, frames and the completeness
/// flag change nothing (an empty list).
#[must_use]
pub fn changed_objects(command: &Command) -> Option<Vec<ObjectId>> {
    let mut ids = Vec::new();
    let mut pending = vec![command];
    while let Some(command) = pending.pop() {
        match command {
            Command::AddObject { id, .. }
            | Command::RemoveObject { id }
            | Command::ReplaceObject { id, .. } => ids.push(*id),
            // Drawn traffic intents say what should flow, not what the policies allow.
            Command::MoveObjects { .. }
            | Command::SetFrame { .. }
            | Command::SetComplete(_)
            | Command::AddIntent(_)
            | Command::RemoveIntent(_) => {}
            // Environments change the effective design anywhere: recompute.
            Command::AddNamespace { .. }
            | Command::RemoveNamespace { .. }
            | Command::ReplaceNamespace { .. }
            | Command::Env(_) => return None,
            Command::Batch(commands) => pending.extend(commands),
        }
    }
    ids.sort();
    ids.dedup();
    Some(ids)
}
