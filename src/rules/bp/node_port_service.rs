//! K8S-BP-015 `node-port-service`: Service of type `NodePort`.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-015",
    name: "node-port-service",
    severity: RuleSeverity::Info,
    kinds: "Service",
    summary: "Service of type NodePort",
    docs: r"## What it does

Avoid NodePort Services for exposure; prefer Ingress or LoadBalancer (NodePort opens a port on every node, hard to firewall).

## Why is this bad?

NodePort opens a port on every node, which is hard to firewall and to move.

## Example

`type: NodePort`.

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
  - name: http
    port: 80
    targetPort: 8080
```

## Use instead

Expose through an Ingress or a LoadBalancer Service.

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
  - name: http
    port: 80
    targetPort: 8080
---
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

Source: [D] concepts/services-networking/service#type-nodeport",
    peers: Peers {
        kube_score: &["service-type"],
        kube_linter: &["~exposed-services (configurable)"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        if service.spec.as_ref().and_then(|s| s.type_.as_deref()) == Some("NodePort") {
            out.report(
                id,
                "spec.type",
                "NodePort opens the port on every node; prefer an Ingress or a LoadBalancer",
            );
        }
    }
}
