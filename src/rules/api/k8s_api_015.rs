//! K8S-API-015 `invalid-probe`: a probe has no or several handlers, a wrong successThreshold or bad numbers.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-015",
    name: "invalid-probe",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "a probe has no or several handlers, a wrong successThreshold or bad numbers",
    docs: r#"What it checks: Probes: exactly one handler (exec|httpGet|tcpSocket|grpc); liveness and startup successThreshold must be 1; timing fields non-negative; httpGet/tcpSocket port is 1-65535 or an IANA_SVC_NAME.

Why it matters: The API server rejects the pod template.

Example: A livenessProbe with `successThreshold: 2`, or with both `httpGet` and `tcpSocket`.

How to fix: Use exactly one handler; successThreshold 1 for liveness and startup probes; non-negative timings; ports 1-65535 or a port name.

Source: [CV] validateProbe / validateHandler ("must be 1", "may not specify more than 1 handler type")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
