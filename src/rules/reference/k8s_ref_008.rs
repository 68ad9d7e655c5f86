//! K8S-REF-008 `network-policy-named-port-missing`: a named port in a NetworkPolicy rule is not declared by the pods it targets.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-008",
    name: "network-policy-named-port-missing",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy",
    summary: "a named port in a NetworkPolicy rule is not declared by the pods it targets",
    docs: r#"What it checks: Named port in a NetworkPolicy rule is not defined by the selected pods (ingress) / destination pods (egress): that port entry matches nothing.

Why it matters: That port entry matches nothing, so the intended traffic is dropped.

Example: ingress port `metrics` while the selected containers name their port `http-metrics`.

How to fix: Use a port name the containers declare, or the number.

Source: API ref NetworkPolicyPort.port ("named port on a pod")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
