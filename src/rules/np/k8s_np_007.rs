//! K8S-NP-007 `network-policy-port-mismatch`: NetworkPolicy port is a Service port, not the pod's port.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-007",
    name: "network-policy-port-mismatch",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy, Service, Ingress",
    summary: "NetworkPolicy port is a Service port, not the pod's port",
    docs: r#"What it checks: Reachability: NetworkPolicy ports are POD ports - a rule written with the Service port instead of the targetPort matches nothing; an isolated pod behind a Service/Ingress needs a rule allowing the targetPort from the clients / ingress-controller namespace.

Why it matters: NetworkPolicy ports are pod ports: a rule written with the Service port matches nothing when targetPort differs.

Example: Service `port: 80, targetPort: 8080`; policy allows port 80.

How to fix: Use the targetPort (container port) in the policy.

Source: [D] network-policies (policies apply to pods); API ref NetworkPolicyPort"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
