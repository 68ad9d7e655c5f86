//! K8S-SEC-005 `capabilities-not-dropped`: container keeps default capabilities or adds dangerous ones.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-005",
    name: "capabilities-not-dropped",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container keeps default capabilities or adds dangerous ones",
    docs: r#"What it checks: Capabilities: drop ALL (at least NET_RAW); do not add SYS_ADMIN or other dangerous capabilities.

Why it matters: The default capability set includes NET_RAW (packet spoofing); SYS_ADMIN and friends are near-root.

Example: No `capabilities.drop: [ALL]`, or `add: [SYS_ADMIN]`.

How to fix: Drop ALL and add back only NET_BIND_SERVICE if needed.

Source: [D] pod-security-standards (restricted: drop ALL, add only NET_BIND_SERVICE)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["drop-net-raw-capability"],
        polaris: &["dangerousCapabilities", "insecureCapabilities"],
        checkov: &["CKV_K8S_28", "CKV_K8S_37", "CKV_K8S_25", "CKV_K8S_39"],
    },
    check: Check::NotChecked("not implemented yet"),
};
