//! K8S-REF-015 `selector-uses-controller-label`: selector targets controller-added labels or operator-created pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-015",
    name: "selector-uses-controller-label",
    severity: RuleSeverity::Info,
    kinds: "All",
    summary: "selector targets controller-added labels or operator-created pods",
    docs: r#"What it checks: Label modelling: selectors may legitimately target controller-added labels (pod-template-hash, controller-revision-hash, statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index) or operator-created pods (e.g. Prometheus CR) - do not report REF-001/007 as errors then. Offer near-miss hints (app vs app.kubernetes.io/name, case, typos).

Why it matters: Labels such as pod-template-hash or statefulset.kubernetes.io/pod-name are added by controllers, not by templates, so a design cannot show the pods they select.

Example: redis-ha announce Services selecting `statefulset.kubernetes.io/pod-name: redis-0`.

How to fix: Nothing to do when intended; otherwise select on template labels.

Source: [D] reference/labels-annotations-taints; corpus evidence (argo-cd redis-ha announce Services, kube-prometheus)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
