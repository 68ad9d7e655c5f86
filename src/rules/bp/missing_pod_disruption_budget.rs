//! K8S-BP-009 `missing-pod-disruption-budget`: replicated workload has no `PodDisruptionBudget`, or its PDB allows no evictions.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-009",
    name: "missing-pod-disruption-budget",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet, PDB",
    summary: "replicated workload has no PodDisruptionBudget, or its PDB allows no evictions",
    docs: r"## What it does

Critical (replicas >= 2) services should be covered by a PodDisruptionBudget, and the PDB must still allow evictions (not maxUnavailable 0 / minAvailable >= replicas / 100%), otherwise node drains block.

The severity depends on the environment checked (`kubedraft check --env NAME`): a warning in the base, in a production environment (`prod`, `production`, `prd`, `live`, or a name with such a part) and in an environment of another name, an info in a non-production environment (`dev`, `test`, `qa`, `staging`, …), where nodes are not drained under load.

## Why is this bad?

Node drains can evict all replicas at once without a PDB; a PDB allowing zero disruptions blocks drains forever.

## Example

A 3-replica Deployment with no PDB, or a PDB with `maxUnavailable: 0`.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
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
```

## Use instead

Add a PDB with `maxUnavailable: 1` selecting the pods.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
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
---
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

Adds a PodDisruptionBudget named after the workload with `maxUnavailable: 1` and the workload's selector. Unsafe: node drains then evict its pods one at a time and wait for them.

Source: Seed rule; [D] tasks/run-application/configure-pdb",
    peers: Peers {
        kube_score: &[
            "deployment-has-poddisruptionbudget",
            "statefulset-has-poddisruptionbudget",
        ],
        kube_linter: &["pdb-max-unavailable", "pdb-min-available"],
        polaris: &["missingPodDisruptionBudget", "pdbDisruptionsIsZero"],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::selector::selector_matches;
use crate::model::validation::{is_zero, percent};

/// The budgets of a namespace with their specs (read once per namespace and pass).
fn budgets<'a>(
    ctx: &Context<'a>,
    namespace: &str,
) -> Vec<(ObjectId, &'a Object, PodDisruptionBudgetSpec)> {
    ctx.of_kind_in("PodDisruptionBudget", namespace)
        .iter()
        .filter_map(|&(id, object)| match object.resource() {
            Resource::Other(_) => ctx
                .pdb_spec(id)
                .and_then(Result::ok)
                .map(|spec| (id, object, spec.clone())),
            _ => None,
        })
        .collect()
}

/// Whether the budget allows no voluntary eviction for `replicas` pods.
fn blocks(spec: &PodDisruptionBudgetSpec, replicas: i32) -> bool {
    if let Some(max) = &spec.max_unavailable {
        return is_zero(max);
    }
    match &spec.min_available {
        Some(IntOrString::Int(n)) => *n >= replicas,
        Some(value) => percent(value).is_some_and(|p| p >= 100),
        None => false,
    }
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let mut by_namespace: std::collections::HashMap<&str, Vec<_>> =
        std::collections::HashMap::new();
    for &(id, object) in ctx
        .of_kind("Deployment")
        .iter()
        .chain(ctx.of_kind("StatefulSet"))
    {
        let replicas = object.replicas().unwrap_or(1);
        let (Some(labels), Some(namespace)) = (object.pod_labels(), object.effective_namespace())
        else {
            continue;
        };
        let budgets = by_namespace
            .entry(namespace)
            .or_insert_with(|| budgets(ctx, namespace));
        let covering: Vec<_> = budgets
            .iter()
            .filter(|(_, _, spec)| {
                spec.selector
                    .as_ref()
                    .is_some_and(|s| selector_matches(s, labels))
            })
            .collect();
        if covering.is_empty() {
            if replicas < 2 {
                continue;
            }
            let selector = match object.resource() {
                Resource::Deployment(d) => d.spec.as_ref().map(|s| s.selector.clone()),
                Resource::StatefulSet(s) => s.spec.as_ref().map(|s| s.selector.clone()),
                _ => None,
            };
            let finding = out.report(
                id,
                "metadata.name",
                format!("{replicas} replicas and no PodDisruptionBudget: a node drain may evict them all at once"),
            );
            if let Some(selector) =
                selector.filter(|s: &LabelSelector| !crate::model::selector::selector_is_empty(s))
            {
                let metadata = crate::rules::fix::metadata(object.name(), object.namespace());
                let make = move || {
                    let pdb = PodDisruptionBudget {
                        metadata: metadata.clone(),
                        spec: Some(PodDisruptionBudgetSpec {
                            max_unavailable: Some(IntOrString::Int(1)),
                            selector: Some(selector.clone()),
                            ..PodDisruptionBudgetSpec::default()
                        }),
                        status: None,
                    };
                    Object::from_value(&serde_json::to_value(&pdb).ok()?).ok()
                };
                finding.unsafe_fix(
                    format!(
                        "Add PodDisruptionBudget {} (maxUnavailable 1)",
                        object.name()
                    ),
                    crate::rules::fix::add_later(make),
                );
            }
            continue;
        }
        for (pdb_id, _, spec) in covering {
            if blocks(spec, replicas) {
                out.report(
                    *pdb_id,
                    "spec",
                    format!(
                        "allows no voluntary disruption of the {replicas} pods of {}: node drains block",
                        object.display_id()
                    ),
                );
            }
        }
    }
}
