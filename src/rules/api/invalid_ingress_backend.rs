//! K8S-API-021 `invalid-ingress-backend`: an Ingress backend names no Service, or its port is invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-021",
    name: "invalid-ingress-backend",
    severity: RuleSeverity::Error,
    kinds: "Ingress",
    summary: "an Ingress backend names no Service, or its port is invalid",
    docs: r#"## What it does

Backend: exactly one of service/resource; service.name required and a valid Service name; service.port sets exactly one of name/number; number 1-65535; name is an IANA_SVC_NAME.

## Why is this bad?

The API server rejects the Ingress ("cannot set both port name & port number").

## Example

`port: {number: 80, name: http}` or a backend with neither service nor resource.

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
              name: http
```

## Use instead

Give each backend one service with a name and exactly one of port.number (1-65535) or port.name.

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
```

## Fix

There is no automatic fix.

Source: [NV] validateIngressBackend ("cannot set both port name & port number", "port name or number is required")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::relations::ingress_backends;
use crate::model::validation::{is_dns1035_label, is_port_name, is_port_number};
use crate::rules::reference::ingress_service_missing::backend_field;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Ingress") {
        let Resource::Ingress(ingress) = object.resource() else {
            continue;
        };
        for (i, backend) in ingress_backends(ingress).into_iter().enumerate() {
            let field = backend_field(ingress, i);
            match (&backend.service, &backend.resource) {
                (Some(_), Some(_)) => {
                    out.report(
                        id,
                        field.clone(),
                        "a backend may set service or resource, not both",
                    );
                }
                (None, None) => {
                    out.report(
                        id,
                        field.clone(),
                        "a backend needs a service (or a resource)",
                    );
                }
                _ => {}
            }
            let Some(service) = &backend.service else {
                continue;
            };
            if !is_dns1035_label(&service.name) {
                out.report(
                    id,
                    format!("{field}.service.name"),
                    format!("`{}` is not a valid Service name", service.name),
                );
            }
            let Some(port) = &service.port else {
                out.report(
                    id,
                    format!("{field}.service.port"),
                    "port name or number is required",
                );
                continue;
            };
            match (port.number, port.name.as_deref()) {
                (Some(_), Some(_)) => {
                    out.report(
                        id,
                        format!("{field}.service.port"),
                        "cannot set both port name & port number",
                    );
                }
                (None, None) => {
                    out.report(
                        id,
                        format!("{field}.service.port"),
                        "port name or number is required",
                    );
                }
                (Some(n), None) if !is_port_number(n) => {
                    out.report(
                        id,
                        format!("{field}.service.port.number"),
                        format!("port {n} is outside 1-65535"),
                    );
                }
                (None, Some(name)) if !is_port_name(name) => {
                    out.report(
                        id,
                        format!("{field}.service.port.name"),
                        format!("`{name}` is not a valid port name"),
                    );
                }
                _ => {}
            }
        }
    }
}
