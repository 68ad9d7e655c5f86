//! K8S-SEC-001 `runs-as-root`: container may run as root.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-001",
    name: "runs-as-root",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container may run as root",
    docs: r#"What it checks: Run as a non-root user: runAsNonRoot: true and/or runAsUser != 0 (pod or container level); UID >= 10000 recommended to avoid host UID clashes.

Why it matters: A process running as root inside a container is one kernel bug away from root on the node.

Example: No `runAsNonRoot: true` at pod or container level, or `runAsUser: 0`.

How to fix: Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` (10000 or above).

Source: Seed rule; [D] concepts/security/pod-security-standards (restricted: runAsNonRoot)"#,
    peers: Peers {
        kube_score: &["container-security-context-user-group-id"],
        kube_linter: &["run-as-non-root"],
        polaris: &["runAsRootAllowed"],
        checkov: &["CKV_K8S_23", "~CKV_K8S_40"],
    },
    check: Check::NotChecked("not implemented yet"),
};
