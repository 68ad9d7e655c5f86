//! Modal dialogs (file paths, unsaved changes, skipped documents) and toasts.

use std::path::PathBuf;

use egui::{Align2, Id, RichText};

use crate::ui::shell::actions::Action;
use crate::ui::shell::app::{KubedraftApp, Request};

/// How long a toast stays, in seconds.
const TOAST_SECONDS: f64 = 6.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastLevel {
    Info,
    Warning,
    Error,
}

/// A short message in the corner of the window.
#[derive(Clone, Debug)]
pub struct Toast {
    pub level: ToastLevel,
    pub text: String,
    /// Set on the first frame the toast is shown.
    shown_at: Option<f64>,
}

impl Toast {
    #[must_use]
    pub fn new(level: ToastLevel, text: String) -> Self {
        Toast {
            level,
            text,
            shown_at: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Open,
    SaveAs,
    /// Manifests added into the open design.
    Import,
    ExportImage,
}

impl DialogKind {
    fn title(self) -> &'static str {
        match self {
            DialogKind::Open => "Open design or manifests",
            DialogKind::SaveAs => "Save design as",
            DialogKind::Import => "Import manifests into this design",
            DialogKind::ExportImage => "Export diagram image",
        }
    }

    fn confirm(self) -> &'static str {
        match self {
            DialogKind::Open => "Open",
            DialogKind::SaveAs => "Save",
            DialogKind::Import => "Import",
            DialogKind::ExportImage => "Export",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            DialogKind::Open => {
                "A design (.ron), a YAML/JSON manifest file, or a folder: of manifests (other YAML is skipped and listed), a Helm chart (rendered with helm; its values-<env>.yaml files become environments) or a Kustomize tree (rendered with kubectl)."
            }
            DialogKind::SaveAs => "Designs are RON files; the file is replaced atomically.",
            DialogKind::Import => {
                "A YAML/JSON manifest file or a folder of manifests; objects that exist are replaced. One undo removes the import."
            }
            DialogKind::ExportImage => {
                ".svg: the whole design as a vector drawing. .png: the whole design fitted into the canvas, at screen resolution."
            }
        }
    }
}

/// The answers to the unsaved-changes question that act.
#[derive(Clone, Copy, Debug)]
enum Unsaved {
    Save,
    SaveAs,
    Discard,
}

/// A path dialog: a text field (always works) plus the system file dialog where one is available.
#[derive(Clone, Debug)]
pub struct Dialog {
    pub kind: DialogKind,
    pub path: String,
    pub error: Option<String>,
    /// The path field got the keyboard once (it takes it when the dialog opens).
    focused: bool,
    /// What to do once the dialog succeeded: Save As from the unsaved-changes question goes on
    /// with the New, Open or Quit that asked. Dropped with the dialog when it is cancelled.
    pub(crate) then: Option<Action>,
}

impl Dialog {
    #[must_use]
    pub fn new(kind: DialogKind, path: String) -> Self {
        Dialog {
            kind,
            path,
            error: None,
            focused: false,
            then: None,
        }
    }
}

fn browse(kind: DialogKind, current: &str) -> Option<PathBuf> {
    let dialog = rfd::FileDialog::new();
    let dialog = match std::path::Path::new(current)
        .parent()
        .filter(|p| p.is_dir())
    {
        Some(dir) => dialog.set_directory(dir),
        None => dialog,
    };
    match kind {
        DialogKind::Open => dialog
            .add_filter("Designs and manifests", &["ron", "yaml", "yml", "json"])
            .pick_file(),
        DialogKind::Import => dialog
            .add_filter("Manifests", &["yaml", "yml", "json"])
            .pick_file(),
        DialogKind::SaveAs => dialog
            .add_filter("kubedraft design", &["ron"])
            .set_file_name(current)
            .save_file(),
        DialogKind::ExportImage => dialog
            .add_filter("Image", &["svg", "png"])
            .set_file_name(current)
            .save_file(),
    }
}

impl KubedraftApp {
    pub(crate) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if self.recovery.is_some() {
            self.recovery_dialog_ui(ctx);
        }
        self.path_dialog_ui(ctx);
        self.export_dialog_ui(ctx);
        self.confirm_dialog_ui(ctx);
        self.skipped_window_ui(ctx);
        self.toasts_ui(ctx);
    }

    fn path_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let mut close = false;
        let mut submit = false;
        let modal = egui::Modal::new(Id::unique("path_dialog")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(dialog.kind.title());
            ui.label(dialog.kind.hint());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = ui.label("Path:");
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut dialog.path)
                        .desired_width(360.0)
                        .hint_text("path/to/file"),
                );
                let edit = edit.labelled_by(label.id);
                if edit.changed() {
                    // An error about the path typed before is stale now.
                    dialog.error = None;
                }
                if !dialog.focused {
                    edit.request_focus();
                    dialog.focused = true;
                }
                if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    submit = true;
                }
                if ui
                    .button("Browse…")
                    .on_hover_text("Use the system file dialog")
                    .clicked()
                    && let Some(path) = browse(dialog.kind, &dialog.path)
                {
                    dialog.path = path.display().to_string();
                }
                // A repository, a Helm chart or a Kustomize tree is a folder.
                if matches!(dialog.kind, DialogKind::Open | DialogKind::Import)
                    && ui
                        .button("Folder…")
                        .on_hover_text("Pick a folder: manifests, a Helm chart or a Kustomize tree")
                        .clicked()
                    && let Some(path) = rfd::FileDialog::new().pick_folder()
                {
                    dialog.path = path.display().to_string();
                }
            });
            let problem = dialog.error.clone().or_else(|| {
                (dialog.kind == DialogKind::ExportImage)
                    .then(|| crate::ui::export::image::image_name_problem(&dialog.path))
                    .flatten()
                    .map(str::to_owned)
            });
            // The line is kept when empty, so the buttons below do not jump as it comes and goes.
            if let Some(problem) = problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            } else {
                let height = ui.text_style_height(&egui::TextStyle::Body);
                ui.allocate_space(egui::vec2(0.0, height));
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button(dialog.kind.confirm()).clicked() {
                    submit = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
        if modal.should_close() {
            close = true;
        }
        if submit {
            let path = PathBuf::from(dialog.path.trim());
            let result = if dialog.path.trim().is_empty() {
                Err("Enter a path.".to_owned())
            } else {
                match dialog.kind {
                    DialogKind::Open => self.open_paths(&[path]),
                    DialogKind::SaveAs => self.try_save_to(path),
                    DialogKind::Import => self.import_paths(&[path]),
                    DialogKind::ExportImage => self.export_image_to(path),
                }
            };
            match result {
                Ok(()) => {
                    close = true;
                    if let Some(action) = dialog.then.take() {
                        self.continue_after_save(action);
                    }
                }
                // A path that cannot be read (a FIFO, a device, a folder named as a file, a file
                // over the size limit, a link loop) is said in a toast, as a dropped file's is;
                // the design stays as it was.
                Err(error) if matches!(dialog.kind, DialogKind::Open | DialogKind::Import) => {
                    close = true;
                    self.toast(ToastLevel::Error, error);
                }
                Err(error) => dialog.error = Some(error),
            }
        }
        if !close {
            self.dialog = Some(dialog);
        }
    }

    fn confirm_dialog_ui(&mut self, ctx: &egui::Context) {
        if !self.confirm_open {
            return;
        }
        let Some(action) = self.after_confirm else {
            self.confirm_open = false;
            return;
        };
        let mut decision = None;
        let modal = egui::Modal::new(Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading("Unsaved changes");
            ui.label(format!(
                "“{}” has changes that are not saved. Discard them?",
                self.design_name
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if self.path.is_some() {
                    if ui.button("Save").clicked() {
                        decision = Some(Unsaved::Save);
                    }
                } else if ui
                    .button("Save As…")
                    .on_hover_text("Choose a file, save, then go on")
                    .clicked()
                {
                    decision = Some(Unsaved::SaveAs);
                }
                if ui.button("Discard changes").clicked() {
                    decision = Some(Unsaved::Discard);
                }
                if ui.button("Cancel").clicked() {
                    ui.close();
                }
            });
        });
        let Some(decision) = decision else {
            if modal.should_close() {
                self.confirm_open = false;
                self.after_confirm = None;
            }
            return;
        };
        self.confirm_open = false;
        self.after_confirm = None;
        match decision {
            Unsaved::Save => {
                if let Some(path) = self.path.clone() {
                    match self.try_save_to(path) {
                        Ok(()) => self.continue_after_save(action),
                        // Nothing is discarded when the save failed.
                        Err(error) => self.toast(ToastLevel::Error, error),
                    }
                }
            }
            Unsaved::SaveAs => {
                self.perform(Action::SaveAs);
                if let Some(dialog) = &mut self.dialog {
                    dialog.then = Some(action);
                }
            }
            Unsaved::Discard => {
                self.discard_changes();
                // `confirm_open` is set again so the action runs without asking again.
                self.confirm_open = true;
                self.perform(action);
                self.confirm_open = false;
                if action == Action::Quit {
                    self.requests.push(Request::Action(Action::Quit));
                }
            }
        }
    }

    /// Runs what the unsaved-changes question was about, once the design is saved.
    pub(crate) fn continue_after_save(&mut self, action: Action) {
        if self.is_dirty() {
            return;
        }
        self.perform(action);
    }

    fn recovery_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(recovery) = &self.recovery else {
            return;
        };
        let mut recover = None;
        egui::Modal::new(Id::unique("recover_autosave")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading("Recover unsaved work?");
            let design = recovery.origin.as_ref().map_or_else(
                || "an unsaved design".to_owned(),
                |p| format!("“{}”", p.display()),
            );
            ui.label(format!(
                "kubedraft closed without saving the changes to {design}. They were autosaved {}.",
                recovery.when()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Recover").clicked() {
                    recover = Some(true);
                }
                if ui.button("Discard").clicked() {
                    recover = Some(false);
                }
            });
        });
        match recover {
            Some(true) => self.recover_autosave(),
            Some(false) => self.discard_recovery(),
            None => {}
        }
    }

    fn skipped_window_ui(&mut self, ctx: &egui::Context) {
        if self.skipped.is_empty() && self.import_notes.is_empty() {
            return;
        }
        let mut open = true;
        let title = if self.skipped.is_empty() {
            "Files that are not Kubernetes manifests"
        } else {
            "Documents that were not loaded"
        };
        egui::Window::new(title)
            .open(&mut open)
            .default_width(560.0)
            .anchor(Align2::CENTER_BOTTOM, [0.0, -40.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .show(ui, |ui| {
                        if !self.skipped.is_empty() {
                            ui.label(
                                "Everything else was loaded. Fix these documents and open the files again:",
                            );
                            for problem in &self.skipped {
                                ui.label(
                                    RichText::new(problem)
                                        .monospace()
                                        .color(ui.visuals().warn_fg_color),
                                );
                            }
                        }
                        if !self.import_notes.is_empty() {
                            ui.label(
                                "Skipped, not Kubernetes manifests (nothing to fix; the manifests beside them were loaded):",
                            );
                            for note in &self.import_notes {
                                ui.label(RichText::new(note).monospace());
                            }
                        }
                    });
            });
        if !open {
            self.skipped.clear();
            self.import_notes.clear();
        }
    }

    fn toasts_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        self.toasts
            .retain(|t| t.shown_at.is_none_or(|at| now - at < TOAST_SECONDS));
        if self.toasts.is_empty() {
            return;
        }
        egui::Area::new(Id::unique("toasts"))
            .anchor(Align2::RIGHT_BOTTOM, [-16.0, -40.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for toast in &mut self.toasts {
                    toast.shown_at.get_or_insert(now);
                    let (color, prefix) = match toast.level {
                        ToastLevel::Info => (ui.visuals().text_color(), ""),
                        ToastLevel::Warning => (ui.visuals().warn_fg_color, "Warning:"),
                        ToastLevel::Error => (ui.visuals().error_fg_color, "Error:"),
                    };
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(420.0);
                        ui.label(
                            RichText::new(
                                format!("{prefix} {}", toast.text).trim_start().to_owned(),
                            )
                            .color(color),
                        );
                    });
                }
            });
        ctx.request_repaint_after(std::time::Duration::from_secs(1));
    }
}
