//! K8S-API-019 `invalid-service-type`: Service type settings are inconsistent.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-019",
    name: "invalid-service-type",
    severity: RuleSeverity::Error,
    kinds: "Service",
    summary: "Service type settings are inconsistent",
    docs: r#"## What it does

Type rules: type in ClusterIP|NodePort|LoadBalancer|ExternalName; nodePort only for NodePort/LoadBalancer and inside the node-port range (default 30000-32767, allocator rejects others); clusterIP: None not allowed for NodePort/LoadBalancer; ExternalName needs spec.externalName (DNS-1123 subdomain, trailing dot ok) and no clusterIP; LoadBalancer may not expose port 10250.

## Why is this bad?

The API server rejects the Service.

## Example

`nodePort: 80` (outside 30000-32767), nodePort on a ClusterIP Service, `clusterIP: None` on a LoadBalancer.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
```

## Use instead

Use nodePort only with NodePort/LoadBalancer inside 30000-32767; ExternalName needs externalName and no clusterIP.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
```

## Fix

There is no automatic fix.

Source: [CV] ValidateService ("may not be set to 'None' for LoadBalancer services", "may not be used when `type` is 'ClusterIP'"); [D] concepts/services-networking/service"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::is_dns1123_subdomain;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        let Some(spec) = &service.spec else { continue };
        let kind = spec.type_.as_deref().unwrap_or("ClusterIP");
        if !matches!(
            kind,
            "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
        ) {
            out.report(
                id,
                "spec.type",
                format!("type {kind} is not ClusterIP, NodePort, LoadBalancer or ExternalName"),
            );
            continue;
        }
        let headless = spec.cluster_ip.as_deref() == Some("None");
        for (i, port) in spec.ports.iter().flatten().enumerate() {
            let Some(node_port) = port.node_port.filter(|p| *p != 0) else {
                continue;
            };
            if !matches!(kind, "NodePort" | "LoadBalancer") {
                out.report(
                    id,
                    format!("spec.ports[{i}].nodePort"),
                    format!("nodePort may not be used when type is {kind}"),
                );
            } else if !(30000..=32767).contains(&node_port) {
                out.report(
                    id,
                    format!("spec.ports[{i}].nodePort"),
                    format!(
                        "nodePort {node_port} is outside the default node port range 30000-32767"
                    ),
                );
            }
        }
        if headless && matches!(kind, "NodePort" | "LoadBalancer") {
            out.report(
                id,
                "spec.clusterIP",
                format!("clusterIP may not be set to 'None' for {kind} services"),
            );
        }
        if kind == "ExternalName" {
            let name = spec.external_name.as_deref().unwrap_or_default();
            if name.is_empty() || !is_dns1123_subdomain(name.trim_end_matches('.')) {
                out.report(
                    id,
                    "spec.externalName",
                    format!(
                        "ExternalName Service needs externalName as a DNS name (found `{name}`)"
                    ),
                );
            }
            if spec
                .cluster_ip
                .as_deref()
                .is_some_and(|ip| !ip.is_empty() && ip != "None")
            {
                out.report(
                    id,
                    "spec.clusterIP",
                    "an ExternalName Service may not set clusterIP",
                );
            }
        }
        if kind == "LoadBalancer" && spec.ports.iter().flatten().any(|p| p.port == 10250) {
            out.report(
                id,
                "spec.ports",
                "a LoadBalancer may not expose port 10250 (the kubelet port)",
            );
        }
    }
}
