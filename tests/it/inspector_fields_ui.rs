//! Inspector fields that were YAML-only (probe host, HTTP headers and success threshold, the pod's
//! termination grace period) and the Form/YAML tabs of a DaemonSet (metadata and pod template in
//! the form, the rest as YAML).

use crate::support::ui;

use std::collections::BTreeSet;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::document::Document;
use kubedraft::model::Object;
use kubedraft::ui::KubedraftApp;
use serde_json::json;
use ui::{manifest, type_into, undo};

#[test]
fn probe_host_headers_thresholds_and_grace_period_in_the_form() {
    let (mut harness, id) = ui::inspect("Deployment", "api-server");
    let original = manifest(&harness, id);
    let pod = |harness: &Harness<'static, KubedraftApp>| {
        manifest(harness, id)["spec"]["template"]["spec"].clone()
    };
    assert_eq!(pod(&harness).get("terminationGracePeriodSeconds"), None);
    harness
        .get_by_label("Termination grace period (s)")
        .click_accesskit();
    harness.run();
    assert_eq!(pod(&harness)["terminationGracePeriodSeconds"], json!(30));

    // The readiness probe (HTTP GET) is the first with a host and headers.
    harness
        .query_all_by_label("Host (default: the pod IP)")
        .next()
        .unwrap()
        .set_text_value_accesskit("localhost");
    harness.run();
    let readiness = |harness: &Harness<'static, KubedraftApp>| {
        pod(harness)["containers"][0]["readinessProbe"].clone()
    };
    assert_eq!(readiness(&harness)["httpGet"]["host"], json!("localhost"));
    harness
        .query_all_by_label("Add header")
        .next()
        .unwrap()
        .click_accesskit();
    harness.run();
    // A header without a name is refused by the API server: said at the field.
    harness.get_by_label("readinessProbe: HTTP header 1 has no name");
    harness
        .get_by_label("Header name")
        .set_text_value_accesskit("X-Probe");
    harness.run();
    harness
        .get_by_label("Header value")
        .set_text_value_accesskit("kubelet");
    harness.run();
    assert_eq!(
        readiness(&harness)["httpGet"]["httpHeaders"],
        json!([{ "name": "X-Probe", "value": "kubelet" }])
    );
    harness
        .query_all_by_label("Success threshold")
        .next()
        .unwrap()
        .click_accesskit();
    harness.run();
    assert_eq!(readiness(&harness)["successThreshold"], json!(1));
    // Every change is undoable, back to the design as it was.
    for _ in 0..6 {
        undo(&mut harness);
    }
    assert_eq!(manifest(&harness, id), original);
}

#[test]
fn a_daemon_set_is_edited_in_the_form_and_the_yaml_tab() {
    let daemon_set = Object::from_value(&json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": { "name": "log-agent", "namespace": "ops" },
        "spec": {
            "selector": { "matchLabels": { "app": "log-agent" } },
            "template": {
                "metadata": { "labels": { "app": "log-agent" } },
                "spec": { "containers": [{ "name": "agent", "image": "fluent-bit:3.0.0" }] },
            },
        },
    }))
    .unwrap();
    let mut doc = Document::new();
    let id = doc.model.add(daemon_set);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .build_eframe(move |_| KubedraftApp::with_document(doc.clone(), None));
    harness.run();
    harness.state_mut().view.selection = BTreeSet::from([id]);
    harness.run();
    // The form edits its metadata.
    harness
        .get_by_label("Name")
        .set_text_value_accesskit("log-shipper");
    harness.run();
    assert_eq!(
        manifest(&harness, id)["metadata"]["name"],
        json!("log-shipper")
    );
    // And its pod template, like a Deployment's.
    type_into(&mut harness, "Image", 0, "fluent-bit:3.0.1");
    let image = |harness: &Harness<'static, KubedraftApp>| {
        manifest(harness, id)["spec"]["template"]["spec"]["containers"][0]["image"].clone()
    };
    assert_eq!(image(&harness), json!("fluent-bit:3.0.1"));
    // The YAML tab edits the rest.
    let text = ui::yaml_tab_text(&mut harness, false);
    let edited = text.replace("fluent-bit:3.0.1", "fluent-bit:3.1.0");
    assert_ne!(edited, text);
    type_into(&mut harness, "Manifest YAML", 0, &edited);
    harness.get_by_label("Apply").click();
    harness.run();
    assert_eq!(image(&harness), json!("fluent-bit:3.1.0"));
    undo(&mut harness);
    assert_eq!(image(&harness), json!("fluent-bit:3.0.1"));
    undo(&mut harness);
    assert_eq!(image(&harness), json!("fluent-bit:3.0.0"));
    assert_eq!(
        manifest(&harness, id)["metadata"]["name"],
        json!("log-shipper")
    );
}

/// The Image field shows what K8S-API-012 reports about an invalid reference, at the field, in
/// the rule's words (the form has no check of its own).
#[test]
fn an_invalid_image_reference_is_shown_at_the_field() {
    let (mut harness, _) = ui::inspect("Deployment", "api-server");
    for (image, problem) in [
        (
            "Bad Image:",
            "image `Bad Image:` of container `api-server` is not a valid reference: it contains whitespace",
        ),
        (
            "nginx:",
            "image `nginx:` of container `api-server` is not a valid reference: the tag after `:` is empty",
        ),
    ] {
        type_into(&mut harness, "Image", 0, image);
        harness.get_by_label(problem);
    }
    type_into(&mut harness, "Image", 0, "nginx:1.27.3");
    assert!(
        harness
            .query_by_label_contains("is not a valid reference")
            .is_none()
    );
}
