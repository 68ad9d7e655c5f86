//! K8S-REF-016 `workload-without-service`: workload declares container ports but no Service selects it.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-016",
    name: "workload-without-service",
    severity: RuleSeverity::Info,
    kinds: "Deployment, StatefulSet",
    summary: "workload declares container ports but no Service selects it",
    docs: r"## What it does

Workload declares containerPorts but no Service selects it (probably a missing Service), or a Service selects it but no Ingress/consumer exists for an externally meant port.

## Why is this bad?

Ports that nothing exposes usually mean a missing Service.

## Example

A Deployment with `containerPort: 8080` and no Service.

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
```

## Use instead

Add a Service selecting the workload, or drop the port declaration if the workload is not meant to be reached.

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

## Fix

There is no automatic fix.

Source: designer completeness heuristic",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use std::collections::HashSet;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let selected: HashSet<ObjectId> = ctx
        .of_kind("Service")
        .iter()
        .flat_map(|(id, _)| ctx.service_targets(*id))
        .map(|w| w.id)
        .collect();
    for &(id, object) in ctx
        .of_kind("Deployment")
        .iter()
        .chain(ctx.of_kind("StatefulSet"))
    {
        if selected.contains(&id) {
            continue;
        }
        let ports: Vec<String> = object
            .pod_spec()
            .into_iter()
            .flat_map(container_ports)
            .map(|(_, n, p)| format!("{n}/{p}"))
            .collect();
        if !ports.is_empty() {
            out.report(
                id,
                format!(
                    "{}.containers",
                    crate::rules::context::pod_spec_path(object)
                ),
                format!(
                    "declares container ports {} but no Service selects its pods",
                    ports.join(", ")
                ),
            );
        }
    }
}
