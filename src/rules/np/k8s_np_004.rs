//! K8S-NP-004 `implicit-policy-types`: NetworkPolicy omits policyTypes.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-004",
    name: "implicit-policy-types",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicy omits policyTypes",
    docs: r#"What it checks: Implicit policyTypes: when omitted, Ingress always applies but Egress only if egress rules exist - a policy meant to deny egress without policyTypes: [Egress] does nothing for egress. Always emit policyTypes explicitly.

Why it matters: Without policyTypes, Egress only applies when egress rules exist: a policy meant to deny egress does nothing for egress.

Example: A policy with only `podSelector` and no `policyTypes` is an ingress deny only.

How to fix: Write policyTypes explicitly (the fix sets them from the rules present).

Source: API ref NetworkPolicySpec.policyTypes; [D] network-policies"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
