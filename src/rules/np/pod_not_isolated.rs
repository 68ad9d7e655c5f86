//! K8S-NP-002 `pod-not-isolated`: no NetworkPolicy selects the workload's pods.

use crate::rules::cnp::End;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-002",
    name: "pod-not-isolated",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet",
    summary: "no NetworkPolicy selects the workload's pods",
    docs: r"## What it does

Default-allow: a pod is isolated only when some NetworkPolicy selects it; pods selected by no policy accept all ingress and egress.

Cluster-wide tiers (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy) count as `reach` evaluates them: a side no NetworkPolicy isolates is not reported when the Admin and Baseline rules that apply to the pods decide all of its traffic (accept, deny), so that nothing falls to the default allow, e.g. under a Baseline-tier deny-all. When they decide part of it, the finding names an end whose traffic still falls to the default allow. Traffic from outside the cluster is not asked of the tiers: no cluster-tier ingress peer can match it.

## Why is this bad?

Pods that no policy selects accept all traffic (default allow).

## Example

A Deployment in a namespace without policies.

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

## Use instead

Add a default-deny policy for the namespace and allow rules for real traffic. Under a cluster-wide Baseline tier, a ClusterNetworkPolicy that decides all traffic of the namespace does the same (here for namespace `guarded`).

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

Source: Seed rule; [D] network-policies#the-two-sorts-of-pod-isolation",
    peers: Peers {
        kube_score: &["pod-networkpolicy"],
        kube_linter: &["non-isolated-pod"],
        polaris: &["~missingNetworkPolicy"],
        checkov: &["CKV2_K8S_6"],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(crate::rules::cnp::reads_without_network_policies),
};

use std::collections::HashMap;

use super::{Left, describe_left, tiers_of};
use crate::reach::Direction;
use crate::rules::cnp::coverage::left_to_default;
use crate::rules::policy::is_isolated;

/// Policies selecting a workload, a direction, and the workload itself when ingress named
/// ports make its answer its own.
type ClassKey = (Vec<usize>, Direction, Option<usize>);

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let tiers = tiers_of(ctx);
    let index: HashMap<ObjectId, usize> = tiers
        .into_iter()
        .flat_map(|t| t.workloads.iter().enumerate())
        .flat_map(|(w, workload)| workload.objects.iter().map(move |o| (*o, w)))
        .collect();
    // Workloads the same policies select get the same answer (unless named ports tell them
    // apart): asked once.
    let mut answers: HashMap<ClassKey, Option<End>> = HashMap::new();
    for &(id, object) in ctx
        .of_kind("Deployment")
        .iter()
        .chain(ctx.of_kind("StatefulSet"))
    {
        let (Some(labels), Some(ns)) = (object.pod_labels(), object.effective_namespace()) else {
            continue;
        };
        let mut left = |direction: Direction| -> Option<Left> {
            if is_isolated(ctx, ns, labels, direction) {
                return None;
            }
            let (Some(tiers), Some(&w)) = (tiers, index.get(&id)) else {
                return Some(Left::All);
            };
            ctx.note_design_read(Some(ns));
            let policies: Vec<usize> = (0..tiers.policies.len())
                .filter(|&p| tiers.selects(p, w))
                .collect();
            if policies.iter().all(|&p| {
                tiers
                    .policies
                    .get(p)
                    .is_none_or(|policy| policy.rules(direction).is_empty())
            }) {
                return Some(Left::All);
            }
            let named = direction == Direction::Ingress
                && policies.iter().any(|&p| {
                    tiers.policies.get(p).is_some_and(|policy| {
                        policy
                            .rules(direction)
                            .iter()
                            .any(crate::reach::tiers::TierRule::has_named_ports)
                    })
                });
            let key = (policies, direction, named.then_some(w));
            let end = *answers.entry(key).or_insert_with_key(|(policies, _, _)| {
                left_to_default(tiers, policies, Some(w), direction)
            });
            end.map(Left::Partly)
        };
        let ingress = left(Direction::Ingress);
        let egress = left(Direction::Egress);
        let open = match (ingress, egress) {
            (None, None) => continue,
            (Some(_), Some(_)) => "ingress and egress",
            (None, Some(_)) => "egress",
            (Some(_), None) => "ingress",
        };
        let partly: Vec<String> = [(Direction::Ingress, ingress), (Direction::Egress, egress)]
            .into_iter()
            .filter_map(|(direction, left)| match (left, tiers) {
                (Some(Left::Partly(end)), Some(tiers)) => {
                    Some(describe_left(tiers, direction, end))
                }
                _ => None,
            })
            .collect();
        let message = if partly.is_empty() {
            format!("no NetworkPolicy isolates these pods for {open}: all such traffic is allowed")
        } else {
            format!(
                "no NetworkPolicy isolates these pods for {open}, and the cluster tiers do not \
                 decide all of it: traffic falls to the default allow ({})",
                partly.join("; ")
            )
        };
        let finding = out.report(id, "metadata.labels", message);
        if open == "egress" {
            finding.severity(Severity::Info);
        }
    }
}
