//! The object list room and the inspector room (workspace tiles).

use std::collections::BTreeSet;

use egui::RichText;

use crate::document::Command;
use crate::manifest::yaml;
use crate::model::{Object, ObjectId};

use crate::ui::canvas::cache::ListRow;
use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::shell::room::RoomCtx;
use crate::ui::theme;

/// The object list room's own state.
#[derive(Debug, Default)]
pub(crate) struct ObjectsList {
    /// Namespaces folded in the list.
    pub collapsed: BTreeSet<String>,
}

/// The object list room (a workspace tile): `rows` are the list's rows of this revision (from the
/// canvas cache); clicking an object asks the app to focus it.
pub(crate) fn objects_pane_ui(
    list: &mut ObjectsList,
    rows: &[ListRow],
    ctx: &mut RoomCtx<'_>,
    ui: &mut egui::Ui,
) {
    // Only the rows in view are laid out: designs have thousands of objects.
    let mut visible: Vec<&ListRow> = Vec::with_capacity(rows.len());
    let mut hidden = false;
    for row in rows {
        if let ListRow::Namespace(ns) = row {
            hidden = list.collapsed.contains(ns);
            visible.push(row);
        } else if !hidden {
            visible.push(row);
        }
    }
    let row_height = ui.spacing().interact_size.y;
    let mut toggle = None;
    let mut focus = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, visible.len(), |ui, range| {
            for row in visible.get(range).unwrap_or_default() {
                match row {
                    ListRow::Namespace(ns) => {
                        let open = !list.collapsed.contains(ns);
                        let marker = if open { "v" } else { ">" };
                        if ui
                            .selectable_label(
                                false,
                                RichText::new(format!("{marker} namespace {ns}")).strong(),
                            )
                            .clicked()
                        {
                            toggle = Some(ns.clone());
                        }
                    }
                    ListRow::Object(id, text) => {
                        let selected = ctx.selection.contains(id);
                        ui.horizontal(|ui| {
                            ui.add_space(14.0);
                            if ui.selectable_label(selected, text).clicked() {
                                focus = Some(*id);
                            }
                        });
                    }
                    ListRow::Empty => {
                        ui.horizontal(|ui| {
                            ui.add_space(14.0);
                            ui.weak("(empty)");
                        });
                    }
                }
            }
        });
    if let Some(ns) = toggle
        && !list.collapsed.remove(&ns)
    {
        list.collapsed.insert(ns);
    }
    if let Some(id) = focus {
        ctx.request(Request::FocusObject(id));
    }
}

impl KubedraftApp {
    /// The inspector room (a workspace tile).
    pub(crate) fn inspector_pane_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(4.0);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let selection: Vec<ObjectId> = self.view.selection.iter().copied().collect();
                match selection.as_slice() {
                    [] => {
                        if let Some(namespace) = self.view.selected_namespace.clone() {
                            self.namespace_inspector_ui(ui, &namespace);
                            ui.add_space(12.0);
                        }
                        self.design_summary_ui(ui);
                    }
                    [id] => self.object_ui(ui, *id),
                    many => {
                        ui.heading(format!("{} objects selected", many.len()));
                        ui.label("Drag any of them to move them together; Delete removes them.");
                    }
                }
            });
    }

    fn design_summary_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Design");
        ui.separator();
        egui::Grid::new("design_grid")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label("Name");
                ui.label(&self.design_name);
                ui.end_row();
                ui.label("File");
                ui.label(
                    self.path
                        .as_ref()
                        .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string()),
                );
                ui.end_row();
                ui.label("Objects");
                ui.label(self.doc.model.len().to_string());
                ui.end_row();
                ui.label("Namespaces");
                ui.label(self.doc.model.all_namespace_names().join(", "));
                ui.end_row();
            });
        ui.add_space(8.0);
        let mut complete = self.doc.complete;
        if ui
            .checkbox(&mut complete, "Design is complete")
            .on_hover_text("A complete design holds every object it refers to. Imported manifests start incomplete.")
            .changed()
        {
            self.requests.push(Request::Command(Command::SetComplete(complete), None));
        }
        ui.add_space(12.0);
        ui.weak("Click an object on the canvas or in the list to inspect it. Drag to move, scroll to pan, Ctrl+scroll to zoom.");
    }

    fn object_ui(&mut self, ui: &mut egui::Ui, id: ObjectId) {
        let Some(object) = self.doc.model.get(id) else {
            return;
        };
        let object = object.clone();
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(42.0, 32.0), egui::Sense::hover());
            theme::paint_kind_badge(ui.painter(), rect, &object);
            ui.vertical(|ui| {
                ui.heading(if object.name().is_empty() {
                    "(no name)"
                } else {
                    object.name()
                });
                ui.weak(format!("{} · {}", object.kind_name(), object.api_version()));
            });
        });
        ui.separator();
        self.object_problems_ui(ui, id);
        if object.has_unknown_fields() {
            ui.weak("Has fields the designer does not know; they are kept and exported unchanged.");
        }
        self.editable_object_ui(ui, id, &object);
    }

    /// The object's YAML as export writes it, recomputed only after an edit.
    pub(crate) fn yaml_preview_of(
        &mut self,
        id: ObjectId,
        object: &Object,
    ) -> Result<String, String> {
        match &self.yaml_preview {
            Some((cached, revision, text)) if *cached == id && *revision == self.revision => {
                text.clone()
            }
            _ => {
                let text = yaml::to_yaml(&object.to_value()).map_err(|e| e.to_string());
                self.yaml_preview = Some((id, self.revision, text.clone()));
                text
            }
        }
    }

    pub(crate) fn relations_ui(&mut self, ui: &mut egui::Ui, id: ObjectId) {
        let outgoing = self.doc.model.relations_from(id);
        let incoming = self.doc.model.relations_to(id);
        if outgoing.is_empty() && incoming.is_empty() {
            return;
        }
        ui.add_space(8.0);
        ui.strong("Relations");
        let mut focus = None;
        for (other, relation) in &outgoing {
            if let Some(target) = self.doc.model.get(*other) {
                ui.horizontal(|ui| {
                    ui.label(relation.label());
                    if ui
                        .link(format!("{} ({})", target.kind_name(), target.name()))
                        .clicked()
                    {
                        focus = Some(*other);
                    }
                });
            }
        }
        for (other, relation) in &incoming {
            if let Some(source) = self.doc.model.get(*other) {
                ui.horizontal(|ui| {
                    if ui
                        .link(format!("{} ({})", source.kind_name(), source.name()))
                        .clicked()
                    {
                        focus = Some(*other);
                    }
                    ui.label(relation.incoming_label());
                });
            }
        }
        if let Some(other) = focus {
            self.requests.push(Request::FocusObject(other));
        }
    }
}
