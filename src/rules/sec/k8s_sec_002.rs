//! K8S-SEC-002 `privileged-container`: container runs privileged.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-002",
    name: "privileged-container",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container runs privileged",
    docs: r#"What it checks: privileged: true grants full host access - flag loudly.

Why it matters: privileged: true disables nearly every isolation: devices, capabilities, seccomp.

Example: `securityContext: {privileged: true}`.

How to fix: Remove privileged; add only the capabilities needed.

Source: [D] pod-security-standards (baseline forbids privileged)"#,
    peers: Peers {
        kube_score: &["container-security-context-privileged"],
        kube_linter: &["privileged-container"],
        polaris: &["runAsPrivileged"],
        checkov: &["CKV_K8S_16"],
    },
    check: Check::NotChecked("not implemented yet"),
};
