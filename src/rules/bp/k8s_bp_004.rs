//! K8S-BP-004 `cpu-limit-set`: container sets a CPU limit (CFS throttling); informational.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-004",
    name: "cpu-limit-set",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "container sets a CPU limit (CFS throttling); informational",
    docs: r#"What it checks: Consider omitting CPU limits (CFS throttling); never report a missing CPU limit as a problem. If a CPU limit is set, show it as an informational note. Peers take the OPPOSITE stance (they require CPU limits) - deliberate divergence.

Why it matters: CPU limits throttle a container even when the node is idle, causing latency spikes; requests already share CPU fairly. Peers require CPU limits: this catalog deliberately does not.

Example: `limits: {cpu: 500m}`.

How to fix: Consider removing the CPU limit and keeping the request.

Source: Seed rule; kube-score flag --ignore-container-cpu-limit"#,
    peers: Peers {
        kube_score: &["(inverse) container-resources"],
        kube_linter: &["(inverse) unset-cpu-requirements"],
        polaris: &["(inverse) cpuLimitsMissing"],
        checkov: &["(inverse) CKV_K8S_11"],
    },
    check: Check::NotChecked("not implemented yet"),
};
