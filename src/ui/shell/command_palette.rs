//! The command palette (Ctrl+K): every action, every palette item and (once something is typed)
//! every object of the design, found by fuzzy search.

use egui::{Id, Key, RichText};

use crate::model::ObjectId;

use crate::ui::canvas::palette::PaletteItem;
use crate::ui::shell::actions::Action;
use crate::ui::shell::app::{KubedraftApp, Request};

/// One thing the command palette can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Action(Action),
    Place(PaletteItem),
    /// Select an object and bring it into view ("Go to Deployment shop/web").
    GoTo(ObjectId),
}

impl Entry {
    fn keywords(self) -> &'static str {
        match self {
            Entry::Action(action) => action.keywords(),
            Entry::Place(_) => "new create palette place object",
            Entry::GoTo(_) => "",
        }
    }
}

/// Objects rank below actions of the same score: "save" should find Save before an object `saver`.
const OBJECT_PENALTY: i32 = 8;

/// The open command palette: what was typed and which result is highlighted.
#[derive(Clone, Debug, Default)]
pub struct CommandPalette {
    pub query: String,
    pub highlighted: usize,
    focused: bool,
}

/// How well `query` matches `text` as a subsequence (case-insensitive); `None` when it does not.
/// Matches at word starts and runs of consecutive letters score higher, gaps cost a little, so
/// "zts" finds "Zoom to selection" and "dup" ranks "Duplicate" first.
#[must_use]
pub fn fuzzy_score(query: &str, text: &str) -> Option<i32> {
    let query: Vec<char> = query
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let text: Vec<char> = text.to_lowercase().chars().collect();
    let mut score = 0;
    let mut position = 0;
    let mut previous_match: Option<usize> = None;
    for wanted in query {
        let found = (position..text.len()).find(|&i| text.get(i) == Some(&wanted))?;
        let word_start = found == 0 || text.get(found - 1).is_some_and(|c| !c.is_alphanumeric());
        if word_start {
            score += 10;
        }
        if previous_match.is_some_and(|p| p + 1 == found) {
            score += 6;
        }
        let gap = i32::try_from(found - position).unwrap_or(i32::MAX / 4);
        score -= gap.min(20);
        previous_match = Some(found);
        position = found + 1;
    }
    // Of two equal matches the shorter text wins ("Save" before "Save As…").
    let rest = i32::try_from(text.len().saturating_sub(position).min(20)).unwrap_or(0);
    Some(score - rest / 2)
}

impl KubedraftApp {
    /// What an entry reads in the command palette.
    #[must_use]
    pub fn entry_label(&self, entry: Entry) -> String {
        match entry {
            Entry::Action(action) => action.palette_label(),
            Entry::Place(item) => format!("Add {}", item.name()),
            Entry::GoTo(id) => {
                self.doc
                    .model
                    .get(id)
                    .map_or_else(String::new, |o| match o.effective_namespace() {
                        Some(ns) => format!("Go to {} {ns}/{}", o.kind_name(), o.name()),
                        None => format!("Go to {} {}", o.kind_name(), o.name()),
                    })
            }
        }
    }

    /// Everything the command palette offers now, best match for `query` first. Objects are
    /// offered only once something is typed (a design may hold thousands).
    #[must_use]
    pub fn command_palette_results(&self, query: &str) -> Vec<Entry> {
        let objects = self
            .doc
            .model
            .objects()
            .filter(|_| !query.trim().is_empty())
            .map(|(id, _)| Entry::GoTo(id));
        let mut entries: Vec<(i32, usize, Entry)> = Action::ALL
            .iter()
            .filter(|a| **a != Action::CommandPalette && self.can_perform(**a))
            .map(|a| Entry::Action(*a))
            .chain(
                PaletteItem::ALL
                    .iter()
                    .chain(&PaletteItem::MORE)
                    .map(|i| Entry::Place(*i)),
            )
            .chain(objects)
            .enumerate()
            .filter_map(|(order, entry)| {
                let label = self.entry_label(entry);
                let score = if let Entry::GoTo(id) = entry {
                    // Typing "frontend" should find the object by its name alone.
                    let name = self.doc.model.get(id).map_or("", |o| o.name());
                    fuzzy_score(query, &label)
                        .max(fuzzy_score(query, name))
                        .map(|s| s - OBJECT_PENALTY)?
                } else {
                    let by_label = fuzzy_score(query, &label);
                    let by_keyword = fuzzy_score(query, entry.keywords()).map(|s| s - 25);
                    by_label.max(by_keyword)?
                };
                Some((score, order, entry))
            })
            .collect();
        entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        entries.into_iter().map(|(_, _, entry)| entry).collect()
    }

    /// Runs a command palette entry.
    pub fn run_entry(&mut self, entry: Entry) {
        match entry {
            Entry::Action(action) => self.requests.push(Request::Action(action)),
            Entry::Place(item) => self.place(item, None),
            Entry::GoTo(id) => {
                self.requests
                    .push(Request::Select(std::collections::BTreeSet::from([id])));
                self.requests.push(Request::FocusObject(id));
            }
        }
    }

    pub(crate) fn command_palette_ui(&mut self, ctx: &egui::Context) {
        let Some(mut palette) = self.command_palette.take() else {
            return;
        };
        let results = self.command_palette_results(&palette.query);
        let (up, down, enter) = ctx.input(|i| {
            (
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::Enter),
            )
        });
        if down {
            palette.highlighted = (palette.highlighted + 1).min(results.len().saturating_sub(1));
        }
        if up {
            palette.highlighted = palette.highlighted.saturating_sub(1);
        }
        let mut chosen = None;
        let modal = egui::Modal::new(Id::unique("command_palette"))
            .area(
                egui::Modal::default_area(Id::unique("command_palette_area"))
                    .anchor(egui::Align2::CENTER_TOP, [0.0, 90.0]),
            )
            .show(ctx, |ui| {
                ui.set_width(460.0);
                let label = ui.label("Command");
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut palette.query)
                            .desired_width(f32::INFINITY)
                            .hint_text(
                                "Type an action or an object: save, add service, zoom, web…",
                            ),
                    )
                    .labelled_by(label.id);
                if !palette.focused {
                    edit.request_focus();
                    palette.focused = true;
                }
                if edit.changed() {
                    palette.highlighted = 0;
                }
                ui.separator();
                if results.is_empty() {
                    ui.weak("No matching action or object");
                }
                for (index, entry) in results.iter().take(12).enumerate() {
                    let mut text = RichText::new(self.entry_label(*entry));
                    if index == palette.highlighted {
                        text = text.strong();
                    }
                    ui.horizontal(|ui| {
                        if ui
                            .selectable_label(index == palette.highlighted, text)
                            .clicked()
                        {
                            chosen = Some(*entry);
                        }
                        if let Entry::Action(action) = entry
                            && let Some(shortcut) = action.shortcut()
                        {
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    ui.weak(ui.ctx().format_shortcut(&shortcut));
                                },
                            );
                        }
                    });
                }
            });
        if enter {
            chosen = chosen.or_else(|| results.get(palette.highlighted).copied());
        }
        if let Some(entry) = chosen {
            self.run_entry(entry);
            return;
        }
        if !modal.should_close() {
            self.command_palette = Some(palette);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fuzzy_score;

    #[test]
    fn fuzzy_matches_subsequences_and_prefers_word_starts() {
        assert!(fuzzy_score("zts", "Zoom to selection").is_some());
        assert!(fuzzy_score("xyz", "Zoom to selection").is_none());
        assert!(fuzzy_score("", "anything").is_some());
        // Word starts beat letters in the middle of words.
        assert!(fuzzy_score("dup", "Duplicate") > fuzzy_score("dup", "Add Deployment upstream"));
        assert!(fuzzy_score("save", "Save") > fuzzy_score("save", "Save As…"));
    }
}
