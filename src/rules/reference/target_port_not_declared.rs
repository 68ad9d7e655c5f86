//! K8S-REF-003 `target-port-not-declared`: numeric targetPort is not declared as a containerPort of the selected pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-003",
    name: "target-port-not-declared",
    severity: RuleSeverity::Warning,
    kinds: "Service",
    summary: "numeric targetPort is not declared as a containerPort of the selected pods",
    docs: r#"## What it does

Numeric targetPort (or port when targetPort omitted) not declared as containerPort in any selected pod, or declared with a different protocol. Works if the process listens anyway (containerPort is informational) but usually a typo.

## Why is this bad?

containerPort is informational, so this works if the process listens anyway, but it usually is a typo.

## Example

`targetPort: 8080` while the container declares `containerPort: 80`.

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
          containerPort: 80
```

## Use instead

Declare the port on the container or correct the targetPort.

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

There is no automatic fix.

Source: API ref Container.ports ("primarily informational"); seed rule "Service targetPort exposed by container""#,
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
            let number = match &port.target_port {
                Some(IntOrString::Int(n)) => *n,
                None => port.port,
                Some(IntOrString::String(_)) => continue,
            };
            let protocol = port.protocol.as_deref().unwrap_or("TCP");
            // Pods that declare no ports at all say nothing either way.
            let missing: Vec<&str> = targets
                .iter()
                .filter(|w| {
                    w.object.pod_spec().is_some_and(|spec| {
                        container_ports(spec).next().is_some()
                            && !container_ports(spec).any(|(_, n, p)| n == number && p == protocol)
                    })
                })
                .map(|w| w.object.name())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let field = if port.target_port.is_some() {
                "targetPort"
            } else {
                "port"
            };
            out.report(
                id,
                format!("spec.ports[{i}].{field}"),
                format!(
                    "port {number}/{protocol} is not declared as a containerPort by {}",
                    missing.join(", ")
                ),
            );
        }
    }
}
