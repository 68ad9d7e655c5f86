//! K8S-NP-006 `network-policy-selector-semantics`: NetworkPolicy peers whose meaning is easy to misread.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-006",
    name: "network-policy-selector-semantics",
    severity: RuleSeverity::Info,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicy peers whose meaning is easy to misread",
    docs: r#"What it checks: Selector semantics made visible: namespaceSelector + podSelector in ONE peer = AND, in separate list items = OR; empty podSelector {} selects every pod in the namespace; a rule with no from/to (e.g. ingress: [{}]) allows everything; ipBlock is meant for cluster-external IPs and may not match SNATed LoadBalancer/NodePort traffic.

Why it matters: namespaceSelector and podSelector in one peer mean AND, in separate peers OR; `from: [{}]`-less rules allow everything; ipBlock may not match SNATed traffic.

Example: `- namespaceSelector: {...}\n  podSelector: {...}` versus two list items.

How to fix: Check that the peers mean what you intend.

Source: [D] network-policies#behavior-of-to-and-from-selectors, #allow-all-ingress-traffic"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
