//! The inspector room's own view state: which tab shows, the YAML drafts, the cached YAML of the
//! inspected object, the field being edited and the problem the user came for. None of it is
//! saved with the design or undone.

use crate::document::history::Gesture;
use crate::manifest::yaml;
use crate::model::{Object, ObjectId};

use crate::ui::inspector::edit::{InspectorTab, YamlDrafts};
use crate::ui::shell::app::Request;

/// What the inspector keeps between frames.
#[derive(Debug, Default)]
pub(crate) struct InspectorState {
    /// Which tab shows (form or YAML).
    pub tab: InspectorTab,
    /// YAML tab edits not applied yet, kept per object until applied or reverted.
    pub yaml_drafts: YamlDrafts,
    /// The YAML of one object at one revision (serialising every frame is wasted work).
    yaml_preview: Option<(ObjectId, u64, Result<String, String>)>,
    /// The field being edited (the focused or dragged widget) and its undo step.
    pub gesture: Option<(Option<egui::Id>, Gesture)>,
    /// The problem the user clicked last in the problems room: its object and field (the
    /// inspector highlights it).
    pub focused_problem: Option<(ObjectId, String)>,
    /// Set by a click in the problems room: the inspector opens its problems list once (the
    /// user may close it again afterwards).
    pub reveal_problem: bool,
}

impl InspectorState {
    /// The object's YAML as export writes it, recomputed only when the object or the revision
    /// changed.
    pub(crate) fn yaml_preview_of(
        &mut self,
        id: ObjectId,
        object: &Object,
        revision: u64,
    ) -> Result<String, String> {
        match &self.yaml_preview {
            Some((cached, at, text)) if *cached == id && *at == revision => text.clone(),
            _ => {
                let text = yaml::to_yaml(&object.to_value()).map_err(|e| e.to_string());
                self.yaml_preview = Some((id, revision, text.clone()));
                text
            }
        }
    }

    /// Highlights a problem of an object and opens the inspector's problems list on it once.
    pub(crate) fn reveal(&mut self, id: ObjectId, field: String) {
        self.focused_problem = Some((id, field));
        self.reveal_problem = true;
    }

    /// Ends the field's undo step once the field lost focus (called every frame, before the
    /// rooms are drawn).
    pub(crate) fn end_field_gesture(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        if let Some((widget, _)) = self.gesture {
            let now = ctx
                .memory(egui::Memory::focused)
                .or_else(|| ctx.dragged_id());
            if now != widget {
                self.gesture = None;
                requests.push(Request::EndGesture);
            }
        }
    }
}
