//! K8S-GW-010 `gateway-class-missing`: a Gateway's gatewayClassName is empty, or names a
//! GatewayClass the design does not have.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-010",
    name: "gateway-class-missing",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "Gateway",
    summary: "Gateway has an empty gatewayClassName, or names a GatewayClass not in the design",
    docs: r#"## What it does

A Gateway whose `spec.gatewayClassName` is empty or unset: an error. A Gateway naming a
GatewayClass that is not in the design, when the design has GatewayClasses or is marked
complete: an error in a complete design, a warning otherwise, with the closest class name as a
hint. In a design with no GatewayClass that is not marked complete the class is taken to come
with the controller and nothing is reported; a class listed in the Gateway's
`kubedraft.io/external` annotation (`GatewayClass/NAME`) is reported as a note.

## Why is this bad?

The API server refuses a Gateway without a class; a Gateway whose class no controller
implements is never programmed: it gets no address and serves nothing.

## Example

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: envoy
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: envoy-gateway
  listeners:
  - name: http
    protocol: HTTP
    port: 80
```

## Use instead

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: envoy
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: envoy
  listeners:
  - name: http
    protocol: HTTP
    port: 80
```

## Fix

Unsafe: set gatewayClassName to the design's only GatewayClass (for an empty name) or to the
class a few edits from the name given (for a typo). It changes which controller programs the
Gateway, so review it.

Source: Gateway API spec, GatewaySpec.gatewayClassName (required, minLength 1: "the name of a GatewayClass resource") and GatewayClass (the controller that implements Gateways of the class)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(super::reads),
};

use crate::model::kinds::closest;
use crate::rules::reference::referenced_object_missing::{EXTERNAL_ANNOTATION, marked_external};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let gateways = super::gateways(ctx);
    let Some(first) = gateways.first() else {
        return;
    };
    // GatewayClasses are cluster-scoped: every Gateway's finding depends on them.
    let classes: Vec<String> = ctx
        .design_objects(Some(first.namespace), |o| o.kind() == Kind::GatewayClass)
        .into_iter()
        .map(|(_, o)| o.name().to_owned())
        .collect();
    for at in &gateways {
        ctx.note_design_read(Some(at.namespace));
        let name = at.gateway.class_name();
        if name.is_empty() {
            let finding = out
                .report(
                    at.id,
                    "spec.gatewayClassName",
                    "gatewayClassName is empty: the API server refuses the Gateway",
                )
                .severity(Severity::Error);
            if let [only] = classes.as_slice()
                && let Some(command) = set_class(at, only)
            {
                finding.unsafe_fix(format!("Set gatewayClassName to {only}"), vec![command]);
            }
            continue;
        }
        if classes.iter().any(|c| c == name) {
            continue;
        }
        if marked_external(at.object, "GatewayClass", name) {
            out.report(
                at.id,
                "spec.gatewayClassName",
                format!(
                    "GatewayClass {name} is outside the design (marked in {EXTERNAL_ANNOTATION})"
                ),
            )
            .severity(Severity::Info);
            continue;
        }
        if classes.is_empty() && !ctx.complete {
            continue;
        }
        let close = closest(name, classes.iter().map(String::as_str));
        let hint = close.map_or_else(String::new, |c| format!("; did you mean {c}?"));
        let finding = out.report(
            at.id,
            "spec.gatewayClassName",
            format!(
                "GatewayClass {name} is not in the design: no controller programs the Gateway{hint} (add it, or list it in the {EXTERNAL_ANNOTATION} annotation)"
            ),
        );
        if let Some(class) = close
            && let Some(command) = set_class(at, class)
        {
            finding.unsafe_fix(format!("Set gatewayClassName to {class}"), vec![command]);
        }
    }
}

/// The Gateway with `spec.gatewayClassName` set to `class`.
fn set_class(at: &super::GatewayAt<'_>, class: &str) -> Option<crate::document::Command> {
    crate::rules::fix::edit(at.id, at.object, |copy| {
        let Resource::Other(other) = copy.resource_mut() else {
            return false;
        };
        let spec = other
            .body
            .entry("spec")
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        let Some(spec) = spec.as_object_mut() else {
            return false;
        };
        spec.insert(
            "gatewayClassName".to_owned(),
            serde_json::Value::String(class.to_owned()),
        );
        true
    })
}
