//! K8S-GW-008 `backend-weights-all-zero`: every backendRef of a route rule has weight 0.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-008",
    name: "backend-weights-all-zero",
    severity: RuleSeverity::Warning,
    kinds: "HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute",
    summary: "every backendRef of a route rule has weight 0",
    docs: r#"## What it does

A route rule lists backendRefs and every one of them has `weight: 0` (an unset weight is 1).

## Why is this bad?

A weight is a backend's share of the rule's requests: with all weights 0 no backend gets any,
and the Gateway answers every request the rule matches with a 500 (connections to a TCP, TLS or
UDP rule are refused). Draining a canary by setting its weight to 0 is fine; draining all of them
takes the route down.

## Example

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
    - name: store-v1
      port: 80
      weight: 0
    - name: store-v2
      port: 80
      weight: 0
```

## Use instead

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
    - name: store-v1
      port: 80
      weight: 90
    - name: store-v2
      port: 80
      weight: 10
```

## Fix

There is no automatic fix.

Source: Gateway API spec, BackendRef.weight ("If all backends have weight 0 ... the route rule ... MUST return a 500 status code"; the weight defaults to 1)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::gateway::RouteView;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for name in super::ROUTE_KIND_NAMES {
        for &(id, object) in ctx.of_kind(name) {
            let Resource::Other(other) = object.resource() else {
                continue;
            };
            if !object.kind().is_route() {
                continue;
            }
            let Ok(view) = crate::model::gateway::read::<RouteView>(other) else {
                continue;
            };
            for (r, rule) in view.spec.rules.iter().enumerate() {
                let refs = &rule.backend_refs;
                if !refs.is_empty() && refs.iter().all(|b| b.weight() <= 0) {
                    out.report(
                        id,
                        format!("spec.rules[{r}].backendRefs"),
                        if refs.len() == 1 {
                            "the rule's only backendRef has weight 0: no request reaches a backend (the Gateway answers 500)".to_owned()
                        } else {
                            format!(
                                "all {} backendRefs of the rule have weight 0: no request reaches a backend (the Gateway answers 500)",
                                refs.len()
                            )
                        },
                    );
                }
            }
        }
    }
}
