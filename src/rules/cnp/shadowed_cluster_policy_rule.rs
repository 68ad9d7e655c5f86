//! K8S-CNP-003 `shadowed-cluster-policy-rule`: every connection a cluster policy rule matches is
//! decided first by rules of higher-priority policies of its tier (or earlier rules of its own
//! policy), so the rule never decides anything.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-CNP-003",
    name: "shadowed-cluster-policy-rule",
    severity: RuleSeverity::Warning,
    kinds: "AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy",
    summary: "cluster policy rule is fully shadowed by earlier rules of its tier",
    docs: r"## What it does

For each rule of a valid cluster policy: every workload its subject selects, every peer it
matches (each workload of the design, a pod of a namespace outside the design when a peer
chooses every namespace, every external address range) and every protocol and port it
matches, exactly over interval sets, is already matched by a rule of a policy of the same
tier with a lower `priority` number, or by an earlier rule of the same policy. Rules that
match nothing in the design are not reported (see K8S-CNP-005).

## Why is this bad?

The first matching rule decides: a shadowed rule never takes effect, whatever its action. It
is usually a rule meant to win that was given too low a priority, or a leftover.

## Example

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-sandbox
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  ingress:
  - name: sandbox
    action: Deny
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: sandbox
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: allow-sandbox-scrape
spec:
  tier: Admin
  priority: 20
  subject:
    namespaces: {}
  ingress:
  - name: scrape
    action: Accept
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: sandbox
    protocols:
    - tcp:
        destinationPort:
          number: 9090
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27.3
---
apiVersion: v1
kind: Pod
metadata:
  name: probe
  namespace: sandbox
  labels:
    app: probe
spec:
  containers:
  - name: probe
    image: busybox:1.37.0
```

## Use instead

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-sandbox
spec:
  tier: Admin
  priority: 20
  subject:
    namespaces: {}
  ingress:
  - name: sandbox
    action: Deny
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: sandbox
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: allow-sandbox-scrape
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  ingress:
  - name: scrape
    action: Accept
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: sandbox
    protocols:
    - tcp:
        destinationPort:
          number: 9090
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27.3
---
apiVersion: v1
kind: Pod
metadata:
  name: probe
  namespace: sandbox
  labels:
    app: probe
spec:
  containers:
  - name: probe
    image: busybox:1.37.0
```

## Fix

There is no automatic fix: give the rule's policy a lower priority number than the policies
that shadow it, narrow the earlier rules, or remove the rule.

Source: network-policy-api ClusterNetworkPolicy (rules are evaluated in priority order, then in list order; the first matching rule's action applies)",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(super::reads),
};

use crate::reach::Direction;

use super::{RuleAt, describe_rule, meetings, union};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let Some((tiers, positions)) = super::valid_in(ctx) else {
        return;
    };
    for p in positions {
        let Some(policy) = tiers.policies.get(p) else {
            continue;
        };
        for direction in [Direction::Ingress, Direction::Egress] {
            for r in 0..policy.rules(direction).len() {
                // Rules of policies with the same priority are not "earlier": their order is
                // undefined (K8S-CNP-002).
                let earlier: Vec<RuleAt> = tiers
                    .policies
                    .iter()
                    .enumerate()
                    .filter(|(q, other)| {
                        *q == p || (other.tier == policy.tier && other.priority < policy.priority)
                    })
                    .flat_map(|(q, other)| {
                        let count = if q == p {
                            r
                        } else {
                            other.rules(direction).len()
                        };
                        (0..count).map(move |k| (q, direction, k))
                    })
                    .collect();
                if earlier.is_empty() {
                    continue;
                }
                let found = meetings(tiers, (p, direction, r), &earlier, |_| true);
                if found.is_empty()
                    || found
                        .iter()
                        .any(|m| !m.conn.difference(&union(&m.others)).is_empty())
                {
                    continue;
                }
                let mut shadowing: Vec<RuleAt> = found
                    .iter()
                    .flat_map(|m| m.others.iter().map(|(at, _)| *at))
                    .collect();
                shadowing.sort_by_key(|(q, _, k)| (*q, *k));
                shadowing.dedup();
                let names: Vec<String> = shadowing
                    .iter()
                    .filter_map(|(q, d, k)| {
                        tiers.policies.get(*q).map(|o| describe_rule(o, *d, *k))
                    })
                    .collect();
                out.report(
                    policy.object,
                    super::rule_field(direction, r),
                    format!(
                        "{} never decides: everything it matches is matched first by {}",
                        describe_rule(policy, direction, r),
                        names.join(", ")
                    ),
                );
            }
        }
    }
}
