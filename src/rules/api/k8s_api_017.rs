//! K8S-API-017 `invalid-service-ports`: Service ports are missing or out of range.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-017",
    name: "invalid-service-ports",
    severity: RuleSeverity::Error,
    kinds: "Service",
    summary: "Service ports are missing or out of range",
    docs: r#"What it checks: spec.ports required unless headless (clusterIP: None) or type ExternalName; each port 1-65535; protocol TCP|UDP|SCTP; targetPort is 1-65535 or an IANA_SVC_NAME (defaults to port).

Why it matters: The API server rejects the Service.

Example: A ClusterIP Service without ports, `port: 70000`, or `targetPort: my_port`.

How to fix: Declare ports 1-65535 with TCP|UDP|SCTP; targetPort is a number 1-65535 or a container port name.

Source: [CV] ValidateService, validateServicePort, ValidatePortNumOrName"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~invalid-target-ports"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
