//! K8S-API-005 `removed-api-version`: apiVersion/kind is not served by current Kubernetes (removed API).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-005",
    name: "removed-api-version",
    severity: RuleSeverity::Error,
    kinds: "All",
    summary: "apiVersion/kind is not served by current Kubernetes (removed API)",
    docs: r"## What it does

apiVersion/kind must be served by the target cluster: apps/v1 (Deployment, StatefulSet), v1 (Service), networking.k8s.io/v1 (Ingress, NetworkPolicy), policy/v1 (PDB). extensions/v1beta1 + apps/v1beta1/2 workloads removed in 1.16, networking.k8s.io/v1beta1 Ingress in 1.22, policy/v1beta1 PDB in 1.25.

## Why is this bad?

Manifests using removed API versions are rejected by the API server (`no matches for kind`).

## Example

`apiVersion: policy/v1beta1` PodDisruptionBudget was removed in Kubernetes 1.25 (as `extensions/v1beta1` Deployments were in 1.16).

```yaml
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
```

## Use instead

Use the stable version: apps/v1 for workloads, networking.k8s.io/v1 for Ingress and NetworkPolicy, policy/v1 for PodDisruptionBudget.

```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
```

## Fix

There is no automatic fix.

Source: [D] reference/using-api/deprecation-guide",
    peers: Peers {
        kube_score: &["stable-version"],
        kube_linter: &["~no-extensions-v1beta", "~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in &ctx.objects {
        let (version, kind) = (object.api_version(), object.kind_name());
        if let Some((_, _, instead, release)) = crate::model::kinds::REMOVED_API_VERSIONS
            .iter()
            .find(|(v, k, _, _)| *v == version && *k == kind)
        {
            out.report(
                id,
                "apiVersion",
                format!("{version} {kind} was removed in Kubernetes {release}; use {instead}"),
            );
        }
    }
}
