//! Application state and the frame loop: draw, collect what the user asked for, apply it once.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::{Rect, Vec2};

use crate::design_file;
use crate::document::history::Gesture;
use crate::document::{Command, Document, History};
use crate::io::{self, Loaded};
use crate::manifest::export;
use crate::model::ObjectId;

use crate::ui::export::dialog::ExportKind;
use crate::ui::reach::state::{Impact, ReachView, impact};
use crate::ui::shell::actions::{Action, Menu};
use crate::ui::shell::autosave::{Autosave, Recovery};
use crate::ui::shell::dialogs::{Dialog, DialogKind, Toast, ToastLevel};
use crate::ui::workspace::{LAYOUT_KEY, Pane, Rooms, Workspace};

/// The example design shown on first start (and compiled in, so it is always there).
pub const EXAMPLE_NAME: &str = "web-tier";
const EXAMPLE_DESIGN: &str = include_str!("../../../examples/web-tier.ron");
const LAST_DESIGN_KEY: &str = "last_design";

/// What the user sees but does not save: selection, camera, panels.
#[derive(Debug)]
pub struct ViewState {
    pub selection: BTreeSet<ObjectId>,
    /// The visible part of the canvas, in canvas units (`egui::Scene` keeps it).
    pub scene_rect: Rect,
    /// Fit the whole design into view on the next frame.
    pub fit_pending: bool,
    /// Scene-to-screen zoom of the last frame (for the status bar).
    pub zoom: f32,
    pub dark: bool,
    /// Canvas-to-screen transform of the last frame (tests use it to drag in screen points).
    pub canvas_to_screen: Option<egui::emath::TSTransform>,
    /// The screen rectangle of the canvas in the last frame.
    pub canvas_screen_rect: Rect,
    /// A namespace frame the user clicked: new objects go into it.
    pub selected_namespace: Option<String>,
}

/// A node drag in progress: where the dragged objects started and how far they moved.
#[derive(Debug)]
pub(crate) struct DragState {
    pub gesture: Gesture,
    pub origins: Vec<(ObjectId, crate::document::Point)>,
    pub delta: Vec2,
    /// A namespace frame moved (or, with `resize`, resized) by this drag, and its stored rectangle.
    pub frame: Option<(String, Option<crate::document::Rect>)>,
    /// Whether the frame's bottom-right corner is dragged (resize) rather than its title (move).
    pub resize: bool,
}

/// What the UI asked for during a frame; applied after drawing.
// A handful per frame; boxing commands would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(crate) enum Request {
    Command(Command, Option<Gesture>),
    EndGesture,
    Action(Action),
    Select(BTreeSet<ObjectId>),
    FocusObject(ObjectId),
    /// YAML text from the system clipboard (Ctrl+V or Edit > Paste).
    Paste(String),
}

/// The kubedraft window.
// Independent flags (dialogs open, requests to the platform pending); a state machine would not help.
#[allow(clippy::struct_excessive_bools)]
pub struct KubedraftApp {
    pub doc: Document,
    pub history: History,
    pub view: ViewState,
    /// The design file Save writes to.
    pub path: Option<PathBuf>,
    /// Shown in the title bar: file stem, "Untitled", or the example's name.
    pub design_name: String,
    pub(crate) drag: Option<DragState>,
    /// A palette item being dragged onto the canvas.
    pub(crate) palette_drag: Option<crate::ui::canvas::palette::PaletteItem>,
    pub(crate) requests: Vec<Request>,
    pub(crate) dialog: Option<Dialog>,
    /// Export → YAML / Helm chart / values.yaml, with its preview.
    pub export_dialog: Option<crate::ui::export::dialog::ExportDialog>,
    pub(crate) toasts: Vec<Toast>,
    /// Documents an import could not read, shown until dismissed.
    pub(crate) skipped: Vec<String>,
    /// After the unsaved-changes question, what to do.
    pub(crate) after_confirm: Option<Action>,
    pub(crate) confirm_open: bool,
    allow_close: bool,
    next_gesture: u64,
    last_title: String,
    /// Bumped on every document change; caches key on it.
    pub(crate) revision: u64,
    /// The inspector's YAML of one object at one revision (serialising every frame is wasted work).
    pub(crate) yaml_preview: Option<(ObjectId, u64, Result<String, String>)>,
    /// Reachability overlay, matrix and their cached evaluation.
    pub reach: ReachView,
    /// Rule findings of the current revision and the problems panel's state.
    pub problems: crate::ui::problems::state::ProblemsView,
    /// Where unsaved work is written every 30 s and on exit (`None`: no autosave, as in most tests).
    pub(crate) autosave: Option<Autosave>,
    /// An autosave of a previous session, until the user recovers or discards it.
    pub(crate) recovery: Option<Recovery>,
    /// The revision last autosaved, so an unchanged design is not written again.
    autosaved_revision: u64,
    /// App time (seconds) of the last autosave check.
    last_autosave_at: Option<f64>,
    /// The user chose to discard the unsaved changes (on quit): nothing is kept on exit.
    discarded: bool,
    /// The YAML last copied (goes to the system clipboard at the end of the frame).
    pub clipboard: Option<String>,
    clipboard_out: bool,
    /// Edit > Paste asked the platform for the clipboard; it arrives as a paste event.
    paste_requested: bool,
    /// The command palette, while open.
    pub(crate) command_palette: Option<crate::ui::shell::command_palette::CommandPalette>,
    /// The "New from template" chooser is open.
    pub(crate) template_chooser: bool,
    /// A connection being dragged from a node's handle.
    pub(crate) connecting: Option<crate::ui::canvas::connect::ConnectDrag>,
    /// After StatefulSet→Service: the Service the app offers to make headless.
    pub(crate) headless_offer: Option<ObjectId>,
    /// A connection asking which of the target's ports it is about.
    pub(crate) port_choice: Option<crate::ui::canvas::connect::PortChoice>,
    /// The namespace a palette click would place into, while a palette button is hovered.
    pub(crate) palette_target: Option<String>,
    /// A namespace whose deletion (with its objects) waits for the designer's answer.
    pub(crate) namespace_delete: Option<String>,
    /// A namespace being renamed.
    pub(crate) namespace_rename: Option<crate::ui::canvas::namespace_edit::NamespaceRename>,
    /// An object being renamed in place: id, the text so far, whether the field got focus.
    pub(crate) renaming: Option<(ObjectId, String, bool)>,
    /// A selection rectangle being dragged (canvas units: start, current).
    pub(crate) rubber_band: Option<(egui::Pos2, egui::Pos2)>,
    /// Extra edges drawn over the relations, by layer name (overlays fill them; the canvas draws
    /// every layer after the relations and the traffic intents).
    pub edge_layers:
        std::collections::BTreeMap<String, Vec<crate::ui::canvas::overlay::OverlayEdge>>,
    /// Badges drawn on nodes (the rules fill them; the canvas draws the first per node).
    pub node_badges: std::collections::BTreeMap<ObjectId, crate::ui::canvas::overlay::NodeBadge>,
    /// The inspector's tab (form or YAML).
    pub(crate) inspector_tab: crate::ui::inspector::edit::InspectorTab,
    /// YAML tab edits not applied yet, kept per object until applied or reverted.
    pub(crate) yaml_drafts: crate::ui::inspector::edit::YamlDrafts,
    /// A PNG export waiting for the canvas to be drawn without the dialog (frames left, path).
    pub(crate) pending_png: Option<(u8, PathBuf)>,
    /// The view to restore once a PNG export (which fits the whole design) is written.
    pub(crate) png_view_before: Option<egui::Rect>,
    /// Results of PNG exports, sent by the screenshot callback.
    pub(crate) image_results: Option<std::sync::mpsc::Receiver<Result<String, String>>>,
    /// Drawing data computed once per edit.
    pub(crate) canvas_cache: crate::ui::canvas::cache::CanvasCache,
    /// Namespaces folded in the object list.
    pub(crate) collapsed_namespaces: BTreeSet<String>,
    /// The inspector field being edited and its undo step.
    pub(crate) inspector_gesture: Option<(Option<egui::Id>, Gesture)>,
    /// The tiled workspace: where each room is, which are open.
    pub workspace: Workspace,
    /// The YAML room's rendered text.
    pub(crate) yaml_pane: crate::ui::inspector::yaml_pane::YamlPane,
}

impl KubedraftApp {
    /// Builds the app on `loaded`, or on the last design (from eframe's storage), or on the example.
    #[must_use]
    pub fn new(cc: &eframe::CreationContext<'_>, loaded: Option<Loaded>) -> Self {
        let last = cc
            .storage
            .and_then(|s| s.get_string(LAST_DESIGN_KEY))
            .map(PathBuf::from);
        let mut app = match loaded {
            Some(loaded) => Self::from_loaded(loaded),
            None => last
                .filter(|p| p.exists())
                .and_then(|path| io::read_design(&path).ok().map(|doc| (doc, path)))
                .map_or_else(Self::with_example, |(doc, path)| {
                    Self::with_document(doc, Some(path))
                }),
        };
        app.view.dark = cc.egui_ctx.theme() == egui::Theme::Dark;
        if let Some(workspace) = cc
            .storage
            .and_then(|s| s.get_string(LAYOUT_KEY))
            .and_then(|text| Workspace::from_saved(&text))
        {
            app.workspace = workspace;
        }
        app
    }

    /// The app on the bundled example design.
    #[must_use]
    pub fn with_example() -> Self {
        match design_file::from_ron(EXAMPLE_DESIGN) {
            Ok(doc) => {
                let mut app = Self::with_document(doc, None);
                app.design_name = format!("{EXAMPLE_NAME} (example)");
                app
            }
            Err(error) => {
                let mut app = Self::with_document(Document::new(), None);
                app.toast(
                    ToastLevel::Error,
                    format!("The bundled example could not be read: {error}"),
                );
                app
            }
        }
    }

    /// The app on what `kubedraft open` loaded.
    #[must_use]
    pub fn from_loaded(loaded: Loaded) -> Self {
        let mut app = Self::with_document(loaded.document, loaded.design_path);
        app.skipped = loaded.skipped.iter().map(ToString::to_string).collect();
        if app.path.is_none() {
            "Imported manifests".clone_into(&mut app.design_name);
        }
        app
    }

    /// The app on a document, saved to `path` (if any).
    #[must_use]
    pub fn with_document(doc: Document, path: Option<PathBuf>) -> Self {
        let design_name = path.as_ref().and_then(|p| p.file_stem()).map_or_else(
            || "Untitled".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let reach = ReachView::new(&doc.model);
        KubedraftApp {
            doc,
            reach,
            problems: crate::ui::problems::state::ProblemsView::default(),
            history: History::new(),
            view: ViewState {
                selection: BTreeSet::new(),
                scene_rect: Rect::ZERO,
                fit_pending: true,
                zoom: 1.0,
                dark: true,
                canvas_to_screen: None,
                canvas_screen_rect: Rect::NOTHING,
                selected_namespace: None,
            },
            path,
            design_name,
            drag: None,
            palette_drag: None,
            requests: Vec::new(),
            dialog: None,
            export_dialog: None,
            toasts: Vec::new(),
            skipped: Vec::new(),
            after_confirm: None,
            confirm_open: false,
            allow_close: false,
            next_gesture: 0,
            last_title: String::new(),
            revision: 0,
            yaml_preview: None,
            autosave: None,
            recovery: None,
            autosaved_revision: 0,
            last_autosave_at: None,
            discarded: false,
            clipboard: None,
            clipboard_out: false,
            paste_requested: false,
            command_palette: None,
            template_chooser: false,
            connecting: None,
            headless_offer: None,
            port_choice: None,
            namespace_delete: None,
            palette_target: None,
            namespace_rename: None,
            renaming: None,
            rubber_band: None,
            edge_layers: std::collections::BTreeMap::new(),
            node_badges: std::collections::BTreeMap::new(),
            inspector_tab: crate::ui::inspector::edit::InspectorTab::Form,
            yaml_drafts: std::collections::BTreeMap::new(),
            inspector_gesture: None,
            pending_png: None,
            png_view_before: None,
            image_results: None,
            canvas_cache: crate::ui::canvas::cache::CanvasCache::default(),
            collapsed_namespaces: BTreeSet::new(),
            workspace: Workspace::new(),
            yaml_pane: crate::ui::inspector::yaml_pane::YamlPane::default(),
        }
    }

    /// Autosaves into `autosave`, and offers to recover what a previous session left there.
    #[must_use]
    pub fn with_autosave(mut self, autosave: Option<Autosave>) -> Self {
        self.recovery = autosave.as_ref().and_then(Autosave::pending);
        self.autosave = autosave;
        self
    }

    /// Whether the app is asking to recover an autosave of a previous session.
    #[must_use]
    pub fn recovery_offered(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// Replaces the whole app state with `next` (New, Open, Recover), keeping the theme and autosave.
    pub(crate) fn replace_with(&mut self, next: Self) {
        let dark = self.view.dark;
        let autosave = self.autosave.take();
        // The layout is the user's, not the design's: it stays as they arranged it.
        let workspace = std::mem::replace(&mut self.workspace, Workspace::placeholder());
        *self = next;
        self.view.dark = dark;
        self.autosave = autosave;
        self.workspace = workspace;
    }

    /// Autosaves when the design changed and [`crate::ui::shell::autosave::INTERVAL_SECONDS`] have passed since
    /// the last check. `now` is the app's clock in seconds.
    pub fn autosave_tick(&mut self, now: f64) {
        if self.autosave.is_none() {
            return;
        }
        let since = *self.last_autosave_at.get_or_insert(now);
        if now - since >= crate::ui::shell::autosave::INTERVAL_SECONDS {
            self.last_autosave_at = Some(now);
            self.autosave_now();
        }
    }

    /// Writes the autosave if there are unsaved changes not yet autosaved.
    pub fn autosave_now(&mut self) {
        // An autosave waiting to be recovered is never overwritten.
        if self.recovery.is_some() || !self.is_dirty() || self.revision == self.autosaved_revision {
            return;
        }
        let Some(autosave) = &self.autosave else {
            return;
        };
        match autosave.write(&self.doc, self.path.as_deref()) {
            Ok(()) => self.autosaved_revision = self.revision,
            Err(error) => self.toast(ToastLevel::Warning, format!("Autosave failed: {error}")),
        }
    }

    /// Removes the autosave: the work is saved, or the user threw it away.
    pub(crate) fn clear_autosave(&mut self) {
        if let Some(autosave) = &self.autosave
            && let Err(error) = autosave.clear()
        {
            self.toast(
                ToastLevel::Warning,
                format!("Could not remove the autosave: {error}"),
            );
        }
        self.autosaved_revision = 0;
    }

    /// The user discarded the unsaved changes (unsaved-changes question).
    pub(crate) fn discard_changes(&mut self) {
        self.discarded = true;
        self.clear_autosave();
    }

    /// Recovers the autosave of a previous session as an unsaved design.
    pub fn recover_autosave(&mut self) {
        let Some(recovery) = self.recovery.take() else {
            return;
        };
        let Some(autosave) = self.autosave.clone() else {
            return;
        };
        match autosave.load() {
            Ok(doc) => {
                let mut next = Self::with_document(doc, recovery.origin.clone());
                if recovery.origin.is_none() {
                    "Recovered design".clone_into(&mut next.design_name);
                }
                next.history.mark_unsaved();
                // "Changes since save" compares with the file the work came from, when it is there.
                if let Some(saved) = recovery
                    .origin
                    .as_deref()
                    .and_then(|p| io::read_design(p).ok())
                {
                    next.reach = ReachView::new(&saved.model);
                }
                self.replace_with(next);
                self.toast(
                    ToastLevel::Info,
                    "Recovered the autosaved design; save it to keep it.",
                );
            }
            Err(error) => {
                self.toast(
                    ToastLevel::Error,
                    format!("Could not recover the autosave: {error}"),
                );
            }
        }
    }

    /// Throws the autosave of a previous session away.
    pub fn discard_recovery(&mut self) {
        self.recovery = None;
        self.clear_autosave();
    }

    /// The gesture id `new_gesture` hands out next.
    pub(crate) fn peek_gesture(&self) -> Gesture {
        Gesture(self.next_gesture + 1)
    }

    pub(crate) fn new_gesture(&mut self) -> Gesture {
        self.next_gesture += 1;
        Gesture(self.next_gesture)
    }

    pub(crate) fn toast(&mut self, level: ToastLevel, text: impl Into<String>) {
        self.toasts.push(Toast::new(level, text.into()));
    }

    /// Applies a command as one undo step, reporting a refusal.
    pub fn execute(&mut self, command: Command) {
        self.execute_in(command, None);
    }

    fn execute_in(&mut self, command: Command, gesture: Option<Gesture>) {
        let impact = impact(&command);
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
        self.view
            .selection
            .retain(|id| self.doc.model.contains(*id));
        // An undone "add namespace" must not leave its frame in focus: the palette would put the
        // next object into a namespace that no longer exists.
        if let Some(namespace) = &self.view.selected_namespace
            && !self.doc.model.all_namespace_names().contains(namespace)
        {
            self.view.selected_namespace = None;
        }
    }

    /// The document revision (bumped on every change; view caches key on it).
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are changes that were not saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
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
            Action::GeneratePolicies => self.generate_policies_from_traffic(),
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
                    self.renaming = Some((*id, object.name().to_owned(), false));
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

    /// Where an export named `file` is suggested: beside the design file when it has one, else in
    /// the folder kubedraft was started from; shown in full, so the user sees where it goes.
    pub(crate) fn suggested_path(&self, file: &str) -> String {
        let folder = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .filter(|p| !p.as_os_str().is_empty())
            .map(std::path::Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok());
        match folder {
            Some(folder) => folder.join(file).display().to_string(),
            None => file.to_owned(),
        }
    }

    /// The design's name as a file stem ("web-tier" for "web-tier (example)").
    fn file_stem(&self) -> String {
        self.design_name
            .split(' ')
            .next()
            .unwrap_or("design")
            .to_owned()
    }

    /// Saves the design to `path` and makes it the design's file; a failure is reported as a toast.
    pub fn save_to(&mut self, path: PathBuf) {
        if let Err(error) = self.try_save_to(path) {
            self.toast(ToastLevel::Error, error);
        }
    }

    /// Saves the design to `path` and makes it the design's file, or says why it could not.
    pub fn try_save_to(&mut self, path: PathBuf) -> Result<(), String> {
        io::save_design(&path, &self.doc).map_err(|e| e.to_string())?;
        self.history.mark_saved();
        self.reach.mark_saved(&self.doc.model, self.revision);
        self.clear_autosave();
        self.design_name = path
            .file_stem()
            .map_or_else(|| "design".to_owned(), |s| s.to_string_lossy().into_owned());
        self.toast(ToastLevel::Info, format!("Saved {}", path.display()));
        self.path = Some(path);
        Ok(())
    }

    /// Opens designs or manifests, replacing the current design.
    pub fn open_paths(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        let loaded = io::load(paths).map_err(|e| e.to_string())?;
        // Nothing readable at all: keep the open design rather than replace it with an empty one.
        if loaded.document.model.is_empty()
            && loaded.document.model.namespaces().is_empty()
            && let Some(first) = loaded.skipped.first()
        {
            return Err(format!(
                "Nothing could be read, the open design is kept: {first}{}",
                match loaded.skipped.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", crate::ui::plural(n - 1, "document")),
                }
            ));
        }
        let skipped = loaded.skipped.len();
        self.replace_with(Self::from_loaded(loaded));
        if skipped > 0 {
            self.toast(
                ToastLevel::Warning,
                format!(
                    "{} could not be read; see the list",
                    crate::ui::plural(skipped, "document")
                ),
            );
        }
        Ok(())
    }

    /// Adds manifests from files or folders into the open design as one undoable command; documents
    /// that cannot be read are listed, the rest is imported.
    pub fn import_paths(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        let mut imported = io::read_manifests(paths).map_err(|e| e.to_string())?;
        let skipped: Vec<String> = imported.errors.drain(..).map(|e| e.to_string()).collect();
        if imported.objects.is_empty() && imported.namespaces.is_empty() {
            return Err(skipped
                .first()
                .cloned()
                .unwrap_or_else(|| "No Kubernetes objects found.".to_owned()));
        }
        let merge = crate::manifest::merge::merge_command(&mut self.doc, imported);
        let revision = self.revision;
        self.execute(merge.command);
        if self.revision != revision {
            // Applied: the imported text is what runs (or will run).
            self.record_deployed(merge.deployed);
        }
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        self.toast(
            ToastLevel::Info,
            format!(
                "Imported {} new and {} updated objects from {}",
                merge.added,
                merge.replaced,
                names.join(", ")
            ),
        );
        if !skipped.is_empty() {
            self.toast(
                ToastLevel::Warning,
                format!(
                    "{} could not be read; see the list",
                    crate::ui::plural(skipped.len(), "document")
                ),
            );
            self.skipped.extend(skipped);
        }
        self.view.fit_pending = true;
        Ok(())
    }

    /// Files dropped on the window: manifests are imported into the design.
    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let paths: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if paths.is_empty() {
            return;
        }
        if let Err(error) = self.import_paths(&paths) {
            self.toast(ToastLevel::Error, error);
        }
    }

    /// Writes the YAML export of the design.
    pub fn export_yaml_to(&mut self, path: &std::path::Path) -> Result<(), String> {
        let text = export::to_yaml(&self.doc.model).map_err(|e| e.to_string())?;
        io::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())?;
        self.record_export();
        let count = export::manifests(&self.doc.model).len();
        self.toast(
            ToastLevel::Info,
            format!("Exported {count} objects to {}", path.display()),
        );
        Ok(())
    }

    fn window_title(&self) -> String {
        let dirty = if self.is_dirty() { " •" } else { "" };
        format!("{}{dirty} — kubedraft", self.design_name)
    }

    /// Whether a modal dialog is open. While one is, the app's and the canvas's shortcuts do not
    /// fire: keys belong to the dialog (Delete in its field must not delete objects behind it).
    #[must_use]
    pub fn modal_open(&self) -> bool {
        self.dialog.is_some()
            || self.export_dialog.is_some()
            || self.confirm_open
            || self.recovery.is_some()
            || self.namespace_delete.is_some()
            || self.namespace_rename.is_some()
            || self.headless_offer.is_some()
            || self.port_choice.is_some()
            || self.template_chooser
            || self.command_palette.is_some()
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
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
    fn apply_requests(&mut self, ctx: &egui::Context) {
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
                Request::FocusObject(id) => {
                    self.view.selection = BTreeSet::from([id]);
                    let node = crate::ui::canvas::view::to_egui_rect(self.doc.node_rect(id));
                    self.view.scene_rect =
                        Rect::from_center_size(node.center(), self.view.scene_rect.size());
                }
            }
        }
    }
}

impl eframe::App for KubedraftApp {
    /// State, before drawing: what the last frame asked for is applied once, then everything
    /// derived from the document is brought up to date, then timers run. Also runs while the
    /// window is hidden, so autosave keeps working.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.after_confirm = Some(Action::Quit);
            self.confirm_open = true;
        }
        self.apply_requests(ctx);
        self.refresh_derived();
        self.autosave_tick(ctx.input(|i| i.time));
        if self.is_dirty() && self.autosave.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                crate::ui::shell::autosave::INTERVAL_SECONDS,
            ));
        }
    }

    /// Drawing: every room reads the document and the derived data and queues requests.
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let theme = if self.view.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        if ctx.theme() != theme {
            ctx.set_theme(theme);
        }
        self.handle_shortcuts(&ctx);
        self.end_field_gesture(&ctx);
        self.handle_dropped_files(&ctx);
        self.menu_bar_ui(ui);
        self.palette_ui(ui);
        self.status_bar_ui(ui);
        egui::CentralPanel::no_frame().show(ui, |ui| self.workspace_ui(ui));
        self.dialogs_ui(&ctx);
        self.rule_docs_window_ui(&ctx);
        self.command_palette_ui(&ctx);
        self.headless_offer_ui(&ctx);
        self.port_choice_ui(&ctx);
        self.namespace_delete_ui(&ctx);
        self.namespace_rename_ui(&ctx);
        self.template_chooser_ui(&ctx);
        self.palette_drag_ui(&ctx);
        if std::mem::take(&mut self.clipboard_out)
            && let Some(text) = &self.clipboard
        {
            ctx.copy_text(text.clone());
        }
        self.image_export_frame(&ctx);
        if std::mem::take(&mut self.paste_requested) {
            ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
        }
        if !self.requests.is_empty() {
            // They are applied at the start of the next frame, which must come now.
            ctx.request_repaint();
        }
        let title = self.window_title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some(path) = &self.path {
            storage.set_string(LAST_DESIGN_KEY, path.display().to_string());
        }
        if let Some(layout) = self.workspace.to_saved() {
            storage.set_string(LAYOUT_KEY, layout);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.exit_autosave();
    }
}

impl KubedraftApp {
    /// Brings everything derived from the document up to the current revision: rule findings
    /// and node badges, and (while a reachability view is open) the evaluation.
    pub(crate) fn refresh_derived(&mut self) {
        self.refresh_problems();
        if self.reach.active() {
            self.reach.refresh(&self.doc, self.revision);
        }
    }

    /// Opens or closes a room that has no flag of its own (objects, inspector, YAML).
    fn toggle_pane(&mut self, pane: Pane) {
        let open = !self.workspace.is_open(pane);
        self.workspace.set_open(pane, open);
    }

    /// The workspace, with the rooms' open flags mirrored into it first and the tabs the user
    /// closed turned back into flags after.
    fn workspace_ui(&mut self, ui: &mut egui::Ui) {
        let mut workspace = std::mem::replace(&mut self.workspace, Workspace::placeholder());
        workspace.set_open(Pane::Canvas, true);
        workspace.set_open(Pane::Problems, self.problems.panel);
        workspace.set_open(Pane::Matrix, self.reach.panel);
        workspace.set_open(Pane::Why, self.reach.panel);
        if std::mem::take(&mut self.reach.why_requested) {
            workspace.bring_to_front(Pane::Why);
        }
        let mut rooms = Rooms {
            app: self,
            closed: Vec::new(),
        };
        workspace.ui(&mut rooms, ui);
        for pane in std::mem::take(&mut rooms.closed) {
            match pane {
                Pane::Problems => self.problems.panel = false,
                Pane::Matrix | Pane::Why => self.reach.panel = false,
                other => workspace.set_open(other, false),
            }
        }
        self.workspace = workspace;
    }

    /// On exit: unsaved work is autosaved (so the next start offers it), anything else is removed.
    pub fn exit_autosave(&mut self) {
        if self.recovery.is_some() {
            // Neither recovered nor discarded: keep it for the next start.
            return;
        }
        if self.is_dirty() && !self.discarded {
            self.autosave_now();
        } else {
            self.clear_autosave();
        }
    }
}

impl KubedraftApp {
    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    for action in [
                        Action::New,
                        Action::NewFromTemplate,
                        Action::Open,
                        Action::Save,
                        Action::SaveAs,
                    ] {
                        self.menu_item_ui(ui, action, action.label().to_owned(), true);
                    }
                    ui.separator();
                    let import = Action::ImportManifests;
                    self.menu_item_ui(ui, import, import.label().to_owned(), true);
                    ui.separator();
                    self.menu_item_ui(ui, Action::Quit, "Quit".to_owned(), true);
                });
                for (title, menu) in [
                    ("Export", Menu::Export),
                    ("Edit", Menu::Edit),
                    ("View", Menu::View),
                ] {
                    ui.menu_button(title, |ui| {
                        for action in Action::in_menu(menu) {
                            if matches!(
                                action,
                                Action::Cut
                                    | Action::AddConfigMap
                                    | Action::TidyLayout
                                    | Action::ToggleReachOverlay
                                    | Action::GeneratePolicies
                            ) {
                                ui.separator();
                            }
                            let label = self.menu_label(action);
                            let enabled = self.can_perform(action);
                            self.menu_item_ui(ui, action, label, enabled);
                        }
                    });
                }
            });
        });
    }

    /// The menu text of an action: "Undo Move api-server", "Light theme"…
    fn menu_label(&self, action: Action) -> String {
        match action {
            Action::Undo => self
                .history
                .undo_label()
                .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
            Action::Redo => self
                .history
                .redo_label()
                .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
            Action::ToggleTheme if self.view.dark => "Light theme".to_owned(),
            Action::ToggleTheme => "Dark theme".to_owned(),
            Action::ToggleReachOverlay if self.reach.overlay => "Hide reachability".to_owned(),
            Action::ToggleReachPanel if self.reach.panel => "Hide reachability matrix".to_owned(),
            Action::ToggleProblemsPanel if self.problems.panel => "Hide problems".to_owned(),
            Action::ToggleObjectsPanel if self.workspace.is_open(Pane::Objects) => {
                "Hide objects".to_owned()
            }
            Action::ToggleInspectorPanel if self.workspace.is_open(Pane::Inspector) => {
                "Hide inspector".to_owned()
            }
            Action::ToggleYamlPanel if self.workspace.is_open(Pane::Yaml) => {
                "Hide manifests".to_owned()
            }
            other => other.label().to_owned(),
        }
    }

    fn menu_item_ui(&mut self, ui: &mut egui::Ui, action: Action, label: String, enabled: bool) {
        let mut button = egui::Button::new(label);
        if let Some(shortcut) = action.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.requests.push(Request::Action(action));
        }
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                let model = &self.doc.model;
                let mut counts: std::collections::BTreeMap<&str, usize> =
                    std::collections::BTreeMap::new();
                for (_, object) in model.objects() {
                    *counts.entry(object.kind_name()).or_default() += 1;
                }
                let mut parts: Vec<String> = crate::model::Kind::EDITABLE
                    .iter()
                    .map(|k| count_of(counts.get(k.as_str()).copied().unwrap_or(0), k.as_str()))
                    .collect();
                let others: usize = counts
                    .iter()
                    .filter(|(k, _)| {
                        !crate::model::Kind::EDITABLE
                            .iter()
                            .any(|e| e.as_str() == **k)
                    })
                    .map(|(_, n)| n)
                    .sum();
                if others > 0 {
                    parts.push(format!("{others} other"));
                }
                let namespaces = model.all_namespace_names().len();
                let noun = if namespaces == 1 {
                    "namespace"
                } else {
                    "namespaces"
                };
                ui.label(format!("{namespaces} {noun} · {}", parts.join(" · ")));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format!("Zoom {:.0}%", self.view.zoom * 100.0));
                    ui.separator();
                    self.problems_status_ui(ui);
                    ui.separator();
                    let selected = self.view.selection.len();
                    if selected > 0 {
                        ui.label(format!("{selected} selected"));
                        ui.separator();
                    }
                    if !self.doc.complete {
                        ui.label("Incomplete design (imported)")
                            .on_hover_text("References to objects outside the design are allowed.");
                    }
                });
            });
        });
    }
}

/// "1 Ingress", "2 Ingresses", "3 NetworkPolicies".
fn count_of(count: usize, kind: &str) -> String {
    if count == 1 {
        format!("1 {kind}")
    } else if let Some(stem) = kind.strip_suffix('y') {
        format!("{count} {stem}ies")
    } else if kind.ends_with('s') {
        format!("{count} {kind}es")
    } else {
        format!("{count} {kind}s")
    }
}
