//! K8S-GW-001 `route-parent-missing`: a route's parentRef names no Gateway of the design, or no
//! listener of it.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-001",
    name: "route-parent-missing",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute",
    summary: "route parentRef names no Gateway, or no listener of it",
    docs: r#"## What it does

A route's `parentRefs` entry names a Gateway that is not in the design (in the parentRef's
namespace, the route's own when unset), or a Gateway whose listeners match neither its
`sectionName` nor its `port`. Parents of other kinds (a ListenerSet, a mesh Service) are not
checked. A Gateway listed in the route's `kubedraft.io/external` annotation (`Gateway/NAME`) is
reported as a note: it lives outside the design.

## Why is this bad?

The route attaches nowhere: no Gateway serves its hostnames and rules, and its status says
`Accepted: False` (`NoMatchingParent` for a listener that does not exist).

## Example

The route names listener `https`, but the Gateway's only listener is `http`.

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: envoy
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs:
  - name: web
    sectionName: https
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
```

## Use instead

Name an existing listener (or leave `sectionName` out to attach to every listener that admits
the route).

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: envoy
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs:
  - name: web
    sectionName: http
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
```

## Fix

There is no automatic fix.

Source: Gateway API spec, ParentReference (sectionName, port: "the route MUST be considered detached from the Gateway" when no listener matches) and RouteConditionReason NoMatchingParent"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(super::reads),
};

use super::{gateway_display, parent_field};
use crate::model::gateway::admission::Attachment;
use crate::rules::reference::referenced_object_missing::{EXTERNAL_ANNOTATION, marked_external};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let routes = super::routes(ctx);
    if routes.is_empty() {
        return;
    }
    let index = super::index(ctx);
    for (route, object) in routes {
        // A parent in another namespace is read from the whole design.
        ctx.note_design_read(Some(&route.namespace));
        for outcome in index.parents(route) {
            let Some(parent) = route.view.spec.parent_refs.get(outcome.index) else {
                continue;
            };
            if !parent.is_gateway() {
                continue;
            }
            let namespace = parent.namespace_or(&route.namespace);
            let shown = gateway_display(namespace, &parent.name);
            match outcome.attachment {
                None => {
                    let external = marked_external(object, "Gateway", &parent.name);
                    let message = if external {
                        format!(
                            "parent Gateway {shown} is outside the design (marked in {EXTERNAL_ANNOTATION})"
                        )
                    } else {
                        format!(
                            "parent Gateway {shown} does not exist: the route attaches nowhere (add it, or list it in the {EXTERNAL_ANNOTATION} annotation)"
                        )
                    };
                    let finding = out.report(route.id, parent_field(outcome.index), message);
                    if external {
                        finding.severity(Severity::Info);
                    }
                }
                Some(Attachment::NoMatchingListener) => {
                    let listeners: Vec<String> = index
                        .gateway(namespace, &parent.name)
                        .map(|(_, gateway)| {
                            gateway
                                .listeners()
                                .iter()
                                .map(|l| format!("{} (port {})", l.name, l.port))
                                .collect()
                        })
                        .unwrap_or_default();
                    let (field, wanted) = match (&parent.section_name, parent.port) {
                        (Some(section), Some(port)) => {
                            ("sectionName", format!("listener {section} on port {port}"))
                        }
                        (Some(section), None) => ("sectionName", format!("listener {section}")),
                        (None, Some(port)) => ("port", format!("listener on port {port}")),
                        (None, None) => ("name", "listener".to_owned()),
                    };
                    out.report(
                        route.id,
                        format!("{}.{field}", parent_field(outcome.index)),
                        format!(
                            "Gateway {shown} has no {wanted}: the route attaches nowhere (listeners: {})",
                            if listeners.is_empty() {
                                "none".to_owned()
                            } else {
                                listeners.join(", ")
                            }
                        ),
                    )
                    .severity(Severity::Error);
                }
                Some(_) => {}
            }
        }
    }
}
