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

use super::actions::Action;
use super::dialogs::{Dialog, DialogKind, Toast, ToastLevel};
use super::export_dialog::ExportKind;

/// The example design shown on first start (and compiled in, so it is always there).
pub const EXAMPLE_NAME: &str = "web-tier";
const EXAMPLE_DESIGN: &str = include_str!("../../examples/web-tier.ron");
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
}

/// A node drag in progress: where the dragged objects started and how far they moved.
#[derive(Debug)]
pub(super) struct DragState {
    pub gesture: Gesture,
    pub origins: Vec<(ObjectId, crate::document::Point)>,
    pub delta: Vec2,
}

/// What the UI asked for during a frame; applied after drawing.
// A handful per frame; boxing commands would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(super) enum Request {
    Command(Command, Option<Gesture>),
    EndGesture,
    Action(Action),
    Select(BTreeSet<ObjectId>),
    FocusObject(ObjectId),
}

/// The kubedraft window.
pub struct KubedraftApp {
    pub doc: Document,
    pub history: History,
    pub view: ViewState,
    /// The design file Save writes to.
    pub path: Option<PathBuf>,
    /// Shown in the title bar: file stem, "Untitled", or the example's name.
    pub design_name: String,
    pub(super) drag: Option<DragState>,
    pub(super) requests: Vec<Request>,
    pub(super) dialog: Option<Dialog>,
    /// Export → YAML / Helm chart / values.yaml, with its preview.
    pub export_dialog: Option<super::export_dialog::ExportDialog>,
    pub(super) toasts: Vec<Toast>,
    /// Documents an import could not read, shown until dismissed.
    pub(super) skipped: Vec<String>,
    /// After the unsaved-changes question, what to do.
    pub(super) after_confirm: Option<Action>,
    pub(super) confirm_open: bool,
    allow_close: bool,
    next_gesture: u64,
    last_title: String,
    /// Bumped on every document change; caches key on it.
    pub(super) revision: u64,
    /// The inspector's YAML of one object at one revision (serialising every frame is wasted work).
    pub(super) yaml_preview: Option<(ObjectId, u64, Result<String, String>)>,
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
        KubedraftApp {
            doc,
            history: History::new(),
            view: ViewState {
                selection: BTreeSet::new(),
                scene_rect: Rect::ZERO,
                fit_pending: true,
                zoom: 1.0,
                dark: true,
                canvas_to_screen: None,
            },
            path,
            design_name,
            drag: None,
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
        }
    }

    /// The gesture id `new_gesture` hands out next.
    pub(super) fn peek_gesture(&self) -> Gesture {
        Gesture(self.next_gesture + 1)
    }

    pub(super) fn new_gesture(&mut self) -> Gesture {
        self.next_gesture += 1;
        Gesture(self.next_gesture)
    }

    pub(super) fn toast(&mut self, level: ToastLevel, text: impl Into<String>) {
        self.toasts.push(Toast::new(level, text.into()));
    }

    /// Applies a command as one undo step, reporting a refusal.
    pub fn execute(&mut self, command: Command) {
        self.execute_in(command, None);
    }

    fn execute_in(&mut self, command: Command, gesture: Option<Gesture>) {
        match self.history.execute(&mut self.doc, command, gesture) {
            Ok(()) => self.changed(),
            Err(error) => self.toast(ToastLevel::Error, error.to_string()),
        }
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.view
            .selection
            .retain(|id| self.doc.model.contains(*id));
    }

    /// Whether there are changes that were not saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Runs an action from a menu, a shortcut or a test.
    pub fn perform(&mut self, action: Action) {
        match action {
            Action::New | Action::Open | Action::Quit if self.is_dirty() && !self.confirm_open => {
                self.after_confirm = Some(action);
                self.confirm_open = true;
            }
            Action::New => {
                let dark = self.view.dark;
                *self = Self::with_document(Document::new(), None);
                self.view.dark = dark;
            }
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
            Action::Undo => match self.history.undo(&mut self.doc) {
                Ok(Some(_)) => self.changed(),
                Ok(None) => {}
                Err(error) => self.toast(ToastLevel::Error, format!("Could not undo: {error}")),
            },
            Action::Redo => match self.history.redo(&mut self.doc) {
                Ok(Some(_)) => self.changed(),
                Ok(None) => {}
                Err(error) => self.toast(ToastLevel::Error, format!("Could not redo: {error}")),
            },
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
        }
    }

    /// Saves the design to `path` and makes it the design's file.
    pub fn save_to(&mut self, path: PathBuf) {
        match io::save_design(&path, &self.doc) {
            Ok(()) => {
                self.history.mark_saved();
                self.design_name = path
                    .file_stem()
                    .map_or_else(|| "design".to_owned(), |s| s.to_string_lossy().into_owned());
                self.toast(ToastLevel::Info, format!("Saved {}", path.display()));
                self.path = Some(path);
            }
            Err(error) => self.toast(ToastLevel::Error, error.to_string()),
        }
    }

    /// Opens designs or manifests, replacing the current design.
    pub fn open_paths(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        let loaded = io::load(paths).map_err(|e| e.to_string())?;
        let dark = self.view.dark;
        let skipped = loaded.skipped.len();
        *self = Self::from_loaded(loaded);
        self.view.dark = dark;
        if skipped > 0 {
            self.toast(
                ToastLevel::Warning,
                format!("{skipped} document(s) could not be read; see the list"),
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
        self.execute(merge.command);
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
                    "{} document(s) could not be read; see the list",
                    skipped.len()
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

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        for action in Action::ALL {
            if typing && !action.works_while_typing() {
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

    /// Applies everything the frame asked for, in order.
    fn apply_requests(&mut self, ctx: &egui::Context) {
        for request in std::mem::take(&mut self.requests) {
            match request {
                Request::Command(command, gesture) => self.execute_in(command, gesture),
                Request::EndGesture => self.history.end_gesture(),
                Request::Action(Action::Quit) if self.allow_close => {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                Request::Action(action) => self.perform(action),
                Request::Select(selection) => self.view.selection = selection,
                Request::FocusObject(id) => {
                    self.view.selection = BTreeSet::from([id]);
                    let node = super::canvas::to_egui_rect(self.doc.node_rect(id));
                    self.view.scene_rect =
                        Rect::from_center_size(node.center(), self.view.scene_rect.size());
                }
            }
        }
    }
}

impl eframe::App for KubedraftApp {
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
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.after_confirm = Some(Action::Quit);
            self.confirm_open = true;
        }
        self.handle_shortcuts(&ctx);
        self.handle_dropped_files(&ctx);
        self.menu_bar_ui(ui);
        self.status_bar_ui(ui);
        self.objects_panel_ui(ui);
        self.inspector_panel_ui(ui);
        let canvas_fill = super::theme::canvas_fill(ui.visuals());
        egui::CentralPanel::no_frame()
            .frame(egui::Frame::NONE.fill(canvas_fill))
            .show(ui, |ui| self.canvas_ui(ui));
        self.dialogs_ui(&ctx);
        self.apply_requests(&ctx);
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
    }
}

impl KubedraftApp {
    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    for action in [Action::New, Action::Open, Action::Save, Action::SaveAs] {
                        self.menu_item_ui(ui, action, action.label().to_owned(), true);
                    }
                    ui.separator();
                    let import = Action::ImportManifests;
                    self.menu_item_ui(ui, import, import.label().to_owned(), true);
                    ui.separator();
                    self.menu_item_ui(ui, Action::Quit, "Quit".to_owned(), true);
                });
                ui.menu_button("Export", |ui| {
                    for action in [Action::ExportYaml, Action::ExportHelm, Action::ExportValues] {
                        self.menu_item_ui(ui, action, action.label().to_owned(), true);
                    }
                });
                ui.menu_button("Edit", |ui| {
                    let undo = self
                        .history
                        .undo_label()
                        .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
                    let can_undo = self.history.undo_label().is_some();
                    self.menu_item_ui(ui, Action::Undo, undo, can_undo);
                    let redo = self
                        .history
                        .redo_label()
                        .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
                    let can_redo = self.history.redo_label().is_some();
                    self.menu_item_ui(ui, Action::Redo, redo, can_redo);
                    ui.separator();
                    let has_selection = !self.view.selection.is_empty();
                    self.menu_item_ui(ui, Action::Delete, "Delete".to_owned(), has_selection);
                    let has_objects = !self.doc.model.is_empty();
                    self.menu_item_ui(ui, Action::SelectAll, "Select all".to_owned(), has_objects);
                });
                ui.menu_button("View", |ui| {
                    self.menu_item_ui(ui, Action::ZoomToFit, "Zoom to fit".to_owned(), true);
                    let theme = if self.view.dark {
                        "Light theme"
                    } else {
                        "Dark theme"
                    };
                    self.menu_item_ui(ui, Action::ToggleTheme, theme.to_owned(), true);
                });
            });
        });
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
                ui.label(format!(
                    "{} namespaces · {}",
                    model.all_namespace_names().len(),
                    parts.join(" · ")
                ));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format!("Zoom {:.0}%", self.view.zoom * 100.0));
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
