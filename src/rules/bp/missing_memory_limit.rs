//! K8S-BP-003 `missing-memory-limit`: container has no memory limit.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-003",
    name: "missing-memory-limit",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container has no memory limit",
    docs: r"## What it does

Always set a memory limit (memory is incompressible; unlimited containers can OOM the node).

## Why is this bad?

Memory is incompressible: an unlimited container can exhaust the node and trigger OOM kills of other pods.

## Example

A container with requests but no `limits.memory`.

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

## Use instead

Set `limits.memory`.

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
          limits:
            memory: 256Mi
```

## Fix

Sets `limits.memory` to the memory request, or 256Mi. Unsafe: a container that needs more memory is OOM-killed at the limit.

Source: Seed rule; [D] manage-resources-containers",
    peers: Peers {
        kube_score: &["container-resources"],
        kube_linter: &["unset-memory-requirements"],
        polaris: &["memoryLimitsMissing"],
        checkov: &["CKV_K8S_13"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::core::v1::ResourceRequirements;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let resources = c.container.resources.as_ref();
            if resources
                .and_then(|r| r.limits.as_ref())
                .is_some_and(|l| l.contains_key("memory"))
            {
                continue;
            }
            let limit = resources
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("memory"))
                .map_or_else(|| "256Mi".to_owned(), |q| q.0.clone());
            let (index, init, quantity) = (c.index, c.init, limit.clone());
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
                container
                    .resources
                    .get_or_insert_with(ResourceRequirements::default)
                    .limits
                    .get_or_insert_default()
                    .insert("memory".to_owned(), Quantity(quantity.clone()));
                true
            });
            let finding = out.report(
                at.id,
                c.field("resources.limits"),
                format!("container `{}` sets no memory limit", c.container.name),
            );
            finding.unsafe_fix(format!("Set memory limit {limit}"), fix);
        }
    }
}
