//! K8S-REF-007 `network-policy-selects-no-pods`: NetworkPolicy podSelector (or a peer podSelector) matches no pod.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-007",
    name: "network-policy-selects-no-pods",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicy podSelector (or a peer podSelector) matches no pod",
    docs: r#"What it checks: spec.podSelector selects no pod template in the namespace (policy has no effect), or a same-namespace peer podSelector in from/to matches nothing.

Why it matters: The policy (or that peer) has no effect, which usually means a typo in a label.

Example: `podSelector: {matchLabels: {app: api}}` while pods carry `app: api-server`.

How to fix: Correct the selector.

Source: Seed rule "NetworkPolicy selects nothing""#,
    peers: Peers {
        kube_score: &["networkpolicy-targets-pod"],
        kube_linter: &["dangling-networkpolicy", "dangling-networkpolicypeer-podselector"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
