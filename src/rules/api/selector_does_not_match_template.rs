//! K8S-API-007 `selector-does-not-match-template`: spec.selector does not match the pod template labels.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-007",
    name: "selector-does-not-match-template",
    severity: RuleSeverity::Error,
    kinds: "Deployment, StatefulSet",
    summary: "spec.selector does not match the pod template labels",
    docs: r#"## What it does

spec.selector must match spec.template.metadata.labels, otherwise the object is rejected.

## Why is this bad?

The API server rejects it: "`selector` does not match template `labels`". The controller would otherwise never find its own pods.

## Example

selector `app: web` with template label `app: frontend`.

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
        app: frontend
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Use instead

Make the template labels include every selector pair.

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

## Fix

Adds the selector's `matchLabels` to the pod template's labels (overwriting a label with the same key). Unsafe: the pods get labels that other Services, NetworkPolicies and budgets may select.

Source: [AV] "`selector` does not match template `labels`""#,
    peers: Peers {
        kube_score: &[
            "deployment-pod-selector-labels-match-template-metadata-labels",
            "statefulset-pod-selector-labels-match-template-metadata-labels",
        ],
        kube_linter: &["mismatching-selector"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::selector::{describe_selector, selector_is_empty, selector_matches};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in &ctx.objects {
        let selector = match object.resource() {
            Resource::Deployment(o) => o.spec.as_ref().map(|s| &s.selector),
            Resource::StatefulSet(o) => o.spec.as_ref().map(|s| &s.selector),
            Resource::DaemonSet(o) => o.spec.as_ref().map(|s| &s.selector),
            Resource::ReplicaSet(o) => o.spec.as_ref().map(|s| &s.selector),
            _ => None,
        };
        let (Some(selector), Some(labels)) = (selector, object.pod_labels()) else {
            continue;
        };
        if selector_is_empty(selector) || selector_matches(selector, labels) {
            continue;
        }
        let path = crate::rules::context::pod_spec_path(object).trim_end_matches(".spec");
        let match_labels = selector.match_labels.clone().unwrap_or_default();
        let fix = (!match_labels.is_empty()).then(|| {
            crate::rules::fix::edit_later(id, move |copy| {
                let Some(template) = template_mut(copy) else {
                    return false;
                };
                let labels = template
                    .metadata
                    .get_or_insert_default()
                    .labels
                    .get_or_insert_default();
                labels.extend(match_labels.clone());
                true
            })
        });
        let finding = out.report(
            id,
            format!("{path}.metadata.labels"),
            format!(
                "selector `{}` does not match template labels `{}`: the API server rejects this",
                describe_selector(selector),
                crate::rules::hints::show_labels(labels)
            ),
        );
        if let Some(fix) = fix {
            finding.unsafe_fix("Add the selector's labels to the pod template", fix);
        }
    }
}

fn template_mut(object: &mut Object) -> Option<&mut k8s_openapi::api::core::v1::PodTemplateSpec> {
    match object.resource_mut() {
        Resource::Deployment(o) => o.spec.as_mut().map(|s| &mut s.template),
        Resource::StatefulSet(o) => o.spec.as_mut().map(|s| &mut s.template),
        Resource::DaemonSet(o) => o.spec.as_mut().map(|s| &mut s.template),
        Resource::ReplicaSet(o) => o.spec.as_mut().and_then(|s| s.template.as_mut()),
        _ => None,
    }
}
