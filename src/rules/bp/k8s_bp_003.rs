//! K8S-BP-003 `missing-memory-limit`: container has no memory limit.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-003",
    name: "missing-memory-limit",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container has no memory limit",
    docs: r#"What it checks: Always set a memory limit (memory is incompressible; unlimited containers can OOM the node).

Why it matters: Memory is incompressible: an unlimited container can exhaust the node and trigger OOM kills of other pods.

Example: A container with requests but no `limits.memory`.

How to fix: Set `limits.memory` (the fix uses the memory request, or 256Mi).

Source: Seed rule; [D] manage-resources-containers"#,
    peers: Peers {
        kube_score: &["container-resources"],
        kube_linter: &["unset-memory-requirements"],
        polaris: &["memoryLimitsMissing"],
        checkov: &["CKV_K8S_13"],
    },
    check: Check::NotChecked("not implemented yet"),
};
