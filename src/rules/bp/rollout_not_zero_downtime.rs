//! K8S-BP-008 `rollout-not-zero-downtime`: Deployment rollout can cause downtime.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-008",
    name: "rollout-not-zero-downtime",
    severity: RuleSeverity::Warning,
    kinds: "Deployment",
    summary: "Deployment rollout can cause downtime",
    docs: r"## What it does

Zero-downtime rollout: RollingUpdate with maxUnavailable: 0 and maxSurge >= 1 (plus a readiness probe). Recreate on a Service-backed workload causes downtime.

## Why is this bad?

maxUnavailable > 0 removes serving pods before new ones are ready; Recreate stops all pods first.

## Example

`strategy: {type: Recreate}` on a Deployment behind a Service.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  strategy:
    type: Recreate
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
---
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
```

## Use instead

Use RollingUpdate with maxUnavailable 0 and maxSurge 1.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
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
---
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
```

## Fix

Sets `strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}`. Unsafe: old and new pods run side by side during a rollout, which an app that needs Recreate (one writer, a ReadWriteOnce volume) cannot do.

Source: Seed rule; [D] workloads/controllers/deployment#rolling-update-deployment",
    peers: Peers {
        kube_score: &["~deployment-strategy"],
        kube_linter: &["~no-rolling-update-strategy"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::apps::v1::{DeploymentStrategy, RollingUpdateDeployment};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::validation::{is_zero, show_port};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Deployment") {
        let Resource::Deployment(deployment) = object.resource() else {
            continue;
        };
        let strategy = deployment.spec.as_ref().and_then(|s| s.strategy.as_ref());
        let kind = strategy
            .and_then(|s| s.type_.as_deref())
            .unwrap_or("RollingUpdate");
        let rolling = strategy.and_then(|s| s.rolling_update.as_ref());
        // API defaults: 25% / 25%.
        let surge = rolling
            .and_then(|r| r.max_surge.clone())
            .unwrap_or(IntOrString::String("25%".into()));
        let unavailable = rolling
            .and_then(|r| r.max_unavailable.clone())
            .unwrap_or(IntOrString::String("25%".into()));
        let message = match kind {
            "Recreate" => Some("strategy Recreate stops every pod before starting new ones: downtime on every rollout".to_owned()),
            "RollingUpdate" if !is_zero(&unavailable) => Some(format!(
                "rolling update may take {} pods out of service before replacements are ready; use maxUnavailable: 0",
                show_port(&unavailable)
            )),
            "RollingUpdate" if is_zero(&surge) => Some("maxSurge 0 with maxUnavailable 0 cannot make progress".to_owned()),
            _ => None,
        };
        let Some(message) = message else { continue };
        let fix = crate::rules::fix::edit_later(id, |copy| {
            let Resource::Deployment(d) = copy.resource_mut() else {
                return false;
            };
            let Some(spec) = d.spec.as_mut() else {
                return false;
            };
            spec.strategy = Some(DeploymentStrategy {
                type_: Some("RollingUpdate".to_owned()),
                rolling_update: Some(RollingUpdateDeployment {
                    max_surge: Some(IntOrString::Int(1)),
                    max_unavailable: Some(IntOrString::Int(0)),
                }),
            });
            true
        });
        let finding = out.report(id, "spec.strategy", message);
        finding.unsafe_fix("Use RollingUpdate maxSurge 1, maxUnavailable 0", fix);
    }
}
