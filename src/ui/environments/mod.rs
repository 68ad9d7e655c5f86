//! Environments in the app: the switcher in the menu bar (base · dev · staging · prod, Ctrl+1…9),
//! the Environments menu and its New / Rename / Delete dialog, and which design the rooms show.
//!
//! While an environment is chosen, every room reads its effective design (made by the core,
//! [`crate::document::Document::effective`]) and every edit is written to it by the core
//! ([`crate::document::env_edit::in_environment`]); the app only keeps which one is shown.

mod compare;

pub use compare::{Cell, Row, rows};
pub(crate) use compare::{CompareCache, compare_room_ui, short};

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::document::environments::is_valid_name;
use crate::document::{Command, EnvCommand};
use crate::ui::reach::state::Impact;
use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::shell::dialogs::ToastLevel;

/// The keys of Ctrl+1…9: the base, then the environments in order.
const DIGITS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The shortcut that shows the `index`-th entry of the switcher (0: the base), if it has one.
#[must_use]
pub fn switch_shortcut(index: usize) -> Option<KeyboardShortcut> {
    DIGITS
        .get(index)
        .map(|key| KeyboardShortcut::new(Modifiers::COMMAND, *key))
}

/// What the environment dialog does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvDialogKind {
    New,
    Rename(String),
    Delete(String),
}

/// The New / Rename / Delete environment dialog.
#[derive(Clone, Debug)]
pub struct EnvDialog {
    pub kind: EnvDialogKind,
    /// The new name (New, Rename).
    pub name: String,
    /// New: the environment whose overrides and objects the new one starts with.
    pub copy_from: Option<String>,
    pub error: Option<String>,
    focused: bool,
}

/// The New dialog's "Start from" choice: the base, or a copy of an environment.
fn copy_from_ui(ui: &mut egui::Ui, copy_from: &mut Option<String>, names: &[String]) {
    let selected = copy_from
        .clone()
        .map_or_else(|| "the base".to_owned(), |n| format!("a copy of {n}"));
    egui::ComboBox::from_label("Start from")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(copy_from, None, "the base");
            for name in names {
                ui.selectable_value(copy_from, Some(name.clone()), format!("a copy of {name}"));
            }
        });
}

/// The name a new environment is offered: the first of dev, staging, prod the design lacks.
fn suggested_name(existing: &[&str]) -> String {
    ["dev", "staging", "prod"]
        .iter()
        .find(|n| !existing.contains(n))
        .map_or_else(String::new, |n| (*n).to_owned())
}

impl KubedraftApp {
    /// Brings the shown environment's effective design up to the current revision. An
    /// environment that went away (undone, deleted) falls back to the base, saying so.
    pub(crate) fn refresh_env_view(&mut self) {
        let name = self.env.clone();
        // The base of a design with environment-only objects is the design without them.
        if name.is_none() && self.doc.environments.env_only.is_empty() {
            self.env_view = None;
            return;
        }
        if self
            .env_view
            .as_ref()
            .is_some_and(|(revision, _)| *revision == self.revision)
        {
            return;
        }
        if let Ok(effective) = self.doc.effective(name.as_deref()) {
            self.env_view = Some((self.revision, effective.into_owned()));
        } else {
            let name = name.unwrap_or_default();
            self.env = None;
            self.env_view = None;
            self.revision += 1;
            self.reach.note(self.revision, Impact::Full);
            self.toast(
                ToastLevel::Info,
                format!("Environment `{name}` is no longer in the design: showing the base"),
            );
        }
    }

    /// Shows environment `env` (`None`: the base): the rooms then read its effective design and
    /// edits go to it.
    pub(crate) fn set_environment(&mut self, env: Option<String>) {
        if self.env == env {
            return;
        }
        if let Some(name) = &env
            && self.doc.environments.get(name).is_none()
        {
            self.toast(
                ToastLevel::Error,
                format!("The design has no environment `{name}`"),
            );
            return;
        }
        self.env = env;
        self.env_view = None;
        self.problems.recheck_in_full();
        self.revision += 1;
        self.reach.note(self.revision, Impact::Full);
        self.refresh_env_view();
        let shown = crate::ui::shell::app::shown(&self.doc, self.env_view.as_ref());
        self.view.selection.retain(|id| shown.model.contains(*id));
    }

    /// Ctrl+1 shows the base, Ctrl+2…9 the environments in order.
    pub(crate) fn environment_shortcuts(&mut self, ctx: &egui::Context) {
        let names: Vec<String> = self
            .doc
            .environments
            .names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        for index in 0..=names.len() {
            let Some(shortcut) = switch_shortcut(index) else {
                break;
            };
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                let env = index.checked_sub(1).and_then(|i| names.get(i)).cloned();
                self.requests.push(Request::SetEnvironment(env));
            }
        }
    }

    /// The switcher in the menu bar: the base and each environment, the shown one highlighted,
    /// and a button that adds an environment.
    pub(crate) fn environment_switcher_ui(&mut self, ui: &mut egui::Ui) {
        let names: Vec<String> = self
            .doc
            .environments
            .names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        ui.separator();
        ui.label("Environment:");
        let entries = std::iter::once(None).chain(names.iter().map(|n| Some(n.clone())));
        for (index, env) in entries.enumerate() {
            let label = env.clone().unwrap_or_else(|| "base".to_owned());
            let mut hover = match &env {
                None => "The base design: what every environment starts from".to_owned(),
                Some(name) => format!("The design as deployed to {name}; edits go to {name}"),
            };
            if let Some(shortcut) = switch_shortcut(index) {
                hover = format!("{hover} ({})", ui.ctx().format_shortcut(&shortcut));
            }
            if ui
                .selectable_label(self.env == env, label)
                .on_hover_text(hover)
                .clicked()
            {
                self.requests.push(Request::SetEnvironment(env));
            }
        }
        if ui
            .small_button("+")
            .on_hover_text("New environment…")
            .clicked()
        {
            self.requests.push(Request::EnvDialog(EnvDialogKind::New));
        }
    }

    /// The Environments menu: show one (with its shortcut), new, rename, delete, compare.
    pub(crate) fn environments_menu_ui(&mut self, ui: &mut egui::Ui) {
        let names: Vec<String> = self
            .doc
            .environments
            .names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let entries = std::iter::once(None).chain(names.into_iter().map(Some));
        for (index, env) in entries.enumerate() {
            let label = format!("Show {}", env.as_deref().unwrap_or("base"));
            let mut button = egui::Button::selectable(self.env == env, label);
            if let Some(shortcut) = switch_shortcut(index) {
                button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
            }
            if ui.add(button).clicked() {
                self.requests.push(Request::SetEnvironment(env));
            }
        }
        ui.separator();
        if ui.button("New environment…").clicked() {
            self.requests.push(Request::EnvDialog(EnvDialogKind::New));
        }
        let current = self.env.clone();
        let rename = ui.add_enabled(
            current.is_some(),
            egui::Button::new(match &current {
                Some(name) => format!("Rename {name}…"),
                None => "Rename environment…".to_owned(),
            }),
        );
        if rename.clicked()
            && let Some(name) = &current
        {
            self.requests
                .push(Request::EnvDialog(EnvDialogKind::Rename(name.clone())));
        }
        let delete = ui.add_enabled(
            current.is_some(),
            egui::Button::new(match &current {
                Some(name) => format!("Delete {name}…"),
                None => "Delete environment…".to_owned(),
            }),
        );
        if delete.clicked()
            && let Some(name) = &current
        {
            self.requests
                .push(Request::EnvDialog(EnvDialogKind::Delete(name.clone())));
        }
        ui.separator();
        let compare = if self.env_compare {
            "Hide environment comparison"
        } else {
            "Compare environments"
        };
        if ui.button(compare).clicked() {
            self.env_compare = !self.env_compare;
        }
    }

    pub(crate) fn open_env_dialog(&mut self, kind: EnvDialogKind) {
        let name = match &kind {
            EnvDialogKind::New => suggested_name(&self.doc.environments.names()),
            EnvDialogKind::Rename(name) | EnvDialogKind::Delete(name) => name.clone(),
        };
        self.env_dialog = Some(EnvDialog {
            kind,
            name,
            copy_from: None,
            error: None,
            focused: false,
        });
    }

    /// The environment dialog, while open.
    pub(crate) fn env_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.env_dialog.take() else {
            return;
        };
        let names: Vec<String> = self
            .doc
            .environments
            .names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let title = match &dialog.kind {
            EnvDialogKind::New => "New environment".to_owned(),
            EnvDialogKind::Rename(name) => format!("Rename environment {name}"),
            EnvDialogKind::Delete(name) => format!("Delete environment {name}"),
        };
        let (mut confirm, mut cancel) = (false, false);
        egui::Window::new(title)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                if let EnvDialogKind::Delete(name) = &dialog.kind {
                    let overrides = self
                        .doc
                        .environments
                        .get(name)
                        .map_or(0, |e| {
                            e.overrides
                                .values()
                                .map(std::collections::BTreeMap::len)
                                .sum::<usize>()
                        });
                    ui.label(format!(
                        "Delete {name} with its {}? The base and the other environments stay as they are; Undo brings it back.",
                        crate::ui::plural(overrides, "override")
                    ));
                } else {
                    ui.horizontal(|ui| {
                        let label = ui.label("Environment name");
                        let field = ui
                            .add(
                                egui::TextEdit::singleline(&mut dialog.name)
                                    .hint_text("prod")
                                    .desired_width(200.0),
                            )
                            .labelled_by(label.id);
                        if !dialog.focused {
                            field.request_focus();
                            dialog.focused = true;
                        }
                        if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                            confirm = true;
                        }
                    });
                    if dialog.kind == EnvDialogKind::New && !names.is_empty() {
                        copy_from_ui(ui, &mut dialog.copy_from, &names);
                    }
                    ui.weak("Letters, digits, - and _; it names values-<env>.yaml and overlays/<env>.");
                }
                if let Some(error) = &dialog.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                ui.horizontal(|ui| {
                    let verb = match dialog.kind {
                        EnvDialogKind::New => "Create",
                        EnvDialogKind::Rename(_) => "Rename",
                        EnvDialogKind::Delete(_) => "Delete",
                    };
                    confirm |= ui.button(verb).clicked();
                    cancel |= ui.button("Cancel").clicked();
                });
                cancel |= ui.input(|i| i.key_pressed(Key::Escape));
            });
        if cancel {
            return;
        }
        if confirm {
            match self.env_dialog_command(&dialog) {
                Ok(Some((command, show))) => {
                    self.requests.push(Request::Command(command, None));
                    self.requests.push(Request::SetEnvironment(show));
                    return;
                }
                Ok(None) => return,
                Err(error) => dialog.error = Some(error),
            }
        }
        self.env_dialog = Some(dialog);
    }

    /// The command the dialog asks for, and the environment to show after it (`None`: nothing
    /// to do, a rename to the same name).
    fn env_dialog_command(
        &self,
        dialog: &EnvDialog,
    ) -> Result<Option<(Command, Option<String>)>, String> {
        let name = dialog.name.trim().to_owned();
        let check_new = |name: &str| {
            if !is_valid_name(name) {
                Err(format!(
                    "`{name}` cannot name an environment: use letters, digits, - and _ (at most 63, not `base`)"
                ))
            } else if self.doc.environments.get(name).is_some() {
                Err(format!("The design has an environment `{name}` already"))
            } else {
                Ok(())
            }
        };
        match &dialog.kind {
            EnvDialogKind::New => {
                check_new(&name)?;
                let mut environment = dialog
                    .copy_from
                    .as_deref()
                    .and_then(|from| self.doc.environments.get(from))
                    .cloned()
                    .unwrap_or_default();
                environment.name.clone_from(&name);
                let index = self.doc.environments.list.len();
                Ok(Some((
                    Command::Env(EnvCommand::Add { environment, index }),
                    Some(name),
                )))
            }
            EnvDialogKind::Rename(from) => {
                if name == *from {
                    return Ok(None);
                }
                check_new(&name)?;
                let show = if self.env.as_deref() == Some(from.as_str()) {
                    Some(name.clone())
                } else {
                    self.env.clone()
                };
                Ok(Some((
                    Command::Env(EnvCommand::Rename {
                        from: from.clone(),
                        to: name,
                    }),
                    show,
                )))
            }
            EnvDialogKind::Delete(name) => {
                let show = self.env.clone().filter(|env| env != name);
                Ok(Some((
                    Command::Env(EnvCommand::Remove { name: name.clone() }),
                    show,
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggested_name_is_the_first_missing_stage() {
        assert_eq!(suggested_name(&[]), "dev");
        assert_eq!(suggested_name(&["dev"]), "staging");
        assert_eq!(suggested_name(&["dev", "staging"]), "prod");
        assert_eq!(suggested_name(&["dev", "staging", "prod"]), "");
        assert!(switch_shortcut(0).is_some() && switch_shortcut(8).is_some());
        assert!(switch_shortcut(9).is_none());
    }
}
