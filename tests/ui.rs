#![allow(clippy::expect_used, clippy::unwrap_used)] // Tests fail loudly by design.

//! The app as a user drives it: find objects by label, select, move, undo.

#[path = "support/ui.rs"]
mod ui;
use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use ui::harness;

#[test]
fn starts_on_the_example_and_shows_its_objects() {
    let mut harness = harness();
    harness.run();
    for label in [
        "Deployment api-server",
        "Service api-server",
        "Ingress api-server",
        "NetworkPolicy api-server",
    ] {
        assert!(
            harness.query_by_label(label).is_some(),
            "{label} is not on the canvas"
        );
    }
    assert!(harness.state().design_name.starts_with("web-tier"));
    assert!(!harness.state().is_dirty());
}

#[test]
fn select_move_and_undo() {
    let mut harness = harness();
    harness.run();
    let id = {
        let doc = &harness.state().doc;
        doc.model
            .find("Deployment", Some("web"), "api-server")
            .expect("deployment")
    };
    harness
        .get_by_label("Deployment api-server")
        .click_accesskit();
    harness.run();
    assert_eq!(ui::selection(&harness), vec![id]);

    // Drag the node by 120 canvas units to the right and 60 down, in several pointer moves.
    let start_position = harness.state().doc.position(id);
    let transform = harness.state().view.canvas_to_screen.expect("canvas drawn");
    let grab = egui::pos2(start_position.x + 60.0, start_position.y + 20.0);
    let from = transform * grab;
    let to = transform * (grab + egui::vec2(120.0, 60.0));
    ui::drag(&mut harness, from, to, 6);
    harness.run();
    let moved = harness.state().doc.position(id);
    assert!(
        (moved.x - (start_position.x + 120.0)).abs() <= 10.0,
        "moved to {moved:?}"
    );
    assert!(
        (moved.y - (start_position.y + 60.0)).abs() <= 10.0,
        "moved to {moved:?}"
    );
    assert!(harness.state().is_dirty());

    // One Ctrl+Z undoes the whole drag.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().doc.position(id), start_position);
    assert!(!harness.state().is_dirty());
    // Redo from the Edit menu.
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Redo Move").click();
    harness.run();
    assert_eq!(harness.state().doc.position(id), moved);
}

#[test]
fn delete_from_the_keyboard_and_undo() {
    let mut harness = harness();
    harness.run();
    let count = harness.state().doc.model.len();
    harness.get_by_label("Service api-server").click_accesskit();
    harness.run();
    harness.key_press(egui::Key::Delete);
    harness.run();
    assert_eq!(harness.state().doc.model.len(), count - 1);
    assert!(harness.query_by_label("Service api-server").is_none());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().doc.model.len(), count);
    assert!(harness.query_by_label("Service api-server").is_some());
}
