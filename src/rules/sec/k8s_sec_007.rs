//! K8S-SEC-007 `missing-seccomp-profile`: no seccomp profile (RuntimeDefault) at pod or container level.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-007",
    name: "missing-seccomp-profile",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "no seccomp profile (RuntimeDefault) at pod or container level",
    docs: r#"What it checks: seccompProfile type RuntimeDefault (or Localhost) at pod or container level.

Why it matters: Without seccomp, every system call is open to the container.

Example: No `seccompProfile`.

How to fix: Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.

Source: [D] pod-security-standards (restricted)"#,
    peers: Peers {
        kube_score: &["~container-seccomp-profile"],
        kube_linter: &[],
        polaris: &["~linuxHardening"],
        checkov: &["CKV_K8S_31"],
    },
    check: Check::NotChecked("not implemented yet"),
};
