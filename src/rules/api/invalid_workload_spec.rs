//! K8S-API-006 `invalid-workload-spec`: workload spec basics are invalid (selector, restartPolicy, negative counts, deadlines).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-006",
    name: "invalid-workload-spec",
    severity: RuleSeverity::Error,
    kinds: "Deployment, StatefulSet",
    summary: "workload spec basics are invalid (selector, restartPolicy, negative counts, deadlines)",
    docs: r#"## What it does

Workload spec basics: spec.selector required and non-empty; matchExpressions keys are qualified names and operators In/NotIn (need values) / Exists/DoesNotExist (no values); template.spec.restartPolicy must be Always; activeDeadlineSeconds forbidden; replicas, minReadySeconds, revisionHistoryLimit >= 0; Deployment progressDeadlineSeconds > minReadySeconds.

## Why is this bad?

The API server rejects the Deployment or StatefulSet.

## Example

`selector: {}` ("empty selector is invalid for deployment"), `restartPolicy: Never` in a template, or `progressDeadlineSeconds` not above `minReadySeconds`.

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
      restartPolicy: Never
      containers:
      - name: web
        image: nginx:1.27.3
```

## Use instead

Set a non-empty selector, leave restartPolicy at Always, keep counts non-negative.

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
      restartPolicy: Always
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: [AV] ValidateDeploymentSpec ("empty selector is invalid for deployment", "must be greater than minReadySeconds"), ValidateStatefulSetSpec; [MV] ValidateLabelSelector"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::selector::selector_is_empty;
use crate::model::validation::label_selector_problems;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx
        .of_kind("Deployment")
        .iter()
        .chain(ctx.of_kind("StatefulSet"))
    {
        let (selector, replicas, min_ready, history, progress) = match object.resource() {
            Resource::Deployment(d) => {
                let Some(s) = &d.spec else {
                    out.report(id, "spec", "spec is missing");
                    continue;
                };
                (
                    &s.selector,
                    s.replicas,
                    s.min_ready_seconds,
                    s.revision_history_limit,
                    s.progress_deadline_seconds,
                )
            }
            Resource::StatefulSet(d) => {
                let Some(s) = &d.spec else {
                    out.report(id, "spec", "spec is missing");
                    continue;
                };
                (
                    &s.selector,
                    s.replicas,
                    s.min_ready_seconds,
                    s.revision_history_limit,
                    None,
                )
            }
            _ => continue,
        };
        if selector_is_empty(selector) {
            out.report(
                id,
                "spec.selector",
                format!(
                    "empty selector is invalid for {}",
                    object.kind_name().to_lowercase()
                ),
            );
        }
        for (field, problem) in label_selector_problems(selector) {
            out.report(id, format!("spec.selector.{field}"), problem);
        }
        for (field, value) in [
            ("replicas", replicas),
            ("minReadySeconds", min_ready),
            ("revisionHistoryLimit", history),
        ] {
            if let Some(v) = value.filter(|v| *v < 0) {
                out.report(
                    id,
                    format!("spec.{field}"),
                    format!("{field} is {v}; it must be 0 or more"),
                );
            }
        }
        if let Some(progress) = progress
            && progress <= min_ready.unwrap_or(0)
        {
            out.report(
                id,
                "spec.progressDeadlineSeconds",
                format!("progressDeadlineSeconds ({progress}) must be greater than minReadySeconds ({})", min_ready.unwrap_or(0)),
            );
        }
        if let Some(spec) = object.pod_spec() {
            if let Some(policy) = spec.restart_policy.as_deref().filter(|p| *p != "Always") {
                out.report(
                    id,
                    "spec.template.spec.restartPolicy",
                    format!(
                        "restartPolicy {policy}: only Always is allowed in a {} template",
                        object.kind_name()
                    ),
                );
            }
            if spec.active_deadline_seconds.is_some() {
                out.report(
                    id,
                    "spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds is forbidden in a workload template",
                );
            }
        }
    }
}
