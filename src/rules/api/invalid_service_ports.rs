//! K8S-API-017 `invalid-service-ports`: Service ports are missing or out of range.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-017",
    name: "invalid-service-ports",
    severity: RuleSeverity::Error,
    kinds: "Service",
    summary: "Service ports are missing or out of range",
    docs: r"## What it does

spec.ports required unless headless (clusterIP: None) or type ExternalName; each port 1-65535; protocol TCP|UDP|SCTP; targetPort is 1-65535 or an IANA_SVC_NAME (defaults to port).

## Why is this bad?

The API server rejects the Service.

## Example

A ClusterIP Service without ports, `port: 70000`, or `targetPort: my_port`.

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
  - port: 70000
```

## Use instead

Declare ports 1-65535 with TCP|UDP|SCTP; targetPort is a number 1-65535 or a container port name.

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
```

## Fix

There is no automatic fix.

Source: [CV] ValidateService, validateServicePort, ValidatePortNumOrName",
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~invalid-target-ports"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::{is_port_number, is_protocol, port_problem};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        let Some(spec) = &service.spec else { continue };
        let headless = spec.cluster_ip.as_deref() == Some("None");
        let external = spec.type_.as_deref() == Some("ExternalName");
        let ports = spec.ports.as_deref().unwrap_or_default();
        if ports.is_empty() && !headless && !external {
            out.report(
                id,
                "spec.ports",
                "a Service needs ports (unless headless or ExternalName)",
            );
        }
        for (i, port) in ports.iter().enumerate() {
            if !is_port_number(port.port) {
                out.report(
                    id,
                    format!("spec.ports[{i}].port"),
                    format!("port {} is outside 1-65535", port.port),
                );
            }
            if let Some(protocol) = port.protocol.as_deref().filter(|p| !is_protocol(p)) {
                out.report(
                    id,
                    format!("spec.ports[{i}].protocol"),
                    format!("protocol {protocol} is not TCP, UDP or SCTP"),
                );
            }
            if let Some(problem) = port.target_port.as_ref().and_then(port_problem) {
                out.report(
                    id,
                    format!("spec.ports[{i}].targetPort"),
                    format!("targetPort: {problem}"),
                );
            }
        }
    }
}
