//! K8S-REF-002 `unresolved-named-target-port`: named targetPort is not a port name of any selected container.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-002",
    name: "unresolved-named-target-port",
    severity: RuleSeverity::Error,
    kinds: "Service",
    summary: "named targetPort is not a port name of any selected container",
    docs: r#"What it checks: Named targetPort (e.g. targetPort: http) is not a container port name in any selected pod - endpoints get no port for those pods, traffic cannot flow.

Why it matters: Endpoints get no port for pods that do not declare the name, so traffic cannot flow.

Example: `targetPort: http` while the container declares `name: web`.

How to fix: Name the container port as the Service says, or use the number.

Source: [D] concepts/services-networking/service (targetPort may name a container port); endpoint controllers resolve names via podutil.FindPort"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
