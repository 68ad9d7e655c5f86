//! Renaming and deleting a namespace frame: the confirmations and the name field.

use egui::Id;

use crate::document::refactor;

use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::shell::room::RoomCtx;

/// A namespace rename in progress: the namespace, the text so far, the last refusal.
#[derive(Clone, Debug, Default)]
pub struct NamespaceRename {
    pub namespace: String,
    pub text: String,
    pub problem: Option<String>,
}

/// The inspector for a selected namespace frame: its objects and the rename/delete buttons (the
/// app opens the rename field or the delete question when it applies the request).
pub(crate) fn namespace_inspector_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>, namespace: &str) {
    ui.heading(format!("Namespace {namespace}"));
    let count = refactor::members(ctx.doc, namespace).len();
    ui.label(format!(
        "{count} object{}",
        if count == 1 { "" } else { "s" }
    ));
    ui.horizontal(|ui| {
        if ui.button("Rename namespace…").clicked() {
            ctx.request(Request::RenameNamespace(namespace.to_owned()));
        }
        if ui.button("Delete namespace…").clicked() {
            ctx.request(Request::DeleteNamespace(namespace.to_owned()));
        }
    });
    ui.separator();
}

impl KubedraftApp {
    /// Deletes a namespace with its objects; asks first when it holds any.
    pub(crate) fn request_namespace_delete(&mut self, namespace: &str) {
        if refactor::members(&self.doc, namespace).is_empty() {
            self.execute(refactor::delete_namespace(&self.doc, namespace));
            self.view.selected_namespace = None;
        } else {
            self.namespace_delete = Some(namespace.to_owned());
        }
    }

    /// Delete or Rename with no object selected acts on the focused namespace frame.
    pub(crate) fn namespace_action(&mut self, action: crate::ui::shell::actions::Action) {
        let Some(namespace) = self.view.selected_namespace.clone() else {
            return;
        };
        if action == crate::ui::shell::actions::Action::Delete {
            self.request_namespace_delete(&namespace);
        } else {
            self.start_namespace_rename(&namespace);
        }
    }

    /// Opens the rename field for a namespace.
    pub(crate) fn start_namespace_rename(&mut self, namespace: &str) {
        self.namespace_rename = Some(NamespaceRename {
            namespace: namespace.to_owned(),
            text: namespace.to_owned(),
            problem: None,
        });
    }

    /// The "delete namespace with its objects?" question.
    pub(crate) fn namespace_delete_ui(&mut self, ctx: &egui::Context) {
        let Some(namespace) = self.namespace_delete.clone() else {
            return;
        };
        let count = refactor::members(&self.doc, &namespace).len();
        let mut answer = None;
        let modal = egui::Modal::new(Id::unique("namespace_delete")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading(format!("Delete namespace {namespace}?"));
            ui.label(format!(
                "It holds {count} object{}; they are deleted with it (Undo brings them back).",
                if count == 1 { "" } else { "s" }
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Delete namespace and objects").clicked() {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
        });
        if answer == Some(true) {
            let command = refactor::delete_namespace(&self.doc, &namespace);
            self.requests.push(Request::Command(command, None));
            self.view.selected_namespace = None;
        }
        if answer.is_some() || modal.should_close() {
            self.namespace_delete = None;
        }
    }

    /// The rename field: Enter or "Rename" applies, a refusal is shown under the field.
    pub(crate) fn namespace_rename_ui(&mut self, ctx: &egui::Context) {
        let Some(mut rename) = self.namespace_rename.take() else {
            return;
        };
        let mut apply = false;
        let mut cancel = false;
        let modal = egui::Modal::new(Id::unique("namespace_rename")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.heading(format!("Rename namespace {}", rename.namespace));
            let field = ui.add(
                egui::TextEdit::singleline(&mut rename.text)
                    .id_salt("namespace_rename_field")
                    .hint_text("new namespace name"),
            );
            // The field asks for the focus every frame, so it never reports losing it: Enter is
            // read directly (the field is the only thing in the dialog that takes keys).
            field.request_focus();
            if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                apply = true;
            }
            if let Some(problem) = &rename.problem {
                ui.colored_label(ui.visuals().warn_fg_color, problem);
            }
            ui.horizontal(|ui| {
                apply |= ui.button("Rename").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        if apply {
            match refactor::rename_namespace(&self.doc, &rename.namespace, rename.text.trim()) {
                Ok(command) => {
                    self.requests.push(Request::Command(command, None));
                    if self.view.selected_namespace.as_ref() == Some(&rename.namespace) {
                        self.view.selected_namespace = Some(rename.text.trim().to_owned());
                    }
                    return;
                }
                Err(refactor::RenameError::Unchanged) => return,
                Err(error) => rename.problem = Some(error.to_string()),
            }
        }
        if !cancel && !modal.should_close() {
            self.namespace_rename = Some(rename);
        }
    }
}

impl KubedraftApp {
    /// Replaces the text of the open namespace rename field (tests type through this).
    pub fn namespace_rename_text(&mut self, text: &str) {
        if let Some(rename) = self.namespace_rename.as_mut() {
            text.clone_into(&mut rename.text);
        }
    }
}

impl KubedraftApp {
    /// The namespace frame outlined as the target of a palette click (while a button is hovered).
    #[must_use]
    pub fn palette_target(&self) -> Option<&str> {
        self.palette_target.as_deref()
    }
}
