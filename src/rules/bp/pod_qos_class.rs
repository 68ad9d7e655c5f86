//! K8S-BP-005 `pod-qos-class`: pod `QoS` class (`BestEffort` is a warning).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-005",
    name: "pod-qos-class",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "pod QoS class (BestEffort is a warning)",
    docs: r"## What it does

Show the pod QoS class: Guaranteed (every container has cpu+memory requests == limits), Burstable (some request/limit), BestEffort (none) - BestEffort for a production workload: warning.

## Why is this bad?

BestEffort pods are the first evicted under node pressure; Guaranteed pods the last.

## Example

A pod whose containers set no requests or limits is BestEffort.

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

Set requests (Burstable) or requests equal to limits (Guaranteed).

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
        resources:
          requests:
            cpu: 250m
            memory: 256Mi
          limits:
            cpu: 250m
            memory: 256Mi
```

## Fix

There is no automatic fix.

Source: [D] concepts/workloads/pods/pod-qos",
    peers: Peers {
        kube_score: &["~container-resource-requests-equal-limits"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::core::v1::PodSpec;

/// The pod `QoS` class, as the kubelet computes it from all containers (init included).
fn qos_class(spec: &PodSpec) -> &'static str {
    let all: Vec<_> = spec
        .init_containers
        .iter()
        .flatten()
        .chain(&spec.containers)
        .collect();
    let mut any = false;
    let mut guaranteed = true;
    for container in &all {
        let resources = container.resources.as_ref();
        let requests = resources.and_then(|r| r.requests.as_ref());
        let limits = resources.and_then(|r| r.limits.as_ref());
        for resource in ["cpu", "memory"] {
            let request = requests.and_then(|r| r.get(resource));
            let limit = limits.and_then(|l| l.get(resource));
            any |= request.is_some() || limit.is_some();
            // A missing request defaults to the limit.
            let equal = match (request, limit) {
                (Some(r), Some(l)) => {
                    crate::model::validation::parse_quantity(&r.0)
                        == crate::model::validation::parse_quantity(&l.0)
                }
                (None, Some(_)) => true,
                _ => false,
            };
            guaranteed &= equal;
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        let class = qos_class(at.spec);
        // Guaranteed is the goal; only the other classes are worth a line.
        if class == "Guaranteed" {
            continue;
        }
        let finding = out.report(
            at.id,
            format!("{}.containers", at.path),
            match class {
                "BestEffort" => "pods are BestEffort (no requests or limits): first to be evicted under node pressure".to_owned(),
                other => format!("pods are {other} QoS"),
            },
        );
        if class == "BestEffort" {
            finding.severity(Severity::Warning);
        }
    }
}
