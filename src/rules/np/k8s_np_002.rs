//! K8S-NP-002 `pod-not-isolated`: no NetworkPolicy selects the workload's pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-002",
    name: "pod-not-isolated",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet",
    summary: "no NetworkPolicy selects the workload's pods",
    docs: r#"What it checks: Default-allow: a pod is isolated only when some NetworkPolicy selects it; pods selected by no policy accept all ingress and egress.

Why it matters: Pods that no policy selects accept all traffic (default allow).

Example: A Deployment in a namespace without policies.

How to fix: Add a default-deny policy for the namespace and allow rules for real traffic.

Source: Seed rule; [D] network-policies#the-two-sorts-of-pod-isolation"#,
    peers: Peers {
        kube_score: &["pod-networkpolicy"],
        kube_linter: &["non-isolated-pod"],
        polaris: &["~missingNetworkPolicy"],
        checkov: &["CKV2_K8S_6"],
    },
    check: Check::NotChecked("not implemented yet"),
};
