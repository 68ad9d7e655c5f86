//! K8S-API-025 `invalid-pod-disruption-budget`: PodDisruptionBudget sets both minAvailable and maxUnavailable, or bad values.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-025",
    name: "invalid-pod-disruption-budget",
    severity: RuleSeverity::Error,
    kinds: "PodDisruptionBudget",
    summary: "PodDisruptionBudget sets both minAvailable and maxUnavailable, or bad values",
    docs: r#"What it checks: minAvailable and maxUnavailable are mutually exclusive; each is a non-negative int or percent; selector syntax valid.

Why it matters: The API server rejects the PDB ("minAvailable and maxUnavailable cannot be both set").

Example: `minAvailable: 1` together with `maxUnavailable: 1`.

How to fix: Keep one of them, as a non-negative integer or a percentage.

Source: [PV] ValidatePodDisruptionBudgetSpec ("minAvailable and maxUnavailable cannot be both set")"#,
    peers: Peers {
        kube_score: &["~poddisruptionbudget-has-policy"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
