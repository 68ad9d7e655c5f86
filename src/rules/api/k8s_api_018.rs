//! K8S-API-018 `duplicate-service-port`: Service port names missing or duplicated, or a port declared twice.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-018",
    name: "duplicate-service-port",
    severity: RuleSeverity::Error,
    kinds: "Service",
    summary: "Service port names missing or duplicated, or a port declared twice",
    docs: r#"What it checks: Port names: required when the Service has >1 port, DNS-1123 label, unique; no two ports with the same (port, protocol); no duplicate nodePort.

Why it matters: The API server rejects the Service ("Required value" for names of multi-port Services, "Duplicate value").

Example: Two ports without names, or two ports 80/TCP.

How to fix: Name every port of a multi-port Service uniquely (DNS labels) and keep (port, protocol) pairs unique.

Source: [CV] validateServicePort (Required name), ValidateService (Duplicate)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
