//! K8S-BP-006 `missing-readiness-probe`: container has no readiness probe.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-006",
    name: "missing-readiness-probe",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container has no readiness probe",
    docs: r"## What it does

Readiness probe on every serving container (mandatory in practice when a Service selects the pod).

## Why is this bad?

Without one, a pod receives traffic as soon as it starts, before it is ready, and keeps it while broken.

## Example

A web container with no `readinessProbe`.

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

Add a readinessProbe.

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
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /ready
            port: http
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

Adds a TCP readiness probe on the container's first port. Unsafe: pods leave the Service's endpoints while the port does not accept connections, and a rollout waits for them.

Source: Seed rule; [D] configure-liveness-readiness-startup-probes",
    peers: Peers {
        kube_score: &["pod-probes"],
        kube_linter: &["no-readiness-probe"],
        polaris: &["readinessProbeMissing"],
        checkov: &["CKV_K8S_9"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::core::v1::{Probe, TCPSocketAction};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        // Jobs run to completion; nothing routes traffic to them.
        if matches!(
            at.object.resource(),
            Resource::Job(_) | Resource::CronJob(_)
        ) {
            continue;
        }
        for c in containers(at, false) {
            if c.container.readiness_probe.is_some() {
                continue;
            }
            let port = c
                .container
                .ports
                .iter()
                .flatten()
                .next()
                .map(|p| p.container_port);
            let index = c.index;
            let fix = port.map(|port| {
                let repair = crate::rules::fix::edit_later(at.id, move |copy| {
                    let Some(container) = crate::rules::fix::pod_spec_mut(copy)
                        .and_then(|spec| spec.containers.get_mut(index))
                    else {
                        return false;
                    };
                    container.readiness_probe = Some(Probe {
                        tcp_socket: Some(TCPSocketAction {
                            port: IntOrString::Int(port),
                            host: None,
                        }),
                        period_seconds: Some(10),
                        ..Probe::default()
                    });
                    true
                });
                (port, repair)
            });
            let finding = out.report(
                at.id,
                c.field("readinessProbe"),
                format!(
                    "container `{}` has no readiness probe: it receives traffic before it is ready",
                    c.container.name
                ),
            );
            if let Some((port, repair)) = fix {
                finding.unsafe_fix(format!("Add TCP readiness probe on port {port}"), repair);
            }
        }
    }
}
