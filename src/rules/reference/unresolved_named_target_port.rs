//! K8S-REF-002 `unresolved-named-target-port`: named targetPort is not a port name of any selected container.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-002",
    name: "unresolved-named-target-port",
    severity: RuleSeverity::Error,
    kinds: "Service",
    summary: "named targetPort is not a port name of any selected container",
    docs: r"## What it does

Named targetPort (e.g. targetPort: http) is not a container port name in any selected pod - endpoints get no port for those pods, traffic cannot flow.

## Why is this bad?

Endpoints get no port for pods that do not declare the name, so traffic cannot flow.

## Example

`targetPort: http` while the container declares `name: web`.

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
    targetPort: http
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
        - name: web
          containerPort: 8080
```

## Use instead

Name the container port as the Service says, or use the number.

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
    targetPort: http
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

There is no automatic fix.

Source: [D] concepts/services-networking/service (targetPort may name a container port); endpoint controllers resolve names via podutil.FindPort",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        let targets = ctx.service_targets(id);
        if targets.is_empty() {
            continue;
        }
        for (i, port) in service
            .spec
            .iter()
            .flat_map(|s| s.ports.iter().flatten())
            .enumerate()
        {
            let Some(IntOrString::String(name)) = &port.target_port else {
                continue;
            };
            let protocol = port.protocol.as_deref().unwrap_or("TCP");
            let missing: Vec<&str> = targets
                .iter()
                .filter(|w| {
                    !w.object.pod_spec().is_some_and(|spec| {
                        container_ports(spec)
                            .any(|(n, _, p)| n == Some(name.as_str()) && p == protocol)
                    })
                })
                .map(|w| w.object.name())
                .collect();
            if missing.is_empty() {
                continue;
            }
            out.report(
                id,
                format!("spec.ports[{i}].targetPort"),
                format!(
                    "targetPort `{name}` ({protocol}) is not a container port name in the pods of {}",
                    missing.join(", ")
                ),
            );
        }
    }
}
