//! K8S-REF-007 `network-policy-selects-no-pods`: NetworkPolicy podSelector (or a peer podSelector) matches no pod.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-007",
    name: "network-policy-selects-no-pods",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicy podSelector (or a peer podSelector) matches no pod",
    docs: r#"## What it does

spec.podSelector selects no pod template in the namespace (policy has no effect), or a same-namespace peer podSelector in from/to matches nothing.

## Why is this bad?

The policy (or that peer) has no effect, which usually means a typo in a label.

## Example

`podSelector: {matchLabels: {app: api}}` while pods carry `app: api-server`.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
  - Ingress
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-server
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api-server
  template:
    metadata:
      labels:
        app: api-server
    spec:
      containers:
      - name: api-server
        image: nginx:1.27.3
```

## Use instead

Correct the selector.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api-server
  policyTypes:
  - Ingress
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-server
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api-server
  template:
    metadata:
      labels:
        app: api-server
    spec:
      containers:
      - name: api-server
        image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: Seed rule "NetworkPolicy selects nothing""#,
    peers: Peers {
        kube_score: &["networkpolicy-targets-pod"],
        kube_linter: &[
            "dangling-networkpolicy",
            "dangling-networkpolicypeer-podselector",
        ],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::model::selector::{describe_selector, selector_is_empty};
use crate::rules::hints::uses_controller_label;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("NetworkPolicy") {
        let Resource::NetworkPolicy(policy) = object.resource() else {
            continue;
        };
        let (Some(spec), Some(namespace)) = (&policy.spec, object.effective_namespace()) else {
            continue;
        };
        let default = k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector::default();
        let selector = spec.pod_selector.as_ref().unwrap_or(&default);
        let keys = |s: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector| {
            s.match_labels
                .iter()
                .flatten()
                .map(|(k, _)| k.clone())
                .chain(s.match_expressions.iter().flatten().map(|e| e.key.clone()))
                .collect::<Vec<String>>()
        };
        let controller = |s| uses_controller_label(keys(s).iter().map(String::as_str));
        if !selector_is_empty(selector)
            && !controller(selector)
            && ctx.select(namespace, selector).is_empty()
        {
            out.report(
                id,
                "spec.podSelector",
                format!(
                    "podSelector {} matches no pods in namespace {namespace}: the policy has no effect",
                    describe_selector(selector)
                ),
            );
        }
        let directions = [
            (
                "ingress",
                "from",
                spec.ingress
                    .iter()
                    .flatten()
                    .map(|r| r.from.as_deref())
                    .collect::<Vec<_>>(),
            ),
            (
                "egress",
                "to",
                spec.egress
                    .iter()
                    .flatten()
                    .map(|r| r.to.as_deref())
                    .collect::<Vec<_>>(),
            ),
        ];
        for (direction, peers_field, rules) in directions {
            for (r, peers) in rules.into_iter().enumerate() {
                for (p, peer) in peers.into_iter().flatten().enumerate() {
                    // Only same-namespace peers: other namespaces may hold pods outside the design.
                    let (Some(pod_selector), None, None) =
                        (&peer.pod_selector, &peer.namespace_selector, &peer.ip_block)
                    else {
                        continue;
                    };
                    if selector_is_empty(pod_selector)
                        || controller(pod_selector)
                        || !ctx.select(namespace, pod_selector).is_empty()
                    {
                        continue;
                    }
                    out.report(
                        id,
                        format!("spec.{direction}[{r}].{peers_field}[{p}].podSelector"),
                        format!(
                            "peer podSelector {} matches no pods in namespace {namespace}",
                            describe_selector(pod_selector)
                        ),
                    );
                }
            }
        }
    }
}
