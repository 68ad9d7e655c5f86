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

/// Issue 12 point 3: the Gateway form edits listeners and the data plane; fields the form does
/// not show stay as they were; each edit is undoable.
#[test]
fn the_gateway_form_edits_listeners_and_keeps_other_fields() {
    let mut harness = app();
    harness.run();
    let model = &harness.state().doc.model;
    let gateway = model.find("Gateway", Some("web"), "web-gateway").unwrap();
    // A field no form shows, to be kept through form edits.
    let mut object = model.get(gateway).unwrap().clone();
    if let kubedraft::model::Resource::Other(other) = object.resource_mut() {
        other.body["spec"]["infrastructure"] = serde_json::json!({"labels": {"tier": "edge"}});
    }
    harness
        .state_mut()
        .doc
        .model
        .replace(gateway, object)
        .unwrap();
    harness.run();

    harness
        .get_by_label("Gateway web-gateway")
        .click_accesskit();
    harness.run();
    let listener_names: Vec<Option<String>> = harness
        .query_all_by_label("Listener name")
        .map(|n| n.value())
        .collect();
    assert_eq!(
        listener_names,
        [
            Some("http-api.example.com".to_owned()),
            Some("https-api.example.com".to_owned())
        ]
    );
    assert_eq!(
        harness
            .get_by_label("Certificate Secrets")
            .value()
            .as_deref(),
        Some("api-example-com-tls")
    );
    crate::support::ui::type_into(&mut harness, "Hostname", 1, "www.example.com");
    let manifest = crate::support::ui::manifest(&harness, gateway);
    assert_eq!(
        manifest["spec"]["listeners"][1]["hostname"],
        "www.example.com"
    );
    assert_eq!(
        manifest["spec"]["listeners"][0]["hostname"],
        "api.example.com"
    );
    assert_eq!(manifest["spec"]["infrastructure"]["labels"]["tier"], "edge");
    assert_eq!(
        manifest["spec"]["listeners"][1]["tls"]["certificateRefs"][0]["name"],
        "api-example-com-tls"
    );
    crate::support::ui::type_into(&mut harness, "Data-plane namespace", 0, "gateways");
    assert_eq!(data_plane_annotation(&harness).as_deref(), Some("gateways"));
    crate::support::ui::undo(&mut harness);
    assert_eq!(data_plane_annotation(&harness), None);
}

#[test]
fn the_route_form_edits_weighted_backends_and_keeps_its_parent() {
    let mut harness = app();
    harness.run();
    let route = harness
        .state()
        .doc
        .model
        .find("HTTPRoute", Some("web"), "api-server")
        .unwrap();
    harness
        .get_by_label("HTTPRoute api-server")
        .click_accesskit();
    harness.run();
    assert_eq!(
        harness.get_by_label("Hostnames").value().as_deref(),
        Some("api.example.com")
    );
    assert_eq!(
        harness.get_by_label("Service").value().as_deref(),
        Some("api-server")
    );
    // A canary: a second backend, then weights 90/10.
    // The inspector is taller than the window here: press the buttons as assistive tools do.
    harness.get_by_label("Add backend").click_accesskit();
    harness.run();
    harness.run();
    crate::support::ui::type_into(&mut harness, "Service", 1, "api-server-canary");
    for index in 0..2 {
        harness
            .query_all_by(|n| {
                n.role() == egui::accesskit::Role::CheckBox
                    && n.label().as_deref() == Some("Weight")
            })
            .nth(index)
            .expect("the Weight checkbox of each backend")
            .click_accesskit();
        harness.run();
        harness.run();
    }
    let manifest = crate::support::ui::manifest(&harness, route);
    let backends = &manifest["spec"]["rules"][0]["backendRefs"];
    assert_eq!(
        backends[0],
        serde_json::json!({"name": "api-server", "port": 80, "weight": 1})
    );
    assert_eq!(
        backends[1],
        serde_json::json!({"name": "api-server-canary", "weight": 1})
    );
    // The parent and its listener are shown and kept.
    assert_eq!(
        harness.get_by_label("Listener").value().as_deref(),
        Some("https-api.example.com")
    );
    assert_eq!(
        manifest["spec"]["parentRefs"],
        serde_json::json!([{"name": "web-gateway", "sectionName": "https-api.example.com"}])
    );
}

/// The route form's filters: a new filter is the redirect to HTTPS, its fields edit it, and the
/// redirect route of the template shows its own.
#[test]
fn the_route_form_adds_and_edits_filters() {
    let mut harness = app();
    harness.run();
    let route = harness
        .state()
        .doc
        .model
        .find("HTTPRoute", Some("web"), "api-server")
        .unwrap();
    harness
        .get_by_label("HTTPRoute api-server")
        .click_accesskit();
    harness.run();
    harness.get_by_label("Add filter").click_accesskit();
    harness.run();
    harness.run();
    let filters = |harness: &Harness<'static, KubedraftApp>| {
        crate::support::ui::manifest(harness, route)["spec"]["rules"][0]["filters"].clone()
    };
    assert_eq!(
        filters(&harness),
        serde_json::json!([{"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 301}}])
    );
    crate::support::ui::type_into(&mut harness, "Redirect hostname", 0, "www.example.com");
    assert_eq!(
        filters(&harness)[0]["requestRedirect"]["hostname"],
        "www.example.com"
    );
    harness.get_by_label("Remove filter").click_accesskit();
    harness.run();
    harness.run();
    assert!(filters(&harness).is_null(), "{}", filters(&harness));

    // The template's redirect route shows its filter's fields.
    harness
        .get_by_label("HTTPRoute api-server-redirect")
        .click_accesskit();
    harness.run();
    assert!(harness.query_by_label("Redirect hostname").is_some());
    assert_eq!(
        harness.get_by_label("Listener").value().as_deref(),
        Some("http-api.example.com")
    );
}
