//! K8S-API-008 `invalid-deployment-strategy`: Deployment strategy is invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-008",
    name: "invalid-deployment-strategy",
    severity: RuleSeverity::Error,
    kinds: "Deployment",
    summary: "Deployment strategy is invalid",
    docs: r#"## What it does

strategy.type is RollingUpdate or Recreate; Recreate forbids a rollingUpdate block; maxSurge/maxUnavailable are non-negative ints or "N%"; they may not both be 0; maxUnavailable <= 100%.

## Why is this bad?

The API server rejects the Deployment (e.g. "may not be 0 when `maxSurge` is 0").

## Example

`type: Recreate` with a `rollingUpdate` block, or `maxSurge: 0` and `maxUnavailable: 0`.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 0
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

Use RollingUpdate with `maxSurge: 1, maxUnavailable: 0`, or Recreate without a rollingUpdate block.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
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

Source: [AV] ValidateDeploymentStrategy, ValidateRollingUpdateDeployment ("may not be 0 when `maxSurge` is 0")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::{int_or_percent_problem, is_zero, percent};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Deployment") {
        let Resource::Deployment(d) = object.resource() else {
            continue;
        };
        let Some(strategy) = d.spec.as_ref().and_then(|s| s.strategy.as_ref()) else {
            continue;
        };
        let kind = strategy.type_.as_deref().unwrap_or("RollingUpdate");
        match kind {
            "Recreate" if strategy.rolling_update.is_some() => {
                out.report(
                    id,
                    "spec.strategy.rollingUpdate",
                    "rollingUpdate may not be set when strategy type is Recreate",
                );
            }
            "Recreate" | "RollingUpdate" => {}
            other => {
                out.report(
                    id,
                    "spec.strategy.type",
                    format!("strategy type {other} is not RollingUpdate or Recreate"),
                );
            }
        }
        let Some(rolling) = &strategy.rolling_update else {
            continue;
        };
        for (field, value) in [
            ("maxSurge", &rolling.max_surge),
            ("maxUnavailable", &rolling.max_unavailable),
        ] {
            if let Some(problem) = value.as_ref().and_then(int_or_percent_problem) {
                out.report(
                    id,
                    format!("spec.strategy.rollingUpdate.{field}"),
                    format!("{field}: {problem}"),
                );
            }
        }
        if let (Some(surge), Some(unavailable)) = (&rolling.max_surge, &rolling.max_unavailable)
            && is_zero(surge)
            && is_zero(unavailable)
        {
            out.report(
                id,
                "spec.strategy.rollingUpdate.maxUnavailable",
                "maxUnavailable may not be 0 when maxSurge is 0",
            );
        }
        if rolling
            .max_unavailable
            .as_ref()
            .and_then(percent)
            .is_some_and(|p| p > 100)
        {
            out.report(
                id,
                "spec.strategy.rollingUpdate.maxUnavailable",
                "maxUnavailable may not exceed 100%",
            );
        }
    }
}
