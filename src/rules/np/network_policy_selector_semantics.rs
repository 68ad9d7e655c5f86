//! K8S-NP-006 `network-policy-selector-semantics`: NetworkPolicy peers whose meaning is easy to misread.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-006",
    name: "network-policy-selector-semantics",
    severity: RuleSeverity::Info,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicy peers whose meaning is easy to misread",
    docs: r"## What it does

Selector semantics made visible: namespaceSelector + podSelector in ONE peer = AND, in separate list items = OR; empty podSelector {} selects every pod in the namespace; a rule with no from/to (e.g. ingress: [{}]) allows everything; ipBlock is meant for cluster-external IPs and may not match SNATed LoadBalancer/NodePort traffic.

## Why is this bad?

namespaceSelector and podSelector in one peer mean AND, in separate peers OR; `from: [{}]`-less rules allow everything; ipBlock may not match SNATed traffic.

## Example

A rule with no `from` (`ingress: [{}]`) admits traffic from anywhere on its ports. (Likewise `namespaceSelector` and `podSelector` in one peer mean AND, in two list items OR.)

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - {}
```

## Use instead

Check that the peers mean what you intend.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: frontend
    ports:
    - protocol: TCP
      port: 8080
```

## Fix

There is no automatic fix.

Source: [D] network-policies#behavior-of-to-and-from-selectors, #allow-all-ingress-traffic",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::networking::v1::NetworkPolicyPeer;

fn explain(
    out: &mut Findings,
    id: ObjectId,
    field: &str,
    peers: Option<&Vec<NetworkPolicyPeer>>,
    direction: &str,
) {
    let Some(peers) = peers.filter(|p| !p.is_empty()) else {
        out.report(
            id,
            field,
            format!("this rule has no {direction} peers: it admits traffic {direction} anywhere on its ports"),
        );
        return;
    };
    for (p, peer) in peers.iter().enumerate() {
        if peer.namespace_selector.is_some() && peer.pod_selector.is_some() {
            out.report(
                id,
                format!("{field}[{p}]"),
                "namespaceSelector and podSelector in one peer mean AND (those pods in those namespaces); as two list items they would mean OR",
            );
        }
        if peer.ip_block.is_some() {
            out.report(
                id,
                format!("{field}[{p}].ipBlock"),
                "ipBlock is meant for addresses outside the cluster; traffic through a LoadBalancer or NodePort may be SNATed and not match",
            );
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("NetworkPolicy") {
        let Resource::NetworkPolicy(policy) = object.resource() else {
            continue;
        };
        let Some(spec) = &policy.spec else { continue };
        for (r, rule) in spec.ingress.iter().flatten().enumerate() {
            explain(
                out,
                id,
                &format!("spec.ingress[{r}].from"),
                rule.from.as_ref(),
                "from",
            );
        }
        for (r, rule) in spec.egress.iter().flatten().enumerate() {
            explain(
                out,
                id,
                &format!("spec.egress[{r}].to"),
                rule.to.as_ref(),
                "to",
            );
        }
    }
}
