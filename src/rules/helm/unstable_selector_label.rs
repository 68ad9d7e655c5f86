//! K8S-HELM-003 `unstable-selector-label`: selector uses a label that changes between releases (version, chart).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-HELM-003",
    name: "unstable-selector-label",
    severity: RuleSeverity::Warning,
    kinds: "Chart templates",
    summary: "selector uses a label that changes between releases (version, chart)",
    docs: r"## What it does

Labels: emit recommended app.kubernetes.io/{name,instance,version,component,part-of,managed-by} + helm.sh/chart on metadata, but use only stable labels (name + instance) in spec.selector - selectors are immutable, so a chart-version label in a selector breaks every upgrade.

## Why is this bad?

Selectors are immutable: a chart-version or app-version label in a selector breaks every upgrade.

## Example

`selector: {matchLabels: {helm.sh/chart: web-1.2.0}}`.

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
      helm.sh/chart: web-1.2.0
  template:
    metadata:
      labels:
        app: web
        helm.sh/chart: web-1.2.0
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Use instead

Select only on stable labels such as app.kubernetes.io/name and app.kubernetes.io/instance.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web
      app.kubernetes.io/instance: shop
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
        app.kubernetes.io/instance: shop
        helm.sh/chart: web-1.2.0
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: [H] chart_best_practices/labels; [D] concepts/overview/working-with-objects/common-labels; K8S-API-010",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &["~metadataAndInstanceMismatched"],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

/// Labels whose value changes with every chart or app release.
const UNSTABLE: [&str; 4] = [
    "helm.sh/chart",
    "app.kubernetes.io/version",
    "chart",
    "version",
];

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in &ctx.objects {
        let selector = match object.resource() {
            Resource::Deployment(o) => o.spec.as_ref().map(|s| &s.selector),
            Resource::StatefulSet(o) => o.spec.as_ref().map(|s| &s.selector),
            Resource::DaemonSet(o) => o.spec.as_ref().map(|s| &s.selector),
            _ => None,
        };
        let Some(selector) = selector else { continue };
        let keys = selector
            .match_labels
            .iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .chain(
                selector
                    .match_expressions
                    .iter()
                    .flatten()
                    .map(|e| e.key.as_str()),
            );
        for key in keys {
            if UNSTABLE.contains(&key) {
                out.report(
                    id,
                    "spec.selector",
                    format!("selector uses {key}, which changes between releases; selectors are immutable, so the next upgrade fails"),
                );
            }
        }
    }
}
