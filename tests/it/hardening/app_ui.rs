//! Issue 15 in the app: File > Open and Import of a path that cannot be read end in one error
//! toast with the design left as it was (point 2); after a crash, the newest autosave is offered
//! and recovered (point 3).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubedraft::ui::KubedraftApp;
use kubedraft::ui::autosave::Autosave;

use super::temp_folder;

/// Opens File > `item`, types `path` into the dialog and confirms with `confirm`.
fn file_dialog(
    harness: &mut Harness<'static, KubedraftApp>,
    item: &str,
    path: &Path,
    confirm: &str,
) {
    // The menu's button (a pane is called "File" too).
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "File")
        .click();
    harness.run();
    harness.get_by_label_contains(item).click();
    harness.run();
    harness
        .get_by_label("Path:")
        .set_text_value_accesskit(&path.display().to_string());
    harness.run();
    harness.get_by_label(confirm).click();
    harness.run();
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo is needed for this test");
}

/// Paths that are no readable manifest or design, with words the message of Open and of Import
/// must hold (Import reads a folder as a folder of manifests).
fn unreadable_paths(folder: &Path) -> Vec<(PathBuf, &'static str, &'static str)> {
    let fifo = folder.join("pipe.yaml");
    mkfifo(&fifo);
    let design_folder = folder.join("folder.ron");
    std::fs::create_dir_all(&design_folder).unwrap();
    std::os::unix::fs::symlink("loop-b.yaml", folder.join("loop-a.yaml")).unwrap();
    std::os::unix::fs::symlink("loop-a.yaml", folder.join("loop-b.yaml")).unwrap();
    let big = folder.join("big.yaml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let empty = "no YAML or JSON manifests found";
    vec![
        (fifo, "is a FIFO", "is a FIFO"),
        (PathBuf::from("/dev/zero"), "is a device", "is a device"),
        (design_folder, "is a folder, not a file", empty),
        (
            folder.join("loop-a.yaml"),
            "symbolic links",
            "symbolic links",
        ),
        (
            big,
            "larger than the 64 MiB limit",
            "larger than the 64 MiB limit",
        ),
    ]
}

/// The error toasts naming `path`, oldest first.
fn error_toasts(harness: &Harness<'static, KubedraftApp>, path: &Path) -> Vec<String> {
    harness
        .query_all_by_label_contains(&format!("Error: {}", path.display()))
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.value().or_else(|| node.label())
        })
        .collect()
}

#[test]
fn open_and_import_of_unreadable_paths_end_in_an_error_toast() {
    let folder = temp_folder("app-unreadable");
    let mut harness = crate::support::ui::harness();
    harness.run();
    let before = harness.state().doc.model.len();
    for (path, open_words, import_words) in unreadable_paths(&folder) {
        for (item, confirm, words) in [
            ("Open…", "Open", open_words),
            ("Import manifests…", "Import", import_words),
        ] {
            let shown = error_toasts(&harness, &path).len();
            // Bounded by the reader: a FIFO would block the whole window here.
            file_dialog(&mut harness, item, &path, confirm);
            let toasts = error_toasts(&harness, &path);
            assert_eq!(
                toasts.len(),
                shown + 1,
                "{item} {}: {toasts:?}",
                path.display()
            );
            let toast = toasts.last().unwrap();
            assert!(toast.contains(words), "{item} {}: {toast}", path.display());
            assert!(
                !harness.state().modal_open(),
                "{item}: the dialog stayed open"
            );
            assert_eq!(
                harness.state().doc.model.len(),
                before,
                "{item}: the design changed"
            );
            assert!(!harness.state().is_dirty());
        }
    }
}

/// A deployment `name` in namespace `crash`, saved as an autosave file the way a session writes
/// it, with the time it was written set to `written`.
fn leave_autosave(dir: &Path, slot: usize, name: &str, written: SystemTime) {
    std::fs::create_dir_all(dir).unwrap();
    let manifest = dir.join(format!("{name}.yaml"));
    std::fs::write(
        &manifest,
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: crash}}\nspec:\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec: {{containers: [{{name: c, image: x}}]}}\n"
        ),
    )
    .unwrap();
    let document = kubedraft::io::load(std::slice::from_ref(&manifest))
        .unwrap()
        .document;
    std::fs::remove_file(&manifest).unwrap();
    let (design, origin) = match slot {
        0 => ("autosave.ron".to_owned(), "autosave-origin.txt".to_owned()),
        n => (
            format!("autosave-{n}.ron"),
            format!("autosave-origin-{n}.txt"),
        ),
    };
    std::fs::write(dir.join(origin), "").unwrap();
    kubedraft::io::save_design(&dir.join(&design), &document).unwrap();
    std::fs::File::options()
        .write(true)
        .open(dir.join(&design))
        .unwrap()
        .set_modified(written)
        .unwrap();
    // The session held its slot's lock file; the kernel released the lock when it died.
    std::fs::write(dir.join(format!("autosave-lock-{slot}")), "").unwrap();
}

/// The app as it starts: it claims an autosave slot of `dir`.
fn start(dir: &Path) -> Harness<'static, KubedraftApp> {
    let dir = dir.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .build_eframe(move |cc| {
            KubedraftApp::new(cc, None).with_autosave(Some(Autosave::claim(dir.clone())))
        });
    harness.run();
    harness
}

/// Recovers what the dialog offers and returns the names of the recovered Deployments.
fn recover(harness: &mut Harness<'static, KubedraftApp>) -> Vec<String> {
    harness.get_by_label("Recover unsaved work?");
    harness.get_by_label("Recover").click();
    harness.run();
    assert!(harness.state().recovery_offered().is_none());
    assert!(
        harness.state().is_dirty(),
        "recovered work must count as unsaved"
    );
    harness
        .state()
        .doc
        .model
        .objects()
        .filter(|(_, o)| o.kind_name() == "Deployment")
        .map(|(_, o)| o.name().to_owned())
        .collect()
}

#[test]
fn after_a_crash_the_autosave_is_offered_and_recovered() {
    let dir = temp_folder("app-crash-recovery");
    leave_autosave(&dir, 0, "survivor", SystemTime::now());
    // The session was killed while it wrote its next autosave: the half-written temporary is
    // left beside the complete one and never offered.
    std::fs::write(
        dir.join(".autosave.ron.4194999.tmp"),
        "(format_version: 1, obj",
    )
    .unwrap();
    let mut harness = start(&dir);
    harness
        .get_by_label_contains("kubedraft closed without saving the changes to an unsaved design");
    assert_eq!(recover(&mut harness), vec!["survivor".to_owned()]);
    // The recovered object is on the canvas.
    harness.get_by_label("Deployment survivor");
}

#[test]
fn of_two_autosaves_the_newest_is_offered() {
    let now = SystemTime::now();
    let earlier = now - Duration::from_hours(1);
    // Either slot may hold the newer one: the slot number must not decide.
    for (newer_slot, older_slot) in [(1, 0), (0, 1)] {
        let dir = temp_folder(&format!("app-newest-{newer_slot}"));
        leave_autosave(&dir, older_slot, "older", earlier);
        leave_autosave(&dir, newer_slot, "newer", now);
        let mut first = start(&dir);
        first.get_by_label_contains("less than a minute ago");
        assert_eq!(
            recover(&mut first),
            vec!["newer".to_owned()],
            "newer in slot {newer_slot}"
        );
        // The older work is not lost: a second window, while the first runs, offers it.
        let mut second = start(&dir);
        second.get_by_label_contains("minutes ago");
        assert_eq!(recover(&mut second), vec!["older".to_owned()]);
        drop((first, second));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
