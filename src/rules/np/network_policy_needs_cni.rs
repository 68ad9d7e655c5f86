//! K8S-NP-001 `network-policy-needs-cni`: NetworkPolicies need a CNI plugin that enforces them.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-001",
    name: "network-policy-needs-cni",
    severity: RuleSeverity::Info,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicies need a CNI plugin that enforces them",
    docs: r"## What it does

NetworkPolicy only works with a CNI plugin that enforces it; without one the objects are accepted and silently have no effect. Show once per design that contains NetworkPolicies.

## Why is this bad?

Without an enforcing CNI (Calico, Cilium, …) the policies are accepted and silently do nothing.

## Example

Any design with NetworkPolicies.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  - Egress
```

## Use instead

Make sure the cluster's network plugin enforces NetworkPolicy.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

There is no automatic fix: whether the cluster enforces NetworkPolicy is not part of the design.

Source: Seed rule; [D] concepts/services-networking/network-policies#prerequisites",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(reads),
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    // Once per design, on the first policy: counted over the whole model, so that a context
    // holding some namespaces only reports the same finding.
    let (count, first) =
        ctx.design_first(|o| Kind::from_name(o.kind_name()) == Kind::NetworkPolicy);
    if let Some(id) = first {
        out.report(
            id,
            "",
            format!(
                "the design relies on {count} NetworkPolicies: they only take effect with a network plugin that enforces them (Calico, Cilium, …)"
            ),
        );
    }
}

/// The finding names the first policy of the design and counts them all.
pub(crate) fn reads(object: &Object) -> Option<String> {
    (Kind::from_name(object.kind_name()) == Kind::NetworkPolicy)
        .then(|| format!("{:?}/{}", object.effective_namespace(), object.name()))
}
