//! K8S-BP-002 `missing-resource-requests`: container has no CPU or memory request.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-002",
    name: "missing-resource-requests",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container has no CPU or memory request",
    docs: r#"What it checks: Always set CPU and memory requests on every container (scheduling, QoS).

Why it matters: The scheduler places pods by requests; without them pods land on full nodes and become BestEffort, first to be evicted.

Example: A container without `resources.requests`.

How to fix: Set `requests.cpu` and `requests.memory` (the fix adds 100m / 128Mi as a starting point).

Source: Seed rule; [D] concepts/configuration/manage-resources-containers"#,
    peers: Peers {
        kube_score: &["container-resources"],
        kube_linter: &["unset-cpu-requirements", "unset-memory-requirements"],
        polaris: &["cpuRequestsMissing", "memoryRequestsMissing"],
        checkov: &["CKV_K8S_10", "CKV_K8S_12"],
    },
    check: Check::NotChecked("not implemented yet"),
};
