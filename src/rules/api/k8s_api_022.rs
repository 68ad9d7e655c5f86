//! K8S-API-022 `invalid-ingress-host`: Ingress host, TLS host, secretName or class is invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-022",
    name: "invalid-ingress-host",
    severity: RuleSeverity::Error,
    kinds: "Ingress",
    summary: "Ingress host, TLS host, secretName or class is invalid",
    docs: r#"What it checks: rules[].host and tls[].hosts are DNS-1123 subdomains, not IP addresses; a wildcard is only allowed as the whole first label ("*.foo.com"); tls.secretName is a valid Secret name; ingressClassName is a DNS subdomain and, if the legacy kubernetes.io/ingress.class annotation is also set, both must be equal.

Why it matters: The API server rejects the Ingress ("must be a DNS name, not an IP address").

Example: `host: 10.0.0.1`, `host: foo.*.com`, or ingressClassName differing from the kubernetes.io/ingress.class annotation.

How to fix: Use DNS names (a wildcard only as the whole first label) and keep class name and annotation equal or drop the annotation.

Source: [NV] validateIngressRules ("must be a DNS name, not an IP address"), validateIngressTLS, ValidateIngressCreate"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
