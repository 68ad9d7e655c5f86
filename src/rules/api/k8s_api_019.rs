//! K8S-API-019 `invalid-service-type`: Service type settings are inconsistent.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-019",
    name: "invalid-service-type",
    severity: RuleSeverity::Error,
    kinds: "Service",
    summary: "Service type settings are inconsistent",
    docs: r#"What it checks: Type rules: type in ClusterIP|NodePort|LoadBalancer|ExternalName; nodePort only for NodePort/LoadBalancer and inside the node-port range (default 30000-32767, allocator rejects others); clusterIP: None not allowed for NodePort/LoadBalancer; ExternalName needs spec.externalName (DNS-1123 subdomain, trailing dot ok) and no clusterIP; LoadBalancer may not expose port 10250.

Why it matters: The API server rejects the Service.

Example: `nodePort: 80` (outside 30000-32767), nodePort on a ClusterIP Service, `clusterIP: None` on a LoadBalancer.

How to fix: Use nodePort only with NodePort/LoadBalancer inside 30000-32767; ExternalName needs externalName and no clusterIP.

Source: [CV] ValidateService ("may not be set to 'None' for LoadBalancer services", "may not be used when `type` is 'ClusterIP'"); [D] concepts/services-networking/service"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
