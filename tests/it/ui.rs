//! The app as a user drives it: find objects by label, select, move, undo.

use crate::support::ui;
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

/// The YAML tab's Apply button stays where it is while error and status lines come and go above
/// the editor, and still applies.
#[test]
fn the_yaml_tab_apply_button_does_not_move() {
    let (mut harness, id) = ui::inspect("Deployment", "api-server");
    let original = ui::yaml_tab_text(&mut harness, false);
    let apply_at = harness.get_by_label("Apply").rect();
    let same_place = |now: egui::Rect, what: &str| {
        assert!(
            (now.min - apply_at.min).length() < 0.5,
            "Apply moved from {apply_at:?} to {now:?} ({what})"
        );
    };
    let broken = original.replace("replicas: 3", "replicas: many");
    assert_ne!(broken, original);
    ui::type_into(&mut harness, "Manifest YAML", 0, &broken);
    harness.get_by_label_contains("spec.replicas");
    same_place(harness.get_by_label("Apply").rect(), "error shown");
    let fixed = original.replace("replicas: 3", "replicas: 4");
    ui::type_into(&mut harness, "Manifest YAML", 0, &fixed);
    harness.get_by_label_contains("Valid.");
    same_place(harness.get_by_label("Apply").rect(), "valid edit");
    harness.get_by_label("Apply").click();
    harness.run();
    assert_eq!(
        harness.state().doc.model.get(id).unwrap().replicas(),
        Some(4)
    );
}

/// Opening a file in which nothing can be read keeps the open design (it used to be replaced by an
/// empty one) and says why.
#[test]
fn opening_an_unreadable_file_keeps_the_open_design() {
    let mut harness = harness();
    harness.run();
    let before = harness.state().doc.clone();
    let dir = std::env::temp_dir().join(format!("kubedraft-open-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "apiVersion: v1\nkind: [unclosed\n").unwrap();
    let error = harness
        .state_mut()
        .open_paths(std::slice::from_ref(&broken))
        .expect_err("nothing readable");
    assert!(error.contains("broken.yaml"), "{error}");
    assert!(error.contains("kept"), "{error}");
    assert_eq!(harness.state().doc, before);
    let _ = std::fs::remove_dir_all(&dir);
}
