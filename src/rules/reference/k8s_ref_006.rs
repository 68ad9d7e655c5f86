//! K8S-REF-006 `statefulset-service-not-headless`: StatefulSet serviceName is missing, not headless, or does not select its pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-006",
    name: "statefulset-service-not-headless",
    severity: RuleSeverity::Warning,
    kinds: "StatefulSet",
    summary: "StatefulSet serviceName is missing, not headless, or does not select its pods",
    docs: r#"What it checks: serviceName empty, or names no Service in the namespace, or that Service is not headless (clusterIP: None), or its selector does not select the StatefulSet pods - pods lose stable per-pod DNS (pod-0.svc). API does not enforce this.

Why it matters: Without a headless governing Service the pods lose their stable DNS names (`pod-0.svc`).

Example: `serviceName: db` with no Service `db`, or Service `db` with a clusterIP.

How to fix: Create a headless Service (`clusterIP: None`) with the StatefulSet's selector and name it in serviceName (the fix creates it).

Source: [D] workloads/controllers/statefulset#limitations ("requires a Headless Service ... You are responsible for creating this Service"); seed rule"#,
    peers: Peers {
        kube_score: &["~statefulset-has-servicename"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
