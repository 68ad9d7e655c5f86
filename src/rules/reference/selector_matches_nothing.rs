//! K8S-REF-009 `selector-matches-nothing`: PDB, affinity or topology spread selector matches no pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-009",
    name: "selector-matches-nothing",
    severity: RuleSeverity::Warning,
    kinds: "PDB, pod templates",
    summary: "PDB, affinity or topology spread selector matches no pods",
    docs: r#"## What it does

Other selectors that match nothing: PDB selector, pod (anti-)affinity labelSelector, topologySpreadConstraints labelSelector. (Real example: website zookeeper.yaml anti-affinity uses key "app" while pods carry app.kubernetes.io/name.)

## Why is this bad?

A PDB that selects nothing protects nothing; an anti-affinity term that matches nothing spreads nothing.

## Example

A PodDisruptionBudget selecting `app: webb` while the pods carry `app: web` (like zookeeper's anti-affinity on `app: zk` while its pods carry `app.kubernetes.io/name: zk`).

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
      app: webb
---
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
```

## Use instead

Use the labels the pods actually carry.

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
---
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
```

## Fix

There is no automatic fix.

Source: [D] scheduling-eviction/assign-pod-node; [D] tasks/run-application/configure-pdb"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::api::core::v1::PodAffinityTerm;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::model::selector::{describe_selector, selector_is_empty};

/// A selector term of a pod spec: field path, selector, explicit namespaces, namespaceSelector set.
type Term<'a> = (String, &'a LabelSelector, Option<&'a Vec<String>>, bool);

fn add_terms<'a>(
    terms: &mut Vec<Term<'a>>,
    path: &str,
    kind: &str,
    required: Option<&'a [PodAffinityTerm]>,
    preferred: Vec<&'a PodAffinityTerm>,
) {
    for (i, term) in required.into_iter().flatten().enumerate() {
        if let Some(s) = &term.label_selector {
            terms.push((
                format!("{path}.affinity.{kind}.requiredDuringSchedulingIgnoredDuringExecution[{i}].labelSelector"),
                s,
                term.namespaces.as_ref(),
                term.namespace_selector.is_some(),
            ));
        }
    }
    for (i, term) in preferred.into_iter().enumerate() {
        if let Some(s) = &term.label_selector {
            terms.push((
                format!("{path}.affinity.{kind}.preferredDuringSchedulingIgnoredDuringExecution[{i}].podAffinityTerm.labelSelector"),
                s,
                term.namespaces.as_ref(),
                term.namespace_selector.is_some(),
            ));
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("PodDisruptionBudget") {
        let (Some(namespace), Some(Ok(spec))) = (object.effective_namespace(), ctx.pdb_spec(id))
        else {
            continue;
        };
        let Some(selector) = spec.selector.as_ref().filter(|s| !selector_is_empty(s)) else {
            continue;
        };
        if ctx.select(namespace, selector).is_empty() {
            out.report(
                id,
                "spec.selector",
                format!(
                    "selector {} matches no pods in namespace {namespace}: the budget protects nothing",
                    describe_selector(selector)
                ),
            );
        }
    }
    for at in ctx.pod_specs() {
        let Some(namespace) = at.object.effective_namespace() else {
            continue;
        };
        let mut terms: Vec<Term<'_>> = Vec::new();
        if let Some(affinity) = &at.spec.affinity {
            if let Some(a) = &affinity.pod_anti_affinity {
                add_terms(
                    &mut terms,
                    at.path,
                    "podAntiAffinity",
                    a.required_during_scheduling_ignored_during_execution
                        .as_deref(),
                    a.preferred_during_scheduling_ignored_during_execution
                        .iter()
                        .flatten()
                        .map(|t| &t.pod_affinity_term)
                        .collect(),
                );
            }
            if let Some(a) = &affinity.pod_affinity {
                add_terms(
                    &mut terms,
                    at.path,
                    "podAffinity",
                    a.required_during_scheduling_ignored_during_execution
                        .as_deref(),
                    a.preferred_during_scheduling_ignored_during_execution
                        .iter()
                        .flatten()
                        .map(|t| &t.pod_affinity_term)
                        .collect(),
                );
            }
        }
        for (i, constraint) in at
            .spec
            .topology_spread_constraints
            .iter()
            .flatten()
            .enumerate()
        {
            if let Some(s) = &constraint.label_selector {
                terms.push((
                    format!("{}.topologySpreadConstraints[{i}].labelSelector", at.path),
                    s,
                    None,
                    false,
                ));
            }
        }
        for (field, selector, namespaces, namespace_selector) in terms {
            // Terms over other namespaces may match pods outside the design.
            if namespace_selector || namespaces.is_some_and(|n| n.iter().any(|ns| ns != namespace))
            {
                continue;
            }
            if ctx.select(namespace, selector).is_empty() {
                out.report(
                    at.id,
                    field,
                    format!(
                        "selector {} matches no pods in namespace {namespace}: the term has no effect",
                        describe_selector(selector)
                    ),
                );
            }
        }
    }
}
