//! K8S-SEC-004 `writable-root-filesystem`: container root filesystem is writable.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-004",
    name: "writable-root-filesystem",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "container root filesystem is writable",
    docs: r"What it checks: Prefer readOnlyRootFilesystem: true (mount emptyDir for writable paths).

Why it matters: A read-only root filesystem stops attackers from dropping tools into the image.

Example: No `readOnlyRootFilesystem: true`.

How to fix: Set `readOnlyRootFilesystem: true` and mount emptyDir volumes where the app writes.

Source: [D] tasks/configure-pod-container/security-context",
    peers: Peers {
        kube_score: &["container-security-context-readonlyrootfilesystem"],
        kube_linter: &["no-read-only-root-fs"],
        polaris: &["notReadOnlyRootFilesystem"],
        checkov: &["CKV_K8S_22"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            if c.container
                .security_context
                .as_ref()
                .and_then(|s| s.read_only_root_filesystem)
                != Some(true)
            {
                out.report(
                    at.id,
                    c.field("securityContext.readOnlyRootFilesystem"),
                    format!(
                        "container `{}` has a writable root filesystem",
                        c.container.name
                    ),
                );
            }
        }
    }
}
