//! K8S-API-006 `invalid-workload-spec`: workload spec basics are invalid (selector, restartPolicy, negative counts, deadlines).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-006",
    name: "invalid-workload-spec",
    severity: RuleSeverity::Error,
    kinds: "Deployment, StatefulSet",
    summary: "workload spec basics are invalid (selector, restartPolicy, negative counts, deadlines)",
    docs: r#"What it checks: Workload spec basics: spec.selector required and non-empty; matchExpressions operators In/NotIn (need values) / Exists/DoesNotExist (no values); template.spec.restartPolicy must be Always; activeDeadlineSeconds forbidden; replicas, minReadySeconds, revisionHistoryLimit >= 0; Deployment progressDeadlineSeconds > minReadySeconds.

Why it matters: The API server rejects the Deployment or StatefulSet.

Example: `selector: {}` ("empty selector is invalid for deployment"), `restartPolicy: Never` in a template, or `progressDeadlineSeconds` not above `minReadySeconds`.

How to fix: Set a non-empty selector, leave restartPolicy at Always, keep counts non-negative.

Source: [AV] ValidateDeploymentSpec ("empty selector is invalid for deployment", "must be greater than minReadySeconds"), ValidateStatefulSetSpec; [MV] ValidateLabelSelector"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
