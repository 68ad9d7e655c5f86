//! K8S-SEC-011 `unencrypted-exposure`: Ingress without TLS, or LoadBalancer open to the world.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-011",
    name: "unencrypted-exposure",
    severity: RuleSeverity::Warning,
    kinds: "Ingress, Service",
    summary: "Ingress without TLS, or LoadBalancer open to the world",
    docs: r#"What it checks: Exposure: Ingress without tls; LoadBalancer without loadBalancerSourceRanges (info).

Why it matters: Traffic without TLS can be read and changed on the way; an unrestricted LoadBalancer is open to the internet.

Example: An Ingress without `tls`.

How to fix: Add a tls section with a certificate Secret; set loadBalancerSourceRanges.

Source: [D] concepts/services-networking/ingress#tls"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &["tlsSettingsMissing"],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
