//! K8S-NP-003 `namespace-without-default-deny`: namespace has no default-deny NetworkPolicy.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-003",
    name: "namespace-without-default-deny",
    severity: RuleSeverity::Info,
    kinds: "Namespace",
    summary: "namespace has no default-deny NetworkPolicy",
    docs: r#"What it checks: No namespace default-deny policy (podSelector: {} with policyTypes [Ingress, Egress] and no rules).

Why it matters: A default-deny policy (`podSelector: {}`, both policyTypes, no rules) makes every new workload closed by default.

Example: A namespace whose policies each select specific pods.

How to fix: Add a policy with `podSelector: {}` and `policyTypes: [Ingress, Egress]`.

Source: [D] network-policies#default-policies"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
