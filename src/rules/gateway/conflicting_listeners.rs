//! K8S-GW-006 `conflicting-listeners`: two listeners of one Gateway share a name, or the same
//! port, protocol and hostname.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-006",
    name: "conflicting-listeners",
    severity: RuleSeverity::Error,
    kinds: "Gateway",
    summary: "two listeners of a Gateway share a name, or port, protocol and hostname",
    docs: r#"## What it does

Compares the listeners of each Gateway: a listener whose `name` an earlier listener already
uses, or whose `port`, `protocol` and `hostname` (unset counts as its own value) equal an earlier
listener's.

## Why is this bad?

The API server refuses the Gateway ("Listener name must be unique within the Gateway",
"Combination of port, protocol and hostname must be unique for each listener"): two listeners
that take the same connections could not tell which routes serve them.

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
  - name: http-shop
    protocol: HTTP
    port: 80
    hostname: shop.example.com
```

## Use instead

One listener per port, protocol and hostname; give a second host its own listener.

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
  - name: http-api
    protocol: HTTP
    port: 80
    hostname: api.example.com
```

## Fix

There is no automatic fix.

Source: Gateway API CRD gateways.gateway.networking.k8s.io, spec.listeners validation ("Listener name must be unique within the Gateway", "Combination of port, protocol and hostname must be unique for each listener")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in super::gateways(ctx) {
        let listeners = at.gateway.listeners();
        for (position, listener) in listeners.iter().enumerate() {
            let earlier = listeners.get(..position).unwrap_or_default();
            if let Some(first) = earlier.iter().position(|l| l.name == listener.name) {
                out.report(
                    at.id,
                    format!("spec.listeners[{position}].name"),
                    format!(
                        "listener name {} is already used by spec.listeners[{first}]; names must be unique within a Gateway",
                        listener.name
                    ),
                );
                continue;
            }
            let host = |l: &crate::model::gateway::Listener| {
                l.hostname
                    .as_deref()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            };
            if let Some(first) = earlier.iter().position(|l| {
                l.port == listener.port
                    && l.protocol == listener.protocol
                    && host(l) == host(listener)
            }) {
                let hostname = host(listener);
                out.report(
                    at.id,
                    format!("spec.listeners[{position}]"),
                    format!(
                        "listener {} takes the same {} port {} and {} as listener {}: the API server refuses the Gateway",
                        listener.name,
                        listener.protocol,
                        listener.port,
                        if hostname.is_empty() {
                            "no hostname".to_owned()
                        } else {
                            format!("hostname {hostname}")
                        },
                        earlier.get(first).map_or("", |l| l.name.as_str())
                    ),
                );
            }
        }
    }
}
