//! K8S-REF-001 `service-selects-no-pods`: Service selector matches no pod template in its namespace.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-001",
    name: "service-selects-no-pods",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "Service",
    summary: "Service selector matches no pod template in its namespace",
    docs: r#"## What it does

Service selector matches no pod template (same namespace) - Service has no endpoints. Service without selector (and not ExternalName) needs manually managed EndpointSlices: info.

## Why is this bad?

A Service without matching pods has no endpoints: every connection fails or hangs.

## Example

selector `app: wbe` while the Deployment's pods carry `app: web`.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: wbe
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
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
        ports:
        - name: http
          containerPort: 8080
```

## Use instead

Correct the selector or add the workload. Pods created by an operator are outside the design: mark the design incomplete.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
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
        ports:
        - name: http
          containerPort: 8080
```

## Fix

Replaces the selector with the closest match among the namespace's pod labels (`Select app=web`). Unsafe: the Service then sends traffic to other pods.

Source: Seed rule "Service selectors must match pod labels"; [D] concepts/services-networking/service"#,
    peers: Peers {
        kube_score: &["service-targets-pod"],
        kube_linter: &["dangling-service"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use super::super::hints::{nearest_selector, show_labels, uses_controller_label};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        let Some(namespace) = object.effective_namespace() else {
            continue;
        };
        let spec = service.spec.as_ref();
        if spec.and_then(|s| s.type_.as_deref()) == Some("ExternalName") {
            continue;
        }
        let Some(selector) = spec
            .and_then(|s| s.selector.as_ref())
            .filter(|s| !s.is_empty())
        else {
            out.report(
                id,
                "spec.selector",
                "Service has no selector: its endpoints must be managed by hand (EndpointSlices)",
            )
            .severity(Severity::Info);
            continue;
        };
        // Pods selected by controller-added labels are not in any template (K8S-REF-015 explains).
        if uses_controller_label(selector.keys().map(String::as_str))
            || !ctx.service_targets(id).is_empty()
        {
            continue;
        }
        let shown = show_labels(selector);
        let workloads = ctx.workloads_in(namespace);
        let Some((target, corrected)) = nearest_selector(selector, workloads) else {
            let what = if workloads.is_empty() {
                "there are no workloads there".to_owned()
            } else {
                format!("{} workloads there carry other labels", workloads.len())
            };
            out.report(
                id,
                "spec.selector",
                format!("selector {shown} matches no pods in namespace {namespace}; {what}"),
            );
            continue;
        };
        let name = ctx.model.get(target).map_or("", Object::name);
        let suggestion = show_labels(&corrected);
        let selector = corrected.clone();
        let fix = crate::rules::fix::edit_later(id, move |copy| {
            if let Resource::Service(s) = copy.resource_mut()
                && let Some(spec) = s.spec.as_mut()
            {
                spec.selector = Some(selector.clone());
                return true;
            }
            false
        });
        let finding = out.report(
            id,
            "spec.selector",
            format!(
                "selector {shown} matches no pods in namespace {namespace}; did you mean {suggestion} (pods of {name})?"
            ),
        );
        finding.unsafe_fix(format!("Select {suggestion}"), fix);
    }
}
