//! Application state and the frame loop: draw, collect what the user asked for, apply it once.
//! Applying requests is in `perform`, files and autosave in `files`, the bars in `menu`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::Rect;

use crate::design_file;
use crate::document::history::Gesture;
use crate::document::{Command, Document, History};
use crate::io::{self, Loaded};
use crate::model::ObjectId;
use crate::ui::reach::state::ReachView;
use crate::ui::shell::actions::Action;
use crate::ui::shell::autosave::{Autosave, Recovery};
use crate::ui::shell::dialogs::{Dialog, Toast, ToastLevel};
use crate::ui::workspace::{LAYOUT_KEY, Pane, Rooms, Workspace};

/// The example design shown on first start (and compiled in, so it is always there).
pub const EXAMPLE_NAME: &str = "web-tier";
const EXAMPLE_DESIGN: &str = include_str!("../../../examples/web-tier.ron");
const LAST_DESIGN_KEY: &str = "last_design";

/// The design the rooms show: the effective design of the chosen environment when there is one
/// (see [`KubedraftApp::env`]), else the design itself. A free function so that callers can
/// borrow other fields of the app beside it.
pub(crate) fn shown<'a>(doc: &'a Document, env_view: Option<&'a (u64, Document)>) -> &'a Document {
    env_view.map_or(doc, |(_, effective)| effective)
}

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
    /// Focus an object and open the inspector's problems list on one of its findings (a click
    /// in the problems room): the object and the finding's field path.
    FocusProblem(ObjectId, String),
    /// Open the rename field of a namespace (the inspector of a selected frame).
    RenameNamespace(String),
    /// Delete a namespace with its objects, asking first when it holds any.
    DeleteNamespace(String),
    /// YAML text from the system clipboard (Ctrl+V or Edit > Paste).
    Paste(String),
    /// Focus a namespace frame (new objects go into it), or none.
    SelectNamespace(Option<String>),
    /// Tell the user something (a refusal, what a connection did).
    Toast(ToastLevel, String),
    /// Stop the background reachability evaluation (the overlay's Cancel button).
    CancelReach,
    /// Evaluate reachability again after a cancel.
    EvaluateReachAgain,
    /// Show an environment's effective design (`None`: the base).
    SetEnvironment(Option<String>),
    /// Open the New / Rename / Delete environment dialog.
    EnvDialog(crate::ui::environments::EnvDialogKind),
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
    /// The canvas room's own state (drags, connecting, renaming, its questions).
    pub(crate) canvas: crate::ui::canvas::state::CanvasState,
    pub(crate) requests: Vec<Request>,
    pub(crate) dialog: Option<Dialog>,
    /// Export → YAML / Helm chart / values.yaml, with its preview.
    pub export_dialog: Option<crate::ui::export::dialog::ExportDialog>,
    pub(crate) toasts: Vec<Toast>,
    /// Documents an import could not read, shown until dismissed.
    pub(crate) skipped: Vec<String>,
    /// Files of an imported folder that are not Kubernetes manifests (values files, CI
    /// configs…), listed with the skipped documents until dismissed.
    pub import_notes: Vec<String>,
    /// After the unsaved-changes question, what to do.
    pub(crate) after_confirm: Option<Action>,
    pub(crate) confirm_open: bool,
    pub(super) allow_close: bool,
    pub(super) next_gesture: u64,
    pub(super) last_title: String,
    /// Bumped on every document change; caches key on it.
    pub(crate) revision: u64,
    /// Reachability overlay, matrix and their cached evaluation.
    pub reach: ReachView,
    /// Rule findings of the current revision and the problems panel's state.
    pub problems: crate::ui::problems::state::ProblemsView,
    /// Where unsaved work is written every 30 s and on exit (`None`: no autosave, as in most tests).
    pub(crate) autosave: Option<Autosave>,
    /// An autosave of a previous session, until the user recovers or discards it.
    pub(crate) recovery: Option<Recovery>,
    /// The revision last autosaved, so an unchanged design is not written again.
    pub(super) autosaved_revision: u64,
    /// App time (seconds) of the last autosave check.
    pub(super) last_autosave_at: Option<f64>,
    /// The user chose to discard the unsaved changes (on quit): nothing is kept on exit.
    pub(super) discarded: bool,
    /// The YAML last copied (goes to the system clipboard at the end of the frame).
    pub clipboard: Option<String>,
    pub(super) clipboard_out: bool,
    /// Edit > Paste asked the platform for the clipboard; it arrives as a paste event.
    pub(super) paste_requested: bool,
    /// The command palette, while open.
    pub(crate) command_palette: Option<crate::ui::shell::command_palette::CommandPalette>,
    /// The "New from template" chooser is open.
    pub(crate) template_chooser: bool,
    /// The Ingress → Gateway API conversion dialog, while open.
    pub(crate) convert_dialog: Option<crate::ui::shell::migrate::ConvertDialog>,
    /// Extra edges drawn over the relations, by layer name (overlays fill them; the canvas draws
    /// every layer after the relations and the traffic intents).
    pub edge_layers:
        std::collections::BTreeMap<String, Vec<crate::ui::canvas::overlay::OverlayEdge>>,
    /// Badges drawn on nodes (the rules fill them; the canvas draws the first per node).
    pub node_badges: std::collections::BTreeMap<ObjectId, crate::ui::canvas::overlay::NodeBadge>,
    /// The inspector room's own state (tab, YAML drafts, field gesture, revealed problem).
    pub(crate) inspector: crate::ui::inspector::state::InspectorState,
    /// A PNG export waiting for the canvas to be drawn without the dialog (frames left, path).
    pub(crate) pending_png: Option<(u8, PathBuf)>,
    /// The view to restore once a PNG export (which fits the whole design) is written.
    pub(crate) png_view_before: Option<egui::Rect>,
    /// Results of PNG exports, sent by the screenshot callback.
    pub(crate) image_results: Option<std::sync::mpsc::Receiver<Result<String, String>>>,
    /// Drawing data computed once per edit.
    pub(crate) canvas_cache: crate::ui::canvas::cache::CanvasCache,
    /// The object list room's state (folded namespaces).
    pub(crate) objects_list: crate::ui::inspector::panel::ObjectsList,
    /// The tiled workspace: where each room is, which are open.
    pub workspace: Workspace,
    /// The YAML room's rendered text.
    pub(crate) yaml_pane: crate::ui::inspector::yaml_pane::YamlPane,
    /// The environment the rooms show (`None`: the base). View state: not saved in the design.
    pub env: Option<String>,
    /// The effective design of [`Self::env`] and the revision it was made for.
    pub(crate) env_view: Option<(u64, Document)>,
    /// The New / Rename / Delete environment dialog, while open.
    pub(crate) env_dialog: Option<crate::ui::environments::EnvDialog>,
    /// The environment compare room is open.
    pub env_compare: bool,
    /// The compare room's rows of the last revision it drew.
    pub(crate) compare_cache: crate::ui::environments::CompareCache,
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
        app.import_notes = loaded.notes.iter().map(ToString::to_string).collect();
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
            canvas: crate::ui::canvas::state::CanvasState::default(),
            requests: Vec::new(),
            dialog: None,
            export_dialog: None,
            toasts: Vec::new(),
            skipped: Vec::new(),
            import_notes: Vec::new(),
            after_confirm: None,
            confirm_open: false,
            allow_close: false,
            next_gesture: 0,
            last_title: String::new(),
            revision: 0,
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
            convert_dialog: None,
            edge_layers: std::collections::BTreeMap::new(),
            node_badges: std::collections::BTreeMap::new(),
            inspector: crate::ui::inspector::state::InspectorState::default(),
            pending_png: None,
            png_view_before: None,
            image_results: None,
            canvas_cache: crate::ui::canvas::cache::CanvasCache::default(),
            objects_list: crate::ui::inspector::panel::ObjectsList::default(),
            workspace: Workspace::new(),
            yaml_pane: crate::ui::inspector::yaml_pane::YamlPane::default(),
            env: None,
            env_view: None,
            env_dialog: None,
            env_compare: false,
            compare_cache: crate::ui::environments::CompareCache::default(),
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

    pub(crate) fn toast(&mut self, level: ToastLevel, text: impl Into<String>) {
        self.toasts.push(Toast::new(level, text.into()));
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

    fn window_title(&self) -> String {
        let dirty = if self.is_dirty() { " •" } else { "" };
        let env = self
            .env
            .as_ref()
            .map_or_else(String::new, |env| format!(" [{env}]"));
        format!("{}{env}{dirty} — kubedraft", self.design_name)
    }

    /// Whether a modal dialog is open. While one is, the app's and the canvas's shortcuts do not
    /// fire: keys belong to the dialog (Delete in its field must not delete objects behind it).
    #[must_use]
    pub fn modal_open(&self) -> bool {
        self.dialog.is_some()
            || self.export_dialog.is_some()
            || self.confirm_open
            || self.recovery.is_some()
            || self.canvas.namespace_delete.is_some()
            || self.canvas.namespace_rename.is_some()
            || self.canvas.headless_offer.is_some()
            || self.canvas.port_choice.is_some()
            || self.template_chooser
            || self.convert_dialog.is_some()
            || self.command_palette.is_some()
            || self.env_dialog.is_some()
    }

    /// Brings everything derived from the document up to the current revision: rule findings
    /// and node badges, and (while a reachability view is open) the evaluation.
    pub(crate) fn refresh_derived(&mut self) {
        self.refresh_env_view();
        self.refresh_problems();
        if self.reach.active() {
            let doc = shown(&self.doc, self.env_view.as_ref());
            self.reach.refresh(doc, self.revision);
        }
    }

    /// The workspace, with the rooms' open flags mirrored into it first and the tabs the user
    /// closed turned back into flags after.
    fn workspace_ui(&mut self, ui: &mut egui::Ui) {
        let mut workspace = std::mem::replace(&mut self.workspace, Workspace::placeholder());
        workspace.set_open(Pane::Canvas, true);
        workspace.set_open(Pane::Problems, self.problems.panel);
        workspace.set_open(Pane::Matrix, self.reach.panel);
        workspace.set_open(Pane::Why, self.reach.panel);
        workspace.set_open(Pane::Environments, self.env_compare);
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
                Pane::Environments => self.env_compare = false,
                other => workspace.set_open(other, false),
            }
        }
        self.workspace = workspace;
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
        self.inspector.end_field_gesture(&ctx, &mut self.requests);
        self.handle_dropped_files(&ctx);
        self.menu_bar_ui(ui);
        self.palette_ui(ui);
        self.status_bar_ui(ui);
        egui::CentralPanel::no_frame().show(ui, |ui| self.workspace_ui(ui));
        self.dialogs_ui(&ctx);
        self.rule_docs_window_ui(&ctx);
        self.command_palette_ui(&ctx);
        {
            // The canvas's questions, drawn over everything with the canvas's own context.
            let (mut room, canvas, _, _) = self.canvas_parts();
            crate::ui::canvas::connect::headless_offer_ui(&ctx, &mut room, canvas);
            crate::ui::canvas::connect::port_choice_ui(&ctx, &mut room, canvas);
            crate::ui::canvas::namespace_edit::namespace_delete_ui(&ctx, &mut room, canvas);
            crate::ui::canvas::namespace_edit::namespace_rename_ui(&ctx, &mut room, canvas);
        }
        self.template_chooser_ui(&ctx);
        self.convert_dialog_ui(&ctx);
        self.env_dialog_ui(&ctx);
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
