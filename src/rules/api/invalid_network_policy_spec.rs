//! K8S-API-023 `invalid-network-policy-spec`: NetworkPolicy policyTypes or ports are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-023",
    name: "invalid-network-policy-spec",
    severity: RuleSeverity::Error,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicy policyTypes or ports are invalid",
    docs: r#"## What it does

podSelector required (may be {}); policyTypes only Ingress/Egress, at most 2; ports: protocol TCP|UDP|SCTP, port 1-65535 or IANA name, endPort only with a numeric port, endPort >= port and <= 65535.

## Why is this bad?

The API server rejects the NetworkPolicy.

## Example

`policyTypes: [Ingress, Ingress, Egress]`, `protocol: ICMP`, or `endPort` with a named port.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - ports:
    - protocol: ICMP
      port: 8080
```

## Use instead

policyTypes only Ingress/Egress; ports 1-65535 or names; endPort only with a numeric port and not below it.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - ports:
    - protocol: TCP
      port: 8080
```

## Fix

There is no automatic fix.

Source: [NV] ValidateNetworkPolicySpec ("may not specify more than two policyTypes"), ValidateNetworkPolicyPort ("may not be specified when `port` is non-numeric")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::validation::{is_protocol, port_problem};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("NetworkPolicy") {
        let Resource::NetworkPolicy(policy) = object.resource() else {
            continue;
        };
        let Some(spec) = &policy.spec else { continue };
        let types = spec.policy_types.as_deref().unwrap_or_default();
        if types.len() > 2 {
            out.report(
                id,
                "spec.policyTypes",
                "may not specify more than two policyTypes",
            );
        }
        for t in types {
            if !matches!(t.as_str(), "Ingress" | "Egress") {
                out.report(
                    id,
                    "spec.policyTypes",
                    format!("policyType {t} is not Ingress or Egress"),
                );
            }
        }
        let rules = spec
            .ingress
            .iter()
            .flatten()
            .enumerate()
            .map(|(r, rule)| (format!("spec.ingress[{r}]"), rule.ports.as_deref()))
            .chain(
                spec.egress
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(r, rule)| (format!("spec.egress[{r}]"), rule.ports.as_deref())),
            );
        for (field, ports) in rules {
            for (p, port) in ports.unwrap_or_default().iter().enumerate() {
                let field = format!("{field}.ports[{p}]");
                if let Some(protocol) = port.protocol.as_deref().filter(|p| !is_protocol(p)) {
                    out.report(
                        id,
                        format!("{field}.protocol"),
                        format!("protocol {protocol} is not TCP, UDP or SCTP"),
                    );
                }
                if let Some(problem) = port.port.as_ref().and_then(port_problem) {
                    out.report(id, format!("{field}.port"), problem);
                }
                if let Some(end) = port.end_port {
                    match &port.port {
                        Some(IntOrString::Int(start)) if end < *start || end > 65535 => {
                            out.report(
                                id,
                                format!("{field}.endPort"),
                                format!("endPort {end} must be between port {start} and 65535"),
                            );
                        }
                        Some(IntOrString::Int(_)) => {}
                        _ => {
                            out.report(
                                id,
                                format!("{field}.endPort"),
                                "endPort may not be specified when port is non-numeric or missing",
                            );
                        }
                    }
                }
            }
        }
    }
}
