//! K8S-REF-004 `ingress-service-missing`: Ingress backend names a Service that does not exist in its namespace.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-004",
    name: "ingress-service-missing",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "Ingress",
    summary: "Ingress backend names a Service that does not exist in its namespace",
    docs: r#"What it checks: Ingress backend (rule path or defaultBackend) names a Service that does not exist in the Ingress namespace.

Why it matters: The ingress controller returns 503 for the route.

Example: backend `service: {name: web-svc}` with no Service `web-svc` in the namespace.

How to fix: Create the Service or correct the name.

Source: Seed rule "Ingress backends must reference existing Service ports"; API ref IngressServiceBackend (same namespace)"#,
    peers: Peers {
        kube_score: &["ingress-targets-service"],
        kube_linter: &["dangling-ingress"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
