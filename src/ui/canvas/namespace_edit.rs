//! Renaming and deleting a namespace frame: the confirmations and the name field.

use egui::Id;

use crate::document::refactor;

use crate::ui::canvas::state::CanvasState;
use crate::ui::shell::app::Request;
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

/// The "delete namespace with its objects?" question.
pub(crate) fn namespace_delete_ui(
    egui_ctx: &egui::Context,
    ctx: &mut RoomCtx<'_>,
    state: &mut CanvasState,
) {
    let Some(namespace) = state.namespace_delete.clone() else {
        return;
    };
    let count = refactor::members(ctx.doc, &namespace).len();
    let mut answer = None;
    let modal = egui::Modal::new(Id::unique("namespace_delete")).show(egui_ctx, |ui| {
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
        let command = refactor::delete_namespace(ctx.doc, &namespace);
        ctx.request(Request::Command(command, None));
        ctx.request(Request::SelectNamespace(None));
    }
    if answer.is_some() || modal.should_close() {
        state.namespace_delete = None;
    }
}

/// The rename field: Enter or "Rename" applies, a refusal is shown under the field.
pub(crate) fn namespace_rename_ui(
    egui_ctx: &egui::Context,
    ctx: &mut RoomCtx<'_>,
    state: &mut CanvasState,
) {
    let Some(mut rename) = state.namespace_rename.take() else {
        return;
    };
    let mut apply = false;
    let mut cancel = false;
    let modal = egui::Modal::new(Id::unique("namespace_rename")).show(egui_ctx, |ui| {
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
        match refactor::rename_namespace(ctx.doc, &rename.namespace, rename.text.trim()) {
            Ok(command) => {
                ctx.request(Request::Command(command, None));
                if ctx.selected_namespace == Some(rename.namespace.as_str()) {
                    ctx.request(Request::SelectNamespace(Some(
                        rename.text.trim().to_owned(),
                    )));
                }
                return;
            }
            Err(refactor::RenameError::Unchanged) => return,
            Err(error) => rename.problem = Some(error.to_string()),
        }
    }
    if !cancel && !modal.should_close() {
        state.namespace_rename = Some(rename);
    }
}
