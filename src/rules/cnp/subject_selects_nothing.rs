//! K8S-CNP-005 `subject-selects-nothing`: in a complete design, a cluster policy whose subject
//! selects no workload.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-CNP-005",
    name: "subject-selects-nothing",
    severity: RuleSeverity::Warning,
    kinds: "AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy",
    summary: "cluster policy subject selects no workload (complete design)",
    docs: r"## What it does

In a design marked complete: a valid cluster policy whose `spec.subject` (namespaces, or pods
in namespaces) selects no workload of the design, as `reach` selects them. In a design that is
not complete the pods may run outside it, and nothing is reported.

## Why is this bad?

A policy that applies to no pod has no effect: usually a namespace label or pod label that
does not match what the workloads carry.

## Example

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: isolate-payments
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces:
      matchLabels:
        kubernetes.io/metadata.name: payment
  ingress:
  - action: Deny
    from:
    - namespaces: {}
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: payments
  labels:
    app: api
spec:
  containers:
  - name: api
    image: nginx:1.27.3
```

## Use instead

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: isolate-payments
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces:
      matchLabels:
        kubernetes.io/metadata.name: payments
  ingress:
  - action: Deny
    from:
    - namespaces: {}
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: payments
  labels:
    app: api
spec:
  containers:
  - name: api
    image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: network-policy-api ClusterNetworkPolicy spec.subject (the pods the policy applies to)",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(super::reads),
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    if !ctx.complete {
        return;
    }
    let Some((tiers, positions)) = super::valid_in(ctx) else {
        return;
    };
    for p in positions {
        let Some(policy) = tiers.policies.get(p) else {
            continue;
        };
        if tiers.subjects(p).is_empty() {
            out.report(
                policy.object,
                "spec.subject",
                format!(
                    "the subject of {} selects no workload of the design: the policy has no effect",
                    policy.id()
                ),
            );
        }
    }
}
