//! K8S-BP-005 `pod-qos-class`: pod QoS class (BestEffort is a warning).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-005",
    name: "pod-qos-class",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "pod QoS class (BestEffort is a warning)",
    docs: r#"What it checks: Show the pod QoS class: Guaranteed (every container has cpu+memory requests == limits), Burstable (some request/limit), BestEffort (none) - BestEffort for a production workload: warning.

Why it matters: BestEffort pods are the first evicted under node pressure; Guaranteed pods the last.

Example: A pod whose containers set no requests or limits is BestEffort.

How to fix: Set requests (Burstable) or requests equal to limits (Guaranteed).

Source: [D] concepts/workloads/pods/pod-qos"#,
    peers: Peers {
        kube_score: &["~container-resource-requests-equal-limits"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
