//! Cluster policies in the app (issue 14 point 4): added from the command palette into the
//! cluster band, edited in the inspector's form (priority, rules), valid against the CRD schema
//! of network-policy-api throughout, and drawn with their subject's relations.

use std::collections::BTreeMap;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::model::{ObjectId, Relation};
use kubedraft::ui::KubedraftApp;

use crate::gateway_api::schema_errors;

fn app() -> Harness<'static, KubedraftApp> {
    Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_eframe(|_| KubedraftApp::with_example())
}

fn policy(harness: &Harness<'static, KubedraftApp>) -> Option<ObjectId> {
    harness
        .state()
        .doc
        .model
        .find("ClusterNetworkPolicy", None, "cluster-policy-1")
}

fn manifest(harness: &Harness<'static, KubedraftApp>, id: ObjectId) -> serde_json::Value {
    harness
        .state()
        .doc
        .model
        .get(id)
        .expect("policy")
        .to_value()
}

#[test]
fn a_cluster_policy_is_added_to_the_band_edited_in_its_form_and_stays_valid() {
    let mut harness = app();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness
        .get_by_label("Command")
        .type_text("add clusternetworkpolicy");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.run();
    let id = policy(&harness).expect("Add ClusterNetworkPolicy from the command palette");
    let mut schemas = BTreeMap::new();
    let created = manifest(&harness, id);
    assert_eq!(schema_errors(&created, &mut schemas), Vec::<String>::new());
    assert_eq!(created["spec"]["tier"], "Admin");
    assert_eq!(created["spec"]["priority"], 10);
    {
        let state = harness.state();
        assert_eq!(
            state.view.selection.iter().copied().collect::<Vec<_>>(),
            [id]
        );
        // In the band, above the namespace frames.
        let band = state.doc.cluster_band_rect().expect("a band");
        let frame = state
            .doc
            .frame_rect("web")
            .expect("the example's namespace");
        assert!(band.max.y <= frame.min.y, "{band:?} {frame:?}");
        // Its subject is every pod of the focused namespace: drawn to each workload there.
        let chosen: Vec<ObjectId> = state
            .doc
            .model
            .relations_from(id)
            .into_iter()
            .filter(|(_, r)| *r == Relation::ClusterPolicyApplies)
            .map(|(to, _)| to)
            .collect();
        let workloads = state
            .doc
            .model
            .objects()
            .filter(|(_, o)| o.kind().is_workload() && o.effective_namespace() == Some("web"))
            .count();
        assert!(workloads > 0);
        assert_eq!(chosen.len(), workloads);
    }

    // The form: priority, then an ingress rule (a Deny from every namespace, to be narrowed).
    assert_eq!(
        harness.get_by_label("Priority").value().as_deref(),
        Some("10")
    );
    harness.get_by_label("Priority").set_value_accesskit(25.0);
    harness.run();
    harness.run();
    assert_eq!(manifest(&harness, id)["spec"]["priority"], 25);
    harness.get_by_label("Add ingress rule").click_accesskit();
    harness.run();
    harness.run();
    let edited = manifest(&harness, id);
    assert_eq!(edited["spec"]["ingress"][0]["action"], "Deny");
    assert_eq!(
        edited["spec"]["ingress"][0]["from"],
        serde_json::json!([{"namespaces": {}}])
    );
    assert_eq!(schema_errors(&edited, &mut schemas), Vec::<String>::new());
    assert!(harness.query_by_label("Action").is_some());
    assert!(harness.query_by_label("Add source").is_some());

    // Each edit is one undo step; three undos remove the policy again.
    for _ in 0..3 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        harness.run();
    }
    harness.run();
    assert!(policy(&harness).is_none());
}

#[test]
fn the_add_strip_places_cluster_policies_with_free_priorities() {
    let mut harness = app();
    harness.run();
    for _ in 0..2 {
        harness
            .get_by_label("Add ClusterNetworkPolicy")
            .click_accesskit();
        harness.run();
        harness.run();
    }
    let model = &harness.state().doc.model;
    let priority = |name: &str| {
        model
            .get(model.find("ClusterNetworkPolicy", None, name).expect(name))
            .expect("object")
            .to_value()["spec"]["priority"]
            .clone()
    };
    // Two Admin-tier policies never share a priority (K8S-CNP-001).
    assert_eq!(priority("cluster-policy-1"), 10);
    assert_eq!(priority("cluster-policy-2"), 20);
}
