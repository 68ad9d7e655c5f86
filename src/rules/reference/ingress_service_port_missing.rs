//! K8S-REF-005 `ingress-service-port-missing`: Ingress backend port is not a port of the Service.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-005",
    name: "ingress-service-port-missing",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "Ingress",
    summary: "Ingress backend port is not a port of the Service",
    docs: r"## What it does

Ingress backend port (number or name) is not one of the Service's spec.ports (common mistake: using targetPort/containerPort). Backend pointing at a headless, ExternalName or selector-less Service: warning (controller-dependent).

## Why is this bad?

The ingress controller cannot route; the typical mistake is using the targetPort or containerPort.

## Example

backend port 8080 while the Service exposes `port: 80, targetPort: 8080`.

```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
```

## Use instead

Use the Service's `port` (or its port name).

```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
```

## Fix

There is no automatic fix.

Source: Seed rule; API ref IngressServiceBackend.port",
    peers: Peers {
        kube_score: &["ingress-targets-service"],
        kube_linter: &["dangling-ingress"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::model::relations::ingress_backends;
use crate::rules::reference::ingress_service_missing::backend_field;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Ingress") {
        let Resource::Ingress(ingress) = object.resource() else {
            continue;
        };
        let namespace = object.effective_namespace();
        for (i, backend) in ingress_backends(ingress).into_iter().enumerate() {
            let Some(backend_service) = &backend.service else {
                continue;
            };
            let Some((_, target)) = ctx.find("Service", namespace, &backend_service.name) else {
                continue;
            };
            let Resource::Service(service) = target.resource() else {
                continue;
            };
            let spec = service.spec.as_ref();
            let ports = spec.and_then(|s| s.ports.as_deref()).unwrap_or_default();
            let field = format!("{}.service.port", backend_field(ingress, i));
            let Some(port) = &backend_service.port else {
                continue;
            };
            let found = match (port.number, &port.name) {
                (Some(n), _) => ports.iter().any(|p| p.port == n),
                (None, Some(name)) => ports
                    .iter()
                    .any(|p| p.name.as_deref() == Some(name.as_str())),
                (None, None) => continue,
            };
            let shown = port
                .number
                .map_or_else(|| port.name.clone().unwrap_or_default(), |n| n.to_string());
            if !found {
                let listed: Vec<String> = ports
                    .iter()
                    .map(|p| match &p.name {
                        Some(name) => format!("{} ({name})", p.port),
                        None => p.port.to_string(),
                    })
                    .collect();
                let hint = port
                    .number
                    .and_then(|n| {
                        ports.iter().find(|p| {
                            matches!(&p.target_port, Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(t)) if *t == n)
                        })
                    })
                    .map_or_else(String::new, |p| {
                        format!("; {n} is its targetPort, use port {}", p.port, n = shown)
                    });
                out.report(
                    id,
                    field,
                    format!(
                        "port {shown} is not a port of Service {} (ports: {}){hint}",
                        backend_service.name,
                        if listed.is_empty() {
                            "none".to_owned()
                        } else {
                            listed.join(", ")
                        }
                    ),
                );
                continue;
            }
            let headless = spec.and_then(|s| s.cluster_ip.as_deref()) == Some("None");
            let external = spec.and_then(|s| s.type_.as_deref()) == Some("ExternalName");
            let selectorless = spec
                .and_then(|s| s.selector.as_ref())
                .is_none_or(std::collections::BTreeMap::is_empty);
            let shape = if external {
                Some("an ExternalName Service")
            } else if headless {
                Some("a headless Service")
            } else if selectorless {
                Some("a Service without selector")
            } else {
                None
            };
            if let Some(shape) = shape {
                out.report(
                    id,
                    field,
                    format!(
                        "backend {} is {shape}; whether the ingress controller can route to it depends on the controller",
                        backend_service.name
                    ),
                )
                .severity(Severity::Warning);
            }
        }
    }
}
