//! The cluster tiers on a small platform design: a Baseline-tier deny-all, an Admin-tier Accept
//! for monitoring, an Admin-tier Pass and namespaced NetworkPolicies; the matrix, the explanations
//! naming tier, policy, priority and rule, errors naming fields, and updates after edits.

use kubedraft::model::{Model, Protocol};
use kubedraft::reach::explain::Side;
use kubedraft::reach::{Endpoint, Reachability, allowed, explain};

use crate::support::synthetic;

const WORKLOADS: &str = "
apiVersion: apps/v1
kind: Deployment
metadata: {name: prometheus, namespace: monitoring}
spec:
  selector: {matchLabels: {app: prometheus}}
  template:
    metadata: {labels: {app: prometheus}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, ports: [{name: metrics, containerPort: 9090}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x}]}
";

/// A default deny for ingress in `shop`, and web allowed to reach api on TCP 8080.
const NETWORK_POLICIES: &str = "
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]
";

const BASELINE_DENY_ALL: &str = "
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: baseline-deny}
spec:
  tier: Baseline
  priority: 100
  subject: {namespaces: {}}
  ingress: [{name: deny-all, action: Deny, from: [{namespaces: {}}]}]
";

const ADMIN_MONITORING: &str = "
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: monitoring}
spec:
  tier: Admin
  priority: 5
  subject: {namespaces: {}}
  ingress:
  - name: pass-data
    action: Pass
    from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: data}}}]
  - name: scrape
    action: Accept
    from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
    protocols: [{destinationNamedPort: metrics}]
";

fn model_of(documents: &[&str]) -> Model {
    let mut model = Model::default();
    for text in documents {
        for document in text.split("\n---\n") {
            model.add(synthetic::object(document));
        }
    }
    model
}

fn pair(reach: &Reachability, from: &str, to: &str) -> kubedraft::reach::Conn {
    let (s, d) = (
        reach.workload_index(from).unwrap(),
        reach.workload_index(to).unwrap(),
    );
    reach.conn(s, d).clone()
}

#[test]
fn the_tiers_decide_in_order() {
    let reach = Reachability::compute(&model_of(&[
        WORKLOADS,
        NETWORK_POLICIES,
        BASELINE_DENY_ALL,
        ADMIN_MONITORING,
    ]));
    assert!(reach.errors().is_empty(), "{:?}", reach.errors());
    // The Admin Accept lets prometheus scrape web's named port through shop's default deny.
    let scrape = pair(&reach, "monitoring/prometheus", "shop/web");
    assert!(scrape.allows(9090, Protocol::Tcp) && !scrape.allows(80, Protocol::Tcp));
    // api has no `metrics` port: the Accept does not match, the NetworkPolicies decide (deny).
    assert!(pair(&reach, "monitoring/prometheus", "shop/api").is_empty());
    // The NetworkPolicy tier decides in shop: web -> api on 8080 only; the Baseline is not asked.
    let web_api = pair(&reach, "shop/web", "shop/api");
    assert!(web_api.allows(8080, Protocol::Tcp) && !web_api.allows(80, Protocol::Tcp));
    // No NetworkPolicy selects db or prometheus: the Baseline deny-all decides.
    assert!(pair(&reach, "shop/web", "data/db").is_empty());
    assert!(pair(&reach, "data/db", "monitoring/prometheus").is_empty());
    // Egress has no cluster rules and no NetworkPolicies: external traffic out is allowed.
    let w = reach.workload_index("shop/web").unwrap();
    assert!(
        !reach
            .external(w, kubedraft::reach::Direction::Egress)
            .is_empty()
    );
}

#[test]
fn explanations_name_tier_policy_priority_and_rule() {
    let reach = Reachability::compute(&model_of(&[
        WORKLOADS,
        NETWORK_POLICIES,
        BASELINE_DENY_ALL,
        ADMIN_MONITORING,
    ]));
    let at = |id: &str| Endpoint::Workload(id.to_owned());
    let accepted = explain(
        &reach,
        &at("monitoring/prometheus"),
        &at("shop/web"),
        Some((9090, Protocol::Tcp)),
    )
    .unwrap();
    assert!(accepted.allowed);
    let Side::Tier(rule) = &accepted.ingress else {
        panic!("{:?}", accepted.ingress);
    };
    assert_eq!(
        (rule.policy.as_str(), rule.priority, rule.rule, rule.action),
        ("monitoring", Some(5), 1, "Accept")
    );
    assert!(
        accepted.to_string().contains(
            "ingress of shop/web: allowed by Admin tier: ClusterNetworkPolicy monitoring \
             (priority 5) ingress rule #1 \"scrape\": Accept TCP 9090"
        ),
        "{accepted}"
    );
    // From data, the Pass hands shop's ingress to its NetworkPolicies, which deny.
    let passed = explain(
        &reach,
        &at("data/db"),
        &at("shop/api"),
        Some((8080, Protocol::Tcp)),
    )
    .unwrap();
    assert!(!passed.allowed);
    let Side::Passed { by, then } = &passed.ingress else {
        panic!("{:?}", passed.ingress);
    };
    assert_eq!((by.rule, by.action), (0, "Pass"));
    assert!(matches!(**then, Side::Denied { .. }), "{then:?}");
    let text = passed.to_string();
    assert!(
        text.contains("passed to the NetworkPolicy tier by Admin tier: ClusterNetworkPolicy monitoring (priority 5) ingress rule #0 \"pass-data\": Pass")
            && text.contains("then ingress of shop/api: DENIED: isolated by shop/default-deny, shop/web-to-api"),
        "{text}"
    );
    // From data to prometheus, the Pass falls to the Baseline tier, which denies.
    let baseline = explain(&reach, &at("data/db"), &at("monitoring/prometheus"), None).unwrap();
    let Side::Passed { then, .. } = &baseline.ingress else {
        panic!("{:?}", baseline.ingress);
    };
    let Side::Tier(rule) = &**then else {
        panic!("{then:?}");
    };
    assert_eq!(
        (rule.tier, rule.policy.as_str(), rule.action),
        (
            kubedraft::reach::tiers::Tier::Baseline,
            "baseline-deny",
            "Deny"
        )
    );
    let json = baseline.to_json();
    assert_eq!(json["ingress"]["verdict"], "denied");
    assert_eq!(json["ingress"]["then"]["decided_by"]["tier"], "Baseline");
}

#[test]
fn invalid_cluster_policies_are_reported_by_field_and_left_out() {
    let bad = "
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: bad}
spec:
  tier: Admin
  priority: 1001
  subject: {namespaces: {}}
  egress:
  - action: Allow
    to: [{networks: [10.0.0.0/33]}]
    ports: [{portNumber: {port: 80}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Pass, from: [{namespaces: {}}]}]
";
    let reach = Reachability::compute(&model_of(&[WORKLOADS, bad]));
    let fields: Vec<String> = reach
        .errors()
        .iter()
        .map(|e| format!("{} {} {}", e.kind, e.policy, e.field))
        .collect();
    assert_eq!(
        fields,
        [
            "ClusterNetworkPolicy bad spec.egress[0].action",
            "ClusterNetworkPolicy bad spec.egress[0].ports",
            "ClusterNetworkPolicy bad spec.egress[0].to[0].networks[0]",
            "ClusterNetworkPolicy bad spec.priority",
            "BaselineAdminNetworkPolicy default spec.ingress[0].action",
        ]
    );
    // Neither is evaluated: everything is allowed.
    assert!(pair(&reach, "shop/web", "data/db").is_all());
}

#[test]
fn updates_after_cluster_policy_edits_equal_full() {
    let mut model = model_of(&[WORKLOADS, NETWORK_POLICIES, ADMIN_MONITORING]);
    let mut reach = Reachability::compute(&model);
    let before = allowed(&reach);
    // Add the Baseline deny-all.
    let baseline = model.add(synthetic::object(BASELINE_DENY_ALL));
    reach.update(&model, &[baseline]);
    assert!(allowed(&reach) == allowed(&Reachability::compute(&model)));
    assert!(allowed(&reach) != before, "the edit changes connectivity");
    // Edit the Admin policy: the Pass becomes a Deny.
    let monitoring = model
        .find("ClusterNetworkPolicy", None, "monitoring")
        .unwrap();
    let edited = ADMIN_MONITORING.replace("action: Pass", "action: Deny");
    model
        .replace(monitoring, synthetic::object(&edited))
        .unwrap();
    assert!(reach.update_is_full(&model, &[monitoring]));
    reach.update(&model, &[monitoring]);
    assert!(allowed(&reach) == allowed(&Reachability::compute(&model)));
    // Remove it.
    model.remove(monitoring).unwrap();
    reach.update(&model, &[monitoring]);
    assert!(allowed(&reach) == allowed(&Reachability::compute(&model)));
}

/// The benchmark's generated cluster-tier policies (both CNP tiers and ANPs, range and named
/// ports) are valid, change what the NetworkPolicies alone allow, and an edit of one re-evaluates
/// to what a full evaluation gives.
#[test]
fn the_generated_cluster_tier_policies_are_valid_and_decide() {
    let (model, _, tier_ids) = synthetic::tiered_cluster(4, 10, 40, 12);
    let reach = Reachability::compute(&model);
    assert!(reach.errors().is_empty(), "{:?}", reach.errors());
    let (plain, _) = synthetic::cluster(4, 10, 40);
    let without = Reachability::compute(&plain);
    let changed = (0..reach.workloads().len())
        .flat_map(|s| (0..reach.workloads().len()).map(move |d| (s, d)))
        .filter(|&(s, d)| reach.conn(s, d) != without.conn(s, d))
        .count();
    assert!(changed > 0, "the cluster tiers decide some pairs");
    let mut edited = model.clone();
    edited
        .replace(
            tier_ids[7],
            synthetic::object(&synthetic::cluster_policy_yaml(7, true)),
        )
        .unwrap();
    let mut updated = reach.clone();
    updated.update(&edited, &[tier_ids[7]]);
    let full = Reachability::compute(&edited);
    assert_eq!(allowed(&updated), allowed(&full));
}
