//! K8S-NP-002 `pod-not-isolated`: no NetworkPolicy selects the workload's pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-002",
    name: "pod-not-isolated",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet",
    summary: "no NetworkPolicy selects the workload's pods",
    docs: r"## What it does

Default-allow: a pod is isolated only when some NetworkPolicy selects it; pods selected by no policy accept all ingress and egress.

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

Add a default-deny policy for the namespace and allow rules for real traffic.

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

Source: Seed rule; [D] network-policies#the-two-sorts-of-pod-isolation",
    peers: Peers {
        kube_score: &["pod-networkpolicy"],
        kube_linter: &["non-isolated-pod"],
        polaris: &["~missingNetworkPolicy"],
        checkov: &["CKV2_K8S_6"],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::reach::Direction;
use crate::rules::policy::is_isolated;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx
        .of_kind("Deployment")
        .iter()
        .chain(ctx.of_kind("StatefulSet"))
    {
        let (Some(labels), Some(ns)) = (object.pod_labels(), object.effective_namespace()) else {
            continue;
        };
        let ingress = is_isolated(ctx, ns, labels, Direction::Ingress);
        let egress = is_isolated(ctx, ns, labels, Direction::Egress);
        let open = match (ingress, egress) {
            (true, true) => continue,
            (false, false) => "ingress and egress",
            (true, false) => "egress",
            (false, true) => "ingress",
        };
        let finding = out.report(
            id,
            "metadata.labels",
            format!("no NetworkPolicy isolates these pods for {open}: all such traffic is allowed"),
        );
        if open == "egress" {
            finding.severity(Severity::Info);
        }
    }
}
