//! The object list room and the inspector room (workspace tiles). Both take a [`RoomCtx`] and
//! their own state, never the app: edits, focusing an object and namespace renames go back as
//! requests.

use std::collections::BTreeSet;

use egui::RichText;

use crate::document::Command;
use crate::model::ObjectId;
use crate::rules::Diagnostic;

use crate::ui::canvas::cache::ListRow;
use crate::ui::canvas::namespace_edit::namespace_inspector_ui;
use crate::ui::inspector::edit::editable_object_ui;
use crate::ui::inspector::state::InspectorState;
use crate::ui::problems::state::{ProblemsView, severity_color, severity_icon};
use crate::ui::shell::app::Request;
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

/// The inspector room (a workspace tile): the selected object's form or YAML, a selected
/// namespace frame, or the design summary. `problems` is read for the findings it shows.
pub(crate) fn inspector_pane_ui(
    ui: &mut egui::Ui,
    ctx: &mut RoomCtx<'_>,
    state: &mut InspectorState,
    problems: &ProblemsView,
) {
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let selection: Vec<ObjectId> = ctx.selection.iter().copied().collect();
            match selection.as_slice() {
                [] => {
                    if let Some(namespace) = ctx.selected_namespace {
                        namespace_inspector_ui(ui, ctx, namespace);
                        ui.add_space(12.0);
                    }
                    design_summary_ui(ui, ctx);
                }
                [id] => object_ui(ui, ctx, state, problems, *id),
                many => {
                    ui.heading(format!("{} objects selected", many.len()));
                    ui.label("Drag any of them to move them together; Delete removes them.");
                }
            }
        });
}

fn design_summary_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>) {
    ui.heading("Design");
    ui.separator();
    egui::Grid::new("design_grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label("Name");
            ui.label(ctx.design_name);
            ui.end_row();
            ui.label("File");
            ui.label(
                ctx.design_path
                    .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string()),
            );
            ui.end_row();
            ui.label("Objects");
            ui.label(ctx.doc.model.len().to_string());
            ui.end_row();
            ui.label("Namespaces");
            ui.label(ctx.doc.model.all_namespace_names().join(", "));
            ui.end_row();
        });
    ui.add_space(8.0);
    let mut complete = ctx.doc.complete;
    if ui
        .checkbox(&mut complete, "Design is complete")
        .on_hover_text("A complete design holds every object it refers to. Imported manifests start incomplete.")
        .changed()
    {
        ctx.request(Request::Command(Command::SetComplete(complete), None));
    }
    ui.add_space(12.0);
    ui.weak("Click an object on the canvas or in the list to inspect it. Drag to move, scroll to pan, Ctrl+scroll to zoom.");
}

fn object_ui(
    ui: &mut egui::Ui,
    ctx: &mut RoomCtx<'_>,
    state: &mut InspectorState,
    problems: &ProblemsView,
    id: ObjectId,
) {
    let Some(object) = ctx.doc.model.get(id) else {
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
    let diagnostics: Vec<&Diagnostic> = problems.of_object(id).collect();
    object_problems_ui(ui, ctx.dark, state, &diagnostics, id);
    if object.has_unknown_fields() {
        ui.weak("Has fields the designer does not know; they are kept and exported unchanged.");
    }
    crate::ui::inspector::env_section::environment_section_ui(ui, ctx, id);
    editable_object_ui(ui, ctx, state, &diagnostics, id, &object);
}

/// The objects related to `id` (both ways), each a link that focuses it.
pub(crate) fn relations_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>, id: ObjectId) {
    let outgoing = ctx.doc.model.relations_from(id);
    let incoming = ctx.doc.model.relations_to(id);
    if outgoing.is_empty() && incoming.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong("Relations");
    let mut focus = None;
    for (other, relation) in &outgoing {
        if let Some(target) = ctx.doc.model.get(*other) {
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
        if let Some(source) = ctx.doc.model.get(*other) {
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
        ctx.request(Request::FocusObject(other));
    }
}

/// The selected object's problems (the one clicked in the problems room highlighted with its
/// field).
fn object_problems_ui(
    ui: &mut egui::Ui,
    dark: bool,
    state: &mut InspectorState,
    problems: &[&Diagnostic],
    id: ObjectId,
) {
    if problems.is_empty() {
        return;
    }
    let focused = state
        .focused_problem
        .as_ref()
        .filter(|(focused, _)| *focused == id)
        .map(|(_, field)| field.clone());
    // Open when the user came from the problems panel; otherwise it stays out of the form's way.
    let reveal = std::mem::take(&mut state.reveal_problem) && focused.is_some();
    egui::CollapsingHeader::new(format!("Problems ({})", problems.len()))
        .id_salt(("object_problems", id.0))
        .default_open(focused.is_some())
        .open(reveal.then_some(true))
        .show(ui, |ui| {
            for problem in problems {
                let mut text = RichText::new(format!(
                    "{} {} {}",
                    severity_icon(problem.severity),
                    problem.rule,
                    problem.message
                ))
                .color(severity_color(problem.severity, dark));
                let clicked = focused.as_deref() == Some(problem.field.as_str());
                if clicked {
                    // The one the user came for: bold on the selection colour.
                    text = text
                        .strong()
                        .background_color(ui.visuals().selection.bg_fill.gamma_multiply(0.35));
                }
                let label = ui.label(text);
                if clicked && reveal {
                    label.scroll_to_me(Some(egui::Align::Center));
                }
                if !problem.field.is_empty() {
                    ui.weak(format!("Field: {}", problem.field));
                }
            }
        });
    ui.separator();
}
