//! K8S-API-010 in the app (`egui_kittest`): open manifests with a StatefulSet, change its
//! serviceName in the inspector form, see the warning in the problems panel, fix it with one
//! click, undo; an export records the design as deployed and needs saving.

use crate::support::ui;

use std::path::PathBuf;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::model::{ObjectId, Resource};
use kubedraft::ui::KubedraftApp;

/// A headless Service, its StatefulSet and a Deployment.
const POSTGRES: &str = include_str!("../fixtures/deployed.yaml");

const FIX: &str =
    "Fix (unsafe): Restore the deployed value (K8S-API-010 on StatefulSet/data/postgres)";

fn temp(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("kubedraft-deployed-ui-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    folder.join(name)
}

/// The app on the manifests, as `kubedraft open postgres.yaml` starts it.
fn opened() -> (Harness<'static, KubedraftApp>, ObjectId) {
    let path = temp("postgres.yaml");
    std::fs::write(&path, POSTGRES).unwrap();
    let loaded = kubedraft::io::load(&[path]).expect("manifests load");
    let mut loaded = Some(loaded);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(12)
        .build_eframe(move |_| KubedraftApp::from_loaded(loaded.take().expect("built once")));
    harness.run();
    let id = harness
        .state()
        .doc
        .model
        .find("StatefulSet", Some("data"), "postgres")
        .unwrap();
    (harness, id)
}

fn service_name(harness: &Harness<'static, KubedraftApp>, id: ObjectId) -> Option<String> {
    match harness.state().doc.model.get(id).unwrap().resource() {
        Resource::StatefulSet(s) => s.spec.as_ref().unwrap().service_name.clone(),
        _ => None,
    }
}

fn immutable_warnings(harness: &Harness<'static, KubedraftApp>) -> Vec<String> {
    harness
        .state()
        .problems
        .diagnostics()
        .iter()
        .filter(|d| d.rule == "K8S-API-010")
        .map(|d| format!("{} {}", d.field, d.message))
        .collect()
}

/// Selects the StatefulSet and types `name` into the inspector's Service name field.
fn rename_service(harness: &mut Harness<'static, KubedraftApp>, name: &str) {
    harness
        .get_by_label("StatefulSet postgres")
        .click_accesskit();
    harness.run();
    harness
        .get_by_label("Service name")
        .set_text_value_accesskit(name);
    harness.run();
    // Leave the field, so Ctrl+Z later belongs to the app.
    harness.key_press(egui::Key::Escape);
    harness.run();
}

#[test]
fn editing_an_imported_service_name_warns_and_the_fix_restores_it() {
    let (mut harness, id) = opened();
    assert!(
        immutable_warnings(&harness).is_empty(),
        "nothing changed yet"
    );
    rename_service(&mut harness, "db");
    assert_eq!(service_name(&harness, id).as_deref(), Some("db"));
    let warnings = immutable_warnings(&harness);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&format!(
            "spec.serviceName spec.serviceName changed from \"postgres\" to \"db\" since it was imported from {}",
            temp("postgres.yaml").display()
        )),
        "{}",
        warnings[0]
    );
    // Listed in the problems panel, with its one-click fix (the panel filtered to the namespace,
    // as its Namespace filter does, so the row is in view).
    assert!(harness.state().problems.panel, "the panel is open");
    harness.state_mut().problems.namespace = Some("data".to_owned());
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("spec.serviceName changed from")
            .next()
            .is_some(),
        "the problem is listed"
    );
    harness.get_by_label(FIX).click();
    harness.run();
    assert_eq!(service_name(&harness, id).as_deref(), Some("postgres"));
    assert!(immutable_warnings(&harness).is_empty());
    assert!(harness.query_by_label(FIX).is_none());
    // The fix is one undo step.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(service_name(&harness, id).as_deref(), Some("db"));
    assert_eq!(immutable_warnings(&harness).len(), 1);
}

#[test]
fn an_export_takes_the_design_as_deployed_and_needs_saving() {
    let (mut harness, id) = opened();
    rename_service(&mut harness, "db");
    assert_eq!(immutable_warnings(&harness).len(), 1);
    harness.state_mut().history.mark_saved();
    assert!(!harness.state().is_dirty());
    let out = temp("exported.yaml");
    harness.state_mut().export_yaml_to(&out).unwrap();
    harness.run();
    assert!(
        immutable_warnings(&harness).is_empty(),
        "the exported version is what runs now"
    );
    assert!(
        harness.state().is_dirty(),
        "the baseline is part of the design"
    );
    // Changing it again warns against the export.
    rename_service(&mut harness, "database");
    let warnings = immutable_warnings(&harness);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("changed from \"db\" to \"database\" since it was exported on "),
        "{}",
        warnings[0]
    );
    assert_eq!(service_name(&harness, id).as_deref(), Some("database"));
    // Undoing the edit does not undo the export.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(immutable_warnings(&harness).is_empty());
    let _ = std::fs::remove_file(out);
}

/// Opens an Export menu entry, sets the path and writes.
fn export_through_dialog(harness: &mut Harness<'static, KubedraftApp>, entry: &str, path: &str) {
    ui::open_export(harness, entry);
    ui::set_export_path(harness, path);
    let count = harness
        .state()
        .export_dialog
        .as_ref()
        .and_then(|d| d.files.as_ref().ok())
        .map_or(0, Vec::len);
    let button = if count == 1 {
        "Write file".to_owned()
    } else {
        format!("Write {count} files")
    };
    harness.get_by_label(&button).click();
    harness.run();
    assert!(harness.state().export_dialog.is_none(), "dialog still open");
}

#[test]
fn the_export_dialog_records_yaml_and_charts_but_not_values() {
    let (mut harness, id) = opened();
    rename_service(&mut harness, "db");
    harness.state_mut().history.mark_saved();
    // values.yaml alone deploys nothing.
    let values = temp("values.yaml");
    export_through_dialog(&mut harness, "values.yaml…", values.to_str().unwrap());
    assert!(values.exists());
    assert_eq!(immutable_warnings(&harness).len(), 1);
    assert!(!harness.state().is_dirty());
    // The chart is what will run.
    let charts = temp("charts");
    export_through_dialog(&mut harness, "Helm chart…", charts.to_str().unwrap());
    assert!(charts.is_dir());
    assert!(immutable_warnings(&harness).is_empty());
    assert!(harness.state().is_dirty(), "needs saving");
    let object = harness.state().doc.model.get(id).unwrap().clone();
    let state = harness.state().doc.deployed.get(&object).unwrap();
    assert!(
        matches!(&state.origin, kubedraft::document::Origin::Exported { date } if date.len() == 10),
        "{:?}",
        state.origin
    );
    assert_eq!(state.field("spec.serviceName"), "db");
    // So does the YAML export, after another change.
    rename_service(&mut harness, "database");
    assert_eq!(immutable_warnings(&harness).len(), 1);
    let yaml = temp("design.yaml");
    export_through_dialog(&mut harness, "YAML…", yaml.to_str().unwrap());
    assert!(immutable_warnings(&harness).is_empty());
    let _ = std::fs::remove_dir_all(charts);
    let _ = std::fs::remove_file(values);
    let _ = std::fs::remove_file(yaml);
}
