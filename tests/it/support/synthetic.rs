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
