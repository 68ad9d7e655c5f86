//! K8S-SEC-002 `privileged-container`: container runs privileged.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-002",
    name: "privileged-container",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container runs privileged",
    docs: r"What it checks: privileged: true grants full host access - flag loudly.

Why it matters: privileged: true disables nearly every isolation: devices, capabilities, seccomp.

Example: `securityContext: {privileged: true}`.

How to fix: Remove privileged; add only the capabilities needed.

Source: [D] pod-security-standards (baseline forbids privileged)",
    peers: Peers {
        kube_score: &["container-security-context-privileged"],
        kube_linter: &["privileged-container"],
        polaris: &["runAsPrivileged"],
        checkov: &["CKV_K8S_16"],
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
                .and_then(|s| s.privileged)
                == Some(true)
            {
                out.report(
                    at.id,
                    c.field("securityContext.privileged"),
                    format!(
                        "container `{}` is privileged: it has full access to the host",
                        c.container.name
                    ),
                );
            }
        }
    }
}
