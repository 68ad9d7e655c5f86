//! The tiled workspace as a user drives it: rooms open as tabs by shortcut and menu, tabs switch
//! by click, the canvas keeps a usable size, the layout resets and survives a restart.

use std::path::PathBuf;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::ui::KubedraftApp;
use kubedraft::ui::canvas::view::NodeDetail;
use kubedraft::ui::workspace::{MIN_CANVAS_HEIGHT, MIN_CANVAS_WIDTH, Pane, Workspace};

use crate::support::ui;

/// The app on the microservices example (two namespaces, policies: problems and a matrix).
fn microservices() -> Harness<'static, KubedraftApp> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/microservices.ron");
    let mut harness = ui::harness();
    harness.run();
    harness.state_mut().open_paths(&[path]).unwrap();
    harness.run();
    harness
}

fn click_menu(harness: &mut Harness<'static, KubedraftApp>, menu: &str, entry: &str) {
    harness.get_by_label(menu).click();
    harness.run();
    harness.get_by_label(entry).click();
    harness.run();
}

#[test]
fn problems_matrix_and_inspector_open_together_and_the_canvas_stays_usable() {
    let mut harness = microservices();
    assert!(!harness.state().workspace.is_open(Pane::Matrix));
    harness.key_press(egui::Key::M);
    harness.run();
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
        egui::Key::M,
    );
    harness.run();
    harness.run();
    let workspace = &harness.state().workspace;
    assert!(
        harness.state().problems.panel,
        "Ctrl+Shift+M opens problems"
    );
    assert!(harness.state().reach.panel, "M opens the matrix");
    for pane in [Pane::Problems, Pane::Matrix, Pane::Why, Pane::Inspector] {
        assert!(workspace.is_open(pane), "{pane:?} is not open");
    }
    // Problems and the matrix share a tab group: the one opened last is in front, the other
    // is a tab away.
    assert!(workspace.is_shown(Pane::Problems));
    assert!(workspace.is_shown(Pane::Why) && workspace.is_shown(Pane::Inspector));
    let canvas = workspace.rect(Pane::Canvas).expect("the canvas is drawn");
    assert!(
        canvas.width() >= MIN_CANVAS_WIDTH && canvas.height() >= MIN_CANVAS_HEIGHT,
        "the canvas shrank to {canvas:?}"
    );
    // The matrix tab brings the matrix to the front; its cells are there to click.
    harness.get_by_label("Reachability").click();
    harness.run();
    assert!(harness.state().workspace.is_shown(Pane::Matrix));
    assert!(!harness.state().workspace.is_shown(Pane::Problems));
    harness
        .get_by_label("shop-frontend/storefront to shop-backend/catalog: TCP 8080")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("on any port: ALLOWED")
            .is_some(),
        "the Why room explains the clicked cell"
    );
}

#[test]
fn the_manifests_tab_shows_the_selection_as_exported() {
    let mut harness = ui::harness();
    harness.run();
    assert!(harness.state().workspace.is_shown(Pane::Inspector));
    harness.get_by_label("Manifests").click();
    harness.run();
    assert!(harness.state().workspace.is_shown(Pane::Yaml));
    assert!(!harness.state().workspace.is_shown(Pane::Inspector));
    // Nothing selected: the whole design.
    assert!(harness.query_by_label("Whole design").is_some());
    let manifest = |harness: &Harness<'static, KubedraftApp>| {
        harness
            .query_all_by_label_contains("kind: Deployment")
            .next()
            .and_then(|node| node.value())
            .expect("the manifests are shown")
    };
    assert!(manifest(&harness).contains("kind: Service"));
    harness
        .get_by_label("Deployment api-server")
        .click_accesskit();
    harness.run();
    assert!(harness.query_by_label("1 selected object").is_some());
    let text = manifest(&harness);
    assert!(text.contains("name: api-server"), "{text}");
    assert!(
        !text.contains("kind: Service"),
        "only the selection: {text}"
    );
    harness.get_by_label("Inspector").click();
    harness.run();
    assert!(harness.state().workspace.is_shown(Pane::Inspector));
}

#[test]
fn view_menu_hides_and_shows_rooms_and_reset_layout_brings_them_back() {
    let mut harness = ui::harness();
    harness.run();
    // The Objects tab, and the inspector's "Objects" row of the design summary.
    let objects_labels =
        |harness: &Harness<'static, KubedraftApp>| harness.query_all_by_label("Objects").count();
    assert_eq!(objects_labels(&harness), 2);
    click_menu(&mut harness, "View", "Hide objects Alt+1");
    assert!(!harness.state().workspace.is_open(Pane::Objects));
    assert_eq!(objects_labels(&harness), 1, "its tab is gone");
    click_menu(&mut harness, "View", "Objects Alt+1");
    assert!(harness.state().workspace.is_open(Pane::Objects));
    assert_eq!(objects_labels(&harness), 2);
    click_menu(&mut harness, "View", "Hide inspector Alt+2");
    click_menu(&mut harness, "View", "Hide objects Alt+1");
    assert!(!harness.state().workspace.is_open(Pane::Inspector));
    let canvas = harness.state().workspace.rect(Pane::Canvas).unwrap();
    click_menu(&mut harness, "View", "Reset layout");
    harness.run();
    let workspace = &harness.state().workspace;
    assert!(workspace.is_open(Pane::Objects) && workspace.is_open(Pane::Inspector));
    let after = workspace.rect(Pane::Canvas).unwrap();
    assert!(
        after.width() < canvas.width(),
        "the canvas gave the rooms their space back: {canvas:?} → {after:?}"
    );
}

#[test]
fn alt_digits_toggle_the_side_rooms() {
    let mut harness = ui::harness();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::Num3);
    harness.run();
    assert!(
        !harness.state().workspace.is_open(Pane::Yaml),
        "Alt+3 hides manifests"
    );
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::Num3);
    harness.run();
    assert!(
        harness.state().workspace.is_shown(Pane::Yaml),
        "and shows them in front"
    );
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::Num1);
    harness.run();
    assert!(!harness.state().workspace.is_open(Pane::Objects));
}

#[test]
fn a_saved_layout_is_restored_and_a_foreign_one_is_refused() {
    let mut workspace = Workspace::new();
    workspace.set_open(Pane::Objects, false);
    let saved = workspace.to_saved().expect("serialises");
    let restored = Workspace::from_saved(&saved).expect("reads back");
    assert!(!restored.is_open(Pane::Objects));
    assert!(restored.is_open(Pane::Inspector));
    assert!(Workspace::from_saved("{\"tree\": 3}").is_none());
    assert!(Workspace::from_saved("not json").is_none());
    // A layout that lacks a room (from another version) is not used.
    let without_why = saved.replace("\"Why\"", "\"Canvas\"");
    assert!(Workspace::from_saved(&without_why).is_none());
}

#[test]
fn new_and_open_keep_the_users_layout() {
    let mut harness = ui::harness();
    harness.run();
    click_menu(&mut harness, "View", "Hide objects Alt+1");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/postgres.ron");
    harness.state_mut().open_paths(&[path]).unwrap();
    harness.run();
    assert!(!harness.state().workspace.is_open(Pane::Objects));
}

#[test]
fn zoomed_out_nodes_keep_their_names() {
    assert_eq!(NodeDetail::at_zoom(1.0), NodeDetail::Full);
    assert_eq!(NodeDetail::at_zoom(0.64), NodeDetail::Full);
    assert_eq!(NodeDetail::at_zoom(0.44), NodeDetail::Name);
    assert_eq!(NodeDetail::at_zoom(0.25), NodeDetail::Compact);
    assert_eq!(NodeDetail::at_zoom(0.1), NodeDetail::Compact);
}
