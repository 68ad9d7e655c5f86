//! Applying what the user asked for: commands as undo steps, actions, undo and redo, shortcuts,
//! and the frame's queued requests.

use std::collections::BTreeSet;

use egui::Rect;

use crate::document::history::Gesture;
use crate::document::{Command, Document};
use crate::reach::GenerateTarget;
use crate::ui::export::dialog::ExportKind;
use crate::ui::reach::state::{Impact, impact};
use crate::ui::shell::actions::Action;
use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::shell::dialogs::{Dialog, DialogKind, ToastLevel};
use crate::ui::workspace::{Pane, Workspace};

impl KubedraftApp {
    /// Applies a command as one undo step, reporting a refusal.
    pub fn execute(&mut self, command: Command) {
        self.execute_in(command, None);
    }

    fn execute_in(&mut self, command: Command, gesture: Option<Gesture>) {
        let impact = impact(&command);
        // An edit of the environment shown is written to it (the core decides how).
        let command = match &self.env {
            Some(env) => match crate::document::env_edit::in_environment(&self.doc, env, command) {
                Ok(command) => command,
                Err(error) => {
                    self.toast(ToastLevel::Error, error.to_string());
                    return;
                }
            },
            None => command,
        };
        match self.history.execute(&mut self.doc, command, gesture) {
            Ok(()) => self.changed_with(impact),
            Err(error) => self.toast(ToastLevel::Error, error.to_string()),
        }
    }

    /// Takes imported or exported workloads into the deployed baseline (K8S-API-010 compares the
    /// design with it). Not an undo step (undoing an edit does not undo an export), but the design
    /// needs saving.
    pub(crate) fn record_deployed(&mut self, deployed: crate::document::Deployed) {
        let before = self.doc.deployed.clone();
        self.doc.deployed.extend(deployed);
        if self.doc.deployed != before {
            self.history.mark_unsaved();
            self.changed_with(Impact::None);
        }
    }

    /// Records every workload of the design as exported today.
    pub(crate) fn record_export(&mut self) {
        let mut exported = crate::document::Deployed::default();
        let origin = crate::document::Origin::Exported {
            date: crate::document::deployed::today_utc(),
        };
        exported.record_model(&self.doc.model, &origin);
        self.record_deployed(exported);
    }

    /// After an edit whose effect on reachability is known.
    fn changed_with(&mut self, impact: Impact) {
        self.changed();
        self.reach.note(self.revision, impact);
    }

    fn changed(&mut self) {
        self.revision += 1;
        // What the rooms show is the shown environment's design: an object left out of it is
        // no longer selected.
        self.refresh_env_view();
        let shown = crate::ui::shell::app::shown(&self.doc, self.env_view.as_ref());
        self.view.selection.retain(|id| shown.model.contains(*id));
        // An undone "add namespace" must not leave its frame in focus: the palette would put the
        // next object into a namespace that no longer exists.
        if let Some(namespace) = &self.view.selected_namespace
            && !self.doc.model.all_namespace_names().contains(namespace)
        {
            self.view.selected_namespace = None;
        }
    }

    /// Runs an action from a menu, a shortcut or a test.
    // One arm per action reads best as one match.
    #[allow(clippy::too_many_lines)]
    pub fn perform(&mut self, action: Action) {
        match action {
            Action::New | Action::NewFromTemplate | Action::Open | Action::Quit
                if self.is_dirty() && !self.confirm_open =>
            {
                self.after_confirm = Some(action);
                self.confirm_open = true;
            }
            Action::New => self.replace_with(Self::with_document(Document::new(), None)),
            Action::Open => self.dialog = Some(Dialog::new(DialogKind::Open, String::new())),
            Action::Save => match self.path.clone() {
                Some(path) => self.save_to(path),
                None => self.perform(Action::SaveAs),
            },
            Action::SaveAs => {
                let suggestion = self.path.as_ref().map_or_else(
                    || {
                        format!(
                            "{}.ron",
                            self.design_name.split(' ').next().unwrap_or("design")
                        )
                    },
                    |p| p.display().to_string(),
                );
                self.dialog = Some(Dialog::new(DialogKind::SaveAs, suggestion));
            }
            Action::ExportImage => {
                let path = self.suggested_path(&format!("{}.svg", self.file_stem()));
                self.dialog = Some(Dialog::new(DialogKind::ExportImage, path));
            }
            Action::ImportManifests => {
                self.dialog = Some(Dialog::new(DialogKind::Import, String::new()));
            }
            Action::ExportYaml => self.open_export_dialog(ExportKind::Yaml),
            Action::ExportHelm => self.open_export_dialog(ExportKind::Helm),
            Action::ExportValues => self.open_export_dialog(ExportKind::Values),
            Action::ExportKustomize => self.open_export_dialog(ExportKind::Kustomize),
            Action::Quit => {
                self.allow_close = true;
                self.requests.push(Request::Action(Action::Quit));
            }
            Action::Undo => self.step_history(false),
            Action::Redo => self.step_history(true),
            Action::Delete | Action::Rename if self.view.selection.is_empty() => {
                self.namespace_action(action);
            }
            Action::Delete => {
                let removals: Vec<Command> = self
                    .view
                    .selection
                    .iter()
                    .map(|id| Command::RemoveObject { id: *id })
                    .collect();
                if !removals.is_empty() {
                    self.execute(Command::Batch(removals));
                }
            }
            Action::SelectAll => {
                self.view.selection = self.doc.model.objects().map(|(id, _)| id).collect();
            }
            Action::ZoomToFit => self.view.fit_pending = true,
            Action::ToggleTheme => self.view.dark = !self.view.dark,
            Action::ToggleReachOverlay => self.reach.overlay = !self.reach.overlay,
            Action::ToggleReachPanel => self.reach.panel = !self.reach.panel,
            Action::ToggleProblemsPanel => self.problems.panel = !self.problems.panel,
            Action::ToggleObjectsPanel => self.toggle_pane(Pane::Objects),
            Action::ToggleInspectorPanel => self.toggle_pane(Pane::Inspector),
            Action::ToggleYamlPanel => self.toggle_pane(Pane::Yaml),
            Action::ResetLayout => {
                self.workspace = Workspace::new();
                self.toast(
                    ToastLevel::Info,
                    "Layout reset: every room is back in its place.",
                );
            }
            Action::GeneratePolicies => {
                self.generate_policies_from_traffic(GenerateTarget::NetworkPolicy);
            }
            Action::GenerateBaselinePolicies => {
                self.generate_policies_from_traffic(GenerateTarget::Baseline);
            }
            Action::ConvertIngressToGateway => {
                self.convert_dialog = Some(crate::ui::shell::migrate::ConvertDialog::default());
            }
            Action::NewFromTemplate => self.template_chooser = true,
            Action::Copy => {
                self.clipboard_out |= self.copy_selection();
            }
            Action::Cut => {
                if self.copy_selection() {
                    self.clipboard_out = true;
                    self.perform(Action::Delete);
                }
            }
            Action::Paste => self.paste_requested = true,
            Action::Duplicate => self.duplicate_selection(),
            Action::Rename => {
                if let [id] = self
                    .view
                    .selection
                    .iter()
                    .copied()
                    .collect::<Vec<_>>()
                    .as_slice()
                    && let Some(object) = self.doc.model.get(*id)
                {
                    self.canvas.renaming = Some((*id, object.name().to_owned(), false));
                }
            }
            Action::ZoomToSelection => self.zoom_to_selection(),
            Action::TidyLayout => self.tidy_layout(),
            Action::CommandPalette => {
                self.command_palette =
                    Some(crate::ui::shell::command_palette::CommandPalette::default());
            }
            Action::AddConfigMap
            | Action::AddSecret
            | Action::AddPersistentVolumeClaim
            | Action::AddHorizontalPodAutoscaler
            | Action::AddPodDisruptionBudget => {
                if let Some(kind) = action.adds() {
                    self.add_typed_other(kind);
                }
            }
        }
    }

    /// Undoes (or redoes) one step, telling the reachability views what it changes.
    fn step_history(&mut self, redo: bool) {
        let next = if redo {
            self.history.next_redo()
        } else {
            self.history.next_undo()
        };
        let Some(impact) = next.map(impact) else {
            return;
        };
        let (result, verb) = if redo {
            (self.history.redo(&mut self.doc), "redo")
        } else {
            (self.history.undo(&mut self.doc), "undo")
        };
        match result {
            Ok(Some(_)) => self.changed_with(impact),
            Ok(None) => {}
            Err(error) => self.toast(ToastLevel::Error, format!("Could not {verb}: {error}")),
        }
    }

    /// Opens or closes a room that has no flag of its own (objects, inspector, YAML).
    fn toggle_pane(&mut self, pane: Pane) {
        let open = !self.workspace.is_open(pane);
        self.workspace.set_open(pane, open);
    }

    pub(super) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.modal_open() {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        if !typing {
            let clipboard_events: Vec<egui::Event> = ctx.input(|i| {
                i.events
                    .iter()
                    .filter(|e| {
                        matches!(
                            e,
                            egui::Event::Copy | egui::Event::Cut | egui::Event::Paste(_)
                        )
                    })
                    .cloned()
                    .collect()
            });
            for event in clipboard_events {
                self.requests.push(match event {
                    egui::Event::Copy => Request::Action(Action::Copy),
                    egui::Event::Cut => Request::Action(Action::Cut),
                    egui::Event::Paste(text) => Request::Paste(text),
                    _ => continue,
                });
            }
        }
        if !typing {
            self.environment_shortcuts(ctx);
        }
        for action in Action::ALL {
            if (typing && !action.works_while_typing()) || action.is_clipboard() {
                continue;
            }
            let shortcuts = action
                .shortcut()
                .into_iter()
                .chain(action.alternative_shortcuts().iter().copied());
            for shortcut in shortcuts {
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                    self.requests.push(Request::Action(action));
                }
            }
        }
    }

    /// Applies everything the last frame asked for, in order, in one place. A request may queue
    /// more (a paste queues its objects' commands); those are applied in the same pass.
    pub(super) fn apply_requests(&mut self, ctx: &egui::Context) {
        // Bounded: a request that kept queueing requests must not hang the app.
        for _ in 0..16 {
            if self.requests.is_empty() {
                break;
            }
            self.apply_queued(ctx);
        }
    }

    fn apply_queued(&mut self, ctx: &egui::Context) {
        for request in std::mem::take(&mut self.requests) {
            match request {
                Request::Command(command, gesture) => self.execute_in(command, gesture),
                Request::EndGesture => self.history.end_gesture(),
                Request::Action(Action::Quit) if self.allow_close => {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                Request::Action(action) => self.perform(action),
                Request::Select(selection) => {
                    if !selection.is_empty() {
                        self.view.selected_namespace = None;
                    }
                    self.view.selection = selection;
                }
                Request::Paste(text) => self.paste_yaml(&text),
                Request::FocusObject(id) => self.focus_object(id),
                Request::FocusProblem(id, field) => {
                    self.focus_object(id);
                    self.inspector.reveal(id, field);
                }
                Request::RenameNamespace(namespace) => self.start_namespace_rename(&namespace),
                Request::DeleteNamespace(namespace) => self.request_namespace_delete(&namespace),
                Request::SelectNamespace(namespace) => self.view.selected_namespace = namespace,
                Request::Toast(level, text) => self.toast(level, text),
                Request::CancelReach => self.reach.cancel_evaluation(),
                Request::EvaluateReachAgain => self.reach.evaluate_again(),
                Request::SetEnvironment(env) => self.set_environment(env),
                Request::EnvDialog(kind) => self.open_env_dialog(kind),
            }
        }
    }

    /// Selects one object and centres the view on it.
    fn focus_object(&mut self, id: crate::model::ObjectId) {
        self.view.selection = BTreeSet::from([id]);
        let node = crate::ui::canvas::view::to_egui_rect(self.doc.node_rect(id));
        self.view.scene_rect = Rect::from_center_size(node.center(), self.view.scene_rect.size());
    }
}
