//! K8S-API-013 `invalid-container-ports`: container ports are out of range, duplicated by name or badly named.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-013",
    name: "invalid-container-ports",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "container ports are out of range, duplicated by name or badly named",
    docs: r#"## What it does

Container ports: containerPort required 1-65535; hostPort 1-65535 if set; protocol TCP|UDP|SCTP; port name is an IANA_SVC_NAME (<=15 chars, [a-z0-9-], >=1 letter, no leading/trailing/double "-") and unique within the container.

## Why is this bad?

The API server rejects the pod template.

## Example

`containerPort: 0`, `protocol: HTTP`, a port name `http_port` or longer than 15 characters.

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
        - name: http_port
          containerPort: 8080
```

## Use instead

Ports 1-65535, protocol TCP|UDP|SCTP, names of at most 15 lowercase letters, digits and single dashes with at least one letter.

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
        - name: http-port
          containerPort: 8080
```

## Fix

There is no automatic fix.

Source: [CV] validateContainerPorts; [MV] IsValidPortName, IsValidPortNum"#,
    peers: Peers {
        kube_score: &["~container-ports-check"],
        kube_linter: &["~invalid-target-ports"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use std::collections::BTreeSet;

use crate::model::validation::{is_port_name, is_port_number, is_protocol};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let mut names = BTreeSet::new();
            for (i, port) in c.container.ports.iter().flatten().enumerate() {
                let field = c.item("ports", i);
                if !is_port_number(port.container_port) {
                    out.report(
                        at.id,
                        format!("{field}.containerPort"),
                        format!("containerPort {} is outside 1-65535", port.container_port),
                    );
                }
                if let Some(host) = port.host_port.filter(|p| *p != 0 && !is_port_number(*p)) {
                    out.report(
                        at.id,
                        format!("{field}.hostPort"),
                        format!("hostPort {host} is outside 1-65535"),
                    );
                }
                if let Some(protocol) = port.protocol.as_deref().filter(|p| !is_protocol(p)) {
                    out.report(
                        at.id,
                        format!("{field}.protocol"),
                        format!("protocol {protocol} is not TCP, UDP or SCTP"),
                    );
                }
                if let Some(name) = &port.name {
                    if !is_port_name(name) {
                        out.report(at.id, format!("{field}.name"), format!("port name `{name}` is invalid: 1-15 lowercase letters, digits and single dashes, with at least one letter"));
                    } else if !names.insert(name.as_str()) {
                        out.report(
                            at.id,
                            format!("{field}.name"),
                            format!(
                                "port name `{name}` is used twice in container `{}`",
                                c.container.name
                            ),
                        );
                    }
                }
            }
        }
    }
}
