//! K8S-API-018 `duplicate-service-port`: Service port names missing or duplicated, or a port declared twice.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-018",
    name: "duplicate-service-port",
    severity: RuleSeverity::Error,
    kinds: "Service",
    summary: "Service port names missing or duplicated, or a port declared twice",
    docs: r#"## What it does

Port names: required when the Service has >1 port, DNS-1123 label, unique; no two ports with the same (port, protocol); no duplicate nodePort.

## Why is this bad?

The API server rejects the Service ("Required value" for names of multi-port Services, "Duplicate value").

## Example

Two ports without names, or two ports 80/TCP.

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
  - port: 80
    targetPort: 8080
  - port: 443
    targetPort: 8443
```

## Use instead

Name every port of a multi-port Service uniquely (DNS labels) and keep (port, protocol) pairs unique.

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
  - name: https
    port: 443
    targetPort: 8443
```

## Fix

There is no automatic fix.

Source: [CV] validateServicePort (Required name), ValidateService (Duplicate)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use std::collections::BTreeSet;

use crate::model::validation::is_dns1123_label;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        let ports = service
            .spec
            .as_ref()
            .and_then(|s| s.ports.as_deref())
            .unwrap_or_default();
        let mut names = BTreeSet::new();
        let mut pairs = BTreeSet::new();
        let mut node_ports = BTreeSet::new();
        for (i, port) in ports.iter().enumerate() {
            let field = format!("spec.ports[{i}]");
            match port.name.as_deref().filter(|n| !n.is_empty()) {
                None if ports.len() > 1 => {
                    out.report(
                        id,
                        format!("{field}.name"),
                        format!(
                            "port {} has no name; every port of a multi-port Service needs one",
                            port.port
                        ),
                    );
                }
                Some(name) if !is_dns1123_label(name) => {
                    out.report(
                        id,
                        format!("{field}.name"),
                        format!("port name `{name}` is not a DNS-1123 label"),
                    );
                }
                Some(name) if !names.insert(name) => {
                    out.report(
                        id,
                        format!("{field}.name"),
                        format!("port name `{name}` is used twice"),
                    );
                }
                None | Some(_) => {}
            }
            let protocol = port.protocol.as_deref().unwrap_or("TCP");
            if !pairs.insert((port.port, protocol)) {
                out.report(
                    id,
                    format!("{field}.port"),
                    format!("port {}/{protocol} is declared twice", port.port),
                );
            }
            if let Some(node_port) = port.node_port.filter(|p| *p != 0)
                && !node_ports.insert((node_port, protocol))
            {
                out.report(
                    id,
                    format!("{field}.nodePort"),
                    format!("nodePort {node_port}/{protocol} is declared twice"),
                );
            }
        }
    }
}
