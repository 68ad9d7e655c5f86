//! K8S-NP-004 `implicit-policy-types`: NetworkPolicy omits policyTypes.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-004",
    name: "implicit-policy-types",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicy omits policyTypes",
    docs: r"## What it does

Implicit policyTypes: when omitted, Ingress always applies but Egress only if egress rules exist - a policy meant to deny egress without policyTypes: [Egress] does nothing for egress. Always emit policyTypes explicitly.

## Why is this bad?

Without policyTypes, Egress only applies when egress rules exist: a policy meant to deny egress does nothing for egress.

## Example

A policy with only `podSelector` and no `policyTypes` is an ingress deny only.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
```

## Use instead

Write policyTypes explicitly.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  - Egress
```

## Fix

Writes out the policyTypes the API server defaults from the rules present (Ingress always, Egress when the policy has egress rules). Safe: the policy means the same; a policy meant to deny egress as well still needs `Egress` added by hand.

Source: API ref NetworkPolicySpec.policyTypes; [D] network-policies",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("NetworkPolicy") {
        let Resource::NetworkPolicy(policy) = object.resource() else {
            continue;
        };
        let Some(spec) = &policy.spec else { continue };
        if spec.policy_types.as_ref().is_some_and(|t| !t.is_empty()) {
            continue;
        }
        let egress = spec.egress.is_some();
        let implied: Vec<String> = if egress {
            vec!["Ingress".to_owned(), "Egress".to_owned()]
        } else {
            vec!["Ingress".to_owned()]
        };
        let message = if egress {
            "policyTypes is not set (implied: Ingress, Egress); write it explicitly".to_owned()
        } else {
            "policyTypes is not set: this policy only isolates ingress, egress stays open; write policyTypes explicitly".to_owned()
        };
        let label = format!("Set policyTypes [{}]", implied.join(", "));
        let fix = crate::rules::fix::edit_later(id, move |copy| {
            let Resource::NetworkPolicy(p) = copy.resource_mut() else {
                return false;
            };
            let Some(spec) = p.spec.as_mut() else {
                return false;
            };
            spec.policy_types = Some(implied.clone());
            true
        });
        let finding = out.report(id, "spec.policyTypes", message);
        finding.safe_fix(label, fix);
    }
}
