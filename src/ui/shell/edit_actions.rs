//! Edit actions on the selection: copy/cut/paste as Kubernetes YAML, duplicate, zoom to selection,
//! tidy layout.

use std::collections::{BTreeMap, BTreeSet};

use egui::Rect;

use crate::document::layout::auto_layout;
use crate::document::{self, Command, NODE_HEIGHT, NODE_WIDTH, Point};
use crate::manifest::{import, yaml};
use crate::model::{Model, Object, ObjectId};

use crate::ui::canvas::palette::free_spot;
use crate::ui::canvas::view::to_egui_rect;
use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::shell::dialogs::ToastLevel;

/// Where a pasted or duplicated object goes relative to its original.
const DUPLICATE_OFFSET: f32 = 30.0;

/// `base` if no object of that kind uses it in the namespace, else `base-copy`, `base-copy-2`…
fn free_name(model: &Model, object: &Object, base: &str) -> String {
    let namespace = object.effective_namespace();
    let taken = |name: &str| model.find(object.kind_name(), namespace, name).is_some();
    if !taken(base) {
        return base.to_owned();
    }
    (1..=model.len() + 1)
        .map(|n| {
            if n == 1 {
                format!("{base}-copy")
            } else {
                format!("{base}-copy-{n}")
            }
        })
        .find(|name| !taken(name))
        .unwrap_or_else(|| format!("{base}-copy"))
}

/// The objects of `selection` as a multi-document YAML stream (export order); `None` when none of
/// them is in the model.
pub(crate) fn selection_yaml(
    model: &Model,
    selection: &BTreeSet<ObjectId>,
) -> Option<Result<String, String>> {
    let mut objects: Vec<&Object> = selection.iter().filter_map(|id| model.get(*id)).collect();
    if objects.is_empty() {
        return None;
    }
    objects.sort_by(|a, b| {
        (
            crate::manifest::export::kind_order(a),
            a.effective_namespace(),
            a.name(),
        )
            .cmp(&(
                crate::manifest::export::kind_order(b),
                b.effective_namespace(),
                b.name(),
            ))
    });
    let values: Vec<_> = objects.into_iter().map(Object::to_value).collect();
    Some(yaml::to_yaml_stream(&values).map_err(|e| e.to_string()))
}

impl KubedraftApp {
    /// The selected objects as a multi-document YAML stream (export order); `None` when nothing is
    /// selected.
    #[must_use]
    pub fn selection_yaml(&self) -> Option<Result<String, String>> {
        // The objects as shown: in an environment, with its overrides.
        let shown = crate::ui::shell::app::shown(&self.doc, self.env_view.as_ref());
        selection_yaml(&shown.model, &self.view.selection)
    }

    /// Copies the selection as YAML (to the system clipboard at the end of the frame).
    pub(crate) fn copy_selection(&mut self) -> bool {
        match self.selection_yaml() {
            None => false,
            Some(Err(error)) => {
                self.toast(ToastLevel::Error, format!("Could not copy: {error}"));
                false
            }
            Some(Ok(text)) => {
                let count = self.view.selection.len();
                self.clipboard = Some(text);
                self.toast(
                    ToastLevel::Info,
                    format!("Copied {} as YAML", crate::ui::plural(count, "object")),
                );
                true
            }
        }
    }

    /// Adds the objects of pasted YAML (from an editor, kubectl, or kubedraft) near the view centre.
    pub fn paste_yaml(&mut self, text: &str) {
        let imported = import::parse_manifests(text, "clipboard");
        if imported.objects.is_empty() && imported.namespaces.is_empty() {
            let reason = imported.errors.first().map_or_else(
                || "no Kubernetes objects found".to_owned(),
                ToString::to_string,
            );
            self.toast(ToastLevel::Warning, format!("Nothing pasted: {reason}"));
            return;
        }
        let mut commands = Vec::new();
        let mut scratch = self.doc.clone();
        for (name, namespace) in imported.namespaces {
            if !scratch.model.namespaces().contains_key(&name) {
                let command = Command::AddNamespace {
                    name,
                    namespace,
                    frame: None,
                };
                if command.clone().apply(&mut scratch).is_ok() {
                    commands.push(command);
                }
            }
        }
        let centre = self.view.scene_rect.center();
        let centre = Point::new(centre.x, centre.y);
        let mut pasted = BTreeSet::new();
        let mut renamed = BTreeMap::new();
        for (mut object, _) in imported.objects {
            let original = object.name().to_owned();
            let name = free_name(&scratch.model, &object, &original);
            if object.pod_labels().is_some() && name != original {
                renamed.insert(original.clone(), name.clone());
            }
            object.metadata_mut().name = Some(name);
            document::refactor::relabel_copy(&mut object, &original);
            let id = self.doc.model.allocate_id();
            // Into its namespace's frame when there is one (frames grow to hold their objects).
            let start = object.effective_namespace().map_or(
                Point::new(centre.x - NODE_WIDTH / 2.0, centre.y - NODE_HEIGHT / 2.0),
                |ns| self.click_spot(ns, centre),
            );
            let position = free_spot(&scratch, start);
            let command = Command::AddObject {
                id,
                object,
                position,
            };
            if command.clone().apply(&mut scratch).is_ok() {
                commands.push(command);
                pasted.insert(id);
            }
        }
        // Services, budgets and policies pasted with a renamed workload select the copy.
        document::refactor::follow_copied_workloads_in(&mut commands, &renamed);
        let skipped = imported.errors.len();
        if skipped > 0 {
            self.toast(
                ToastLevel::Warning,
                format!(
                    "{} could not be read",
                    crate::ui::plural(skipped, "pasted document")
                ),
            );
        }
        if !commands.is_empty() {
            self.requests
                .push(Request::Command(Command::Batch(commands), None));
            self.requests.push(Request::Select(pasted));
        }
    }

    /// Copies of the selected objects, offset a little, as one step.
    pub(crate) fn duplicate_selection(&mut self) {
        let mut scratch = self.doc.clone();
        let mut commands = Vec::new();
        let mut copies = BTreeSet::new();
        let mut copy_of = BTreeMap::new();
        let mut renamed = BTreeMap::new();
        for id in self.view.selection.clone() {
            // The object as shown (in an environment, with its overrides).
            let shown = crate::ui::shell::app::shown(&self.doc, self.env_view.as_ref());
            let Some(original) = shown.model.get(id) else {
                continue;
            };
            let mut object = original.clone();
            let name = free_name(&scratch.model, &object, object.name());
            if object.pod_labels().is_some() && name != original.name() {
                renamed.insert(original.name().to_owned(), name.clone());
            }
            object.metadata_mut().name = Some(name);
            document::refactor::relabel_copy(&mut object, original.name());
            let from = self.doc.position(id);
            let position = free_spot(
                &scratch,
                Point::new(from.x + DUPLICATE_OFFSET, from.y + DUPLICATE_OFFSET),
            );
            let copy = self.doc.model.allocate_id();
            let command = Command::AddObject {
                id: copy,
                object,
                position,
            };
            if command.clone().apply(&mut scratch).is_ok() {
                commands.push(command);
                copies.insert(copy);
                copy_of.insert(id, copy);
            }
        }
        // Services, budgets and policies copied with a workload select the copy.
        document::refactor::follow_copied_workloads_in(&mut commands, &renamed);
        // Traffic drawn among the originals is drawn among the copies too.
        commands.extend(document::refactor::duplicate_intents(&self.doc, &copy_of));
        if !commands.is_empty() {
            self.requests
                .push(Request::Command(Command::Batch(commands), None));
            self.requests.push(Request::Select(copies));
        }
    }

    /// Frames the selected objects (everything when nothing is selected).
    pub(crate) fn zoom_to_selection(&mut self) {
        let rect = self
            .view
            .selection
            .iter()
            .filter(|id| self.doc.model.contains(**id))
            .map(|id| to_egui_rect(self.doc.node_rect(*id)))
            .reduce(Rect::union);
        match rect {
            Some(rect) => self.view.scene_rect = rect.expand(80.0),
            None => self.view.fit_pending = true,
        }
    }

    /// Re-applies the automatic layout (namespaces as frames, Ingress → Service → workloads).
    pub(crate) fn tidy_layout(&mut self) {
        let layout = auto_layout(&self.doc.model);
        let mut commands = vec![Command::MoveObjects {
            moves: layout.positions.into_iter().collect(),
        }];
        let names: BTreeSet<String> = self
            .doc
            .layout
            .frames
            .keys()
            .cloned()
            .chain(layout.frames.keys().cloned())
            .collect();
        for name in names {
            commands.push(Command::SetFrame {
                frame: layout.frames.get(&name).copied(),
                name,
            });
        }
        self.execute(Command::Batch(commands));
        self.view.fit_pending = true;
    }

    /// Whether an action can run now (menus grey it out, the command palette hides it).
    #[must_use]
    pub fn can_perform(&self, action: crate::ui::shell::actions::Action) -> bool {
        use crate::ui::shell::actions::Action;
        let has_selection = !self.view.selection.is_empty();
        match action {
            Action::Undo => self.history.undo_label().is_some(),
            Action::Redo => self.history.redo_label().is_some(),
            Action::Cut | Action::Copy | Action::Duplicate | Action::ZoomToSelection => {
                has_selection
            }
            // With no object selected, Delete and Rename act on the focused namespace frame.
            Action::Delete => has_selection || self.view.selected_namespace.is_some(),
            Action::Rename => {
                self.view.selection.len() == 1
                    || (!has_selection && self.view.selected_namespace.is_some())
            }
            Action::AddHorizontalPodAutoscaler | Action::AddPodDisruptionBudget => {
                self.selected_workload().is_some()
            }
            Action::SelectAll | Action::TidyLayout | Action::GeneratePolicies => {
                !self.doc.model.is_empty()
            }
            Action::ConvertIngressToGateway => self
                .doc
                .model
                .objects()
                .any(|(_, o)| o.kind() == crate::model::Kind::Ingress),
            _ => true,
        }
    }
}
