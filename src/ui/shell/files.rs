//! The design on disk: save, open, import, export to a path, and autosave with recovery.

use std::path::PathBuf;

use crate::io;
use crate::manifest::export;
use crate::ui::reach::state::ReachView;
use crate::ui::shell::app::KubedraftApp;
use crate::ui::shell::dialogs::ToastLevel;

impl KubedraftApp {
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
                    next.reach = ReachView::against(&saved.model);
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
    pub(super) fn file_stem(&self) -> String {
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
    /// A Helm chart folder with `values-<env>.yaml` files beside its `values.yaml` opens with
    /// those as the design's environments (the base is `values.yaml` alone), as
    /// `kubedraft open CHART --values-as-env` does.
    pub fn open_paths(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        let loaded = match paths {
            [chart] if chart_with_environments(chart) => io::read_chart_with_envs(
                chart,
                &io::RenderOptions {
                    values_as_env: true,
                    ..io::RenderOptions::default()
                },
            ),
            _ => io::load(paths),
        }
        .map_err(|e| e.to_string())?;
        let environments = loaded.document.environments.names().join(", ");
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
        let notes = loaded.notes.len();
        self.replace_with(Self::from_loaded(loaded));
        if let [chart] = paths
            && !environments.is_empty()
            && chart_with_environments(chart)
        {
            self.toast(
                ToastLevel::Info,
                format!(
                    "Opened the chart with its values files as environments: {environments} (Ctrl+1…9 switch)"
                ),
            );
        }
        if skipped > 0 {
            self.toast(
                ToastLevel::Warning,
                format!(
                    "{} could not be read; see the list",
                    crate::ui::plural(skipped, "document")
                ),
            );
        }
        self.toast_notes(notes);
        Ok(())
    }

    /// Adds manifests from files or folders into the open design as one undoable command; documents
    /// that cannot be read are listed, the rest is imported.
    pub fn import_paths(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        let mut imported = io::read_manifests(paths).map_err(|e| e.to_string())?;
        let skipped: Vec<String> = imported.errors.drain(..).map(|e| e.to_string()).collect();
        let notes: Vec<String> = imported.notes.drain(..).map(|e| e.to_string()).collect();
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
        self.toast_notes(notes.len());
        self.import_notes.extend(notes);
        self.view.fit_pending = true;
        Ok(())
    }

    /// Says that files of an imported folder were skipped as not Kubernetes manifests.
    fn toast_notes(&mut self, notes: usize) {
        if notes > 0 {
            self.toast(
                ToastLevel::Info,
                format!(
                    "{} not Kubernetes manifests and skipped (values, Chart.yaml, CI configs…); see the list",
                    match notes {
                        1 => "1 file is".to_owned(),
                        n => format!("{n} files are"),
                    }
                ),
            );
        }
    }

    /// Files dropped on the window: manifests are imported into the design.
    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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
}

/// Whether `path` is a Helm chart folder with at least one `values-<env>.yaml`.
fn chart_with_environments(path: &std::path::Path) -> bool {
    io::repo_kind(path) == Some(io::RepoKind::Chart)
        && io::environment_values(path).is_ok_and(|(found, _)| !found.is_empty())
}
