//! Reachability through a Gateway in the app: the template's Gateway is a row of the matrix, its
//! route is drawn traffic, and moving its data plane to another namespace from the toolbar is one
//! undoable edit that the hand-written policy then denies (until policies are generated again).

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::design_file;
use kubedraft::reach::gateway::DATA_PLANE_NAMESPACE_ANNOTATION;
use kubedraft::reach::{Reachability, check_intents};
use kubedraft::ui::KubedraftApp;

const WEB_GATEWAY: &str = include_str!("../../examples/web-gateway.ron");

fn app() -> Harness<'static, KubedraftApp> {
    let doc = design_file::from_ron(WEB_GATEWAY).expect("example design");
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| KubedraftApp::with_document(doc.clone(), None))
}

fn data_plane_annotation(harness: &Harness<'static, KubedraftApp>) -> Option<String> {
    let model = &harness.state().doc.model;
    let id = model.find("Gateway", Some("web"), "web-gateway").unwrap();
    model
        .get(id)
        .unwrap()
        .metadata()
        .annotations
        .as_ref()
        .and_then(|a| a.get(DATA_PLANE_NAMESPACE_ANNOTATION).cloned())
}

fn blocked_routes(harness: &Harness<'static, KubedraftApp>) -> usize {
    let reach = Reachability::compute(&harness.state().doc.model);
    assert_eq!(reach.routed().len(), 1, "the template's route to the API");
    check_intents(&reach, &[]).blocked.len()
}

#[test]
fn the_gateway_data_plane_is_set_from_the_toolbar_and_undone() {
    let mut harness = app();
    harness.run();
    harness.key_press(egui::Key::M);
    harness.run();
    // The Gateway is a row of the matrix, and its route is allowed by the template's policy.
    assert!(
        harness
            .query_by_label_contains("web-gateway to api-server: TCP 8080")
            .is_some(),
        "the matrix cell of the routed traffic"
    );
    assert_eq!(blocked_routes(&harness), 0);
    // No Ingress in the design: no Ingress controller field.
    assert!(
        harness
            .query_by_label("Ingress controller namespace")
            .is_none()
    );

    harness.get_by_label("Gateway data planes (1)").click();
    harness.run();
    // The field, labelled by the Gateway's name (the label itself is not a match).
    harness.get_by_label("web/web-gateway").click();
    harness.run();
    harness
        .get_by_label("web/web-gateway")
        .type_text("envoy-gateway-system");
    harness.run();
    assert_eq!(
        data_plane_annotation(&harness),
        None,
        "set when the field is left"
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        data_plane_annotation(&harness).as_deref(),
        Some("envoy-gateway-system")
    );
    // The template's policy admits the data plane by its pod label in `web` only.
    assert_eq!(blocked_routes(&harness), 1);

    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(data_plane_annotation(&harness), None, "one undo step");
    assert_eq!(blocked_routes(&harness), 0);
}
