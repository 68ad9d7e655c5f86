//! K8S-GW-004 `reference-not-granted`: a backendRef or certificateRef into another namespace that
//! no ReferenceGrant there permits.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-004",
    name: "reference-not-granted",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute, Gateway",
    summary: "cross-namespace backendRef or certificateRef without a ReferenceGrant",
    docs: r#"## What it does

A route's `backendRefs` entry, or a Gateway listener's `tls.certificateRefs` entry, names an
object in another namespace, and no ReferenceGrant of that namespace permits references from the
route's (or Gateway's) kind and namespace to that kind (and name). An error in a design marked
complete; a warning otherwise (the grant may be created outside the design).

## Why is this bad?

The reference is not followed: the backend gets no requests (the rule answers 500) and the
listener gets no certificate (`ResolvedRefs: False`, `RefNotPermitted`). Without the grant
anyone could point a route at Services of any namespace.

## Example

The route in `shop` sends traffic to a Service in `backend` without a grant.

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs:
  - name: web
  rules:
  - backendRefs:
    - name: api
      namespace: backend
      port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: backend
spec:
  selector:
    app: api
  ports:
  - port: 80
```

## Use instead

Add a ReferenceGrant in the target namespace.

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs:
  - name: web
  rules:
  - backendRefs:
    - name: api
      namespace: backend
      port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: backend
spec:
  selector:
    app: api
  ports:
  - port: 80
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: shop-routes
  namespace: backend
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: shop
  to:
  - group: ""
    kind: Service
```

## Fix

There is no automatic fix.

Source: Gateway API spec, ReferenceGrant ("a reference to a resource in a different namespace is only valid if a ReferenceGrant in the target namespace allows it") and RouteConditionReason RefNotPermitted"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(super::reads),
};

use super::backend_field;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let routes = super::routes(ctx);
    let gateways = super::gateways(ctx);
    if routes.is_empty() && gateways.is_empty() {
        return;
    }
    let index = super::index(ctx);
    for (route, _) in routes {
        ctx.note_design_read(Some(&route.namespace));
        for outcome in index.backends(route) {
            if outcome.permitted {
                continue;
            }
            let Some(backend) = route
                .view
                .spec
                .rules
                .get(outcome.rule)
                .and_then(|rule| rule.backend_refs.get(outcome.index))
            else {
                continue;
            };
            let namespace = backend.namespace_or(&route.namespace);
            out.report(
                route.id,
                format!("{}.namespace", backend_field(outcome.rule, outcome.index)),
                format!(
                    "backend {} {namespace}/{} is in another namespace and no ReferenceGrant in {namespace} permits {} references from {}: the backend gets no requests",
                    backend.kind.as_deref().unwrap_or("Service"),
                    backend.name,
                    route.kind.as_str(),
                    route.namespace
                ),
            );
        }
    }
    for at in gateways {
        ctx.note_design_read(Some(at.namespace));
        for outcome in index.certificates(at.namespace, &at.gateway) {
            if outcome.permitted {
                continue;
            }
            let listeners = at.gateway.listeners();
            let Some((position, listener)) = listeners
                .iter()
                .enumerate()
                .find(|(_, l)| l.name == outcome.listener)
            else {
                continue;
            };
            let Some(reference) = listener.certificate_refs().get(outcome.index) else {
                continue;
            };
            let namespace = reference.namespace_or(at.namespace);
            out.report(
                at.id,
                format!(
                    "spec.listeners[{position}].tls.certificateRefs[{}].namespace",
                    outcome.index
                ),
                format!(
                    "certificate {} {namespace}/{} is in another namespace and no ReferenceGrant in {namespace} permits Gateway references from {}: listener {} gets no certificate",
                    reference.kind.as_deref().unwrap_or("Secret"),
                    reference.name,
                    at.namespace,
                    listener.name
                ),
            );
        }
    }
}
