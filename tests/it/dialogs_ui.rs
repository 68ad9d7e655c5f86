//! Modal dialogs as a user meets them: keys stay inside the dialog, dialogs do not move under the
//! pointer, the unsaved-changes prompt can save an untitled design.

use crate::support::ui;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::ui::KubedraftApp;
use ui::harness;

/// Lets a modal that just opened fade in and settle.
fn settle(harness: &mut Harness<'static, KubedraftApp>) {
    harness.run();
    for _ in 0..10 {
        harness.step();
    }
}

fn press(harness: &mut Harness<'static, KubedraftApp>, modifiers: egui::Modifiers, key: egui::Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Delete and Ctrl+A in the export dialog do not reach the objects behind it; Escape closes it and
/// the shortcuts work again.
#[test]
fn shortcuts_do_not_reach_the_canvas_through_the_export_dialog() {
    let mut harness = harness();
    harness.run();
    let count = harness.state().doc.model.len();
    assert!(count > 0);
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::A);
    assert_eq!(harness.state().view.selection.len(), count, "Ctrl+A");
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut harness);
    assert!(
        harness.state().export_dialog.is_some(),
        "Ctrl+E opened nothing"
    );
    assert!(harness.state().modal_open());
    press(&mut harness, egui::Modifiers::NONE, egui::Key::Delete);
    press(&mut harness, egui::Modifiers::NONE, egui::Key::Backspace);
    assert_eq!(
        harness.state().doc.model.len(),
        count,
        "Delete in the dialog removed objects behind it"
    );
    assert!(harness.state().export_dialog.is_some());

    // Ctrl+A in the dialog does not select the objects behind it.
    harness.state_mut().view.selection.clear();
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::A);
    assert!(
        harness.state().view.selection.is_empty(),
        "Ctrl+A in the dialog selected objects behind it"
    );

    press(&mut harness, egui::Modifiers::NONE, egui::Key::Escape);
    assert!(
        harness.state().export_dialog.is_none(),
        "Escape kept the dialog"
    );
    assert!(!harness.state().modal_open());
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::A);
    assert_eq!(harness.state().view.selection.len(), count);
}

/// A text field in a dialog still takes Ctrl+A and Delete: they edit the text, not the design.
#[test]
fn keys_edit_the_field_of_a_dialog() {
    let mut harness = harness();
    harness.run();
    let count = harness.state().doc.model.len();
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::A);
    press(
        &mut harness,
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    settle(&mut harness);
    let field = || harness_path_value as fn(&Harness<'static, KubedraftApp>) -> String;
    assert!(!field()(&harness).is_empty(), "Save As suggests a name");
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::A);
    press(&mut harness, egui::Modifiers::NONE, egui::Key::Delete);
    assert_eq!(
        field()(&harness),
        "",
        "Ctrl+A, Delete did not clear the field"
    );
    assert_eq!(harness.state().doc.model.len(), count);
    assert_eq!(harness.state().view.selection.len(), count);
}

fn harness_path_value(harness: &Harness<'static, KubedraftApp>) -> String {
    harness.get_by_label("Path:").value().unwrap_or_default()
}

/// Delete in the "Which port?" dialog does not remove the Service the dialog is about.
#[test]
fn delete_in_the_port_choice_keeps_the_service() {
    let mut harness = harness();
    harness.run();
    let (ingress, service) = ui::ingress_and_two_port_service(&mut harness);
    harness.run();
    harness.run();
    let transform = harness.state().view.canvas_to_screen.expect("canvas drawn");
    let (source, target) = {
        let doc = &harness.state().doc;
        (doc.node_rect(ingress), doc.node_rect(service))
    };
    let start = transform * egui::pos2(source.max.x, f32::midpoint(source.min.y, source.max.y));
    let end = transform
        * egui::pos2(
            f32::midpoint(target.min.x, target.max.x),
            f32::midpoint(target.min.y, target.max.y),
        );
    ui::drag(&mut harness, start, end, 6);
    settle(&mut harness);
    harness.get_by_label_contains("Which port?");
    harness.state_mut().view.selection = std::collections::BTreeSet::from([service]);
    press(&mut harness, egui::Modifiers::NONE, egui::Key::Delete);
    assert!(
        harness.state().doc.model.contains(service),
        "Delete removed the Service behind the port question"
    );
    harness.get_by_label_contains("Which port?");
    press(&mut harness, egui::Modifiers::NONE, egui::Key::Escape);
    assert!(harness.query_by_label_contains("Which port?").is_none());
}

/// Adds a `kind` with the palette (into namespace web) and returns it.
/// Runs frames until the app stops asking for repaints, as the native app does without input.
fn idle(harness: &mut Harness<'static, KubedraftApp>) {
    for _ in 0..20 {
        if harness.run_ok().is_some() {
            return;
        }
    }
    panic!("the app never stopped repainting");
}

/// Every dialog with a Cancel button is in its final place once the app stops repainting (as the
/// native app does without input): the first pointer move does not shift it, so an early click
/// hits the widget under the pointer. The export dialogs' preview used to grow over frames.
#[test]
fn dialogs_settle_before_the_first_pointer_move() {
    use kubedraft::ui::actions::Action;
    for action in [
        Action::NewFromTemplate,
        Action::SaveAs,
        Action::Open,
        Action::ExportYaml,
        Action::ExportHelm,
        Action::ExportValues,
        Action::ExportImage,
    ] {
        let mut harness = harness();
        harness.run();
        harness.state_mut().perform(action);
        idle(&mut harness);
        let before = harness.get_by_label("Cancel").rect();
        harness.hover_at(egui::pos2(5.0, 5.0));
        idle(&mut harness);
        let after = harness.get_by_label("Cancel").rect();
        assert_eq!(
            before, after,
            "{action:?}: the dialog moved after the pointer moved"
        );
    }
}

/// The image export's "Name the file .svg or .png." shows only while the name is not valid, and
/// the Export button stays where it is as the hint comes and goes.
#[test]
fn the_image_name_hint_shows_only_for_a_bad_name() {
    const HINT: &str = "Name the file .svg or .png.";
    let mut harness = harness();
    harness.run();
    harness
        .state_mut()
        .perform(kubedraft::ui::actions::Action::ExportImage);
    idle(&mut harness);
    assert!(
        harness.query_by_label(HINT).is_none(),
        "hint for the suggested .svg name"
    );
    let export_at = export_button(&harness).rect();
    harness
        .get_by_label("Path:")
        .set_text_value_accesskit("diagram");
    idle(&mut harness);
    export_button(&harness).click();
    idle(&mut harness);
    harness.get_by_label(HINT);
    assert_same_place(export_button(&harness).rect(), export_at, "Export");
    harness
        .get_by_label("Path:")
        .set_text_value_accesskit("diagram.svg");
    idle(&mut harness);
    assert!(
        harness.query_by_label(HINT).is_none(),
        "the hint stayed after a valid name was typed"
    );
    assert_same_place(export_button(&harness).rect(), export_at, "Export");
}

/// The dialog's Export button (the menu bar has an "Export" menu too; the dialog is drawn last).
fn export_button<'h>(harness: &'h Harness<'static, KubedraftApp>) -> egui_kittest::Node<'h> {
    harness
        .query_all_by_label("Export")
        .last()
        .expect("Export button")
}

/// Fails unless `now` is where `before` was (to a fraction of a pixel: layout sums floats).
fn assert_same_place(now: egui::Rect, before: egui::Rect, what: &str) {
    assert!(
        (now.min - before.min).length() < 0.5 && (now.max - before.max).length() < 0.5,
        "{what} moved from {before:?} to {now:?}"
    );
}

/// The example (no file) with one object removed: unsaved changes and no file to save to.
fn dirty_untitled() -> (Harness<'static, KubedraftApp>, usize) {
    let mut harness = harness();
    harness.run();
    assert!(harness.state().path.is_none());
    let service = ui::find(&harness, "Service", "web", "api-server");
    harness
        .state_mut()
        .execute(kubedraft::document::Command::RemoveObject { id: service });
    harness.run();
    assert!(harness.state().is_dirty());
    let count = harness.state().doc.model.len();
    (harness, count)
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kubedraft-dialogs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// New on an untitled design with changes offers Save As…; saving there writes the design and then
/// starts the new design.
#[test]
fn unsaved_prompt_saves_an_untitled_design_as_and_goes_on() {
    let (mut harness, count) = dirty_untitled();
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut harness);
    harness.get_by_label_contains("has changes that are not saved");
    assert!(
        harness.query_by_label("Save").is_none(),
        "Save without a file"
    );
    harness.get_by_label("Save As…").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("has changes that are not saved")
            .is_none(),
        "the question stays over the Save As dialog"
    );
    let dir = temp_dir("save-as");
    let path = dir.join("kept.ron");
    harness
        .get_by_label("Path:")
        .set_text_value_accesskit(&path.display().to_string());
    settle(&mut harness);
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let saved = kubedraft::io::read_design(&path).expect("the design was saved");
    assert_eq!(saved.model.len(), count, "the changes were not saved");
    assert!(
        harness.state().doc.model.is_empty(),
        "New did not follow the save"
    );
    assert!(harness.state().path.is_none());
    assert!(!harness.state().is_dirty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Cancelling the Save As dialog the question opened discards nothing and does not go on.
#[test]
fn cancelling_save_as_from_the_unsaved_prompt_keeps_the_work() {
    let (mut harness, count) = dirty_untitled();
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut harness);
    harness.get_by_label("Save As…").click();
    settle(&mut harness);
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert!(!harness.state().modal_open(), "a dialog is still open");
    assert_eq!(
        harness.state().doc.model.len(),
        count,
        "the work was discarded"
    );
    assert!(harness.state().is_dirty());
    // A failed save keeps the dialog with the error, and the work.
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut harness);
    harness.get_by_label("Save As…").click();
    settle(&mut harness);
    let dir = temp_dir("save-as-fails");
    let blocker = dir.join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    harness
        .get_by_label("Path:")
        .set_text_value_accesskit(&blocker.join("kept.ron").display().to_string());
    settle(&mut harness);
    harness.get_by_label("Save").click();
    settle(&mut harness);
    harness.get_by_label("Path:");
    assert_eq!(
        harness.state().doc.model.len(),
        count,
        "the work was discarded"
    );
    assert!(harness.state().is_dirty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A design with a file: Save in the question writes the file, then New goes on.
#[test]
fn unsaved_prompt_saves_a_design_with_a_file_and_goes_on() {
    let (mut harness, count) = dirty_untitled();
    let dir = temp_dir("save");
    let path = dir.join("design.ron");
    harness.state_mut().save_to(path.clone());
    let deployment = ui::find(&harness, "Deployment", "web", "api-server");
    harness
        .state_mut()
        .execute(kubedraft::document::Command::RemoveObject { id: deployment });
    harness.run();
    press(&mut harness, egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut harness);
    assert!(harness.query_by_label("Save As…").is_none());
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let saved = kubedraft::io::read_design(&path).expect("saved");
    assert_eq!(
        saved.model.len(),
        count - 1,
        "the last change was not saved"
    );
    assert!(
        harness.state().doc.model.is_empty(),
        "New did not follow the save"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
