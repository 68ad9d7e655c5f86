//! K8S-CNP-006 `admin-accept-overrides-default-deny`: an Admin-tier Accept that admits traffic a
//! namespace's default-deny NetworkPolicy denies (the Admin tier decides before NetworkPolicies).

use crate::rules::prelude::*;

use super::{describe_rule, meetings, union};
use crate::reach::Direction;
use crate::reach::tiers::{Action, Tier};

pub static RULE: Rule = Rule {
    id: "K8S-CNP-006",
    name: "admin-accept-overrides-default-deny",
    severity: RuleSeverity::Warning,
    kinds: "AdminNetworkPolicy, ClusterNetworkPolicy",
    summary: "Admin-tier Accept overrides a namespace's default-deny NetworkPolicy",
    docs: r#"## What it does

For each Accept (`Allow` in `v1alpha1`) rule of the Admin tier: some workload of its subject
in a namespace with a default-deny NetworkPolicy for the rule's direction (`podSelector: {}`,
the direction isolated, no rules), and some peer and port the rule accepts that no earlier
Admin rule decided. The Admin tier decides before NetworkPolicies, so that traffic is allowed
whatever the namespace's policies say. The finding names one such pair and its ports, and the
default-deny policy.

## Why is this bad?

It may be intended (a platform team's monitoring must reach every pod), but the namespace
owners wrote "deny everything not allowed here" and their policy no longer says what passes.
A reviewer should see it: the warning makes the override explicit.

## Example

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: monitoring-everywhere
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
          kubernetes.io/metadata.name: monitoring
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: payments
spec:
  podSelector: {}
  policyTypes:
  - Ingress
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
---
apiVersion: v1
kind: Pod
metadata:
  name: prometheus
  namespace: monitoring
  labels:
    app: prometheus
spec:
  containers:
  - name: prometheus
    image: prom/prometheus:v3.1.0
```

## Use instead

Accept in the Baseline tier, which decides only where no NetworkPolicy does (the namespace's
default deny then holds), or Pass so the namespace's policies decide; or suppress the finding
where the override is the point.

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: monitoring-everywhere
spec:
  tier: Baseline
  priority: 10
  subject:
    namespaces: {}
  ingress:
  - name: scrape
    action: Accept
    from:
    - namespaces:
        matchLabels:
          kubernetes.io/metadata.name: monitoring
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: payments
spec:
  podSelector: {}
  policyTypes:
  - Ingress
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
---
apiVersion: v1
kind: Pod
metadata:
  name: prometheus
  namespace: monitoring
  labels:
    app: prometheus
spec:
  containers:
  - name: prometheus
    image: prom/prometheus:v3.1.0
```

## Fix

There is no automatic fix.

Source: network-policy-api: the Admin tier is evaluated before NetworkPolicies; a default-deny NetworkPolicy isolates every pod of its namespace"#,
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
                if rule.action != Action::Accept {
                    continue;
                }
                let earlier = super::admin_rules_before(tiers, p, direction, r);
                let denied = |s: usize| {
                    tiers
                        .workloads
                        .get(s)
                        .is_some_and(|w| !tiers.default_denies(&w.namespace, direction).is_empty())
                };
                let found = meetings(tiers, (p, direction, r), &earlier, denied);
                let over = found.iter().find_map(|m| {
                    let left = m.conn.difference(&union(&m.others));
                    (!left.is_empty()).then_some((m.subject, m.end, left))
                });
                let Some((subject, end, left)) = over else {
                    continue;
                };
                let Some(workload) = tiers.workloads.get(subject) else {
                    continue;
                };
                let deny = tiers
                    .default_denies(&workload.namespace, direction)
                    .first()
                    .map_or_else(String::new, |np| format!("{}/{}", np.namespace, np.name));
                let (from, to) = super::ends_in_order(tiers, direction, &workload.id, end);
                out.report(
                    policy.object,
                    super::rule_field(direction, r),
                    format!(
                        "{} accepts {from} -> {to} ({left}) although NetworkPolicy {deny} denies {direction} in namespace {} by default: the Admin tier decides first",
                        describe_rule(policy, direction, r),
                        workload.namespace,
                    ),
                );
            }
        }
    }
}
