//! K8S-API-023 `invalid-network-policy-spec`: NetworkPolicy policyTypes or ports are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-023",
    name: "invalid-network-policy-spec",
    severity: RuleSeverity::Error,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicy policyTypes or ports are invalid",
    docs: r#"What it checks: podSelector required (may be {}); policyTypes only Ingress/Egress, at most 2; ports: protocol TCP|UDP|SCTP, port 1-65535 or IANA name, endPort only with a numeric port, endPort >= port and <= 65535.

Why it matters: The API server rejects the NetworkPolicy.

Example: `policyTypes: [Ingress, Ingress, Egress]`, `protocol: ICMP`, or `endPort` with a named port.

How to fix: policyTypes only Ingress/Egress; ports 1-65535 or names; endPort only with a numeric port and not below it.

Source: [NV] ValidateNetworkPolicySpec ("may not specify more than two policyTypes"), ValidateNetworkPolicyPort ("may not be specified when `port` is non-numeric")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
