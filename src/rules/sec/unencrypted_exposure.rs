//! K8S-SEC-011 `unencrypted-exposure`: Ingress without TLS, or `LoadBalancer` open to the world.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-011",
    name: "unencrypted-exposure",
    severity: RuleSeverity::Warning,
    kinds: "Ingress, Service",
    summary: "Ingress without TLS, or LoadBalancer open to the world",
    docs: r"## What it does

Exposure: Ingress without tls; LoadBalancer without loadBalancerSourceRanges (info). For Gateway
API, a Gateway's `HTTP` listener whose hostname no `HTTPS` listener of the same Gateway serves
(an HTTP listener beside an HTTPS one for its hostname is K8S-GW-009's: it needs a redirect).

## Why is this bad?

Traffic without TLS can be read and changed on the way; an unrestricted LoadBalancer is open to the internet.

## Example

An Ingress without `tls`.

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

## Use instead

Add a tls section with a certificate Secret; set loadBalancerSourceRanges.

```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  tls:
  - hosts:
    - shop.example.com
    secretName: shop-tls
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

Source: [D] concepts/services-networking/ingress#tls",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &["tlsSettingsMissing"],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    gateway_listeners(ctx, out);
    for &(id, object) in ctx.of_kind("Ingress") {
        let Resource::Ingress(ingress) = object.resource() else {
            continue;
        };
        if ingress
            .spec
            .as_ref()
            .and_then(|s| s.tls.as_ref())
            .is_none_or(Vec::is_empty)
        {
            out.report(
                id,
                "spec.tls",
                "Ingress has no tls section: traffic reaches it unencrypted",
            );
        }
    }
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        let Some(spec) = &service.spec else { continue };
        if spec.type_.as_deref() == Some("LoadBalancer")
            && spec
                .load_balancer_source_ranges
                .as_ref()
                .is_none_or(Vec::is_empty)
        {
            out.report(id, "spec.loadBalancerSourceRanges", "LoadBalancer accepts traffic from any address; set loadBalancerSourceRanges if it is not public")
                .severity(Severity::Info);
        }
    }
}

/// HTTP listeners of Gateways for hostnames no HTTPS listener of the Gateway serves.
fn gateway_listeners(ctx: &Context<'_>, out: &mut Findings) {
    use crate::model::gateway::hostname::intersect;
    let overlap = |a: Option<&str>, b: Option<&str>| match (
        a.filter(|h| !h.is_empty()),
        b.filter(|h| !h.is_empty()),
    ) {
        (Some(a), Some(b)) => intersect(a, b).is_some(),
        _ => true,
    };
    for at in crate::rules::gateway::gateways(ctx) {
        let listeners = at.gateway.listeners();
        for (position, listener) in listeners.iter().enumerate() {
            if listener.protocol != "HTTP"
                || listeners.iter().any(|l| {
                    l.protocol == "HTTPS"
                        && overlap(l.hostname.as_deref(), listener.hostname.as_deref())
                })
            {
                continue;
            }
            let hosts = listener
                .hostname
                .as_deref()
                .filter(|h| !h.is_empty())
                .map_or_else(|| "every host".to_owned(), |h| format!("hostname {h}"));
            out.report(
                at.id,
                format!("spec.listeners[{position}]"),
                format!(
                    "HTTP listener {} serves {hosts} and no HTTPS listener of the Gateway does: traffic reaches it unencrypted",
                    listener.name
                ),
            );
        }
    }
}
