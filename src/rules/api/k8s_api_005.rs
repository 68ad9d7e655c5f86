//! K8S-API-005 `removed-api-version`: apiVersion/kind is not served by current Kubernetes (removed API).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-005",
    name: "removed-api-version",
    severity: RuleSeverity::Error,
    kinds: "All",
    summary: "apiVersion/kind is not served by current Kubernetes (removed API)",
    docs: r#"What it checks: apiVersion/kind must be served by the target cluster: apps/v1 (Deployment, StatefulSet), v1 (Service), networking.k8s.io/v1 (Ingress, NetworkPolicy), policy/v1 (PDB). extensions/v1beta1 + apps/v1beta1/2 workloads removed in 1.16, networking.k8s.io/v1beta1 Ingress in 1.22, policy/v1beta1 PDB in 1.25.

Why it matters: Manifests using removed API versions are rejected by the API server (`no matches for kind`).

Example: `apiVersion: extensions/v1beta1` + `kind: Deployment` was removed in Kubernetes 1.16.

How to fix: Use the stable version: apps/v1 for workloads, networking.k8s.io/v1 for Ingress and NetworkPolicy, policy/v1 for PodDisruptionBudget.

Source: [D] reference/using-api/deprecation-guide"#,
    peers: Peers {
        kube_score: &["stable-version"],
        kube_linter: &["~no-extensions-v1beta", "~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
