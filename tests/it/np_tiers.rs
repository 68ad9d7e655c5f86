//! The "not isolated" rules (K8S-NP-002, K8S-NP-003) and the cluster tiers (issue 14 point 5): a
//! pod no NetworkPolicy isolates but whose traffic the Admin and Baseline tiers decide is not
//! open, and the incremental checker re-runs these namespace findings when a cluster-scoped
//! policy is added, edited or removed.

use kubedraft::model::{Object, ObjectId};
use kubedraft::reach::{GenerateOptions, GenerateTarget, generate_policies};
use kubedraft::rules::{self, Checker, Diagnostic};

use crate::reach_generate::{design, intents};

/// The NP-002 and NP-003 findings, as `subject: message`.
fn not_isolated(found: &[Diagnostic]) -> Vec<String> {
    found
        .iter()
        .filter(|d| d.rule == "K8S-NP-002" || d.rule == "K8S-NP-003")
        .map(|d| format!("{} {}: {}", d.rule, d.object_display(), d.message))
        .collect()
}

fn with(model: &kubedraft::model::Model, objects: Vec<Object>) -> kubedraft::model::Model {
    let mut model = model.clone();
    for object in objects {
        model.add(object);
    }
    model
}

#[test]
fn the_generated_baseline_closes_what_the_per_namespace_deny_closed() {
    let doc = design();
    let intents = intents(&doc);
    let open = not_isolated(&rules::check(&doc.model, true));
    let subjects = |list: &[String], rule: &str| -> Vec<String> {
        list.iter()
            .filter(|l| l.starts_with(rule))
            .map(|l| l.split(':').next().unwrap_or_default().to_owned())
            .collect()
    };
    // Without policies every workload and namespace is open.
    assert!(subjects(&open, "K8S-NP-002").len() >= 5, "{open:?}");
    let mut findings = Vec::new();
    for target in [GenerateTarget::NetworkPolicy, GenerateTarget::Baseline] {
        let options = GenerateOptions {
            target,
            ..GenerateOptions::default()
        };
        let generated = generate_policies(&doc.model, &intents, &options);
        let model = with(&doc.model, generated.policies);
        findings.push(not_isolated(&rules::check(&model, true)));
    }
    let [by_network_policies, by_baseline] = [&findings[0], &findings[1]];
    // shop and data are closed either way; the other namespaces stay open.
    for list in [by_network_policies, by_baseline] {
        let np002 = subjects(list, "K8S-NP-002");
        assert!(
            np002
                .iter()
                .all(|s| !s.contains("/shop/") && !s.contains("/data/")),
            "{list:?}"
        );
        assert!(np002.iter().any(|s| s.contains("/other/batch")), "{list:?}");
        let np003 = subjects(list, "K8S-NP-003");
        assert!(
            np003
                .iter()
                .all(|s| s != "K8S-NP-003 Namespace/shop" && s != "K8S-NP-003 Namespace/data"),
            "{list:?}"
        );
        assert!(
            np003.contains(&"K8S-NP-003 Namespace/other".to_owned()),
            "{list:?}"
        );
    }
    assert_eq!(by_network_policies, by_baseline);
}

/// A Baseline deny-all for `namespace`, DNS egress accepted.
fn baseline(name: &str, namespace: &str, egress_networks: bool) -> Object {
    let mut deny_to = vec![serde_json::json!({"namespaces": {}})];
    if egress_networks {
        deny_to.push(serde_json::json!({"networks": ["0.0.0.0/0"]}));
    }
    Object::from_value(&serde_json::json!({
        "apiVersion": "policy.networking.k8s.io/v1alpha2", "kind": "ClusterNetworkPolicy",
        "metadata": {"name": name},
        "spec": {"tier": "Baseline", "priority": 10,
                 "subject": {"namespaces": {"matchLabels": {"kubernetes.io/metadata.name": namespace}}},
                 "ingress": [{"action": "Deny", "from": [{"namespaces": {}}]}],
                 "egress": [{"action": "Deny", "to": deny_to}]},
    }))
    .unwrap()
}

#[test]
fn the_incremental_checker_follows_cluster_policy_edits() {
    let mut model = design().model;
    let mut checker = Checker::new();
    let mut step = |model: &kubedraft::model::Model, what: &str| -> Vec<String> {
        let incremental = not_isolated(checker.update(model, true));
        let full = not_isolated(&rules::check(model, true));
        assert_eq!(incremental, full, "after {what}");
        incremental
    };
    let open = step(&model, "the first check");
    let idle = |list: &[String]| {
        list.iter()
            .any(|l| l.starts_with("K8S-NP-002 Deployment/shop/idle:"))
    };
    let shop = |list: &[String]| {
        list.iter()
            .any(|l| l.starts_with("K8S-NP-003 Namespace/shop"))
    };
    assert!(idle(&open) && shop(&open), "{open:?}");

    // Egress to external addresses still falls to the default allow: reported, with the reason.
    let id: ObjectId = model.add(baseline("shop-baseline", "shop", false));
    let partly = step(&model, "adding a partial baseline");
    let line = partly
        .iter()
        .find(|l| l.starts_with("K8S-NP-002 Deployment/shop/idle:"))
        .unwrap();
    assert!(
        line.contains("for egress,") && line.contains("egress to the external address 0.0.0.0"),
        "{line}"
    );
    assert!(shop(&partly));

    model
        .replace(id, baseline("shop-baseline", "shop", true))
        .unwrap();
    let closed = step(&model, "completing the baseline");
    assert!(!idle(&closed) && !shop(&closed), "{closed:?}");
    assert!(
        closed
            .iter()
            .any(|l| l.starts_with("K8S-NP-002 Deployment/data/db:"))
    );

    model
        .replace(id, baseline("shop-baseline", "data", true))
        .unwrap();
    let moved = step(&model, "moving the baseline's subject to data");
    assert!(idle(&moved) && shop(&moved), "{moved:?}");
    assert!(
        !moved
            .iter()
            .any(|l| l.starts_with("K8S-NP-002 Deployment/data/db:"))
    );

    model.remove(id).unwrap();
    assert_eq!(step(&model, "removing the baseline"), open);
}
