//! K8S-BP-006 `missing-readiness-probe`: container has no readiness probe.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-006",
    name: "missing-readiness-probe",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container has no readiness probe",
    docs: r#"What it checks: Readiness probe on every serving container (mandatory in practice when a Service selects the pod).

Why it matters: Without one, a pod receives traffic as soon as it starts, before it is ready, and keeps it while broken.

Example: A web container with no `readinessProbe`.

How to fix: Add a readinessProbe (the fix adds a TCP probe on the first container port).

Source: Seed rule; [D] configure-liveness-readiness-startup-probes"#,
    peers: Peers {
        kube_score: &["pod-probes"],
        kube_linter: &["no-readiness-probe"],
        polaris: &["readinessProbeMissing"],
        checkov: &["CKV_K8S_9"],
    },
    check: Check::NotChecked("not implemented yet"),
};
