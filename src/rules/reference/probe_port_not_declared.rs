//! K8S-REF-010 `probe-port-not-declared`: probe uses a port name the container does not declare.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-010",
    name: "probe-port-not-declared",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "probe uses a port name the container does not declare",
    docs: r"## What it does

Probe port: named httpGet/tcpSocket/grpc port not declared on the container -> probe fails at runtime; numeric probe port not among containerPorts -> info.

## Why is this bad?

The kubelet cannot resolve the name and the probe fails: liveness restarts the container forever, readiness keeps it out of endpoints.

## Example

`httpGet: {port: health}` with no container port named `health`.

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
        livenessProbe:
          httpGet:
            path: /healthz
            port: health
```

## Use instead

Declare the named port or use its number.

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
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
```

## Fix

There is no automatic fix.

Source: kubelet resolves named probe ports from container ports",
    peers: Peers {
        kube_score: &[],
        kube_linter: &["liveness-port", "readiness-port", "startup-port"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::core::v1::Probe;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn probe_port(probe: &Probe) -> Option<(&'static str, IntOrString)> {
    if let Some(http) = &probe.http_get {
        return Some(("httpGet.port", http.port.clone()));
    }
    if let Some(tcp) = &probe.tcp_socket {
        return Some(("tcpSocket.port", tcp.port.clone()));
    }
    probe
        .grpc
        .as_ref()
        .map(|g| ("grpc.port", IntOrString::Int(g.port)))
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, false) {
            let ports: Vec<_> = c.container.ports.iter().flatten().collect();
            for (kind, probe) in [
                ("livenessProbe", &c.container.liveness_probe),
                ("readinessProbe", &c.container.readiness_probe),
                ("startupProbe", &c.container.startup_probe),
            ] {
                let Some((field, port)) = probe.as_ref().and_then(probe_port) else {
                    continue;
                };
                match port {
                    IntOrString::String(name) => {
                        if !ports
                            .iter()
                            .any(|p| p.name.as_deref() == Some(name.as_str()))
                        {
                            out.report(
                                at.id,
                                c.field(&format!("{kind}.{field}")),
                                format!(
                                    "{kind} of container `{}` uses port name {name}, which the container does not declare: the probe always fails",
                                    c.container.name
                                ),
                            );
                        }
                    }
                    IntOrString::Int(number) => {
                        if !ports.is_empty() && !ports.iter().any(|p| p.container_port == number) {
                            out.report(
                                at.id,
                                c.field(&format!("{kind}.{field}")),
                                format!(
                                    "{kind} of container `{}` probes port {number}, which is not among its containerPorts",
                                    c.container.name
                                ),
                            )
                            .severity(Severity::Info);
                        }
                    }
                }
            }
        }
    }
}
