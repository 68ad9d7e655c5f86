//! K8S-API-008 `invalid-deployment-strategy`: Deployment strategy is invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-008",
    name: "invalid-deployment-strategy",
    severity: RuleSeverity::Error,
    kinds: "Deployment",
    summary: "Deployment strategy is invalid",
    docs: r#"What it checks: strategy.type is RollingUpdate or Recreate; Recreate forbids a rollingUpdate block; maxSurge/maxUnavailable are non-negative ints or "N%"; they may not both be 0; maxUnavailable <= 100%.

Why it matters: The API server rejects the Deployment (e.g. "may not be 0 when `maxSurge` is 0").

Example: `type: Recreate` with a `rollingUpdate` block, or `maxSurge: 0` and `maxUnavailable: 0`.

How to fix: Use RollingUpdate with `maxSurge: 1, maxUnavailable: 0`, or Recreate without a rollingUpdate block.

Source: [AV] ValidateDeploymentStrategy, ValidateRollingUpdateDeployment ("may not be 0 when `maxSurge` is 0")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
