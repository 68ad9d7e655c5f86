//! K8S-CNP-007 `baseline-deny-without-dns`: a Baseline-tier egress Deny that cuts pods off from
//! cluster DNS, with no earlier rule accepting it.

use crate::model::{Labels, NAMESPACE_NAME_LABEL, Protocol};
use crate::rules::prelude::*;

use super::describe_rule;
use crate::reach::tiers::{Action, CompiledTierPolicy, Tier, TierPeer};
use crate::reach::{Conn, Direction};

pub static RULE: Rule = Rule {
    id: "K8S-CNP-007",
    name: "baseline-deny-without-dns",
    severity: RuleSeverity::Warning,
    kinds: "BaselineAdminNetworkPolicy, ClusterNetworkPolicy",
    summary: "Baseline-tier egress deny cuts pods off from cluster DNS",
    docs: r#"## What it does

For each egress Deny rule of the Baseline tier that matches DNS (UDP port 53 to the pods
labelled `k8s-app: kube-dns` in `kube-system`): some workload of its subject that no
NetworkPolicy selects for egress (the Baseline tier decides for it) and for which no Admin-tier
rule and no earlier Baseline rule accepts or denies that DNS traffic first.

## Why is this bad?

A cluster-wide "deny all egress" baseline is a good default, but without a DNS exception every
pod it reaches fails to resolve names, including those of the Services it is allowed to call.

## Example

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: baseline-deny-egress
spec:
  tier: Baseline
  priority: 10
  subject:
    namespaces: {}
  egress:
  - name: deny-all
    action: Deny
    to:
    - namespaces: {}
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels:
    app: api
spec:
  containers:
  - name: api
    image: nginx:1.27.3
```

## Use instead

Accept DNS before the deny, in the same policy (rules are evaluated in order) or in a
Baseline policy of higher priority.

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: baseline-deny-egress
spec:
  tier: Baseline
  priority: 10
  subject:
    namespaces: {}
  egress:
  - name: allow-dns
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
    - tcp:
        destinationPort:
          number: 53
  - name: deny-all
    action: Deny
    to:
    - namespaces: {}
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels:
    app: api
spec:
  containers:
  - name: api
    image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: network-policy-api: Baseline tier rules in order after NetworkPolicies; the cluster DNS pods are k8s-app=kube-dns in kube-system"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(super::reads),
};

/// What rule `r` (egress) of `policy` matches towards the cluster DNS pods, `None` when its peers
/// do not choose them. The DNS pods need not be in the design: they are matched by their usual
/// labels and namespace.
fn towards_dns(policy: &CompiledTierPolicy, r: usize, namespace: &Labels) -> Option<Conn> {
    let rule = policy.rules(Direction::Egress).get(r)?;
    let pods = Labels::from([("k8s-app".to_owned(), "kube-dns".to_owned())]);
    rule.peers
        .iter()
        .any(|peer| matches!(peer, TierPeer::Workloads(choice) if choice.selects(namespace, &pods)))
        .then(|| rule.conn_for(None))
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let Some((tiers, positions)) = super::valid_in(ctx) else {
        return;
    };
    let mut namespace = tiers
        .namespaces
        .get("kube-system")
        .cloned()
        .unwrap_or_default();
    namespace.insert(NAMESPACE_NAME_LABEL.to_owned(), "kube-system".to_owned());
    let dns = |conn: &Conn| conn.allows(53, Protocol::Udp);
    for p in positions {
        let Some(policy) = tiers.policies.get(p) else {
            continue;
        };
        if policy.tier != Tier::Baseline {
            continue;
        }
        for (r, rule) in policy.rules(Direction::Egress).iter().enumerate() {
            if rule.action != Action::Deny
                || !towards_dns(policy, r, &namespace).is_some_and(|c| dns(&c))
            {
                continue;
            }
            let cut_off = tiers.subjects(p).into_iter().find(|&s| {
                if tiers.np_isolated(s, Direction::Egress) {
                    return false;
                }
                // Who decides DNS first for this pod: the Admin tier, then earlier Baseline rules.
                let decided = tiers
                    .policies
                    .iter()
                    .enumerate()
                    .filter(|(q, other)| {
                        tiers.selects(*q, s) && (other.tier == Tier::Admin || *q <= p)
                    })
                    .flat_map(|(q, other)| {
                        let count = other.rules(Direction::Egress).len();
                        (0..count).filter_map(move |k| {
                            let earlier = other.tier == Tier::Admin || q < p || k < r;
                            let decides = other
                                .rules(Direction::Egress)
                                .get(k)
                                .is_some_and(|x| x.action != Action::Pass);
                            (earlier && decides).then_some((other, k))
                        })
                    })
                    .filter_map(|(other, k)| towards_dns(other, k, &namespace))
                    .any(|conn| dns(&conn));
                !decided
            });
            let Some(subject) = cut_off.and_then(|s| tiers.workloads.get(s)) else {
                continue;
            };
            out.report(
                policy.object,
                super::rule_field(Direction::Egress, r),
                format!(
                    "{} denies DNS (UDP 53 to kube-system/kube-dns) for {}: no NetworkPolicy selects it for egress and no earlier rule accepts DNS, so it cannot resolve names",
                    describe_rule(policy, Direction::Egress, r),
                    subject.id
                ),
            );
        }
    }
}
