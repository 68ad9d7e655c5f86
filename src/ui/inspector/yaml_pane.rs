//! The YAML room: the manifests of the selection (or of the whole design when nothing is
//! selected), exactly as Export > YAML writes them, read-only, with a copy button. Editing YAML
//! happens in the inspector's YAML tab, which applies through a command.

use crate::manifest::export;
use crate::model::ObjectId;
use crate::ui::shell::edit_actions::selection_yaml;
use crate::ui::shell::room::RoomCtx;

/// The rendered YAML of one revision and selection (rendering every frame is wasted work).
#[derive(Debug, Default)]
pub struct YamlPane {
    cached: Option<(u64, Vec<ObjectId>, Result<String, String>)>,
}

/// The YAML room (a workspace tile): reads the document and the selection, nothing else.
pub(crate) fn yaml_pane_ui(pane: &mut YamlPane, ctx: &mut RoomCtx<'_>, ui: &mut egui::Ui) {
    let selection: Vec<ObjectId> = ctx.selection.iter().copied().collect();
    let fresh = pane
        .cached
        .as_ref()
        .is_some_and(|(revision, cached, _)| *revision == ctx.revision && *cached == selection);
    if !fresh {
        let text = if selection.is_empty() {
            export::to_yaml(&ctx.doc.model).map_err(|e| e.to_string())
        } else {
            selection_yaml(&ctx.doc.model, ctx.selection).unwrap_or_else(|| Ok(String::new()))
        };
        pane.cached = Some((ctx.revision, selection.clone(), text));
    }
    let Some((_, _, text)) = &pane.cached else {
        return;
    };
    let mut copy = None;
    ui.horizontal(|ui| {
        let scope = if selection.is_empty() {
            "Whole design".to_owned()
        } else {
            crate::ui::plural(selection.len(), "selected object")
        };
        ui.strong(scope);
        ui.weak("as exported");
        if let Ok(text) = text
            && ui
                .button("Copy YAML")
                .on_hover_text("Copies this YAML to the clipboard")
                .clicked()
        {
            copy = Some(text.clone());
        }
    });
    ui.separator();
    match text {
        Ok(text) => {
            egui::ScrollArea::both()
                .id_salt("yaml_pane_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(egui::RichText::new(text.as_str()).monospace())
                            .selectable(true)
                            .extend(),
                    );
                });
        }
        Err(error) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Cannot render: {error}"),
            );
        }
    }
    if let Some(text) = copy {
        ui.ctx().copy_text(text);
    }
}
