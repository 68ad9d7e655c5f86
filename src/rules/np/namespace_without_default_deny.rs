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

Cluster-wide tiers count as `reach` evaluates them: a namespace is not reported when the cluster policies whose subject selects every pod of it (whatever their labels) decide all ingress and all egress of a new pod there, so that nothing falls to the default allow, e.g. a Baseline-tier deny-all whose subject is the namespace. Traffic from outside the cluster is not asked of the tiers: no cluster-tier ingress peer can match it. A new pod's named ports are unknown, so ingress rules with named ports count as matching nothing.

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

Add a policy with `podSelector: {}` and `policyTypes: [Ingress, Egress]`. Under a cluster-wide Baseline tier, a ClusterNetworkPolicy that decides all traffic of the namespace does the same (here for namespace `guarded`).

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
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: batch
  namespace: guarded
spec:
  selector:
    matchLabels:
      app: batch
  template:
    metadata:
      labels:
        app: batch
    spec:
      containers:
      - name: batch
        image: nginx:1.27.3
---
# The Baseline tier decides all traffic of namespace guarded (DNS accepted, everything else denied):
# nothing falls to the default allow, though no NetworkPolicy selects its pods.
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: baseline-guarded
spec:
  tier: Baseline
  priority: 100
  subject:
    namespaces:
      matchLabels:
        kubernetes.io/metadata.name: guarded
  ingress:
  - name: deny-all
    action: Deny
    from:
    - namespaces: {}
  egress:
  - name: dns
    action: Accept
    to:
    - pods:
        namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: kube-system
        podSelector:
          matchLabels:
            k8s-app: kube-dns
    protocols:
    - udp:
        destinationPort:
          number: 53
  - name: deny-all
    action: Deny
    to:
    - namespaces: {}
    - networks:
      - 0.0.0.0/0
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
    scope: Scope::Design(crate::rules::cnp::reads_without_network_policies),
};

use super::tiers_of;
use crate::model::selector::selector_is_empty;
use crate::reach::Direction;
use crate::rules::cnp::coverage::left_to_default;
use crate::rules::context::ClusterTiers;

/// Whether the cluster tiers decide all traffic of a new pod in `namespace`, both ways.
fn tiers_decide(ctx: &Context<'_>, tiers: &ClusterTiers, namespace: &str) -> bool {
    ctx.note_design_read(Some(namespace));
    let Some(labels) = tiers.namespaces.get(namespace) else {
        return false;
    };
    let policies: Vec<usize> = tiers
        .policies
        .iter()
        .enumerate()
        .filter(|(_, policy)| policy.subject.selects_namespace(labels))
        .map(|(p, _)| p)
        .collect();
    !policies.is_empty()
        && [Direction::Ingress, Direction::Egress]
            .into_iter()
            .all(|direction| left_to_default(tiers, &policies, None, direction).is_none())
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let tiers = tiers_of(ctx);
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
        if !default_deny && !tiers.is_some_and(|tiers| tiers_decide(ctx, tiers, namespace)) {
            out.report_namespace(
                namespace,
                format!("namespace {namespace} has no default-deny NetworkPolicy (podSelector {{}}, policyTypes [Ingress, Egress], no rules): new workloads start open"),
            );
        }
    }
}
