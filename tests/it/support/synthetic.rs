//! A generated cluster for the reachability benchmarks and the incremental-update test:
//! `namespaces × per_namespace` Deployments and `policies` NetworkPolicies mixing pod selectors,
//! namespace selectors, named ports, port ranges, ipBlocks with except, and egress rules.

use kubedraft::manifest::import::parse_manifests;
use kubedraft::model::{Labels, Model, Namespace, Object, ObjectId};

fn deployment(namespace: usize, index: usize) -> String {
    format!(
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: w{index}, namespace: ns{namespace}}}\nspec:\n  selector: {{matchLabels: {{app: w{index}}}}}\n  template:\n    metadata: {{labels: {{app: w{index}, tier: t{}}}}}\n    spec: {{containers: [{{name: c, image: x, ports: [{{name: http, containerPort: 8080}}, {{name: metrics, containerPort: 9090}}]}}]}}\n",
        index % 5
    )
}

/// Policy `j` (of the generated set); `variant` changes its ports, for edits.
#[must_use]
pub fn policy_yaml(j: usize, namespaces: usize, per_namespace: usize, variant: bool) -> String {
    let namespace = j % namespaces;
    if j < namespaces {
        // The variant also denies egress: an edit touching every workload of the namespace.
        let types = if variant {
            "[Ingress, Egress]"
        } else {
            "[Ingress]"
        };
        return format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: default-deny, namespace: ns{namespace}}}\nspec: {{podSelector: {{}}, policyTypes: {types}}}\n"
        );
    }
    let target = (j * 7) % per_namespace;
    let peer = (j * 3) % per_namespace;
    let ports = if variant {
        "[{port: 7000}]"
    } else {
        "[{port: http}, {port: 9000, endPort: 9100}]"
    };
    let egress = if j.is_multiple_of(3) {
        format!(
            "  egress:\n  - to: [{{namespaceSelector: {{}}, podSelector: {{matchLabels: {{tier: t{}}}}}}}]\n    ports: [{{port: 5432}}, {{port: 53, protocol: UDP}}]\n",
            (j + 1) % 5
        )
    } else {
        String::new()
    };
    format!(
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p{j}, namespace: ns{namespace}}}\nspec:\n  podSelector: {{matchLabels: {{app: w{target}}}}}\n  ingress:\n  - from: [{{podSelector: {{matchLabels: {{tier: t{}}}}}}}, {{namespaceSelector: {{matchLabels: {{team: team{}}}}}, podSelector: {{matchLabels: {{app: w{peer}}}}}}}]\n    ports: {ports}\n  - from: [{{ipBlock: {{cidr: 10.{}.0.0/16, except: [10.{}.1.0/24]}}}}]\n    ports: [{{port: 443}}]\n{egress}",
        j % 5,
        j % 4,
        j % 256,
        j % 256,
    )
}

/// Reads one object from YAML.
#[must_use]
pub fn object(yaml: &str) -> Object {
    let imported = parse_manifests(yaml, "synthetic.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    imported
        .objects
        .into_iter()
        .next()
        .map(|(o, _)| o)
        .expect("one object")
}

/// The model and the ids of its policies in generation order.
#[must_use]
pub fn cluster(namespaces: usize, per_namespace: usize, policies: usize) -> (Model, Vec<ObjectId>) {
    let mut text = String::new();
    for k in 0..namespaces {
        for i in 0..per_namespace {
            text.push_str(&deployment(k, i));
        }
    }
    for j in 0..policies {
        text.push_str(&policy_yaml(j, namespaces, per_namespace, false));
    }
    let imported = parse_manifests(&text, "synthetic.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors.first());
    let mut model = Model::new();
    for k in 0..namespaces {
        let labels = Labels::from([("team".to_owned(), format!("team{}", k % 4))]);
        model
            .add_namespace(
                &format!("ns{k}"),
                Namespace {
                    labels,
                    annotations: Labels::new(),
                    ..Namespace::default()
                },
            )
            .expect("fresh namespace");
    }
    let ids = model.add_all(imported.objects.into_iter().map(|(o, _)| o));
    let policy_ids = ids[namespaces * per_namespace..].to_vec();
    (model, policy_ids)
}

/// Cluster-tier policy `j` of a generated set: ClusterNetworkPolicies of both tiers and
/// AdminNetworkPolicies, with namespace and pod subjects, Accept/Deny/Pass, port ranges and named
/// ports; every Admin-tier priority is distinct. `variant` changes its ports, for edits.
#[must_use]
pub fn cluster_policy_yaml(j: usize, variant: bool) -> String {
    let action = ["Deny", "Accept", "Pass"][j % 3];
    let port = if variant {
        "[{tcp: {destinationPort: {number: 7000}}}]".to_owned()
    } else {
        format!(
            "[{{tcp: {{destinationPort: {{range: {{start: {}, end: {}}}}}}}}}, {{destinationNamedPort: http}}]",
            9000 + j,
            9010 + j
        )
    };
    match j % 3 {
        0 | 1 => {
            let tier = if j.is_multiple_of(3) {
                "Admin"
            } else {
                "Baseline"
            };
            // The Baseline tier has no Pass.
            let action = if tier == "Baseline" && action == "Pass" {
                "Deny"
            } else {
                action
            };
            format!(
                "---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {{name: cnp{j}}}\nspec:\n  tier: {tier}\n  priority: {j}\n  subject:\n    pods:\n      namespaceSelector: {{matchLabels: {{team: team{}}}}}\n      podSelector: {{matchLabels: {{tier: t{}}}}}\n  ingress:\n  - name: r{j}\n    action: {action}\n    from: [{{namespaces: {{matchLabels: {{team: team{}}}}}}}]\n    protocols: {port}\n  egress:\n  - name: e{j}\n    action: {action}\n    to: [{{pods: {{namespaceSelector: {{}}, podSelector: {{matchLabels: {{tier: t{}}}}}}}}}]\n    protocols: {port}\n",
                j % 4,
                j % 5,
                (j + 1) % 4,
                (j + 2) % 5,
            )
        }
        _ => {
            let action = if action == "Accept" { "Allow" } else { action };
            let ports = if variant {
                "[{portNumber: {protocol: TCP, port: 7000}}]".to_owned()
            } else {
                format!(
                    "[{{portRange: {{protocol: TCP, start: {}, end: {}}}}}, {{namedPort: metrics}}]",
                    9000 + j,
                    9010 + j
                )
            };
            format!(
                "---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {{name: anp{j}}}\nspec:\n  priority: {}\n  subject:\n    namespaces: {{matchLabels: {{team: team{}}}}}\n  ingress:\n  - name: r{j}\n    action: {action}\n    from: [{{pods: {{namespaceSelector: {{}}, podSelector: {{matchLabels: {{tier: t{}}}}}}}}}]\n    ports: {ports}\n",
                500 + j,
                j % 4,
                j % 5,
            )
        }
    }
}

/// [`cluster`] with `count` cluster-tier policies ([`cluster_policy_yaml`]) added; returns the
/// model, the NetworkPolicy ids and the cluster-policy ids.
#[must_use]
pub fn tiered_cluster(
    namespaces: usize,
    per_namespace: usize,
    policies: usize,
    count: usize,
) -> (Model, Vec<ObjectId>, Vec<ObjectId>) {
    let (mut model, policy_ids) = cluster(namespaces, per_namespace, policies);
    let text: String = (0..count).map(|j| cluster_policy_yaml(j, false)).collect();
    let imported = parse_manifests(&text, "tiers.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors.first());
    let tier_ids = model.add_all(imported.objects.into_iter().map(|(o, _)| o));
    (model, policy_ids, tier_ids)
}
