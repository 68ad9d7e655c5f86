//! K8S-BP-008 `rollout-not-zero-downtime`: Deployment rollout can cause downtime.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-008",
    name: "rollout-not-zero-downtime",
    severity: RuleSeverity::Warning,
    kinds: "Deployment",
    summary: "Deployment rollout can cause downtime",
    docs: r#"What it checks: Zero-downtime rollout: RollingUpdate with maxUnavailable: 0 and maxSurge >= 1 (plus a readiness probe). Recreate on a Service-backed workload causes downtime.

Why it matters: maxUnavailable > 0 removes serving pods before new ones are ready; Recreate stops all pods first.

Example: `strategy: {type: Recreate}` on a Deployment behind a Service.

How to fix: Use RollingUpdate with maxUnavailable 0 and maxSurge 1 (the fix sets it).

Source: Seed rule; [D] workloads/controllers/deployment#rolling-update-deployment"#,
    peers: Peers {
        kube_score: &["~deployment-strategy"],
        kube_linter: &["~no-rolling-update-strategy"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
