//! The export and import flows as a user drives them: open the Export menu, check the preview,
//! type a path, export, read the toast and the written files; import manifests and undo.

use crate::support::ui;

use std::path::PathBuf;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::manifest::{export, helm};
use kubedraft::ui::KubedraftApp;

fn harness() -> Harness<'static, KubedraftApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        // The preview's scroll areas take a few frames to settle on their size.
        .with_max_steps(12)
        .build_eframe(|cc| KubedraftApp::new(cc, None))
}

fn temp(name: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("kubedraft-export-ui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    let _ = std::fs::remove_file(&path);
    path
}

fn toasts(harness: &Harness<'static, KubedraftApp>) -> String {
    let mut found = Vec::new();
    for node in harness.query_all_by(|node| {
        node.label()
            .is_some_and(|l| l.contains("Export") || l.contains("Wrote"))
    }) {
        found.push(format!("{node:?}"));
    }
    found.join("\n")
}

#[test]
fn yaml_export_previews_exactly_what_it_writes() {
    let mut harness = harness();
    harness.run();
    ui::open_export(&mut harness, "YAML…");
    let expected = export::to_yaml(&harness.state().doc.model).expect("yaml");
    // The preview shows the whole export, byte for byte.
    assert!(
        harness.query_by_label(&expected).is_some(),
        "the preview does not show the export"
    );
    let out = temp("web.yaml");
    ui::set_export_path(&mut harness, out.to_str().expect("utf-8"));
    harness.get_by_label_contains("Write").click();
    harness.run();
    assert_eq!(std::fs::read_to_string(&out).expect("written"), expected);
    assert!(harness.state().export_dialog.is_none(), "dialog still open");
    let toast = format!("Exported {}", out.display());
    assert!(
        harness.query_by_label(&toast).is_some(),
        "no toast naming the file; labels: {}",
        toasts(&harness)
    );
    let _ = std::fs::remove_file(out);
}

#[test]
fn helm_export_lists_the_chart_files_and_writes_them() {
    let mut harness = harness();
    harness.run();
    ui::open_export(&mut harness, "Helm chart…");
    let files = helm::chart(&harness.state().doc.model, "web-tier").expect("chart");
    // Every file of the chart is listed; the first (Chart.yaml) is shown.
    for file in &files {
        assert!(
            harness.query_by_label(&file.path).is_some(),
            "{} not listed",
            file.path
        );
    }
    assert!(harness.query_by_label(&files[0].contents).is_some());
    // Selecting a file shows it.
    harness.get_by_label("web-tier/values.yaml").click();
    harness.run();
    let values = files
        .iter()
        .find(|f| f.path == "web-tier/values.yaml")
        .expect("values");
    assert!(harness.query_by_label(&values.contents).is_some());
    // A bad chart name is reported in the preview and nothing can be written.
    harness
        .state_mut()
        .export_dialog
        .as_mut()
        .expect("dialog")
        .chart_name
        .clone_from(&"Bad Name".to_owned());
    harness.run();
    assert!(
        harness
            .query_by_label_contains("not a valid chart name")
            .is_some()
    );
    harness
        .state_mut()
        .export_dialog
        .as_mut()
        .expect("dialog")
        .chart_name
        .clone_from(&"web-tier".to_owned());
    harness.run();
    let out = temp("charts");
    ui::set_export_path(&mut harness, out.to_str().expect("utf-8"));
    harness.get_by_label_contains("Write").click();
    harness.run();
    for file in &files {
        assert_eq!(
            std::fs::read_to_string(out.join(&file.path)).expect("written"),
            file.contents,
            "{}",
            file.path
        );
    }
    assert!(
        harness
            .query_by_label_contains("Wrote chart “web-tier” (11 files): ")
            .is_some_and(|_| harness.query_by_label_contains("Chart.yaml, ").is_some()),
        "no toast naming the chart files: {}",
        toasts(&harness)
    );
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn values_export_writes_the_charts_values() {
    let mut harness = harness();
    harness.run();
    ui::open_export(&mut harness, "values.yaml…");
    let expected = helm::values_yaml(&harness.state().doc.model).expect("values");
    assert!(harness.query_by_label(&expected).is_some());
    let out = temp("values.yaml");
    ui::set_export_path(&mut harness, out.to_str().expect("utf-8"));
    harness.get_by_label_contains("Write").click();
    harness.run();
    assert_eq!(std::fs::read_to_string(&out).expect("written"), expected);
    let _ = std::fs::remove_file(out);
}

#[test]
fn import_adds_manifests_as_one_undo_step() {
    let mut harness = harness();
    harness.run();
    let before = harness.state().doc.model.len();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/web-statefulset.yaml");
    harness
        .state_mut()
        .import_paths(&[fixture])
        .expect("import");
    harness.run();
    assert_eq!(harness.state().doc.model.len(), before + 2);
    assert!(harness.query_by_label("StatefulSet web").is_some());
    assert!(
        harness
            .query_by_label_contains("Imported 2 new and 0 updated objects from")
            .is_some()
    );
    harness
        .state_mut()
        .perform(kubedraft::ui::actions::Action::Undo);
    harness.run();
    assert_eq!(harness.state().doc.model.len(), before);
}

/// A file as the window system hands it over when it is dropped on the window.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_manifest_file_imports_it() {
    let mut harness = harness();
    harness.run();
    let before = harness.state().doc.model.len();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/web-statefulset.yaml");
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(fixture)));
    harness.run();
    assert_eq!(harness.state().doc.model.len(), before + 2);
    assert!(harness.query_by_label("StatefulSet web").is_some());
    assert!(harness.state().is_dirty());
}

#[test]
fn import_lists_bad_documents_and_keeps_the_rest() {
    let mut harness = harness();
    harness.run();
    let before = harness.state().doc.model.len();
    let file = temp("partly-bad.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Service\nmetadata: {name: fine, namespace: web}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken, namespace: web}\nspec: {replicas: many}\n",
    )
    .expect("write");
    harness
        .state_mut()
        .import_paths(std::slice::from_ref(&file))
        .expect("import");
    harness.run();
    assert_eq!(harness.state().doc.model.len(), before + 1);
    assert!(
        harness
            .query_by_label("Documents that were not loaded")
            .is_some()
    );
    // The problem names the file, the line and the document.
    let expected = format!("{}:5: document 2 (Deployment/web/broken)", file.display());
    assert!(
        harness.query_by_label_contains(&expected).is_some(),
        "no entry starting {expected}"
    );
    let _ = std::fs::remove_file(file);
}

/// Exports are suggested beside the design file (not wherever kubedraft happened to start).
#[test]
fn export_paths_are_suggested_beside_the_design_file() {
    let folder = temp("beside");
    std::fs::create_dir_all(&folder).unwrap();
    let design = folder.join("shop.ron");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/web-tier.ron"),
        &design,
    )
    .unwrap();
    let mut harness = harness();
    harness.run();
    harness.state_mut().open_paths(&[design]).unwrap();
    harness.run();
    ui::open_export(&mut harness, "YAML");
    let path = harness
        .state()
        .export_dialog
        .as_ref()
        .expect("dialog")
        .path
        .clone();
    assert_eq!(PathBuf::from(&path), folder.join("shop.yaml"));
    let _ = std::fs::remove_dir_all(&folder);
}
