//! The inspector shows the checker's diagnostics at the field they are about (by field path), in
//! the rule's words: the form has no validity checks of its own, so it cannot disagree with
//! `kubedraft check` or the Problems room.

use crate::support::ui;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::document::{Command, Point};
use kubedraft::model::ObjectId;
use kubedraft::rules::Diagnostic;
use kubedraft::ui::KubedraftApp;
use serde_json::json;
use ui::{manifest, type_into};

/// The diagnostic the checker reported for object `id` at `field`, if any.
fn reported(
    harness: &Harness<'static, KubedraftApp>,
    id: ObjectId,
    field: &str,
) -> Option<Diagnostic> {
    harness
        .state()
        .problems
        .diagnostics()
        .iter()
        .find(|d| d.object == Some(id) && d.field == field)
        .cloned()
}

#[test]
fn a_name_the_api_refuses_shows_the_rule_message_under_the_name_field() {
    let (mut harness, id) = ui::inspect("Service", "api-server");
    assert!(reported(&harness, id, "metadata.name").is_none());
    type_into(&mut harness, "Name", 0, "1-web");
    let diagnostic = reported(&harness, id, "metadata.name").expect("K8S-API-001 at metadata.name");
    assert_eq!(diagnostic.rule, "K8S-API-001");
    // The field shows exactly what the checker says, nothing of its own.
    harness.get_by_label(&diagnostic.message);
    type_into(&mut harness, "Name", 0, "web-1");
    assert!(reported(&harness, id, "metadata.name").is_none());
    assert!(harness.query_by_label(&diagnostic.message).is_none());
}

#[test]
fn a_bad_quantity_is_shown_at_the_resource_it_is_about() {
    let (mut harness, id) = ui::inspect("Deployment", "api-server");
    type_into(&mut harness, "CPU request", 0, "lots");
    let field = "spec.template.spec.containers[0].resources.requests.cpu";
    let diagnostic = reported(&harness, id, field).expect("a finding at the CPU request");
    harness.get_by_label(&diagnostic.message);
    // The same finding is what `check` reports: one source for both.
    let model = &harness.state().doc.model;
    let checked = kubedraft::rules::check(model, false);
    assert!(
        checked
            .iter()
            .any(|d| d.field == field && d.message == diagnostic.message),
        "{checked:#?}"
    );
    type_into(&mut harness, "CPU request", 0, "250m");
    assert!(harness.query_by_label(&diagnostic.message).is_none());
}

#[test]
fn a_secret_of_type_tls_names_the_keys_it_lacks_at_the_type() {
    let mut harness = ui::harness();
    harness.run();
    let secret = json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "api-tls", "namespace": "web"},
        "type": "kubernetes.io/tls",
        "stringData": {"tls.crt": "x"},
    });
    let object = kubedraft::model::Object::from_value(&secret).unwrap();
    let secret_id = harness.state_mut().doc.model.allocate_id();
    harness.state_mut().execute(Command::AddObject {
        id: secret_id,
        object,
        position: Point { x: 40.0, y: 40.0 },
    });
    harness.run();
    harness.get_by_label("Secret api-tls").click_accesskit();
    harness.run();
    let diagnostic = reported(&harness, secret_id, "type").expect("the missing key at type");
    assert_eq!(
        diagnostic.message,
        "a Secret of type kubernetes.io/tls needs the keys tls.key"
    );
    harness.get_by_label(&diagnostic.message);
}

/// A note appearing above the field being typed in takes the same widget ids as no note, so
/// the field keeps the keyboard focus.
#[test]
fn a_note_appearing_above_the_focused_field_keeps_its_focus() {
    let (mut harness, id) = ui::inspect("PodDisruptionBudget", "api-server");
    type_into(&mut harness, "Max unavailable", 0, "");
    harness.get_by_label("Max unavailable").focus();
    harness.run();
    assert!(harness.get_by_label("Max unavailable").is_focused());
    // Another change puts a finding at minAvailable, which is drawn above Max unavailable.
    let mut value = manifest(&harness, id);
    value["spec"]["minAvailable"] = json!("half");
    let object = kubedraft::model::Object::from_value(&value).unwrap();
    harness
        .state_mut()
        .execute(Command::ReplaceObject { id, object });
    harness.run();
    let diagnostic =
        reported(&harness, id, "spec.minAvailable").expect("a finding at minAvailable");
    harness.get_by_label(&diagnostic.message);
    assert!(harness.get_by_label("Max unavailable").is_focused());
    harness.get_by_label("Max unavailable").type_text("1");
    harness.run();
    assert!(harness.get_by_label("Max unavailable").is_focused());
    assert_eq!(manifest(&harness, id)["spec"]["maxUnavailable"], json!(1));
}

/// Adds `value` (an object of namespace `web`) to the open design and selects its node.
fn add_and_inspect(
    harness: &mut Harness<'static, KubedraftApp>,
    value: &serde_json::Value,
) -> ObjectId {
    let object = kubedraft::model::Object::from_value(value).unwrap();
    let label = format!("{} {}", object.kind_name(), object.name());
    let id = harness.state_mut().doc.model.allocate_id();
    harness.state_mut().execute(Command::AddObject {
        id,
        object,
        position: Point { x: 40.0, y: 40.0 },
    });
    harness.run();
    harness.get_by_label(&label).click_accesskit();
    harness.run();
    id
}

/// Whether the `note` label is drawn below the `field` widget and above `next` (the widget after
/// the field's note): under the field it is about.
fn is_under(harness: &Harness<'static, KubedraftApp>, note: &str, field: &str, next: &str) -> bool {
    let note = harness.get_by_label(note).rect();
    // A field's label and its widget both carry the label: below both, above both.
    let bottom = harness
        .query_all_by_label(field)
        .map(|node| node.rect().max.y)
        .fold(f32::NEG_INFINITY, f32::max);
    let top = harness
        .query_all_by_label(next)
        .map(|node| node.rect().min.y)
        .fold(f32::INFINITY, f32::min);
    bottom.is_finite() && top.is_finite() && note.min.y >= bottom && note.max.y <= top
}

#[test]
fn an_autoscaler_with_max_below_min_shows_the_finding_under_max_replicas() {
    let mut harness = ui::harness();
    harness.run();
    let id = add_and_inspect(
        &mut harness,
        &json!({
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "api-server-scaler", "namespace": "web"},
            "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "api-server"},
                "minReplicas": 4,
                "maxReplicas": 6,
            },
        }),
    );
    assert!(reported(&harness, id, "spec.maxReplicas").is_none());
    harness
        .get_by_label("Max replicas")
        .set_value_accesskit(3.0);
    harness.run();
    assert_eq!(manifest(&harness, id)["spec"]["maxReplicas"], json!(3));
    let diagnostic = reported(&harness, id, "spec.maxReplicas").expect("a finding at maxReplicas");
    assert_eq!(diagnostic.rule, "K8S-API-028");
    assert_eq!(
        diagnostic.message,
        "maxReplicas 3 is below minReplicas 4: raise it or lower minReplicas"
    );
    assert!(is_under(
        &harness,
        &diagnostic.message,
        "Max replicas",
        "Add metric"
    ));
    harness
        .get_by_label("Max replicas")
        .set_value_accesskit(8.0);
    harness.run();
    assert!(reported(&harness, id, "spec.maxReplicas").is_none());
    assert!(harness.query_by_label(&diagnostic.message).is_none());
}

#[test]
fn a_claim_without_a_storage_request_shows_the_finding_under_its_size() {
    let mut harness = ui::harness();
    harness.run();
    let id = add_and_inspect(
        &mut harness,
        &json!({
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": "uploads", "namespace": "web"},
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": "10Gi"}},
            },
        }),
    );
    let field = "spec.resources.requests.storage";
    assert!(reported(&harness, id, field).is_none());
    type_into(&mut harness, "Size", 0, "");
    assert_eq!(manifest(&harness, id)["spec"].get("resources"), None);
    let diagnostic = reported(&harness, id, field).expect("a finding at the storage request");
    assert_eq!(diagnostic.rule, "K8S-API-029");
    assert_eq!(
        diagnostic.message,
        "a claim needs a storage request (e.g. 10Gi)"
    );
    assert!(is_under(
        &harness,
        &diagnostic.message,
        "Size",
        "Storage class"
    ));
    // No access mode either: that note comes under the modes, from the same rule.
    harness.get_by_label("ReadWriteOnce").click();
    harness.run();
    let modes = reported(&harness, id, "spec.accessModes").expect("a finding at accessModes");
    assert!(is_under(
        &harness,
        &modes.message,
        "ReadWriteMany",
        "Volume mode"
    ));
    type_into(&mut harness, "Size", 0, "5Gi");
    assert!(reported(&harness, id, field).is_none());
    assert!(harness.query_by_label(&diagnostic.message).is_none());
}
