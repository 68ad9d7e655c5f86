//! K8S-API-009 `invalid-statefulset-spec`: StatefulSet policy fields are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-009",
    name: "invalid-statefulset-spec",
    severity: RuleSeverity::Error,
    kinds: "StatefulSet",
    summary: "StatefulSet policy fields are invalid",
    docs: r#"What it checks: podManagementPolicy is OrderedReady|Parallel; updateStrategy.type is RollingUpdate|OnDelete; rollingUpdate only with RollingUpdate; partition >= 0; rollingUpdate.maxUnavailable != 0 and <= 100%; PVC retention policy values Retain|Delete.

Why it matters: The API server rejects the StatefulSet.

Example: `podManagementPolicy: Sequential`, or `updateStrategy.type: OnDelete` with a rollingUpdate block.

How to fix: podManagementPolicy OrderedReady|Parallel; updateStrategy RollingUpdate|OnDelete; partition >= 0; retention Retain|Delete.

Source: [AV] ValidateStatefulSetSpec, validateRollingUpdateStatefulSet, ValidatePersistentVolumeClaimRetentionPolicy"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
