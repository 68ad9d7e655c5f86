//! K8S-API-014 `invalid-resource-quantities`: resource quantities do not parse, or a request exceeds its limit.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-014",
    name: "invalid-resource-quantities",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "resource quantities do not parse, or a request exceeds its limit",
    docs: r#"## What it does

Resource quantities must parse; for each resource request <= limit ("must be less than or equal to cpu limit").

## Why is this bad?

The API server rejects the pod template ("must be less than or equal to cpu limit").

## Example

`requests: {cpu: 2}` with `limits: {cpu: 500m}`, or `memory: 1 GB`.

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
        resources:
          requests:
            cpu: "2"
          limits:
            cpu: 500m
```

## Use instead

Use Kubernetes quantities (`500m`, `256Mi`, `1Gi`) and keep every request at or below its limit.

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
        resources:
          requests:
            cpu: 500m
          limits:
            cpu: "2"
```

## Fix

There is no automatic fix.

Source: [CV] ValidateResourceRequirements"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::parse_quantity;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let Some(resources) = &c.container.resources else {
                continue;
            };
            for (list, map) in [
                ("requests", &resources.requests),
                ("limits", &resources.limits),
            ] {
                for (resource, quantity) in map.iter().flatten() {
                    if parse_quantity(&quantity.0).is_none_or(|v| v < 0.0) {
                        out.report(
                            at.id,
                            c.field(&format!("resources.{list}.{resource}")),
                            format!("{resource} {list} `{}` is not a valid quantity (e.g. 500m, 256Mi, 1Gi)", quantity.0),
                        );
                    }
                }
            }
            for (resource, request) in resources.requests.iter().flatten() {
                let limit = resources.limits.as_ref().and_then(|l| l.get(resource));
                if let (Some(r), Some(l)) = (
                    parse_quantity(&request.0),
                    limit.and_then(|l| parse_quantity(&l.0)),
                ) && r > l
                {
                    out.report(
                        at.id,
                        c.field(&format!("resources.requests.{resource}")),
                        format!(
                            "{resource} request {} must be less than or equal to {resource} limit {}",
                            request.0,
                            limit.map_or("", |l| l.0.as_str())
                        ),
                    );
                }
            }
        }
    }
}
