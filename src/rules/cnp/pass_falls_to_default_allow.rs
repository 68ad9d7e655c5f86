//! K8S-CNP-004 `pass-falls-to-default-allow`: an Admin-tier Pass hands traffic to lower tiers that
//! do not decide it (no NetworkPolicy isolates the pod, no Baseline rule matches), so it is
//! allowed by the default.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-CNP-004",
    name: "pass-falls-to-default-allow",
    severity: RuleSeverity::Warning,
    kinds: "AdminNetworkPolicy, ClusterNetworkPolicy",
    summary: "Pass rule hands traffic to tiers that do not decide it (default allow)",
    docs: r#"## What it does

For each Pass rule of the Admin tier: some workload of its subject that no NetworkPolicy
isolates for the rule's direction, and some peer and port the rule passes (not decided by an
earlier Admin rule), that no Baseline-tier rule accepts or denies. That traffic reaches the
default: it is allowed. The finding names one such pair and its ports.

## Why is this bad?

Pass means "let the namespace owners decide". Where they decided nothing (no NetworkPolicy
selects the pod) and the Baseline tier is silent, the traffic is simply allowed, which is
often not what the Pass was written for.

## Example

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: delegate-shop
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces:
      matchLabels:
        kubernetes.io/metadata.name: shop
  ingress:
  - name: from-anywhere
    action: Pass
    from:
    - namespaces: {}
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
```

## Use instead

Add a Baseline default (or a NetworkPolicy) that decides what the Pass hands down.

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: delegate-shop
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces:
      matchLabels:
        kubernetes.io/metadata.name: shop
  ingress:
  - name: from-anywhere
    action: Pass
    from:
    - namespaces: {}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: baseline-deny
spec:
  tier: Baseline
  priority: 10
  subject:
    namespaces: {}
  ingress:
  - name: deny-all
    action: Deny
    from:
    - namespaces: {}
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
```

## Fix

There is no automatic fix.

Source: network-policy-api ClusterNetworkPolicy actions (Pass: skip the remaining Admin-tier rules and let NetworkPolicies, then the Baseline tier, decide; traffic no tier decides is allowed)"#,
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
use crate::reach::tiers::{Action, Tier};

use super::{RuleAt, describe_rule, meetings, union};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let Some((tiers, positions)) = super::valid_in(ctx) else {
        return;
    };
    for p in positions {
        let Some(policy) = tiers.policies.get(p) else {
            continue;
        };
        if policy.tier != Tier::Admin {
            continue;
        }
        for direction in [Direction::Ingress, Direction::Egress] {
            for (r, rule) in policy.rules(direction).iter().enumerate() {
                if rule.action != Action::Pass {
                    continue;
                }
                // Earlier Admin rules decide first; Baseline rules decide what is passed on.
                let earlier = super::admin_rules_before(tiers, p, direction, r);
                let baseline: Vec<RuleAt> = tiers
                    .policies
                    .iter()
                    .enumerate()
                    .filter(|(_, other)| other.tier == Tier::Baseline)
                    .flat_map(|(q, other)| {
                        other
                            .rules(direction)
                            .iter()
                            .enumerate()
                            .filter(|(_, rule)| rule.action != Action::Pass)
                            .map(move |(k, _)| (q, direction, k))
                    })
                    .collect();
                let others: Vec<RuleAt> = earlier.iter().chain(&baseline).copied().collect();
                let found = meetings(tiers, (p, direction, r), &others, |s| {
                    !tiers.np_isolated(s, direction)
                });
                let open = found.iter().find_map(|m| {
                    let (before, below): (Vec<_>, Vec<_>) = m
                        .others
                        .iter()
                        .cloned()
                        .partition(|(at, _)| earlier.contains(at));
                    let passed = m.conn.difference(&union(&before));
                    let left = passed.difference(&union(&below));
                    (!left.is_empty()).then_some((m.subject, m.end, left))
                });
                let Some((subject, end, left)) = open else {
                    continue;
                };
                let subject = tiers
                    .workloads
                    .get(subject)
                    .map_or_else(String::new, |w| w.id.clone());
                let (from, to) = super::ends_in_order(tiers, direction, &subject, end);
                out.report(
                    policy.object,
                    super::rule_field(direction, r),
                    format!(
                        "{} passes {from} -> {to} ({left}) to tiers that do not decide it: no NetworkPolicy isolates {} and no Baseline rule matches, so it is allowed by default",
                        describe_rule(policy, direction, r),
                        match direction {
                            Direction::Ingress => &to,
                            Direction::Egress => &from,
                        },
                    ),
                );
            }
        }
    }
}
