//! K8S-REF-005 `ingress-service-port-missing`: Ingress backend port is not a port of the Service.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-005",
    name: "ingress-service-port-missing",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "Ingress",
    summary: "Ingress backend port is not a port of the Service",
    docs: r#"What it checks: Ingress backend port (number or name) is not one of the Service's spec.ports (common mistake: using targetPort/containerPort). Backend pointing at a headless, ExternalName or selector-less Service: warning (controller-dependent).

Why it matters: The ingress controller cannot route; the typical mistake is using the targetPort or containerPort.

Example: backend port 8080 while the Service exposes `port: 80, targetPort: 8080`.

How to fix: Use the Service's `port` (or its port name).

Source: Seed rule; API ref IngressServiceBackend.port"#,
    peers: Peers {
        kube_score: &["ingress-targets-service"],
        kube_linter: &["dangling-ingress"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
