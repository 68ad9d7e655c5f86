//! The checker's findings about the object in the inspector, placed under the fields they are
//! about. The forms decide nothing about validity: a field asks which diagnostics the rules
//! reported at its field path (`spec.template.spec.containers[0].image`, as in the Problems room
//! and `kubedraft check`) and shows them under itself, so the form and the rules cannot disagree.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use crate::rules::{Diagnostic, Severity};
use crate::ui::problems::state::{severity_color, severity_icon};

/// One finding shown at a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// A field the shown environment overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub env: String,
    /// The base's value, as one short line (`—` when the base has no such field).
    pub base: String,
    /// The override's JSON pointer (what "Reset to base" takes away).
    pub pointer: String,
}

/// The findings of one object, by field path, and the fields the shown environment overrides.
#[derive(Clone, Debug, Default)]
pub struct FieldNotes {
    by_field: BTreeMap<String, Vec<Note>>,
    marks: BTreeMap<String, Mark>,
    /// The pointer of the override whose "Reset to base" was clicked while drawing.
    reset: std::cell::RefCell<Option<String>>,
}

impl FieldNotes {
    /// The notes of the given diagnostics (those of the object in the inspector), in the checker's
    /// order.
    pub fn new<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Self {
        let mut by_field: BTreeMap<String, Vec<Note>> = BTreeMap::new();
        for diagnostic in diagnostics {
            by_field
                .entry(diagnostic.field.clone())
                .or_default()
                .push(Note {
                    rule: diagnostic.rule,
                    severity: diagnostic.severity,
                    message: diagnostic.message.clone(),
                });
        }
        Self {
            by_field,
            marks: BTreeMap::new(),
            reset: std::cell::RefCell::default(),
        }
    }

    /// The same notes, with the overridden fields marked (by field path).
    #[must_use]
    pub fn with_marks(mut self, marks: BTreeMap<String, Mark>) -> Self {
        self.marks = marks;
        self
    }

    /// The pointer of the override whose "Reset to base" was clicked, once.
    pub fn take_reset(&self) -> Option<String> {
        self.reset.borrow_mut().take()
    }

    /// The marks at `path` and below it.
    fn marks_under<'s>(&'s self, path: &'s str, exact: bool) -> Vec<&'s Mark> {
        self.marks
            .range::<str, _>((std::ops::Bound::Included(path), std::ops::Bound::Unbounded))
            .take_while(move |(field, _)| field.starts_with(path))
            .filter(move |(field, _)| {
                let rest = &field[path.len()..];
                rest.is_empty() || (!exact && (rest.starts_with('.') || rest.starts_with('[')))
            })
            .map(|(_, mark)| mark)
            .collect()
    }

    /// The notes reported at exactly `path`.
    #[must_use]
    pub fn at(&self, path: &str) -> &[Note] {
        self.by_field.get(path).map_or(&[], Vec::as_slice)
    }

    /// The notes at `path` and at every field below it (`path.x`, `path[0]`), in path order.
    pub fn under<'s>(&'s self, path: &'s str) -> impl Iterator<Item = &'s Note> + 's {
        self.by_field
            .range::<str, _>((std::ops::Bound::Included(path), std::ops::Bound::Unbounded))
            .take_while(move |(field, _)| field.starts_with(path))
            .filter(move |(field, _)| {
                let rest = &field[path.len()..];
                rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
            })
            .flat_map(|(_, notes)| notes)
    }
}

/// A place in the object being edited: its field path, and the notes the checker has for it.
#[derive(Clone, Debug)]
pub struct At<'n> {
    notes: &'n FieldNotes,
    path: String,
}

impl<'n> At<'n> {
    /// The object itself (field paths start from here).
    #[must_use]
    pub fn root(notes: &'n FieldNotes) -> Self {
        Self {
            notes,
            path: String::new(),
        }
    }

    /// A field below this one: `metadata` → `metadata.name`; a dotted `below` descends several.
    #[must_use]
    pub fn field(&self, below: &str) -> Self {
        let path = if self.path.is_empty() {
            below.to_owned()
        } else {
            format!("{}.{below}", self.path)
        };
        Self {
            notes: self.notes,
            path,
        }
    }

    /// An item of this list: `containers` → `containers[2]`.
    #[must_use]
    pub fn item(&self, index: usize) -> Self {
        Self {
            notes: self.notes,
            path: format!("{}[{index}]", self.path),
        }
    }

    /// The field path, as the checker reports it.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The notes reported at exactly this field.
    #[must_use]
    pub fn notes(&self) -> &'n [Note] {
        self.notes.at(&self.path)
    }

    /// Draws the notes at exactly this field, under the widget drawn last.
    pub fn show(&self, ui: &mut Ui) {
        show_notes(
            ui,
            self.notes(),
            &self.notes.marks_under(&self.path, true),
            &self.notes.reset,
        );
    }

    /// Draws the notes at this field and every field below it (a map's entries, a list's items)
    /// for widgets that edit them all at once (key/value pairs, comma-separated lists).
    pub fn show_all(&self, ui: &mut Ui) {
        let notes: Vec<&Note> = self.notes.under(&self.path).collect();
        let marks = self.notes.marks_under(&self.path, false);
        show_notes(ui, notes, &marks, &self.notes.reset);
    }
}

/// Draws notes in their severity's colour with the rule on hover. Whether there are notes or not,
/// this takes one widget id from `ui`, so the fields below keep their ids (and the keyboard
/// focus) while a note comes and goes with each keystroke.
fn show_notes<'a>(
    ui: &mut Ui,
    notes: impl IntoIterator<Item = &'a Note>,
    marks: &[&Mark],
    reset: &std::cell::RefCell<Option<String>>,
) {
    let mut notes = notes.into_iter().peekable();
    if notes.peek().is_none() && marks.is_empty() {
        ui.skip_ahead_auto_ids(1);
        return;
    }
    let dark = ui.visuals().dark_mode;
    ui.scope(|ui| {
        for mark in marks {
            show_mark(ui, mark, reset);
        }
        for note in notes {
            let color = severity_color(note.severity, dark);
            // The symbol and the message apart: the severity does not rest on colour alone, and
            // the message reads (and is found by screen readers and tests) as the rule words it.
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                ui.label(
                    RichText::new(severity_icon(note.severity))
                        .small()
                        .strong()
                        .color(color),
                );
                ui.label(RichText::new(&note.message).small().color(color))
            })
            .response
            .on_hover_text(format!(
                "{} ({}): the rule is explained in the Problems room and by `kubedraft rules`",
                note.rule, note.severity
            ));
        }
    });
}

/// The colour of what an environment overrides (the inspector's marks, the compare room).
#[must_use]
pub fn override_color(dark: bool) -> egui::Color32 {
    if dark {
        egui::Color32::from_rgb(0xf0, 0xc0, 0x60)
    } else {
        egui::Color32::from_rgb(0x9a, 0x5b, 0x00)
    }
}

/// "• set in prod (base: 1)" and its Reset to base button.
fn show_mark(ui: &mut Ui, mark: &Mark, reset: &std::cell::RefCell<Option<String>>) {
    let color = override_color(ui.visuals().dark_mode);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(RichText::new("•").small().strong().color(color));
        ui.label(
            RichText::new(format!("set in {} (base: {})", mark.env, mark.base))
                .small()
                .color(color),
        );
        if ui
            .small_button("Reset to base")
            .on_hover_text(format!(
                "Take {}'s override of this field away: it gets the base's value again",
                mark.env
            ))
            .clicked()
        {
            *reset.borrow_mut() = Some(mark.pointer.clone());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(field: &str, message: &str) -> Diagnostic {
        Diagnostic {
            rule: "K8S-API-001",
            severity: Severity::Error,
            object: None,
            kind: "Service".to_owned(),
            namespace: None,
            name: "web".to_owned(),
            field: field.to_owned(),
            message: message.to_owned(),
            fix: None,
        }
    }

    #[test]
    fn notes_are_found_at_their_path_and_below_a_parent() {
        let diagnostics = [
            diagnostic("metadata.labels", "bad key"),
            diagnostic("metadata.labels.app", "bad value"),
            diagnostic("metadata.labelsx", "another field"),
            diagnostic("spec.ports[0].port", "bad port"),
        ];
        let notes = FieldNotes::new(&diagnostics);
        let root = At::root(&notes);
        let labels = root.field("metadata").field("labels");
        assert_eq!(labels.path(), "metadata.labels");
        assert_eq!(labels.notes().len(), 1);
        let under: Vec<&str> = notes
            .under(labels.path())
            .map(|n| n.message.as_str())
            .collect();
        assert_eq!(under, ["bad key", "bad value"]);
        let port = root.field("spec.ports").item(0).field("port");
        assert_eq!(port.path(), "spec.ports[0].port");
        assert_eq!(port.notes()[0].message, "bad port");
        assert!(root.field("spec.ports").item(1).notes().is_empty());
    }
}
