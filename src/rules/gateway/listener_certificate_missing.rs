//! K8S-GW-005 `listener-certificate-missing`: an HTTPS or TLS-terminating listener without
//! certificateRefs, or whose certificate Secret does not exist.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-005",
    name: "listener-certificate-missing",
    severity: RuleSeverity::ErrorIfComplete,
    kinds: "Gateway",
    summary: "HTTPS or TLS-terminating listener without a certificate, or its Secret is missing",
    docs: r#"## What it does

A Gateway listener that terminates TLS (protocol `HTTPS`, or `TLS` with `tls.mode: Terminate`)
has no `tls` block, or no `tls.certificateRefs` (and no implementation `tls.options` that could
supply one): an error. A `TLS` listener without `tls.mode` is an error too. A certificateRef naming a
Secret that does not exist in its namespace (the Gateway's when unset) is an error in a design
marked complete and a warning otherwise; a Secret listed in the Gateway's
`kubedraft.io/external` annotation (`Secret/NAME`) is reported as a note.

## Why is this bad?

The API server refuses a terminating listener without certificates ("certificateRefs or options
must be specified when mode is Terminate"); a missing Secret leaves the listener without a
certificate (`ResolvedRefs: False`, `InvalidCertificateRef`), so clients cannot connect.

## Example

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: envoy
  listeners:
  - name: https
    protocol: HTTPS
    port: 443
    hostname: shop.example.com
    tls:
      certificateRefs:
      - name: shop-tls
```

## Use instead

Create the certificate Secret (or list it in `kubedraft.io/external` when cert-manager or
another tool makes it).

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: envoy
  listeners:
  - name: https
    protocol: HTTPS
    port: 443
    hostname: shop.example.com
    tls:
      certificateRefs:
      - name: shop-tls
---
apiVersion: v1
kind: Secret
metadata:
  name: shop-tls
  namespace: shop
type: kubernetes.io/tls
data:
  tls.crt: ""
  tls.key: ""
```

## Fix

There is no automatic fix.

Source: Gateway API spec, GatewayTLSConfig (certificateRefs; CRD rule "certificateRefs or options must be specified when mode is Terminate", "tls mode must be set for protocol TLS") and ListenerConditionReason InvalidCertificateRef"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(super::reads),
};

use crate::rules::reference::referenced_object_missing::{EXTERNAL_ANNOTATION, marked_external};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let gateways = super::gateways(ctx);
    if gateways.is_empty() {
        return;
    }
    let index = super::index(ctx);
    for at in gateways {
        ctx.note_design_read(Some(at.namespace));
        let listeners = at.gateway.listeners();
        for (position, listener) in listeners.iter().enumerate() {
            let field = format!("spec.listeners[{position}]");
            let terminates = match (listener.protocol.as_str(), listener.tls_mode()) {
                ("HTTPS", _) | ("TLS", Some("Terminate")) => true,
                ("TLS", None) => {
                    out.report(
                        at.id,
                        format!("{field}.tls"),
                        format!(
                            "TLS listener {} has no tls.mode: set Terminate (with certificateRefs) or Passthrough",
                            listener.name
                        ),
                    )
                    .severity(Severity::Error);
                    false
                }
                _ => false,
            };
            if terminates && listener.certificate_refs().is_empty() && !has_options(&at, position) {
                out.report(
                    at.id,
                    format!("{field}.tls"),
                    format!(
                        "{} listener {} terminates TLS but has no tls.certificateRefs: it has no certificate to serve",
                        listener.protocol, listener.name
                    ),
                )
                .severity(Severity::Error);
            }
        }
        for outcome in index.certificates(at.namespace, &at.gateway) {
            if outcome.secret.is_some() {
                continue;
            }
            let Some((position, listener)) = listeners
                .iter()
                .enumerate()
                .find(|(_, l)| l.name == outcome.listener)
            else {
                continue;
            };
            let Some(reference) = listener.certificate_refs().get(outcome.index) else {
                continue;
            };
            if !reference.is_secret() || reference.name.is_empty() {
                continue;
            }
            let namespace = reference.namespace_or(at.namespace);
            let external = marked_external(at.object, "Secret", &reference.name);
            let message = if external {
                format!(
                    "certificate Secret {} is outside the design (marked in {EXTERNAL_ANNOTATION})",
                    reference.name
                )
            } else {
                format!(
                    "certificate Secret {} does not exist in namespace {namespace}: listener {} serves no certificate (add it, or list it in the {EXTERNAL_ANNOTATION} annotation)",
                    reference.name, listener.name
                )
            };
            let finding = out.report(
                at.id,
                format!(
                    "spec.listeners[{position}].tls.certificateRefs[{}]",
                    outcome.index
                ),
                message,
            );
            if external {
                finding.severity(Severity::Info);
            }
        }
    }
}

/// Whether the listener's `tls.options` holds anything (an implementation may take its
/// certificate from there; the typed view does not hold options, so the raw body is read).
fn has_options(at: &super::GatewayAt<'_>, position: usize) -> bool {
    let Resource::Other(other) = at.object.resource() else {
        return false;
    };
    other
        .body
        .get("spec")
        .and_then(|spec| spec.get("listeners"))
        .and_then(|listeners| listeners.get(position))
        .and_then(|listener| listener.get("tls"))
        .and_then(|tls| tls.get("options"))
        .and_then(serde_json::Value::as_object)
        .is_some_and(|options| !options.is_empty())
}
