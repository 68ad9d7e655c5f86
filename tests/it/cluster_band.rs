//! Cluster policies on the canvas (issue 14 point 4): the relations from a policy's subject to
//! the workloads it chooses, and the band above the namespace frames the layout puts them in.

use kubedraft::document::layout::auto_layout;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::model::{ObjectId, Relation};

const DESIGN: &str = r"
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {team: ops}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres:17}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: monitor, namespace: ops}
spec:
  selector: {matchLabels: {app: monitor}}
  template:
    metadata: {labels: {app: monitor}}
    spec: {containers: [{name: m, image: prom:3}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: baseline-deny}
spec:
  tier: Baseline
  priority: 5
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: protect-db}
spec:
  tier: Admin
  priority: 20
  subject:
    pods:
      namespaceSelector: {matchLabels: {team: shop}}
      podSelector: {matchLabels: {app: db}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {team: ops}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ops-first}
spec:
  priority: 3
  subject: {namespaces: {matchLabels: {team: ops}}}
  ingress: [{action: Allow, from: [{namespaces: {}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: broken}
spec:
  tier: Admin
  priority: 30
  subject: {}
";

fn doc() -> kubedraft::document::Document {
    let imported = parse_manifests(DESIGN, "band.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}

fn id(doc: &kubedraft::document::Document, kind: &str, ns: Option<&str>, name: &str) -> ObjectId {
    doc.model.find(kind, ns, name).expect(name)
}

#[test]
fn a_cluster_policy_subject_relates_the_policy_to_the_workloads_it_chooses() {
    let doc = doc();
    let chosen = |policy: &str| -> Vec<String> {
        let policy = doc
            .model
            .objects()
            .find(|(_, o)| o.name() == policy)
            .map(|(id, _)| id)
            .expect("policy");
        let mut names: Vec<String> = doc
            .model
            .relations_from(policy)
            .into_iter()
            .filter(|(_, r)| *r == Relation::ClusterPolicyApplies)
            .filter_map(|(to, _)| doc.model.get(to).map(|o| o.name().to_owned()))
            .collect();
        names.sort();
        names
    };
    assert_eq!(chosen("baseline-deny"), ["db", "monitor", "web"]);
    assert_eq!(chosen("protect-db"), ["db"]);
    assert_eq!(chosen("ops-first"), ["monitor"]);
    assert!(
        chosen("broken").is_empty(),
        "an invalid subject chooses nothing"
    );
    // The relations kept through edits are those derived from scratch.
    let mut kept = doc.model.relations();
    kept.sort();
    let mut scratch = doc.model.relations_from_scratch();
    scratch.sort();
    assert_eq!(kept, scratch);
    // The label the inspector and the canvas show.
    assert_eq!(Relation::ClusterPolicyApplies.label(), "subject selects");
}

#[test]
fn the_layout_puts_cluster_policies_in_a_band_above_every_namespace_in_tier_order() {
    let mut doc = doc();
    doc.layout = auto_layout(&doc.model);
    let band = doc.cluster_band_rect().expect("a band");
    for namespace in ["shop", "ops"] {
        let frame = doc.frame_rect(namespace).expect("frame");
        assert!(
            frame.min.y > band.max.y,
            "namespace {namespace} below the band: {frame:?} {band:?}"
        );
    }
    // Admin tier by priority (ops-first 3, protect-db 20, broken 30: its subject is invalid, not
    // its tier), then Baseline: left to right in one row.
    let order = ["ops-first", "protect-db", "broken", "baseline-deny"];
    let xs: Vec<f32> = order
        .iter()
        .map(|name| {
            let kind = if *name == "ops-first" {
                "AdminNetworkPolicy"
            } else {
                "ClusterNetworkPolicy"
            };
            doc.position(id(&doc, kind, None, name)).x
        })
        .collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    // Every cluster-scoped object is inside the band.
    for (object, _) in doc
        .model
        .objects()
        .filter(|(_, o)| o.effective_namespace().is_none())
    {
        let rect = doc.node_rect(object);
        assert!(rect.min.y >= band.min.y && rect.max.y <= band.max.y);
    }
}

#[test]
fn the_tier_that_decided_a_pair_is_named_for_the_overlay_and_the_matrix() {
    use kubedraft::reach::tiers::Tier;
    use kubedraft::reach::{Endpoint, Reachability, explain};
    use kubedraft::ui::reach::state::deciding_tier;

    let doc = doc();
    let reach = Reachability::compute(&doc.model);
    let index = |id: &str| reach.workload_index(id).expect(id);
    let pair = |a: &str, b: &str| (index(a), index(b));
    // protect-db (Admin, priority 20) denies ops → the database.
    assert!(
        reach
            .conn(index("ops/monitor"), index("shop/db"))
            .is_empty()
    );
    assert_eq!(
        deciding_tier(&reach, pair("ops/monitor", "shop/db")),
        Some(Tier::Admin)
    );
    // ops-first (Admin) accepts everything into ops.
    assert!(
        !reach
            .conn(index("shop/web"), index("ops/monitor"))
            .is_empty()
    );
    assert_eq!(
        deciding_tier(&reach, pair("shop/web", "ops/monitor")),
        Some(Tier::Admin)
    );
    // Nothing above decides web → db: the Baseline deny does.
    assert!(reach.conn(index("shop/web"), index("shop/db")).is_empty());
    assert_eq!(
        deciding_tier(&reach, pair("shop/web", "shop/db")),
        Some(Tier::Baseline)
    );

    let why = explain(
        &reach,
        &Endpoint::Workload("ops/monitor".into()),
        &Endpoint::Workload("shop/db".into()),
        None,
    )
    .expect("explain");
    assert_eq!(
        why.ingress.decided_by(),
        "the Admin tier (ClusterNetworkPolicy protect-db, priority 20, ingress rule 0)"
    );
    assert_eq!(why.egress.decided_by(), "the default allow (not isolated)");
}
