//! K8S-NP-005 `egress-blocks-dns`: egress-isolated pods have no rule allowing DNS.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-005",
    name: "egress-blocks-dns",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy",
    summary: "egress-isolated pods have no rule allowing DNS",
    docs: r#"What it checks: Egress-isolated pods with no rule allowing DNS (UDP and TCP 53 to kube-system / kube-dns) cannot resolve names.

Why it matters: Without DNS egress (UDP/TCP 53) pods cannot resolve any name, including Services.

Example: `policyTypes: [Egress]` with egress only to the database.

How to fix: Add an egress rule to kube-system kube-dns on UDP and TCP 53 (the fix adds it).

Source: ahmetb/kubernetes-network-policy-recipes #11 (allow DNS); [D] network-policies"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
