//! K8S-API-014 `invalid-resource-quantities`: resource quantities do not parse, or a request exceeds its limit.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-014",
    name: "invalid-resource-quantities",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "resource quantities do not parse, or a request exceeds its limit",
    docs: r#"What it checks: Resource quantities must parse; for each resource request <= limit ("must be less than or equal to cpu limit").

Why it matters: The API server rejects the pod template ("must be less than or equal to cpu limit").

Example: `requests: {cpu: 2}` with `limits: {cpu: 500m}`, or `memory: 1 GB`.

How to fix: Use Kubernetes quantities (`500m`, `256Mi`, `1Gi`) and keep every request at or below its limit.

Source: [CV] ValidateResourceRequirements"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
