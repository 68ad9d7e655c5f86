//! K8S-REF-003 `target-port-not-declared`: numeric targetPort is not declared as a containerPort of the selected pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-003",
    name: "target-port-not-declared",
    severity: RuleSeverity::Warning,
    kinds: "Service",
    summary: "numeric targetPort is not declared as a containerPort of the selected pods",
    docs: r#"What it checks: Numeric targetPort (or port when targetPort omitted) not declared as containerPort in any selected pod, or declared with a different protocol. Works if the process listens anyway (containerPort is informational) but usually a typo.

Why it matters: containerPort is informational, so this works if the process listens anyway, but it usually is a typo.

Example: `targetPort: 8080` while the container declares `containerPort: 80`.

How to fix: Declare the port on the container or correct the targetPort.

Source: API ref Container.ports ("primarily informational"); seed rule "Service targetPort exposed by container""#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
