//! K8S-BP-012 `statefulset-without-claim-templates`: StatefulSet has no volumeClaimTemplates.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-012",
    name: "statefulset-without-claim-templates",
    severity: RuleSeverity::Info,
    kinds: "StatefulSet",
    summary: "StatefulSet has no volumeClaimTemplates",
    docs: r#"What it checks: StatefulSets that need per-pod storage should use volumeClaimTemplates (not a single shared PVC); a StatefulSet without volumeClaimTemplates may be better as a Deployment.

Why it matters: A StatefulSet without per-pod storage gains nothing over a Deployment; a shared claim defeats per-pod state.

Example: A StatefulSet mounting one persistentVolumeClaim for all pods.

How to fix: Use volumeClaimTemplates, or a Deployment if there is no per-pod state.

Source: Seed rule; [D] workloads/controllers/statefulset#volume-claim-templates"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
