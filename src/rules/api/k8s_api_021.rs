//! K8S-API-021 `invalid-ingress-backend`: an Ingress backend names no Service, or its port is invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-021",
    name: "invalid-ingress-backend",
    severity: RuleSeverity::Error,
    kinds: "Ingress",
    summary: "an Ingress backend names no Service, or its port is invalid",
    docs: r#"What it checks: Backend: exactly one of service/resource; service.name required and a valid Service name; service.port sets exactly one of name/number; number 1-65535; name is an IANA_SVC_NAME.

Why it matters: The API server rejects the Ingress ("cannot set both port name & port number").

Example: `port: {number: 80, name: http}` or a backend with neither service nor resource.

How to fix: Give each backend one service with a name and exactly one of port.number (1-65535) or port.name.

Source: [NV] validateIngressBackend ("cannot set both port name & port number", "port name or number is required")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
