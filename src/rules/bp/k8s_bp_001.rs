//! K8S-BP-001 `default-namespace`: object is in the default namespace (or has no namespace).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-001",
    name: "default-namespace",
    severity: RuleSeverity::Warning,
    kinds: "All namespaced",
    summary: "object is in the default namespace (or has no namespace)",
    docs: r#"What it checks: Never deploy application workloads into the "default" namespace (also flag missing metadata.namespace when exporting without a target namespace).

Why it matters: The default namespace mixes unrelated workloads, cannot be governed by per-team quotas and policies, and is where kubectl puts anything by accident (CIS 5.7.4).

Example: A Deployment without `metadata.namespace`.

How to fix: Set a dedicated namespace (the fix sets one).

Source: Seed rule; CIS Kubernetes Benchmark 5.7.4"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["use-namespace"],
        polaris: &[],
        checkov: &["CKV_K8S_21"],
    },
    check: Check::NotChecked("not implemented yet"),
};
