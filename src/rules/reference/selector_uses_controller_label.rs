//! K8S-REF-015 `selector-uses-controller-label`: selector targets controller-added labels or operator-created pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-015",
    name: "selector-uses-controller-label",
    severity: RuleSeverity::Info,
    kinds: "All",
    summary: "selector targets controller-added labels or operator-created pods",
    docs: r"## What it does

Label modelling: selectors may legitimately target controller-added labels (pod-template-hash, controller-revision-hash, statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index) or operator-created pods (e.g. Prometheus CR) - do not report REF-001/007 as errors then. Offer near-miss hints (app vs app.kubernetes.io/name, case, typos).

## Why is this bad?

Labels such as pod-template-hash or statefulset.kubernetes.io/pod-name are added by controllers, not by templates, so a design cannot show the pods they select.

## Example

redis-ha announce Services selecting `statefulset.kubernetes.io/pod-name: redis-0`.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: redis-0
  namespace: shop
spec:
  selector:
    statefulset.kubernetes.io/pod-name: redis-0
  ports:
  - port: 6379
```

## Use instead

Nothing to do when intended; otherwise select on template labels.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: redis
  namespace: shop
spec:
  selector:
    app: redis
  ports:
  - port: 6379
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
  namespace: shop
spec:
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
    spec:
      containers:
      - name: redis
        image: redis:7.4
```

## Fix

There is no automatic fix.

Source: [D] reference/labels-annotations-taints; corpus evidence (argo-cd redis-ha announce Services, kube-prometheus)",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::rules::hints::CONTROLLER_LABELS;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        let keys: Vec<&str> = service
            .spec
            .iter()
            .flat_map(|s| s.selector.iter().flatten())
            .map(|(k, _)| k.as_str())
            .filter(|k| CONTROLLER_LABELS.contains(k))
            .collect();
        if !keys.is_empty() {
            out.report(
                id,
                "spec.selector",
                format!(
                    "selector uses the controller-added label {}: the pods it selects are created by a controller and are not shown in the design",
                    keys.join(", ")
                ),
            );
        }
    }
    // Services and policies that select nothing in a namespace where custom resources live: an
    // operator probably creates the pods.
    for kind in ["Service", "NetworkPolicy"] {
        for &(id, object) in ctx.of_kind(kind) {
            let Some(namespace) = object.effective_namespace() else {
                continue;
            };
            let selects_nothing = match object.resource() {
                Resource::Service(s) => s
                    .spec
                    .as_ref()
                    .and_then(|spec| spec.selector.as_ref())
                    .is_some_and(|sel| {
                        // Controller-label selectors are reported above.
                        !sel.is_empty()
                            && !sel.keys().any(|k| CONTROLLER_LABELS.contains(&k.as_str()))
                            && ctx.service_targets(id).is_empty()
                    }),
                Resource::NetworkPolicy(p) => p
                    .spec
                    .as_ref()
                    .and_then(|spec| spec.pod_selector.as_ref())
                    .is_some_and(|sel| {
                        !crate::model::selector::selector_is_empty(sel)
                            && ctx.select(namespace, sel).is_empty()
                    }),
                _ => false,
            };
            if !selects_nothing {
                continue;
            }
            let custom: Vec<String> = ctx
                .objects
                .iter()
                .filter(|(_, o)| {
                    o.effective_namespace() == Some(namespace)
                        && matches!(o.resource(), Resource::Other(other) if crate::model::kinds::builtin_kinds().iter().all(|k| k.kind != other.kind))
                })
                .map(|(_, o)| o.display_id())
                .take(3)
                .collect();
            if !custom.is_empty() {
                out.report(
                    id,
                    "",
                    format!(
                        "selects no pods of the design; they may be created by an operator for {}",
                        custom.join(", ")
                    ),
                );
            }
        }
    }
}
