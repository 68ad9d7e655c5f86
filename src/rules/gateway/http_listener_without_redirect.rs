//! K8S-GW-009 `http-listener-without-redirect`: an HTTP listener serves a hostname an HTTPS
//! listener of the same Gateway serves too, and no route on it redirects to https.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-009",
    name: "http-listener-without-redirect",
    severity: RuleSeverity::Warning,
    kinds: "Gateway",
    summary: "HTTP listener beside an HTTPS one for the same hostname, without a redirect to https",
    docs: r#"## What it does

For each `HTTP` listener of a Gateway whose hostname an `HTTPS` listener of the same Gateway
also serves (equal or intersecting hostnames; an unset hostname serves every host), looks at the
HTTPRoutes attached to it (as the Gateway accepts them) and reports the listener when none has a
`RequestRedirect` filter with `scheme: https`. An HTTPS hostname that another HTTP listener of the
Gateway names exactly does not count for a broader one (no hostname, a wildcard): the more specific
listener takes those requests.

## Why is this bad?

The site has a certificate, yet visitors who type `http://` are served in plain text (or get a
404) instead of being sent to the encrypted listener; cookies and credentials travel
unencrypted.

## Example

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
    hostname: shop.example.com
  - name: https
    protocol: HTTPS
    port: 443
    hostname: shop.example.com
    tls:
      certificateRefs:
      - name: shop-tls
```

## Use instead

Attach a route to the HTTP listener that redirects to https.

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
    hostname: shop.example.com
  - name: https
    protocol: HTTPS
    port: 443
    hostname: shop.example.com
    tls:
      certificateRefs:
      - name: shop-tls
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: https-redirect
  namespace: shop
spec:
  parentRefs:
  - name: web
    sectionName: http
  rules:
  - filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: https
        statusCode: 301
```

## Fix

There is no automatic fix.

Source: Gateway API guide "HTTP redirects and rewrites" (redirect HTTP traffic to HTTPS with a RequestRedirect filter on a route attached to the HTTP listener); HTTPRequestRedirectFilter.scheme"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(super::reads),
};

use std::collections::BTreeSet;

use crate::model::gateway::HttpRoute;
use crate::model::gateway::admission::Attachment;
use crate::model::gateway::hostname::intersect;

/// Whether two listener hostnames share a host (an unset hostname serves every host).
fn overlap(a: Option<&str>, b: Option<&str>) -> bool {
    match (a.filter(|h| !h.is_empty()), b.filter(|h| !h.is_empty())) {
        (Some(a), Some(b)) => intersect(a, b).is_some(),
        _ => true,
    }
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let gateways = super::gateways(ctx);
    if gateways.is_empty() {
        return;
    }
    let mut redirecting: Option<BTreeSet<(ObjectId, String)>> = None;
    for at in gateways {
        // Routes of every namespace may attach to the Gateway.
        ctx.note_design_read(Some(at.namespace));
        let listeners = at.gateway.listeners();
        for (position, listener) in listeners.iter().enumerate() {
            if listener.protocol != "HTTP" {
                continue;
            }
            // A more specific HTTP listener for the HTTPS hostname takes its plain requests.
            let taken_elsewhere = |secure: &crate::model::gateway::Listener| {
                listeners.iter().any(|other| {
                    other.protocol == "HTTP"
                        && other.name != listener.name
                        && other.port == listener.port
                        && other.hostname.is_some()
                        && other.hostname == secure.hostname
                })
            };
            let Some(secure) = listeners.iter().find(|l| {
                l.protocol == "HTTPS"
                    && overlap(l.hostname.as_deref(), listener.hostname.as_deref())
                    && !taken_elsewhere(l)
            }) else {
                continue;
            };
            let redirecting = redirecting.get_or_insert_with(|| redirect_listeners(ctx));
            if redirecting.contains(&(at.id, listener.name.clone())) {
                continue;
            }
            out.report(
                at.id,
                format!("spec.listeners[{position}]"),
                format!(
                    "HTTP listener {} serves hostnames HTTPS listener {} also serves, but no route attached to it redirects to https: visitors stay on plain HTTP",
                    listener.name, secure.name
                ),
            );
        }
    }
}

/// The (Gateway, listener) pairs an HTTPRoute with an https redirect is attached to.
fn redirect_listeners(ctx: &Context<'_>) -> BTreeSet<(ObjectId, String)> {
    let index = super::index(ctx);
    let mut found = BTreeSet::new();
    for route in index.routes() {
        if route.kind != Kind::HttpRoute || !redirects_to_https(ctx, route.id) {
            continue;
        }
        for parent in index.parents(route) {
            if let (Some(gateway), Some(Attachment::Accepted(listeners))) =
                (parent.gateway, parent.attachment)
            {
                found.extend(listeners.into_iter().map(|l| (gateway, l.name)));
            }
        }
    }
    found
}

/// Whether a rule of the HTTPRoute `id` redirects to the https scheme.
fn redirects_to_https(ctx: &Context<'_>, id: ObjectId) -> bool {
    let Some(Resource::Other(other)) = ctx.model.get(id).map(Object::resource) else {
        return false;
    };
    let Ok(route) = crate::model::gateway::read::<HttpRoute>(other) else {
        return false;
    };
    route
        .spec
        .and_then(|s| s.rules)
        .unwrap_or_default()
        .iter()
        .flat_map(|rule| rule.filters.iter().flatten())
        .filter_map(|filter| filter.request_redirect.as_ref())
        .any(|redirect| redirect.scheme.as_deref() == Some("https"))
}
