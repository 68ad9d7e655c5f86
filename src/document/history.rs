//! Undo and redo: a list of reversible steps; a continuous gesture (a drag) is one step.

use super::{Command, Document, EditError};

/// Identifies one continuous gesture; commands carrying the same id merge into one undo step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gesture(pub u64);

#[derive(Clone, Debug)]
struct Step {
    label: String,
    /// The command to re-apply on redo (the latest of a merged gesture).
    forward: Command,
    /// The command that restores the state before the step (the first of a merged gesture).
    inverse: Command,
    gesture: Option<Gesture>,
    serial: u64,
}

/// The undo and redo stacks of one document.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_serial: u64,
    /// Serial of the step on top of the undo stack when the document was last saved (0: none).
    saved_serial: u64,
}

impl History {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a command as a new undo step (or as part of the running gesture's step).
    pub fn execute(
        &mut self,
        doc: &mut Document,
        command: Command,
        gesture: Option<Gesture>,
    ) -> Result<(), EditError> {
        let label = command.describe(doc);
        let forward = command.clone();
        let inverse = command.apply(doc)?;
        self.redo.clear();
        if let Some(top) = self
            .undo
            .last_mut()
            .filter(|top| gesture.is_some() && top.gesture == gesture)
        {
            let absolute = match (&top.forward, &forward) {
                (Command::MoveObjects { .. }, Command::MoveObjects { .. }) => true,
                (Command::ReplaceObject { id: a, .. }, Command::ReplaceObject { id: b, .. }) => {
                    a == b
                }
                // The same for an object edited in an environment (its whole override map).
                (
                    Command::Env(super::EnvCommand::ReplaceOverrides {
                        env: a, object: x, ..
                    }),
                    Command::Env(super::EnvCommand::ReplaceOverrides {
                        env: b, object: y, ..
                    }),
                ) => a == b && x == y,
                _ => false,
            };
            if absolute {
                // Moves and replacements set absolute values (typing in a field replaces the same
                // object again and again): keep the first inverse, take the newest command.
                top.forward = forward;
            } else {
                // Anything else in the gesture (a namespace change at the drop) composes, so one
                // undo reverts all of it.
                let earlier_forward =
                    std::mem::replace(&mut top.forward, Command::Batch(Vec::new()));
                let earlier_inverse =
                    std::mem::replace(&mut top.inverse, Command::Batch(Vec::new()));
                top.forward = Command::Batch(vec![earlier_forward, forward]);
                top.inverse = Command::Batch(vec![inverse, earlier_inverse]);
            }
            return Ok(());
        }
        self.next_serial += 1;
        self.undo.push(Step {
            label,
            forward,
            inverse,
            gesture,
            serial: self.next_serial,
        });
        Ok(())
    }

    /// Undoes the last step; returns its label, or `None` if there was nothing to undo.
    pub fn undo(&mut self, doc: &mut Document) -> Result<Option<String>, EditError> {
        let Some(mut step) = self.undo.pop() else {
            return Ok(None);
        };
        match step.inverse.clone().apply(doc) {
            Ok(forward) => {
                step.forward = forward;
                let label = step.label.clone();
                self.redo.push(step);
                Ok(Some(label))
            }
            Err(error) => {
                self.undo.push(step);
                Err(error)
            }
        }
    }

    /// Redoes the last undone step; returns its label, or `None` if there was nothing to redo.
    pub fn redo(&mut self, doc: &mut Document) -> Result<Option<String>, EditError> {
        let Some(mut step) = self.redo.pop() else {
            return Ok(None);
        };
        match step.forward.clone().apply(doc) {
            Ok(inverse) => {
                step.inverse = inverse;
                step.gesture = None;
                let label = step.label.clone();
                self.undo.push(step);
                Ok(Some(label))
            }
            Err(error) => {
                self.redo.push(step);
                Err(error)
            }
        }
    }

    /// The command the next undo applies (views use it to tell what an undo will change).
    #[must_use]
    pub fn next_undo(&self) -> Option<&Command> {
        self.undo.last().map(|s| &s.inverse)
    }

    /// The command the next redo applies.
    #[must_use]
    pub fn next_redo(&self) -> Option<&Command> {
        self.redo.last().map(|s| &s.forward)
    }

    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Ends any running gesture, so the next command starts a new step.
    pub fn end_gesture(&mut self) {
        if let Some(top) = self.undo.last_mut() {
            top.gesture = None;
        }
    }

    /// Records that the document as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_serial = self.undo.last().map_or(0, |s| s.serial);
    }

    /// Records that the document as it is now is not saved anywhere (a recovered autosave).
    pub fn mark_unsaved(&mut self) {
        self.saved_serial = u64::MAX;
    }

    /// Whether the document differs from what was last saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.undo.last().map_or(0, |s| s.serial) != self.saved_serial
    }
}
