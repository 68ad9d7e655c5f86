//! K8S-REF-016 `workload-without-service`: workload declares container ports but no Service selects it.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-016",
    name: "workload-without-service",
    severity: RuleSeverity::Info,
    kinds: "Deployment, StatefulSet",
    summary: "workload declares container ports but no Service selects it",
    docs: r#"What it checks: Workload declares containerPorts but no Service selects it (probably a missing Service), or a Service selects it but no Ingress/consumer exists for an externally meant port.

Why it matters: Ports that nothing exposes usually mean a missing Service.

Example: A Deployment with `containerPort: 8080` and no Service.

How to fix: Add a Service selecting the workload, or drop the port declaration if the workload is not meant to be reached.

Source: designer completeness heuristic"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
