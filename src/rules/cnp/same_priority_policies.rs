//! K8S-CNP-002 `same-priority-policies`: two cluster policies of one tier share a priority, so
//! the order between them (and which of their rules wins) is undefined.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-CNP-002",
    name: "same-priority-policies",
    severity: RuleSeverity::Warning,
    kinds: "AdminNetworkPolicy, ClusterNetworkPolicy",
    summary: "two cluster policies of one tier have the same priority (undefined order)",
    docs: r"## What it does

Two valid cluster policies of the same tier (ClusterNetworkPolicies of one `tier`, or an
AdminNetworkPolicy and an Admin-tier ClusterNetworkPolicy) with the same `spec.priority`.
Each is reported, naming the others. Two AdminNetworkPolicies with one priority are refused
outright (K8S-CNP-001).

## Why is this bad?

The API leaves the order of equal priorities undefined: when their rules match the same
traffic with different actions, the outcome depends on the implementation. `reach` evaluates
them by name so its answer is stable, but a cluster may decide the other way.

## Example

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: allow-monitoring
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  ingress:
  - action: Accept
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: monitoring
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-from-sandbox
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  ingress:
  - action: Deny
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: sandbox
```

## Use instead

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: allow-monitoring
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  ingress:
  - action: Accept
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: monitoring
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-from-sandbox
spec:
  tier: Admin
  priority: 20
  subject:
    namespaces: {}
  ingress:
  - action: Deny
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: sandbox
```

## Fix

There is no automatic fix: give each policy its own priority, in the order you mean.

Source: network-policy-api ClusterNetworkPolicy spec.priority (policies with the same priority: the order is not defined and may differ between implementations)",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    // Cluster policies are cluster-scoped: one group holds them all.
    scope: Scope::Namespace,
};

use std::collections::BTreeMap;

use crate::model::cluster_policy::ClusterPolicyKind;
use crate::reach::tiers::{CompiledTierPolicy, Tier};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let here = super::policies_in(ctx);
    if here.is_empty() {
        return;
    }
    let Some(tiers) = ctx.cluster_tiers() else {
        return;
    };
    // A BaselineAdminNetworkPolicy has no priority (there is at most one).
    let mut groups: BTreeMap<(Tier, i64), Vec<usize>> = BTreeMap::new();
    for (p, policy) in tiers.policies.iter().enumerate() {
        if policy.kind != ClusterPolicyKind::Baseline {
            groups
                .entry((policy.tier, policy.priority))
                .or_default()
                .push(p);
        }
    }
    for ((tier, priority), members) in groups.iter().filter(|(_, m)| m.len() > 1) {
        for &p in members {
            let Some(policy) = tiers.policies.get(p) else {
                continue;
            };
            if !here.iter().any(|(id, _)| *id == policy.object) {
                continue;
            }
            let others: Vec<String> = members
                .iter()
                .filter(|&&q| q != p)
                .filter_map(|&q| tiers.policies.get(q).map(CompiledTierPolicy::id))
                .collect();
            out.report(
                policy.object,
                "spec.priority",
                format!(
                    "priority {priority} of the {} tier is shared with {}: their order is undefined",
                    tier.as_str(),
                    others.join(", ")
                ),
            );
        }
    }
}
