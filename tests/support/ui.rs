//! Driving the app in the UI tests: the standard harness and what it shows, shared so each
//! test file does not carry its own copy.

// Each test crate includes this file and uses only some of the helpers.
#![allow(dead_code)]

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::model::ObjectId;
use kubedraft::ui::KubedraftApp;

/// The app on its built-in example, at a desktop window size.
pub fn harness() -> Harness<'static, KubedraftApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .build_eframe(|cc| KubedraftApp::new(cc, None))
}

/// The object `kind` `namespace`/`name` of the open design; panics naming it when absent.
pub fn find(
    harness: &Harness<'static, KubedraftApp>,
    kind: &str,
    namespace: &str,
    name: &str,
) -> ObjectId {
    harness
        .state()
        .doc
        .model
        .find(kind, Some(namespace), name)
        .unwrap_or_else(|| panic!("{kind} {namespace}/{name}"))
}

/// The selected objects, in the selection's order.
pub fn selection(harness: &Harness<'static, KubedraftApp>) -> Vec<ObjectId> {
    harness.state().view.selection.iter().copied().collect()
}

/// Presses the pointer at `from`, moves it to `to` in `steps` equal moves and releases it there,
/// as a user's drag does (one jump would skip the drag threshold and hover feedback).
pub fn drag(
    harness: &mut Harness<'static, KubedraftApp>,
    from: egui::Pos2,
    to: egui::Pos2,
    steps: u16,
) {
    harness.hover_at(from);
    harness.drag_at(from);
    for step in 1..=steps {
        harness.hover_at(from + (to - from) * (f32::from(step) / f32::from(steps)));
    }
    harness.drop_at(to);
}

/// Opens an Export menu entry and lets the dialog fade in (egui ignores clicks on a modal that is
/// still appearing).
pub fn open_export(harness: &mut Harness<'static, KubedraftApp>, entry: &str) {
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label_contains(entry).click();
    harness.run();
    for _ in 0..10 {
        harness.step();
    }
}

/// Sets the export dialog's path and lets the modal settle.
pub fn set_export_path(harness: &mut Harness<'static, KubedraftApp>, path: &str) {
    harness
        .state_mut()
        .export_dialog
        .as_mut()
        .expect("dialog")
        .path
        .clone_from(&path.to_owned());
    harness.run();
    // The modal re-centres when its content changes height; let it settle before clicking.
    for _ in 0..10 {
        harness.step();
    }
}
