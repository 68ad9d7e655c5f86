//! K8S-API-007 `selector-does-not-match-template`: spec.selector does not match the pod template labels.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-007",
    name: "selector-does-not-match-template",
    severity: RuleSeverity::Error,
    kinds: "Deployment, StatefulSet",
    summary: "spec.selector does not match the pod template labels",
    docs: r#"What it checks: spec.selector must match spec.template.metadata.labels, otherwise the object is rejected.

Why it matters: The API server rejects it: "`selector` does not match template `labels`". The controller would otherwise never find its own pods.

Example: selector `app: web` with template label `app: frontend`.

How to fix: Make the template labels include every selector pair (the fix copies the selector's labels into the template).

Source: [AV] "`selector` does not match template `labels`""#,
    peers: Peers {
        kube_score: &["deployment-pod-selector-labels-match-template-metadata-labels", "statefulset-pod-selector-labels-match-template-metadata-labels"],
        kube_linter: &["mismatching-selector"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
