//! Editing one object in the inspector: the form (every change one command; typing in one field is
//! one undo step), the drawn traffic, and the YAML tab (parse errors inline, nothing lost on a bad
//! edit: the draft stays until it is applied or reverted).

use std::collections::BTreeMap;

use egui::RichText;

use crate::document::Command;
use crate::document::history::Gesture;
use crate::manifest::import;
use crate::model::typed_other;
use crate::model::{Model, Object, ObjectId, Resource};
use crate::rules::Diagnostic;

use crate::ui::inspector::field_notes::{At, FieldNotes};
use crate::ui::inspector::object_form::object_form;
use crate::ui::inspector::other_kind_form::{ScaleTarget, other_kind_form};
use crate::ui::inspector::panel::relations_ui;
use crate::ui::inspector::state::InspectorState;
use crate::ui::shell::app::Request;
use crate::ui::shell::room::RoomCtx;

/// Which tab of the inspector shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InspectorTab {
    #[default]
    Form,
    Yaml,
}

/// A YAML edit in progress: the text and the YAML it started from.
#[derive(Clone, Debug)]
pub struct YamlDraft {
    pub text: String,
    pub base: String,
}

/// The objects' YAML drafts, by object.
pub type YamlDrafts = BTreeMap<ObjectId, YamlDraft>;

/// Reads the YAML tab's text as one object of the given kind, or says what is wrong (with lines).
pub fn parse_draft(text: &str, kind: &str) -> Result<Object, Vec<String>> {
    let mut imported = import::parse_manifests(text, "YAML tab");
    if !imported.errors.is_empty() {
        return Err(imported.errors.iter().map(ToString::to_string).collect());
    }
    match imported.objects.len() {
        0 => Err(vec![
            "no object: the YAML must describe this object".to_owned(),
        ]),
        1 => {
            let (object, _) = imported.objects.remove(0);
            if object.kind_name() != kind {
                Err(vec![format!(
                    "kind changed to {}: paste it onto the canvas to add a new object",
                    object.kind_name()
                )])
            } else if let Resource::Other(other) = object.resource()
                && let Err(error) = typed_other::check(other)
            {
                Err(vec![format!("YAML tab: {error}")])
            } else {
                Ok(object)
            }
        }
        n => Err(vec![format!(
            "{n} objects: the YAML tab edits one (paste several onto the canvas)"
        )]),
    }
}

/// The object's tabs: the form (with its relations, traffic and the checker's findings at their
/// fields) or the YAML editor. `diagnostics` are the object's findings.
pub(crate) fn editable_object_ui(
    ui: &mut egui::Ui,
    ctx: &mut RoomCtx<'_>,
    state: &mut InspectorState,
    diagnostics: &[&Diagnostic],
    id: ObjectId,
    object: &Object,
) {
    ui.horizontal(|ui| {
        for (tab, label) in [(InspectorTab::Form, "Form"), (InspectorTab::Yaml, "YAML")] {
            if ui.selectable_label(state.tab == tab, label).clicked() {
                state.tab = tab;
            }
        }
    });
    ui.separator();
    // An explicit id for the tab's widgets: the problems listed above come and go with edits,
    // and ids counted from them would change, taking the focus from the field being typed in.
    let body = egui::UiBuilder::new().scope_id(ui.scope_id().with(("inspector_body", id)));
    ui.scope_builder(body, |ui| match state.tab {
        InspectorTab::Form => {
            relations_ui(ui, ctx, id);
            traffic_ui(ui, ctx, id);
            ui.add_space(6.0);
            let namespaces = ctx.doc.model.all_namespace_names();
            // The checker's findings, shown at the fields they are about.
            let notes = FieldNotes::new(diagnostics.iter().copied())
                .with_marks(override_marks(ctx, id, object));
            let at = At::root(&notes);
            let mut draft = object.clone();
            let mut changed = object_form(ui, &mut draft, &namespaces, &at);
            if matches!(object.resource(), Resource::Other(_)) {
                let targets = scale_targets(&ctx.doc.model, object);
                changed |= other_kind_form(ui, &mut draft, &targets, &at);
            } else if !object.kind().is_editable() {
                ui.weak(format!(
                    "Fields of a {} beyond these are edited in the YAML tab.",
                    object.kind_name()
                ));
            }
            if let Some(field) = notes.take_reset()
                && let Some(env) = ctx.env
            {
                ctx.request(Request::Command(
                    Command::Env(crate::document::EnvCommand::ResetOverride {
                        env: env.to_owned(),
                        object: id,
                        field,
                    }),
                    None,
                ));
            } else if changed && draft != *object {
                let gesture = field_gesture(ui.ctx(), ctx, state);
                ctx.request(Request::Command(
                    Command::ReplaceObject { id, object: draft },
                    Some(gesture),
                ));
            }
        }
        InspectorTab::Yaml => yaml_tab_ui(ui, ctx, state, id, object),
    });
}

/// The fields of object `id` the shown environment overrides, by field path, for the form's
/// marks (none in the base).
fn override_marks(
    ctx: &RoomCtx<'_>,
    id: ObjectId,
    effective: &Object,
) -> BTreeMap<String, crate::ui::inspector::field_notes::Mark> {
    let Some(env) = ctx.env else {
        return BTreeMap::new();
    };
    let Some(overrides) = ctx.design.overrides_of(id, env) else {
        return BTreeMap::new();
    };
    let manifest = effective.to_value();
    let base = ctx.design.model.get(id).map(Object::to_value);
    overrides
        .keys()
        .filter_map(|pointer| {
            let field = crate::document::pointer::to_field_path(&manifest, pointer)?;
            let tokens = crate::document::pointer::tokens(pointer).ok()?;
            let base_value = base
                .as_ref()
                .and_then(|b| crate::document::pointer::get(b, &tokens))
                .map_or_else(|| "—".to_owned(), crate::ui::environments::short);
            Some((
                field,
                crate::ui::inspector::field_notes::Mark {
                    env: env.to_owned(),
                    base: base_value,
                    pointer: pointer.clone(),
                },
            ))
        })
        .collect()
}

/// The workloads an autoscaler in the object's namespace may scale, sorted.
fn scale_targets(model: &Model, object: &Object) -> Vec<ScaleTarget> {
    let namespace = object.effective_namespace();
    let mut targets: Vec<ScaleTarget> = model
        .objects()
        .filter(|(_, o)| o.kind().is_scalable())
        .filter(|(_, o)| o.effective_namespace() == namespace)
        .map(|(_, o)| (o.kind_name().to_owned(), o.name().to_owned()))
        .collect();
    targets.sort();
    targets
}

/// One undo step per field: edits while the same widget has focus (or is dragged) merge. A new
/// field ends the running step first (the request is applied before the edit's command).
fn field_gesture(
    egui_ctx: &egui::Context,
    ctx: &mut RoomCtx<'_>,
    state: &mut InspectorState,
) -> Gesture {
    let widget = egui_ctx
        .memory(egui::Memory::focused)
        .or_else(|| egui_ctx.dragged_id());
    match state.gesture {
        Some((current, gesture)) if widget.is_some() && current == widget => gesture,
        _ => {
            ctx.request(Request::EndGesture);
            let gesture = ctx.new_gesture();
            state.gesture = Some((widget, gesture));
            gesture
        }
    }
}

/// The traffic drawn from and to a workload, each removable.
fn traffic_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>, id: ObjectId) {
    let intents: Vec<_> = ctx
        .doc
        .intents
        .iter()
        .filter(|i| i.from == id || i.to == id)
        .copied()
        .collect();
    if intents.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.strong("Traffic");
    for intent in intents {
        let model = &ctx.doc.model;
        let name = |other: ObjectId| {
            model
                .get(other)
                .map_or_else(String::new, |o| format!("{} {}", o.kind_name(), o.name()))
        };
        let text = if intent.from == id {
            format!(
                "to {} on {}/{}",
                name(intent.to),
                intent.port,
                intent.protocol.as_str()
            )
        } else {
            format!(
                "from {} on {}/{}",
                name(intent.from),
                intent.port,
                intent.protocol.as_str()
            )
        };
        let mut remove = false;
        ui.horizontal(|ui| {
            ui.label(text);
            remove = ui.small_button("Remove traffic").clicked();
        });
        if remove {
            ctx.request(Request::Command(Command::RemoveIntent(intent), None));
        }
    }
}

fn yaml_tab_ui(
    ui: &mut egui::Ui,
    ctx: &mut RoomCtx<'_>,
    state: &mut InspectorState,
    id: ObjectId,
    object: &Object,
) {
    let current = match state.yaml_preview_of(id, object, ctx.revision) {
        Ok(text) => text,
        Err(error) => {
            ui.colored_label(ui.visuals().error_fg_color, error);
            return;
        }
    };
    let draft = state.yaml_drafts.entry(id).or_insert_with(|| YamlDraft {
        text: current.clone(),
        base: current.clone(),
    });
    // Untouched drafts follow the object (undo, canvas edits); edited ones are kept.
    if draft.text == draft.base && draft.base != current {
        draft.text.clone_from(&current);
        draft.base.clone_from(&current);
    }
    let outdated = draft.base != current;
    let edited = draft.text != current;
    let kind = object.kind_name().to_owned();
    let text = draft.text.clone();
    let parsed = parse_draft(&text, &kind);
    // The buttons come first, so the status lines below (which come and go while typing)
    // never move them under the pointer.
    let mut apply = false;
    ui.horizontal(|ui| {
        let can_apply = edited && parsed.is_ok();
        apply = ui
            .add_enabled(can_apply, egui::Button::new("Apply"))
            .clicked();
        if ui
            .add_enabled(edited, egui::Button::new("Revert"))
            .clicked()
        {
            state.yaml_drafts.remove(&id);
        }
    });
    if outdated {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "The object changed since you started editing; Revert shows the current YAML.",
        );
    }
    match &parsed {
        Ok(_) if edited => {
            ui.label(RichText::new("Valid. Apply to change the object.").small());
        }
        Ok(_) => {}
        Err(problems) => {
            for problem in problems {
                ui.label(
                    RichText::new(problem)
                        .small()
                        .color(ui.visuals().error_fg_color),
                );
            }
        }
    }
    if apply && let Ok(new) = parsed {
        ctx.request(Request::Command(
            Command::ReplaceObject { id, object: new },
            None,
        ));
        state.yaml_drafts.remove(&id);
    }
    // The editor edits the stored draft (re-fetched: the buttons above may have dropped it).
    let Some(draft) = state.yaml_drafts.get_mut(&id) else {
        return;
    };
    let mut text = std::mem::take(&mut draft.text);
    let label = ui.label("Manifest YAML");
    ui.add(
        // A stable id: the status lines above come and go while typing, and an automatic id
        // would change with them, taking the focus away after the first key.
        egui::TextEdit::multiline(&mut text)
            .id_salt(("yaml_tab", id))
            .code_editor()
            .desired_width(f32::INFINITY)
            .desired_rows(18),
    )
    .labelled_by(label.id);
    draft.text = text;
}
