//! K8S-REF-012 `overlapping-workload-selectors`: two workloads' selectors select each other's pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-012",
    name: "overlapping-workload-selectors",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet, Service",
    summary: "two workloads' selectors select each other's pods",
    docs: r#"## What it does

Overlapping workload selectors (one workload's selector matches another's template): controllers fight over pods. A Service selecting pods of several unrelated workloads: info (fine for canary, usually a label mistake).

## Why is this bad?

Controllers with overlapping selectors fight over pods (scale-downs and rollouts hit the wrong pods).

## Example

Deployments `web` and `web-canary` both selecting `app: web` only.

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
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-canary
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
      - name: web-canary
        image: nginx:1.27.3
```

## Use instead

Add a distinguishing label (e.g. `track: canary`) to one selector and its template.

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
      track: stable
  template:
    metadata:
      labels:
        app: web
        track: stable
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-canary
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
      track: canary
  template:
    metadata:
      labels:
        app: web
        track: canary
    spec:
      containers:
      - name: web-canary
        image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: [D] workloads/controllers/deployment ("If you have multiple controllers that have overlapping selectors, the controllers will fight")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

fn is_controller(object: &Object) -> bool {
    matches!(
        object.resource(),
        Resource::Deployment(_)
            | Resource::StatefulSet(_)
            | Resource::DaemonSet(_)
            | Resource::ReplicaSet(_)
    ) && object
        .metadata()
        .owner_references
        .as_ref()
        .is_none_or(Vec::is_empty)
}

fn selector(
    object: &Object,
) -> Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector> {
    match object.resource() {
        Resource::Deployment(o) => o.spec.as_ref().map(|s| &s.selector),
        Resource::StatefulSet(o) => o.spec.as_ref().map(|s| &s.selector),
        Resource::DaemonSet(o) => o.spec.as_ref().map(|s| &s.selector),
        Resource::ReplicaSet(o) => o.spec.as_ref().map(|s| &s.selector),
        _ => None,
    }
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in &ctx.objects {
        if !is_controller(object) {
            continue;
        }
        let (Some(selector), Some(namespace)) = (selector(object), object.effective_namespace())
        else {
            continue;
        };
        if crate::model::selector::selector_is_empty(selector) {
            continue;
        }
        for other in ctx.select(namespace, selector) {
            if other.id != id && is_controller(other.object) {
                out.report(
                    id,
                    "spec.selector",
                    format!(
                        "selector {} also matches the pods of {}: the controllers fight over them",
                        crate::model::selector::describe_selector(selector),
                        other.object.display_id()
                    ),
                );
            }
        }
    }
    for &(id, _) in ctx.of_kind("Service") {
        let controllers: Vec<String> = ctx
            .service_targets(id)
            .iter()
            .filter(|w| is_controller(w.object))
            .map(|w| w.object.display_id())
            .collect();
        if controllers.len() > 1 {
            out.report(
                id,
                "spec.selector",
                format!(
                    "selects the pods of several workloads ({}); fine for a canary, otherwise a label mistake",
                    controllers.join(", ")
                ),
            )
            .severity(Severity::Info);
        }
    }
}
