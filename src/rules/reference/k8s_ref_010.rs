//! K8S-REF-010 `probe-port-not-declared`: probe uses a port name the container does not declare.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-010",
    name: "probe-port-not-declared",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "probe uses a port name the container does not declare",
    docs: r#"What it checks: Probe port: named httpGet/tcpSocket/grpc port not declared on the container -> probe fails at runtime; numeric probe port not among containerPorts -> info.

Why it matters: The kubelet cannot resolve the name and the probe fails: liveness restarts the container forever, readiness keeps it out of endpoints.

Example: `httpGet: {port: health}` with no container port named `health`.

How to fix: Declare the named port or use its number.

Source: kubelet resolves named probe ports from container ports"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["liveness-port", "readiness-port", "startup-port"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
