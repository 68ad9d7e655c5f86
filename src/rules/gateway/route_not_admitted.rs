//! K8S-GW-002 `route-not-admitted`: every listener a route's parentRef selects refuses the route
//! (its kind, its namespace, or no shared hostname).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-002",
    name: "route-not-admitted",
    severity: RuleSeverity::Error,
    kinds: "HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute",
    summary: "no listener the route's parentRef selects admits the route",
    docs: r#"## What it does

For each `parentRefs` entry that names a Gateway of the design, takes the listeners it selects
(all, or those matching `sectionName` and `port`) and reports the parentRef when none of them
admits the route, naming each listener and its reason: the route's kind is not one the listener
allows (`allowedRoutes.kinds`, else the kinds its protocol carries: HTTP and HTTPS carry
HTTPRoute and GRPCRoute, TLS carries TLSRoute, TCP TCPRoute, UDP UDPRoute); the route's namespace
is not one `allowedRoutes.namespaces` admits (`Same`, the default, admits the Gateway's own
namespace only); or none of the route's `hostnames` intersects the listener's `hostname`.
A refusal by a namespace selector of a namespace the design does not declare is a warning in a
design not marked complete (its labels may be set outside the design).

## Why is this bad?

The Gateway does not accept the route (`Accepted: False`, `NotAllowedByListeners` or
`NoMatchingListenerHostname`): none of its rules is served.

## Example

A route in namespace `shop` attaches to a Gateway in `infra` whose listener admits routes of its
own namespace only.

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
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
  - name: edge
    namespace: infra
  rules:
  - backendRefs:
    - name: store
      port: 80
```

## Use instead

Let the listener admit routes from the namespace (`from: All`, or `from: Selector` with a
namespace selector).

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
spec:
  gatewayClassName: envoy
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs:
  - name: edge
    namespace: infra
  rules:
  - backendRefs:
    - name: store
      port: 80
```

## Fix

There is no automatic fix.

Source: Gateway API spec, Listener.allowedRoutes (kinds, namespaces: "Same: only Routes in the same namespace"), Listener.hostname and HTTPRoute.hostnames (intersection), RouteConditionReason NotAllowedByListeners and NoMatchingListenerHostname"#,
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
use crate::model::gateway::Listener;
use crate::model::gateway::admission::{Attachment, ListenerRefusal, protocol_route_kinds};
use crate::model::gateway::relations::RouteEntry;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let routes = super::routes(ctx);
    if routes.is_empty() {
        return;
    }
    let index = super::index(ctx);
    for (route, _) in routes {
        ctx.note_design_read(Some(&route.namespace));
        for outcome in index.parents(route) {
            let Some(Attachment::NotAllowed(refusals)) = &outcome.attachment else {
                continue;
            };
            let Some(parent) = route.view.spec.parent_refs.get(outcome.index) else {
                continue;
            };
            let namespace = parent.namespace_or(&route.namespace);
            let Some((_, gateway)) = index.gateway(namespace, &parent.name) else {
                continue;
            };
            let mut undeclared_selector = false;
            let reasons: Vec<String> = refusals
                .iter()
                .filter_map(|(name, refusal)| {
                    let listener = gateway.listeners().iter().find(|l| &l.name == name)?;
                    if *refusal == ListenerRefusal::Namespace
                        && from(listener) == "Selector"
                        && !ctx.model.namespaces().contains_key(&route.namespace)
                    {
                        undeclared_selector = true;
                    }
                    Some(format!(
                        "listener {name}: {}",
                        reason(listener, refusal, route, namespace)
                    ))
                })
                .collect();
            let finding = out.report(
                route.id,
                parent_field(outcome.index),
                format!(
                    "Gateway {} does not admit the route on any listener, so it is not served ({})",
                    gateway_display(namespace, &parent.name),
                    reasons.join("; ")
                ),
            );
            if undeclared_selector && !ctx.complete {
                finding.severity(Severity::Warning);
            }
        }
    }
}

/// `allowedRoutes.namespaces.from`, `Same` when unset.
fn from(listener: &Listener) -> &str {
    listener
        .allowed_routes
        .as_ref()
        .and_then(|a| a.namespaces.as_ref())
        .and_then(|n| n.from.as_deref())
        .unwrap_or("Same")
}

/// Why `listener` refuses the route, in words.
fn reason(
    listener: &Listener,
    refusal: &ListenerRefusal,
    route: &RouteEntry,
    gateway_namespace: &str,
) -> String {
    let kind = route.kind.as_str();
    match refusal {
        ListenerRefusal::Kind => {
            let listed: Vec<&str> = listener
                .allowed_routes
                .as_ref()
                .and_then(|a| a.kinds.as_deref())
                .unwrap_or_default()
                .iter()
                .map(|k| k.kind.as_str())
                .collect();
            if !listed.is_empty() && !listed.contains(&kind) {
                return format!(
                    "allowedRoutes.kinds lists {}, not {kind}",
                    listed.join(", ")
                );
            }
            let carried: Vec<&str> = protocol_route_kinds(listener)
                .unwrap_or_default()
                .iter()
                .map(|k| k.as_str())
                .collect();
            format!(
                "protocol {} carries {}, not {kind}",
                listener.protocol,
                carried.join(" and ")
            )
        }
        ListenerRefusal::Namespace => match from(listener) {
            "Same" => format!(
                "admits routes of its own namespace {gateway_namespace} only (allowedRoutes.namespaces.from: Same), not of {}",
                route.namespace
            ),
            "Selector" => format!(
                "allowedRoutes.namespaces.selector does not select namespace {}",
                route.namespace
            ),
            other => format!("allowedRoutes.namespaces.from: {other} admits no namespace"),
        },
        ListenerRefusal::Hostname => format!(
            "hostname {} matches none of the route's hostnames {}",
            listener.hostname.as_deref().unwrap_or_default(),
            route.view.spec.hostnames.join(", ")
        ),
    }
}
