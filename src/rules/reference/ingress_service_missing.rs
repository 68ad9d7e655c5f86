//! K8S-REF-004 `ingress-service-missing`: Ingress backend names a Service that does not exist in its namespace.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-004",
    name: "ingress-service-missing",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "Ingress",
    summary: "Ingress backend names a Service that does not exist in its namespace",
    docs: r#"## What it does

Ingress backend (rule path or defaultBackend) names a Service that does not exist in the Ingress namespace.

## Why is this bad?

The ingress controller returns 503 for the route.

## Example

backend `service: {name: web-svc}` with no Service `web-svc` in the namespace.

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
            name: web-svc
            port:
              number: 80
```

## Use instead

Create the Service or correct the name.

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

Source: Seed rule "Ingress backends must reference existing Service ports"; API ref IngressServiceBackend (same namespace)"#,
    peers: Peers {
        kube_score: &["ingress-targets-service"],
        kube_linter: &["dangling-ingress"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::model::kinds::closest;
use crate::model::relations::ingress_backends;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Ingress") {
        let Resource::Ingress(ingress) = object.resource() else {
            continue;
        };
        let namespace = object.effective_namespace();
        for (i, backend) in ingress_backends(ingress).into_iter().enumerate() {
            let Some(service) = &backend.service else {
                continue;
            };
            if service.name.is_empty() || ctx.find("Service", namespace, &service.name).is_some() {
                continue;
            }
            let candidates = ctx
                .of_kind("Service")
                .iter()
                .filter(|(_, s)| s.effective_namespace() == namespace)
                .map(|(_, s)| s.name());
            let hint = closest(&service.name, candidates)
                .map_or_else(String::new, |name| format!("; did you mean {name}?"));
            out.report(
                id,
                backend_field(ingress, i),
                format!(
                    "backend Service {} does not exist in namespace {}{hint}",
                    service.name,
                    namespace.unwrap_or("default")
                ),
            );
        }
    }
}

/// The path of the `i`-th backend in `ingress_backends` order (defaultBackend first).
pub(crate) fn backend_field(
    ingress: &k8s_openapi::api::networking::v1::Ingress,
    i: usize,
) -> String {
    let Some(spec) = &ingress.spec else {
        return "spec".to_owned();
    };
    let mut index = i;
    if spec.default_backend.is_some() {
        if index == 0 {
            return "spec.defaultBackend".to_owned();
        }
        index -= 1;
    }
    for (r, rule) in spec.rules.iter().flatten().enumerate() {
        let paths = rule.http.as_ref().map_or(0, |h| h.paths.len());
        if index < paths {
            return format!("spec.rules[{r}].http.paths[{index}].backend");
        }
        index -= paths;
    }
    "spec".to_owned()
}
