//! Export → YAML…, Helm chart…, values.yaml…: where to write, a preview of exactly the files that
//! will be written, and a toast naming them afterwards.

use std::path::{Path, PathBuf};

use egui::{Id, RichText};

use crate::document::Document;
use crate::io;
use crate::manifest::export;
use crate::manifest::helm::{self, ChartFile};
use crate::model::Model;

use crate::ui::shell::app::KubedraftApp;
use crate::ui::shell::dialogs::ToastLevel;

/// What the dialog exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// One multi-document YAML file.
    Yaml,
    /// A chart folder under the chosen folder.
    Helm,
    /// Only the chart's `values.yaml`.
    Values,
    /// `base/` and `overlays/<env>/` of a Kustomize tree under the chosen folder.
    Kustomize,
}

impl ExportKind {
    fn title(self) -> &'static str {
        match self {
            ExportKind::Yaml => "Export Kubernetes YAML",
            ExportKind::Helm => "Export Helm chart",
            ExportKind::Values => "Export values.yaml",
            ExportKind::Kustomize => "Export Kustomize base and overlays",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            ExportKind::Yaml => "One multi-document YAML file, Namespaces first.",
            ExportKind::Helm => {
                "The chart is written to <folder>/<chart name>/; templates of objects no longer in the design are removed."
            }
            ExportKind::Values => {
                "The values.yaml of the Helm chart, for teams with their own chart."
            }
            ExportKind::Kustomize => {
                "base/ with one file per object, and overlays/<env>/ per environment (JSON 6902 patches): kubectl kustomize overlays/<env> renders that environment."
            }
        }
    }

    fn path_label(self) -> &'static str {
        match self {
            ExportKind::Helm | ExportKind::Kustomize => "Folder:",
            ExportKind::Yaml | ExportKind::Values => "File:",
        }
    }
}

/// The export dialog's state. The preview is recomputed only when its inputs change.
#[derive(Clone, Debug)]
pub struct ExportDialog {
    pub kind: ExportKind,
    pub path: String,
    pub chart_name: String,
    /// The files as they will be written (paths relative to the chosen folder for Helm).
    pub files: Result<Vec<ChartFile>, String>,
    pub selected: usize,
    pub error: Option<String>,
    /// The document revision and chart name the preview was made for.
    made_for: Option<(u64, String)>,
}

impl ExportDialog {
    /// A dialog for `kind` with a suggested path and chart name.
    #[must_use]
    pub fn new(kind: ExportKind, path: String, chart_name: String) -> Self {
        ExportDialog {
            kind,
            path,
            chart_name,
            files: Ok(Vec::new()),
            selected: 0,
            error: None,
            made_for: None,
        }
    }

    /// Recomputes the preview if the design or the chart name changed since it was made.
    /// `design` is the whole design (a chart holds every environment, as `values-<env>.yaml`),
    /// `shown` the design as shown (the YAML export is of the environment on screen).
    pub fn refresh(&mut self, design: &Document, shown: &Document, revision: u64) {
        let key = (revision, self.chart_name.clone());
        if self.made_for.as_ref() == Some(&key) {
            return;
        }
        self.files = match self.kind {
            ExportKind::Helm => {
                helm::chart_with_environments(design, &self.chart_name).map_err(|e| e.to_string())
            }
            ExportKind::Kustomize => {
                crate::manifest::kustomize::folders(design).map_err(|e| e.to_string())
            }
            ExportKind::Values => match design.effective(None) {
                Ok(base) => preview(self.kind, &base.model, &self.chart_name, &self.path),
                Err(error) => Err(error.to_string()),
            },
            ExportKind::Yaml => preview(self.kind, &shown.model, &self.chart_name, &self.path),
        };
        self.made_for = Some(key);
        if self.files.as_ref().map_or(0, Vec::len) <= self.selected {
            self.selected = 0;
        }
    }

    /// Writes the previewed files; returns the paths written.
    pub fn write(&self) -> Result<Vec<PathBuf>, String> {
        let path = self.path.trim();
        if path.is_empty() {
            return Err("Enter a path.".to_owned());
        }
        let files = self.files.as_ref().map_err(Clone::clone)?;
        match self.kind {
            ExportKind::Helm | ExportKind::Kustomize => {
                io::write_chart(Path::new(path), files).map_err(|e| e.to_string())
            }
            ExportKind::Yaml | ExportKind::Values => {
                let contents = files
                    .first()
                    .map(|f| f.contents.as_str())
                    .unwrap_or_default();
                io::write_atomic(Path::new(path), contents.as_bytes())
                    .map_err(|e| e.to_string())?;
                Ok(vec![PathBuf::from(path)])
            }
        }
    }
}

/// The files an export writes, computed by the same functions the command line uses.
pub fn preview(
    kind: ExportKind,
    model: &Model,
    chart_name: &str,
    path: &str,
) -> Result<Vec<ChartFile>, String> {
    let file_name = Path::new(path.trim())
        .file_name()
        .map_or_else(|| "export".to_owned(), |n| n.to_string_lossy().into_owned());
    match kind {
        ExportKind::Yaml => export::to_yaml(model)
            .map(|contents| {
                vec![ChartFile {
                    path: file_name,
                    contents,
                }]
            })
            .map_err(|e| e.to_string()),
        ExportKind::Values => helm::values_yaml(model)
            .map(|contents| {
                vec![ChartFile {
                    path: file_name,
                    contents,
                }]
            })
            .map_err(|e| e.to_string()),
        ExportKind::Helm => helm::chart(model, chart_name).map_err(|e| e.to_string()),
        // The tree holds every environment: made from the whole design in `refresh`.
        ExportKind::Kustomize => Ok(Vec::new()),
    }
}

fn browse(kind: ExportKind, current: &str) -> Option<PathBuf> {
    let dialog = rfd::FileDialog::new();
    match kind {
        ExportKind::Helm | ExportKind::Kustomize => dialog.pick_folder(),
        ExportKind::Yaml | ExportKind::Values => dialog
            .add_filter("YAML", &["yaml", "yml"])
            .set_file_name(current)
            .save_file(),
    }
}

/// "a, b, c and 8 more".
fn name_files(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 4;
    let names: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect();
    let text = names.join(", ");
    if paths.len() > SHOWN {
        format!("{text} and {} more", paths.len() - SHOWN)
    } else {
        text
    }
}

impl KubedraftApp {
    /// Opens the export dialog for `kind`, with paths suggested from the design's name.
    pub fn open_export_dialog(&mut self, kind: ExportKind) {
        let stem = self
            .design_name
            .split(' ')
            .next()
            .unwrap_or("design")
            .to_owned();
        let chart_name = helm::chart_name_from(&stem);
        let path = self.suggested_path(&match kind {
            ExportKind::Yaml => format!("{stem}.yaml"),
            ExportKind::Values => "values.yaml".to_owned(),
            ExportKind::Helm => "charts".to_owned(),
            ExportKind::Kustomize => "kustomize".to_owned(),
        });
        self.export_dialog = Some(ExportDialog::new(kind, path, chart_name));
    }

    pub(crate) fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.export_dialog.take() else {
            return;
        };
        let shown = crate::ui::shell::app::shown(&self.doc, self.env_view.as_ref());
        dialog.refresh(&self.doc, shown, self.revision);
        let heading = match (&self.env, dialog.kind) {
            (Some(env), ExportKind::Yaml) => {
                format!("{} of environment {env}", dialog.kind.title())
            }
            (_, ExportKind::Helm) if !self.doc.environments.list.is_empty() => format!(
                "{} (with values-<env>.yaml for {})",
                dialog.kind.title(),
                self.doc.environments.names().join(", ")
            ),
            _ => dialog.kind.title().to_owned(),
        };
        let mut close = false;
        let mut submit = false;
        let modal = egui::Modal::new(Id::unique("export_dialog")).show(ctx, |ui| {
            let screen = ctx.content_rect();
            ui.set_width((screen.width() - 120.0).clamp(480.0, 1100.0));
            ui.set_max_width((screen.width() - 120.0).clamp(480.0, 1100.0));
            ui.heading(&heading);
            ui.label(dialog.kind.hint());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = ui.label(dialog.kind.path_label());
                ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(420.0))
                    .labelled_by(label.id);
                if ui.button("Browse…").clicked()
                    && let Some(path) = browse(dialog.kind, &dialog.path)
                {
                    dialog.path = path.display().to_string();
                }
            });
            if dialog.kind == ExportKind::Helm {
                ui.horizontal(|ui| {
                    let label = ui.label("Chart name:");
                    ui.add(egui::TextEdit::singleline(&mut dialog.chart_name).desired_width(240.0))
                        .labelled_by(label.id);
                });
            }
            ui.add_space(6.0);
            preview_ui(ui, &mut dialog, screen.height());
            if let Some(error) = &dialog.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let count = dialog.files.as_ref().map_or(0, Vec::len);
                let label = if count == 1 {
                    "Write file".to_owned()
                } else {
                    format!("Write {count} files")
                };
                if ui
                    .add_enabled(count > 0, egui::Button::new(label))
                    .clicked()
                {
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
            match dialog.write() {
                Ok(written) => {
                    if dialog.kind != ExportKind::Values {
                        // What was written is what will run: K8S-API-010 compares with it.
                        self.record_export();
                    }
                    let text = match dialog.kind {
                        ExportKind::Helm => format!(
                            "Wrote chart “{}” ({} files): {}",
                            dialog.chart_name,
                            written.len(),
                            name_files(&written)
                        ),
                        ExportKind::Kustomize => format!(
                            "Wrote base/ and overlays/ ({} files): {}",
                            written.len(),
                            name_files(&written)
                        ),
                        ExportKind::Yaml | ExportKind::Values => {
                            format!("Exported {}", name_files(&written))
                        }
                    };
                    self.toast(ToastLevel::Info, text);
                    close = true;
                }
                Err(error) => dialog.error = Some(error),
            }
        }
        if !close {
            self.export_dialog = Some(dialog);
        }
    }
}

fn preview_ui(ui: &mut egui::Ui, dialog: &mut ExportDialog, screen_height: f32) {
    let height = (screen_height - 340.0).max(160.0);
    match &dialog.files {
        Err(error) => {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        Ok(files) => {
            ui.label(RichText::new("Preview: exactly what will be written").strong());
            ui.horizontal_top(|ui| {
                if files.len() > 1 {
                    ui.vertical(|ui| {
                        ui.set_width(300.0);
                        egui::ScrollArea::vertical()
                            .id_salt("export_files")
                            .max_height(height)
                            .auto_shrink([false, true])
                            .show(ui, |ui| {
                                for (index, file) in files.iter().enumerate() {
                                    if ui
                                        .selectable_label(dialog.selected == index, &file.path)
                                        .clicked()
                                    {
                                        dialog.selected = index;
                                    }
                                }
                            });
                    });
                    // No `separator` here: in a row it grows to the modal's height each frame.
                    ui.add_space(12.0);
                }
                let contents = files
                    .get(dialog.selected)
                    .map(|f| f.contents.as_str())
                    .unwrap_or_default();
                ui.vertical(|ui| {
                    egui::ScrollArea::both()
                        .id_salt("export_preview")
                        // A fixed height: the modal must not grow over frames (it moves under
                        // the pointer while it re-centres).
                        .min_scrolled_height(height)
                        .max_height(height)
                        .max_width(ui.available_width())
                        .auto_shrink([false, false])
                        .show(ui, |ui| {
                            ui.add(egui::Label::new(RichText::new(contents).monospace()).extend());
                        });
                });
            });
        }
    }
}
