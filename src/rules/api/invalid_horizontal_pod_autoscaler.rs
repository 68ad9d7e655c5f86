//! K8S-API-028 `invalid-horizontal-pod-autoscaler`: a HorizontalPodAutoscaler's scale target, replica range or metric targets are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-028",
    name: "invalid-horizontal-pod-autoscaler",
    severity: RuleSeverity::Error,
    kinds: "HorizontalPodAutoscaler",
    summary: "a HorizontalPodAutoscaler's scale target, replica range or metric targets are invalid",
    docs: r"## What it does

scaleTargetRef names a kind and a workload; the kind has a scale subresource (Deployment, StatefulSet, ReplicaSet) and the workload is in the HPA's namespace; minReplicas >= 1; maxReplicas >= 1 and >= minReplicas; each metric has a known type and its source; a resource metric targets Utilization (averageUtilization >= 1) or AverageValue (a positive quantity), not both. autoscaling/v1's targetCPUUtilizationPercentage is >= 1. A target missing from the design is an error in a complete design and a warning otherwise (info when listed in the kubedraft.io/external annotation).

## Why is this bad?

The API server rejects the autoscaler (maxReplicas below minReplicas, a target utilization of 0, a missing target name), or accepts it and the controller never scales: a DaemonSet or a missing Deployment has no scale subresource to read, and the HPA reports FailedGetScale.

## Example

`minReplicas: 5` with `maxReplicas: 3`.

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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 5
  maxReplicas: 3
```

## Use instead

Keep maxReplicas at least minReplicas, and target a Deployment, StatefulSet or ReplicaSet of the same namespace.

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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 80
```

## Fix

There is no automatic fix.

Source: kubernetes `pkg/apis/autoscaling/validation` ValidateHorizontalPodAutoscalerSpec (maxReplicas: must be greater than or equal to `minReplicas`), validateMetrics, ValidateCrossVersionObjectReference (quotes from knowledge of the source); [D] tasks/run-application/horizontal-pod-autoscale (scale subresource, FailedGetScale)",
    peers: Peers {
        kube_score: &["~horizontalpodautoscaler-has-target"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::api::autoscaling::{v1, v2};
use serde::Deserialize as _;

use crate::model::validation::{
    metrics_problems, replica_range_problems, scale_target_ref_problems, utilization_problem,
};
use crate::rules::reference::referenced_object_missing::{EXTERNAL_ANNOTATION, marked_external};

/// The part of an autoscaler's spec this rule reads, from either API version.
struct Spec {
    kind: String,
    name: String,
    min: Option<i32>,
    max: i32,
    metrics: Vec<v2::MetricSpec>,
    /// `autoscaling/v1`'s single CPU target.
    cpu_percent: Option<i32>,
}

/// The spec of an autoscaler of a version this rule reads (`None`: another version, or no spec;
/// `Err`: a spec of the wrong shape). `autoscaling/v2beta2` has the shape of `v2`; `v2beta1` is
/// not served any more (K8S-API-005 says so).
fn read_spec(api_version: &str, spec: &serde_json::Value) -> Option<Result<Spec, String>> {
    let read = match api_version {
        "autoscaling/v2" | "autoscaling/v2beta2" => {
            v2::HorizontalPodAutoscalerSpec::deserialize(spec).map(|s| Spec {
                kind: s.scale_target_ref.kind,
                name: s.scale_target_ref.name,
                min: s.min_replicas,
                max: s.max_replicas,
                metrics: s.metrics.unwrap_or_default(),
                cpu_percent: None,
            })
        }
        "autoscaling/v1" => v1::HorizontalPodAutoscalerSpec::deserialize(spec).map(|s| Spec {
            kind: s.scale_target_ref.kind,
            name: s.scale_target_ref.name,
            min: s.min_replicas,
            max: s.max_replicas,
            metrics: Vec::new(),
            cpu_percent: s.target_cpu_utilization_percentage,
        }),
        _ => return None,
    };
    Some(read.map_err(|e| e.to_string()))
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("HorizontalPodAutoscaler") {
        let Resource::Other(other) = object.resource() else {
            continue;
        };
        let empty = serde_json::Value::Object(serde_json::Map::new());
        let raw = other.body.get("spec").unwrap_or(&empty);
        let Some(read) = read_spec(&other.api_version, raw) else {
            continue;
        };
        let spec = match read {
            Ok(spec) => spec,
            Err(error) => {
                out.report(
                    id,
                    "spec",
                    format!("spec does not read as a HorizontalPodAutoscaler spec: {error}"),
                );
                continue;
            }
        };
        let target_problems = scale_target_ref_problems(&spec.kind, &spec.name);
        let target_valid = target_problems.is_empty();
        for (field, problem) in target_problems {
            out.report(id, format!("spec.scaleTargetRef.{field}"), problem);
        }
        for (field, problem) in replica_range_problems(spec.min, spec.max) {
            out.report(id, format!("spec.{field}"), problem);
        }
        for (field, problem) in metrics_problems(&spec.metrics) {
            out.report(id, format!("spec.metrics{field}"), problem);
        }
        let field = "targetCPUUtilizationPercentage";
        if let Some(problem) = spec
            .cpu_percent
            .and_then(|percent| utilization_problem(field, percent))
        {
            out.report(id, format!("spec.{field}"), problem);
        }
        if target_valid {
            target_in_namespace(ctx, out, id, object, &spec);
        }
    }
}

/// Reports a scale target that is not in the autoscaler's namespace: an error when the design is
/// complete, a warning when it may exist outside it, info when the design says it does.
fn target_in_namespace(
    ctx: &Context<'_>,
    out: &mut Findings,
    id: ObjectId,
    object: &Object,
    spec: &Spec,
) {
    let namespace = object.effective_namespace();
    let found = ctx
        .find(&spec.kind, namespace, &spec.name)
        .is_some_and(|(_, target)| target.kind().is_scalable());
    if found {
        return;
    }
    let (kind, name) = (&spec.kind, &spec.name);
    let external = marked_external(object, kind, name);
    let message = if external {
        format!("{kind} {name} is outside the design (marked in {EXTERNAL_ANNOTATION})")
    } else {
        format!(
            "no {kind} {name} in namespace {}: the autoscaler has nothing to scale (add it, or list it in the {EXTERNAL_ANNOTATION} annotation)",
            namespace.unwrap_or("default")
        )
    };
    let finding = out.report(id, "spec.scaleTargetRef.name", message);
    if external {
        finding.severity(Severity::Info);
    } else if !ctx.complete {
        finding.severity(Severity::Warning);
    }
}
