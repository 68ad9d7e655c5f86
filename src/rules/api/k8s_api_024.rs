//! K8S-API-024 `invalid-network-policy-peer`: a NetworkPolicy peer is empty, mixes ipBlock with selectors, or has a bad CIDR.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-024",
    name: "invalid-network-policy-peer",
    severity: RuleSeverity::Error,
    kinds: "NetworkPolicy",
    summary: "a NetworkPolicy peer is empty, mixes ipBlock with selectors, or has a bad CIDR",
    docs: r#"What it checks: Each from/to peer sets at least one of podSelector/namespaceSelector/ipBlock; ipBlock may not be combined with a selector in the same peer; ipBlock.cidr is a valid CIDR and every except entry is a strict subset of it.

Why it matters: The API server rejects the NetworkPolicy ("must specify a peer", "may not specify both ipBlock and another peer").

Example: `from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]` or an except range outside the cidr.

How to fix: Split the peer into separate list entries; use valid CIDRs whose except entries lie strictly inside.

Source: [NV] ValidateNetworkPolicyPeer ("must specify a peer", "may not specify both ipBlock and another peer"), ValidateIPBlock ("must be a strict subset of `cidr`")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
