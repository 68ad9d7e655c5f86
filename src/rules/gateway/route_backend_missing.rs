//! K8S-GW-003 `route-backend-missing`: a route's backendRef names a Service that does not exist,
//! a port the Service does not expose, or no port.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-003",
    name: "route-backend-missing",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute",
    summary: "route backendRef names a missing Service or a port the Service does not expose",
    docs: r#"## What it does

A `backendRefs` entry of a route rule names a Service that does not exist in its namespace (the
backendRef's `namespace`, the route's own when unset), a `port` that is not one of the Service's
`spec.ports` (a common mistake: the container's port), or no `port` at all (the API server
refuses a Service backendRef without one). Backends of other kinds are not checked. A Service
listed in the route's `kubedraft.io/external` annotation (`Service/NAME`) is reported as a note.

## Why is this bad?

Requests the rule matches get a 500 answer (connections are refused for TCP and TLS routes):
the route's status says `ResolvedRefs: False` with `BackendNotFound`.

## Example

The backendRef uses the container port 8080; the Service exposes port 80.

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
    - name: store
      port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: store
  namespace: shop
spec:
  selector:
    app: store
  ports:
  - port: 80
    targetPort: 8080
```

## Use instead

Use the Service's port.

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
    - name: store
      port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: store
  namespace: shop
spec:
  selector:
    app: store
  ports:
  - port: 80
    targetPort: 8080
```

## Fix

There is no automatic fix.

Source: Gateway API spec, BackendRef (port "is required when the referent is a Kubernetes Service"; CRD rule "Must have port for Service reference") and RouteConditionReason BackendNotFound"#,
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
use crate::model::kinds::closest;
use crate::rules::reference::referenced_object_missing::{EXTERNAL_ANNOTATION, marked_external};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let routes = super::routes(ctx);
    if routes.is_empty() {
        return;
    }
    let index = super::index(ctx);
    let mut services = None;
    for (route, object) in routes {
        ctx.note_design_read(Some(&route.namespace));
        for outcome in index.backends(route) {
            let Some(backend) = route
                .view
                .spec
                .rules
                .get(outcome.rule)
                .and_then(|rule| rule.backend_refs.get(outcome.index))
            else {
                continue;
            };
            if !backend.is_service() || backend.name.is_empty() {
                continue;
            }
            let field = backend_field(outcome.rule, outcome.index);
            let namespace = backend.namespace_or(&route.namespace);
            let Some(service) = outcome.service else {
                let external = marked_external(object, "Service", &backend.name);
                let message = if external {
                    format!(
                        "backend Service {} is outside the design (marked in {EXTERNAL_ANNOTATION})",
                        backend.name
                    )
                } else {
                    format!(
                        "backend Service {} does not exist in namespace {namespace}{}",
                        backend.name,
                        hint(ctx, &mut services, namespace, &backend.name)
                    )
                };
                let finding = out.report(route.id, format!("{field}.name"), message);
                if external {
                    finding.severity(Severity::Info);
                }
                continue;
            };
            let Some(port) = outcome.port else {
                out.report(
                    route.id,
                    format!("{field}.port"),
                    format!(
                        "backendRef to Service {} has no port; the API server requires one for a Service",
                        backend.name
                    ),
                )
                .severity(Severity::Error);
                continue;
            };
            let Some(Resource::Service(svc)) = ctx.model.get(service).map(Object::resource) else {
                continue;
            };
            let ports: Vec<i32> = svc
                .spec
                .iter()
                .flat_map(|s| s.ports.iter().flatten())
                .map(|p| p.port)
                .collect();
            if !ports.is_empty() && !ports.contains(&port) {
                let list: Vec<String> = ports.iter().map(ToString::to_string).collect();
                out.report(
                    route.id,
                    format!("{field}.port"),
                    format!(
                        "Service {} exposes port {}, not {port}: requests to this backend fail (use the Service's port, not the container's)",
                        backend.name,
                        list.join(", ")
                    ),
                )
                .severity(Severity::Error);
            }
        }
    }
}

/// "; did you mean X?" for a Service of the namespace a few edits away, else "; a Service NAME
/// exists in namespace NS" when one of that name lives elsewhere, else nothing.
/// `services` holds the Services of the whole design once the first hint needed them.
fn hint<'m>(
    ctx: &Context<'m>,
    services: &mut Option<Vec<(ObjectId, &'m Object)>>,
    namespace: &str,
    name: &str,
) -> String {
    // The whole design is read (not the context's index, which an incremental pass narrows):
    // the finding depends on Services of every namespace.
    ctx.note_design_read(Some(namespace));
    let services = services
        .get_or_insert_with(|| ctx.design_objects(Some(namespace), |o| o.kind() == Kind::Service));
    let here = services
        .iter()
        .filter(|(_, s)| s.effective_namespace() == Some(namespace))
        .map(|(_, s)| s.name());
    if let Some(close) = closest(name, here) {
        return format!("; did you mean {close}?");
    }
    services
        .iter()
        .find(|(_, s)| s.name() == name)
        .and_then(|(_, s)| s.effective_namespace())
        .map_or_else(String::new, |other| {
            format!(
                "; a Service {name} exists in namespace {other} (set the backendRef's namespace, and a ReferenceGrant there)"
            )
        })
}
