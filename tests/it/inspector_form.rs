//! The inspector form's sections for probes, label selector expressions, env sources and IP blocks,
//! driven as a user does on the bundled example, each change undoable.

use crate::support::ui;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::document::Command;
use kubedraft::model::ObjectId;
use kubedraft::ui::KubedraftApp;
use serde_json::{Value, json};
use ui::{inspect, manifest, type_into};

/// [`inspect`] on the example's Deployment, with its (collapsed) Environment section open.
fn inspect_environment() -> (Harness<'static, KubedraftApp>, ObjectId) {
    let (mut harness, id) = inspect("Deployment", "api-server");
    harness.get_by_label("Environment").click_accesskit();
    harness.run();
    (harness, id)
}

/// Opens the combo box labelled `combo` (the `index`th of that label) and picks `option`.
fn pick(harness: &mut Harness<'static, KubedraftApp>, combo: &str, index: usize, option: &str) {
    // An option picked through AccessKit leaves its popup open (a pointer click would close it),
    // and clicking the combo box again would close it: open it only when it is not open.
    if harness.query_by_label(option).is_none() {
        harness
            .query_all_by_label(combo)
            .nth(index)
            .unwrap_or_else(|| panic!("combo box {combo} #{index}"))
            .click_accesskit();
        harness.run();
    }
    harness.get_by_label(option).click_accesskit();
    harness.run();
}

/// Types `pieces` into the `index`th field labelled `label` one frame each, as a user types: the
/// field must keep its focus and its text while the form changes around it.
fn type_keys(
    harness: &mut Harness<'static, KubedraftApp>,
    label: &str,
    index: usize,
    pieces: &[&str],
) {
    field(harness, label, index).focus();
    harness.run();
    for piece in pieces {
        field(harness, label, index).type_text(piece);
        harness.run();
    }
}

/// The `index`th widget labelled `label`.
fn field<'h>(
    harness: &'h Harness<'static, KubedraftApp>,
    label: &'h str,
    index: usize,
) -> egui_kittest::Node<'h> {
    harness
        .query_all_by_label(label)
        .nth(index)
        .unwrap_or_else(|| panic!("widget {label} #{index}"))
}

fn undo(harness: &mut Harness<'static, KubedraftApp>) {
    // Leave the field first: while typing, Ctrl+Z belongs to the text field.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
}

fn container(harness: &Harness<'static, KubedraftApp>, id: ObjectId) -> Value {
    manifest(harness, id)["spec"]["template"]["spec"]["containers"][0].clone()
}

#[test]
fn switch_a_readiness_probe_to_exec_type_a_command_and_undo() {
    let (mut harness, id) = inspect("Deployment", "api-server");
    let original = container(&harness, id)["readinessProbe"].clone();
    assert!(original["httpGet"].is_object(), "{original}");

    pick(&mut harness, "Readiness probe", 0, "Exec");
    let probe = container(&harness, id)["readinessProbe"].clone();
    assert!(probe.get("httpGet").is_none(), "{probe}");
    assert_eq!(probe["exec"]["command"], json!([""]));
    // The timing survives the switch.
    assert_eq!(probe["periodSeconds"], original["periodSeconds"]);
    harness.get_by_label("readinessProbe: an exec probe needs a command");

    // The problem above goes away at the first key; the field keeps the focus.
    type_keys(&mut harness, "Argument", 0, &["/", "bin/health"]);
    harness.get_by_label("Add argument").click_accesskit();
    harness.run();
    type_into(&mut harness, "Argument", 1, "--ready");
    assert_eq!(
        container(&harness, id)["readinessProbe"]["exec"]["command"],
        json!(["/bin/health", "--ready"])
    );
    assert!(
        harness
            .query_by_label("an exec probe needs a command")
            .is_none()
    );

    // Undo the second argument's text, the added argument, the first argument's text (one step
    // per field), then the switch.
    for _ in 0..4 {
        undo(&mut harness);
    }
    assert_eq!(container(&harness, id)["readinessProbe"], original);
}

#[test]
fn a_grpc_liveness_probe_names_its_port_problem() {
    let (mut harness, id) = inspect("Deployment", "api-server");
    pick(&mut harness, "Liveness probe", 0, "gRPC");
    assert_eq!(
        container(&harness, id)["livenessProbe"]["grpc"],
        json!({"port": 8080})
    );
    type_into(&mut harness, "gRPC service", 0, "health");
    assert_eq!(
        container(&harness, id)["livenessProbe"]["grpc"]["service"],
        "health"
    );
    harness
        .get_by_label("gRPC port")
        .set_value_accesskit(9090.0);
    harness.run();
    assert_eq!(
        container(&harness, id)["livenessProbe"]["grpc"]["port"],
        9090
    );
    assert!(
        harness
            .query_by_label("the port must be between 1 and 65535")
            .is_none()
    );

    // A port out of range read from YAML is shown as it is, with its problem, not silently clamped.
    let mut value = manifest(&harness, id);
    value["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["grpc"]["port"] =
        json!(70000);
    let object = kubedraft::model::Object::from_value(&value).unwrap();
    harness
        .state_mut()
        .execute(Command::ReplaceObject { id, object });
    harness.run();
    harness.get_by_label("livenessProbe: the port must be between 1 and 65535");
    assert_eq!(
        container(&harness, id)["livenessProbe"]["grpc"]["port"],
        70000
    );
}

#[test]
fn add_a_match_expression_to_a_policy_pod_selector() {
    let (mut harness, id) = inspect("NetworkPolicy", "api-server");
    let selector = |harness: &Harness<'static, KubedraftApp>| {
        manifest(harness, id)["spec"]["podSelector"].clone()
    };
    assert!(selector(&harness).get("matchExpressions").is_none());

    // The policy's own selector comes first in the form.
    harness
        .query_all_by_label("Add pod label expression")
        .next()
        .unwrap()
        .click_accesskit();
    harness.run();
    harness.get_by_label("matchExpressions[0] has no key");
    harness.get_by_label("matchExpressions[0]: operator In needs values");
    type_into(&mut harness, "Expression key", 0, "tier");
    // The comma and space survive the frames between the keys.
    type_keys(&mut harness, "Values", 0, &["api", ",", " ", "web"]);
    assert_eq!(
        harness.get_by_label("Values").value().as_deref(),
        Some("api, web")
    );
    assert_eq!(
        selector(&harness)["matchExpressions"],
        json!([{"key": "tier", "operator": "In", "values": ["api", "web"]}])
    );
    assert!(
        harness
            .query_by_label_contains("operator In needs values")
            .is_none()
    );
    // The existing matchLabels are untouched.
    assert_eq!(
        selector(&harness)["matchLabels"],
        json!({"app.kubernetes.io/name": "api-server"})
    );

    // Exists takes no values: switching drops them.
    pick(&mut harness, "Operator", 0, "Exists");
    assert_eq!(
        selector(&harness)["matchExpressions"],
        json!([{"key": "tier", "operator": "Exists"}])
    );

    // Removing the only expression leaves no empty list behind.
    harness
        .query_all_by_label("Remove pod label expression")
        .next()
        .unwrap()
        .click_accesskit();
    harness.run();
    assert!(selector(&harness).get("matchExpressions").is_none());
    undo(&mut harness);
    assert_eq!(
        selector(&harness)["matchExpressions"],
        json!([{"key": "tier", "operator": "Exists"}])
    );
}

#[test]
fn a_policy_peer_becomes_an_ip_block_with_exceptions() {
    let (mut harness, id) = inspect("NetworkPolicy", "api-server");
    let peer = |harness: &Harness<'static, KubedraftApp>| {
        manifest(harness, id)["spec"]["ingress"][0]["from"][0].clone()
    };
    assert!(peer(&harness)["podSelector"].is_object());
    pick(&mut harness, "Peer", 0, "IP block");
    assert_eq!(peer(&harness), json!({"ipBlock": {"cidr": "10.0.0.0/8"}}));
    type_into(&mut harness, "Except", 0, "10.1.0.0/16, 10.2.0.0/16");
    assert_eq!(
        peer(&harness)["ipBlock"]["except"],
        json!(["10.1.0.0/16", "10.2.0.0/16"])
    );
    // An exception outside the block is named at the field.
    type_into(&mut harness, "Except", 0, "192.168.0.0/16");
    harness.get_by_label("except `192.168.0.0/16` must be a strict subset of cidr `10.0.0.0/8`");
    undo(&mut harness);
    assert_eq!(
        peer(&harness)["ipBlock"]["except"],
        json!(["10.1.0.0/16", "10.2.0.0/16"])
    );

    // A peer read from YAML that mixes an IP block with a selector is named as such.
    let message = "may not specify both ipBlock and another peer";
    assert!(harness.query_by_label(message).is_none());
    let mut value = manifest(&harness, id);
    value["spec"]["ingress"][0]["from"][0]["podSelector"] = json!({});
    let object = kubedraft::model::Object::from_value(&value).unwrap();
    harness
        .state_mut()
        .execute(Command::ReplaceObject { id, object });
    harness.run();
    harness.get_by_label(message);
}

#[test]
fn add_an_env_variable_from_a_secret_key() {
    let (mut harness, id) = inspect_environment();
    let env = |harness: &Harness<'static, KubedraftApp>| container(harness, id)["env"].clone();
    let before = env(&harness).as_array().unwrap().len();
    harness.get_by_label("Add variable").click_accesskit();
    harness.run();
    pick(&mut harness, "Value from", before, "Secret key");
    harness.get_by_label("secretKeyRef has no name: the Secret name is required");
    type_into(&mut harness, "Variable", before, "DB_PASSWORD");
    type_into(&mut harness, "Secret name", 0, "db-credentials");
    type_into(&mut harness, "Key", 0, "password");
    harness.get_by_label("Optional").click_accesskit();
    harness.run();
    assert_eq!(
        env(&harness)[before],
        json!({
            "name": "DB_PASSWORD",
            "valueFrom": {"secretKeyRef": {
                "name": "db-credentials", "key": "password", "optional": true
            }}
        })
    );
    // A pod field source.
    pick(&mut harness, "Value from", before, "Pod field");
    assert_eq!(
        env(&harness)[before]["valueFrom"],
        json!({"fieldRef": {"fieldPath": "metadata.name"}})
    );
    undo(&mut harness);
    assert_eq!(
        env(&harness)[before]["valueFrom"]["secretKeyRef"]["name"],
        "db-credentials"
    );
}

#[test]
fn import_a_config_map_with_env_from() {
    let (mut harness, id) = inspect_environment();
    harness
        .get_by_label("Import ConfigMap or Secret")
        .click_accesskit();
    harness.run();
    type_into(&mut harness, "ConfigMap name", 0, "api-settings");
    type_into(&mut harness, "Prefix", 0, "API_");
    pick(&mut harness, "Import", 0, "Secret");
    assert_eq!(
        container(&harness, id)["envFrom"],
        json!([{"secretRef": {"name": "api-settings"}, "prefix": "API_"}])
    );
}

#[test]
fn a_deployment_selector_takes_expressions_and_names_a_mismatch() {
    let (mut harness, id) = inspect("Deployment", "api-server");
    harness
        .get_by_label("Add selector label expression")
        .click_accesskit();
    harness.run();
    type_into(&mut harness, "Expression key", 0, "track");
    pick(&mut harness, "Operator", 0, "DoesNotExist");
    assert_eq!(
        manifest(&harness, id)["spec"]["selector"]["matchExpressions"],
        json!([{"key": "track", "operator": "DoesNotExist"}])
    );
    assert!(
        harness
            .query_by_label_contains("does not match template labels")
            .is_none()
    );
    pick(&mut harness, "Operator", 0, "Exists");
    // Shown under the pod labels, in K8S-API-007's words (the canvas badge lists it too).
    let message = harness
        .state()
        .problems
        .diagnostics()
        .iter()
        .find(|d| d.object == Some(id) && d.field == "spec.template.metadata.labels")
        .map(|d| d.message.clone())
        .expect("the mismatch at the pod labels");
    assert!(
        message.contains("does not match template labels"),
        "{message}"
    );
    harness.get_by_label(&message);
}

#[test]
fn an_exists_expression_with_values_from_yaml_is_named_at_the_field() {
    let (mut harness, id) = inspect("NetworkPolicy", "api-server");
    let mut value = manifest(&harness, id);
    value["spec"]["podSelector"]["matchExpressions"] =
        json!([{"key": "canary", "operator": "Exists", "values": ["yes"]}]);
    let object = kubedraft::model::Object::from_value(&value).unwrap();
    harness
        .state_mut()
        .execute(Command::ReplaceObject { id, object });
    harness.run();
    // The values stay visible (and editable) while the operator refuses them.
    harness.get_by_label("matchExpressions key canary: operator Exists takes no values");
    assert_eq!(field(&harness, "Values", 0).value().as_deref(), Some("yes"));
    type_into(&mut harness, "Values", 0, "");
    assert_eq!(
        manifest(&harness, id)["spec"]["podSelector"]["matchExpressions"],
        json!([{"key": "canary", "operator": "Exists"}])
    );
    assert!(
        harness
            .query_by_label("operator Exists takes no values")
            .is_none()
    );
}

#[test]
fn enter_applies_a_namespace_rename() {
    let mut harness = ui::harness();
    harness.run();
    let id = ui::find(&harness, "Deployment", "web", "api-server");
    harness.get_by_label("namespace web").click_accesskit();
    harness.run();
    harness.key_press(egui::Key::F2);
    harness.run();
    harness.state_mut().namespace_rename_text("store");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness
            .state()
            .doc
            .model
            .get(id)
            .unwrap()
            .effective_namespace(),
        Some("store")
    );
    assert!(harness.query_by_label("Rename namespace web").is_none());
}
