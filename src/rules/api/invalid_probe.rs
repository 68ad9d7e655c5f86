//! K8S-API-015 `invalid-probe`: a probe has no or several handlers, a wrong successThreshold or bad numbers.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-015",
    name: "invalid-probe",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "a probe has no or several handlers, a wrong successThreshold or bad numbers",
    docs: r#"## What it does

Probes: exactly one handler (exec|httpGet|tcpSocket|grpc); liveness and startup successThreshold must be 1; timing fields non-negative; httpGet/tcpSocket port is 1-65535 or an IANA_SVC_NAME; httpGet headers have names; an exec command is not empty; a grpc port is 1-65535.

## Why is this bad?

The API server rejects the pod template.

## Example

A livenessProbe with `successThreshold: 2`, or with both `httpGet` and `tcpSocket`.

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
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
          successThreshold: 2
```

## Use instead

Use exactly one handler; successThreshold 1 for liveness and startup probes; non-negative timings; ports 1-65535 or a port name.

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
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
          successThreshold: 1
```

## Fix

There is no automatic fix.

Source: [CV] validateProbe / validateHandler ("must be 1", "may not specify more than 1 handler type")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::core::v1::Probe;

use crate::model::validation::{exec_command_problem, port_number_problem, port_problem};

fn probe_problems(kind: &str, probe: &Probe) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let handlers = usize::from(probe.exec.is_some())
        + usize::from(probe.http_get.is_some())
        + usize::from(probe.tcp_socket.is_some())
        + usize::from(probe.grpc.is_some());
    if handlers == 0 {
        problems.push((
            String::new(),
            format!("{kind} must specify a handler (exec, httpGet, tcpSocket or grpc)"),
        ));
    } else if handlers > 1 {
        problems.push((
            String::new(),
            format!("{kind} may not specify more than 1 handler type"),
        ));
    }
    if kind != "readinessProbe" && probe.success_threshold.is_some_and(|s| s != 1) {
        problems.push((
            "successThreshold".to_owned(),
            format!("{kind} successThreshold must be 1"),
        ));
    }
    for (field, value) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            problems.push((
                field.to_owned(),
                format!("{kind} {field} is {v}; it must not be negative"),
            ));
        }
    }
    let port = probe
        .http_get
        .as_ref()
        .map(|h| ("httpGet.port", &h.port))
        .or_else(|| {
            probe
                .tcp_socket
                .as_ref()
                .map(|t| ("tcpSocket.port", &t.port))
        });
    if let Some((field, port)) = port
        && let Some(problem) = port_problem(port)
    {
        problems.push((field.to_owned(), format!("{kind}: {problem}")));
    }
    for (i, header) in probe
        .http_get
        .iter()
        .flat_map(|h| h.http_headers.iter().flatten())
        .enumerate()
    {
        if header.name.is_empty() {
            problems.push((
                format!("httpGet.httpHeaders[{i}].name"),
                format!("{kind}: HTTP header {} has no name", i + 1),
            ));
        }
    }
    if let Some(exec) = &probe.exec
        && let Some(problem) = exec_command_problem(exec.command.as_deref().unwrap_or_default())
    {
        problems.push(("exec.command".to_owned(), format!("{kind}: {problem}")));
    }
    if let Some(grpc) = &probe.grpc
        && let Some(problem) = port_number_problem(grpc.port)
    {
        problems.push(("grpc.port".to_owned(), format!("{kind}: {problem}")));
    }
    problems
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, false) {
            for (kind, probe) in [
                ("livenessProbe", &c.container.liveness_probe),
                ("readinessProbe", &c.container.readiness_probe),
                ("startupProbe", &c.container.startup_probe),
            ] {
                let Some(probe) = probe else { continue };
                for (field, message) in probe_problems(kind, probe) {
                    let path = if field.is_empty() {
                        c.field(kind)
                    } else {
                        c.field(&format!("{kind}.{field}"))
                    };
                    out.report(at.id, path, message);
                }
            }
        }
    }
}
