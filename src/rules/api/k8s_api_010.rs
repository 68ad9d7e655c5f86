//! K8S-API-010 `immutable-field-changed`: an immutable field changed on an already-deployed object.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-010",
    name: "immutable-field-changed",
    severity: RuleSeverity::Warning,
    kinds: "StatefulSet, Deployment",
    summary: "an immutable field changed on an already-deployed object",
    docs: r#"What it checks: Immutable after creation: StatefulSet may only change replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds (serviceName, selector, volumeClaimTemplates, podManagementPolicy need delete/recreate); Deployment spec.selector is immutable in apps/v1. Warn when an edit in the designer touches these on an already-exported object.

Why it matters: StatefulSet serviceName/selector/volumeClaimTemplates/podManagementPolicy and Deployment selector cannot be changed in place; `kubectl apply` fails and the object must be recreated.

Example: Renaming a StatefulSet's serviceName after it was deployed.

How to fix: Delete and recreate the object (for StatefulSets with `--cascade=orphan` to keep pods).

Source: [AV] ValidateStatefulSetUpdate ("updates to statefulset spec for fields other than ... are forbidden"); [D] workloads/controllers/deployment (label selector updates)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked(
        "needs the last exported or live version of the object to compare against; a design holds only the current version.",
    ),
    scope: Scope::Object,
};
