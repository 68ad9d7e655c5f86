//! K8S-API-013 `invalid-container-ports`: container ports are out of range, duplicated by name or badly named.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-013",
    name: "invalid-container-ports",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "container ports are out of range, duplicated by name or badly named",
    docs: r#"What it checks: Container ports: containerPort required 1-65535; hostPort 1-65535 if set; protocol TCP|UDP|SCTP; port name is an IANA_SVC_NAME (<=15 chars, [a-z0-9-], >=1 letter, no leading/trailing/double "-") and unique within the container.

Why it matters: The API server rejects the pod template.

Example: `containerPort: 0`, `protocol: HTTP`, a port name `http_port` or longer than 15 characters.

How to fix: Ports 1-65535, protocol TCP|UDP|SCTP, names of at most 15 lowercase letters, digits and single dashes with at least one letter.

Source: [CV] validateContainerPorts; [MV] IsValidPortName, IsValidPortNum"#,
    peers: Peers {
        kube_score: &["~container-ports-check"],
        kube_linter: &["~invalid-target-ports"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
