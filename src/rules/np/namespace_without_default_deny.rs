//! K8S-NP-003 `namespace-without-default-deny`: namespace has no default-deny NetworkPolicy.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-003",
    name: "namespace-without-default-deny",
    severity: RuleSeverity::Info,
    kinds: "Namespace",
    summary: "namespace has no default-deny NetworkPolicy",
    docs: r"## What it does

No namespace default-deny policy (podSelector: {} with policyTypes [Ingress, Egress] and no rules).

## Why is this bad?

A default-deny policy (`podSelector: {}`, both policyTypes, no rules) makes every new workload closed by default.

## Example

A namespace whose policies each select specific pods.

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
  name: allow-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - ports:
    - protocol: TCP
      port: 8080
```

## Use instead

Add a policy with `podSelector: {}` and `policyTypes: [Ingress, Egress]`.

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

## Fix

There is no automatic fix.

Source: [D] network-policies#default-policies",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::model::selector::selector_is_empty;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &namespace in ctx.namespace_names() {
        let has_workloads = ctx.workloads_in(namespace).iter().any(|w| {
            matches!(
                w.object.resource(),
                Resource::Deployment(_) | Resource::StatefulSet(_)
            )
        });
        if !has_workloads {
            continue;
        }
        let default_deny = ctx
            .of_kind_in("NetworkPolicy", namespace)
            .iter()
            .any(|&(id, o)| {
                // A default-deny isolates every pod for both directions (as `reach` reads
                // policyTypes: egress without rules is isolated only when listed there) and
                // allows nothing in either.
                let Some(policy) = ctx.compiled_policy(id) else {
                    return false;
                };
                o.effective_namespace() == Some(namespace)
                    && selector_is_empty(&policy.pod_selector)
                    && policy.ingress.as_ref().is_some_and(Vec::is_empty)
                    && policy.egress.as_ref().is_some_and(Vec::is_empty)
            });
        if !default_deny {
            out.report_namespace(
                namespace,
                format!("namespace {namespace} has no default-deny NetworkPolicy (podSelector {{}}, policyTypes [Ingress, Egress], no rules): new workloads start open"),
            );
        }
    }
}
