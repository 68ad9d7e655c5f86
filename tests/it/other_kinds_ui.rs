//! The kinds beyond the five in the inspector: PodDisruptionBudget, HorizontalPodAutoscaler,
//! ConfigMap and Secret edited through their forms and the YAML tab, and added through the
//! command palette, each change one undo step.

use crate::support::ui;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::model::ObjectId;
use kubedraft::ui::KubedraftApp;
use kubedraft::ui::actions::Action;
use serde_json::json;
use ui::{manifest, type_into, undo};

/// The one selected object (what an Add action selects).
fn selected(harness: &Harness<'static, KubedraftApp>) -> ObjectId {
    match ui::selection(harness).as_slice() {
        [id] => *id,
        other => panic!("selection {other:?}"),
    }
}

/// Runs an action through the command palette, as a user does: Ctrl+K, type, Enter.
fn run_from_palette(harness: &mut Harness<'static, KubedraftApp>, typed: &str) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness.get_by_label("Command").type_text(typed);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn edit_a_budget_in_the_form_and_undo_it() {
    let (mut harness, id) = ui::inspect("PodDisruptionBudget", "api-server");
    let original = manifest(&harness, id);
    assert_eq!(original["spec"]["maxUnavailable"], json!(1));
    // Setting both is refused by the API server: the form says so at the field.
    type_into(&mut harness, "Min available", 0, "2");
    assert_eq!(manifest(&harness, id)["spec"]["minAvailable"], json!(2));
    harness.get_by_label("minAvailable and maxUnavailable cannot be both set");
    type_into(&mut harness, "Max unavailable", 0, "");
    let edited = manifest(&harness, id);
    assert_eq!(edited["spec"]["minAvailable"], json!(2));
    assert_eq!(edited["spec"].get("maxUnavailable"), None);
    // The selector and the rest are untouched.
    assert_eq!(edited["spec"]["selector"], original["spec"]["selector"]);
    assert!(
        harness
            .query_by_label_contains("cannot be both set")
            .is_none()
    );
    // A bad percentage is named at the field (and by the rule in the object's problems).
    type_into(&mut harness, "Min available", 0, "half");
    assert!(
        harness
            .query_all_by_label_contains("`half` is neither a non-negative integer")
            .count()
            >= 1
    );
    // Each field change is one undo step.
    undo(&mut harness);
    assert_eq!(manifest(&harness, id), edited);
    undo(&mut harness);
    assert_eq!(manifest(&harness, id)["spec"]["maxUnavailable"], json!(1));
    undo(&mut harness);
    assert_eq!(manifest(&harness, id), original);
}

#[test]
fn yaml_tab_of_a_config_map_keeps_a_bad_edit_and_applies_a_good_one() {
    let mut harness = ui::harness();
    harness.run();
    harness.state_mut().perform(Action::AddConfigMap);
    harness.run();
    let id = selected(&harness);
    assert_eq!(
        harness.state().doc.model.get(id).unwrap().kind_name(),
        "ConfigMap"
    );
    let original = ui::yaml_tab_text(&mut harness, false);
    assert!(original.contains("LOG_LEVEL: info"), "{original}");
    // A list where a ConfigMap value goes: the API server would refuse it, so the tab does.
    let broken = original.replace("LOG_LEVEL: info", "LOG_LEVEL: [info]");
    type_into(&mut harness, "Manifest YAML", 0, &broken);
    harness.get_by_label_contains("data.LOG_LEVEL");
    // Apply is disabled: clicking it changes nothing.
    harness.get_by_label("Apply").click();
    harness.run();
    assert_eq!(manifest(&harness, id)["data"]["LOG_LEVEL"], json!("info"));
    // The draft survives a trip to the form.
    assert_eq!(ui::yaml_tab_text(&mut harness, true), broken);
    let fixed = original.replace("LOG_LEVEL: info", "LOG_LEVEL: debug\n  TZ: UTC");
    type_into(&mut harness, "Manifest YAML", 0, &fixed);
    harness.get_by_label_contains("Valid.");
    harness.get_by_label("Apply").click();
    harness.run();
    assert_eq!(
        manifest(&harness, id)["data"],
        json!({ "LOG_LEVEL": "debug", "TZ": "UTC" })
    );
    // Apply is one undo step.
    undo(&mut harness);
    assert_eq!(
        manifest(&harness, id)["data"],
        json!({ "LOG_LEVEL": "info" })
    );
}

#[test]
fn autoscaler_for_the_selected_deployment_with_min_max_and_target() {
    let mut harness = ui::harness();
    harness.run();
    let deployment = ui::find(&harness, "Deployment", "web", "api-server");
    harness
        .get_by_label("Deployment api-server")
        .click_accesskit();
    harness.run();
    run_from_palette(&mut harness, "add horizontalpod");
    let id = selected(&harness);
    assert_ne!(id, deployment);
    let hpa = manifest(&harness, id);
    assert_eq!(hpa["apiVersion"], json!("autoscaling/v2"));
    assert_eq!(hpa["metadata"]["namespace"], json!("web"));
    assert_eq!(
        hpa["spec"]["scaleTargetRef"],
        json!({ "apiVersion": "apps/v1", "kind": "Deployment", "name": "api-server" })
    );
    let min = i32::try_from(hpa["spec"]["minReplicas"].as_i64().unwrap()).unwrap();
    // Max below min: named at the field.
    harness
        .get_by_label("Max replicas")
        .set_value_accesskit(f64::from(min - 1));
    harness.run();
    assert_eq!(
        manifest(&harness, id)["spec"]["maxReplicas"],
        json!(min - 1)
    );
    // Under the field, in the rule's words (the canvas node's badge lists it too).
    harness.get_by_label(&format!(
        "maxReplicas {} is below minReplicas {min}: raise it or lower minReplicas",
        min - 1
    ));
    harness
        .get_by_label("Max replicas")
        .set_value_accesskit(12.0);
    harness.run();
    assert_eq!(manifest(&harness, id)["spec"]["maxReplicas"], json!(12));
    assert!(
        harness
            .query_by_label_contains("is below minReplicas")
            .is_none()
    );
    // A target that is not in the namespace is named too.
    harness
        .get_by_label("Average utilization (%)")
        .set_value_accesskit(65.0);
    harness.run();
    assert_eq!(
        manifest(&harness, id)["spec"]["metrics"][0]["resource"]["target"],
        json!({ "type": "Utilization", "averageUtilization": 65 })
    );
    harness.get_by_label("Target kind").click_accesskit();
    harness.run();
    harness.get_by_label("StatefulSet").click_accesskit();
    harness.run();
    assert_eq!(
        manifest(&harness, id)["spec"]["scaleTargetRef"]["kind"],
        json!("StatefulSet")
    );
    harness.get_by_label(
        "no StatefulSet api-server in namespace web: the autoscaler has nothing to scale \
         (add it, or list it in the kubedraft.io/external annotation)",
    );
    undo(&mut harness);
    assert_eq!(
        manifest(&harness, id)["spec"]["scaleTargetRef"]["kind"],
        json!("Deployment")
    );
}

#[test]
fn add_a_secret_through_the_command_palette() {
    let mut harness = ui::harness();
    harness.run();
    let before = harness.state().doc.model.len();
    run_from_palette(&mut harness, "add secret");
    assert_eq!(harness.state().doc.model.len(), before + 1);
    let id = selected(&harness);
    let secret = manifest(&harness, id);
    assert_eq!(secret["kind"], json!("Secret"));
    assert_eq!(secret["type"], json!("Opaque"));
    assert_eq!(secret["metadata"]["namespace"], json!("web"));
    // Clean: no finding at warning or error level on it.
    let findings: Vec<_> = kubedraft::rules::check_document(&harness.state().doc)
        .into_iter()
        .filter(|d| d.object == Some(id))
        .filter(|d| d.severity >= kubedraft::rules::Severity::Warning)
        .map(|d| d.message)
        .collect();
    assert!(findings.is_empty(), "{findings:?}");
    // Its form: a value typed is masked until shown.
    harness.get_by_label("Add stringData key").click();
    harness.run();
    type_into(&mut harness, "stringData value", 0, "s3cret");
    assert_eq!(
        manifest(&harness, id)["stringData"],
        json!({ "key-1": "s3cret" })
    );
    harness.get_by_label("Show values").click();
    harness.run();
    assert_eq!(
        harness.get_by_label("stringData value").value().as_deref(),
        Some("s3cret")
    );
    // One undo step each: the value, then the new key, then the Secret itself.
    undo(&mut harness);
    undo(&mut harness);
    assert_eq!(manifest(&harness, id).get("stringData"), None);
    undo(&mut harness);
    assert_eq!(harness.state().doc.model.len(), before);
}

#[test]
fn typing_in_the_yaml_tab_keeps_the_focus_when_the_status_line_appears() {
    let mut harness = ui::harness();
    harness.run();
    harness.state_mut().perform(Action::AddConfigMap);
    harness.run();
    let original = ui::yaml_tab_text(&mut harness, false);
    harness.get_by_label("Manifest YAML").focus();
    harness.run();
    // Key by key, a frame each: after the first one "Valid. Apply…" shows above the editor.
    for piece in ["# a", "b", "c"] {
        harness.get_by_label("Manifest YAML").type_text(piece);
        harness.run();
    }
    let editor = harness.get_by_label("Manifest YAML");
    assert!(editor.is_focused(), "the editor lost the focus");
    let text = editor.value().unwrap_or_default();
    assert!(text.contains("# abc"), "{text}");
    assert_eq!(text.len(), original.len() + "# abc".len());
}

#[test]
fn typing_a_budget_keeps_the_focus_when_its_problem_appears() {
    let (mut harness, id) = ui::inspect("PodDisruptionBudget", "api-server");
    type_into(&mut harness, "Max unavailable", 0, "");
    type_into(&mut harness, "Min available", 0, "2");
    harness.get_by_label("Max unavailable").focus();
    harness.run();
    // The first key sets both budgets: the problem shows, and the second key still lands.
    for key in ["1", "0"] {
        harness.get_by_label("Max unavailable").type_text(key);
        harness.run();
    }
    assert!(harness.get_by_label("Max unavailable").is_focused());
    assert_eq!(manifest(&harness, id)["spec"]["maxUnavailable"], json!(10));
    harness.get_by_label("minAvailable and maxUnavailable cannot be both set");
}

#[test]
fn dropping_a_budget_into_another_frame_moves_its_namespace() {
    let mut harness = ui::harness();
    harness.run();
    let pdb = ui::find(&harness, "PodDisruptionBudget", "web", "api-server");
    let frame = ui::add_frame_below(&mut harness, "web", "ops");
    let transform = harness.state().view.canvas_to_screen.unwrap();
    let node = harness.state().doc.node_rect(pdb);
    let grab = egui::pos2(node.min.x + 80.0, node.min.y + 20.0);
    let target = egui::pos2(frame.min.x + 200.0, frame.min.y + 110.0);
    ui::drag(&mut harness, transform * grab, transform * target, 6);
    harness.run();
    assert_eq!(
        manifest(&harness, pdb)["metadata"]["namespace"],
        json!("ops")
    );
    undo(&mut harness);
    assert_eq!(
        manifest(&harness, pdb)["metadata"]["namespace"],
        json!("web")
    );
}
