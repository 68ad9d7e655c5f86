//! K8S-BP-002 `missing-resource-requests`: container has no CPU or memory request.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-002",
    name: "missing-resource-requests",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container has no CPU or memory request",
    docs: r"## What it does

Always set CPU and memory requests on every container (scheduling, QoS).

## Why is this bad?

The scheduler places pods by requests; without them pods land on full nodes and become BestEffort, first to be evicted.

## Example

A container without `resources.requests`.

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

Set `requests.cpu` and `requests.memory`.

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
            cpu: 100m
            memory: 128Mi
```

## Fix

Adds `requests: {cpu: 100m, memory: 128Mi}` as a starting point. Unsafe: requests decide where pods are scheduled and their QoS class; adjust them to what the container needs.

Source: Seed rule; [D] concepts/configuration/manage-resources-containers",
    peers: Peers {
        kube_score: &["container-resources"],
        kube_linter: &["unset-cpu-requirements", "unset-memory-requirements"],
        polaris: &["cpuRequestsMissing", "memoryRequestsMissing"],
        checkov: &["CKV_K8S_10", "CKV_K8S_12"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::core::v1::ResourceRequirements;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let requests = c
                .container
                .resources
                .as_ref()
                .and_then(|r| r.requests.as_ref());
            let missing: Vec<&str> = ["cpu", "memory"]
                .into_iter()
                .filter(|r| requests.is_none_or(|map| !map.contains_key(*r)))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let (index, init) = (c.index, c.init);
            let fix = crate::rules::fix::edit_later(at.id, move |copy| {
                let Some(spec) = crate::rules::fix::pod_spec_mut(copy) else {
                    return false;
                };
                let list = if init {
                    spec.init_containers.get_or_insert_default()
                } else {
                    &mut spec.containers
                };
                let Some(container) = list.get_mut(index) else {
                    return false;
                };
                let requests = container
                    .resources
                    .get_or_insert_with(ResourceRequirements::default)
                    .requests
                    .get_or_insert_default();
                requests
                    .entry("cpu".to_owned())
                    .or_insert_with(|| Quantity("100m".to_owned()));
                requests
                    .entry("memory".to_owned())
                    .or_insert_with(|| Quantity("128Mi".to_owned()));
                true
            });
            let finding = out.report(
                at.id,
                c.field("resources.requests"),
                format!(
                    "container `{}` sets no {} request",
                    c.container.name,
                    missing.join(" or ")
                ),
            );
            finding.unsafe_fix("Add requests (cpu 100m, memory 128Mi)", fix);
        }
    }
}
