//! K8S-API-016 `invalid-env-var`: an env entry has no name, both value and valueFrom, or an ambiguous valueFrom.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-016",
    name: "invalid-env-var",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "an env entry has no name, both value and valueFrom, or an ambiguous valueFrom",
    docs: r"## What it does

env[]: name required; value and valueFrom mutually exclusive; valueFrom sets exactly one source (configMapKeyRef|secretKeyRef|fieldRef|resourceFieldRef); name syntax (C identifier on older clusters, relaxed on recent ones).

## Why is this bad?

The API server rejects the pod template.

## Example

`{name: DB, value: x, valueFrom: {secretKeyRef: ...}}`.

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
        env:
        - name: DB_HOST
          value: db
          valueFrom:
            configMapKeyRef:
              name: web-config
              key: DB_HOST
```

## Use instead

Use either value or valueFrom, and exactly one source inside valueFrom.

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
        env:
        - name: DB_HOST
          valueFrom:
            configMapKeyRef:
              name: web-config
              key: DB_HOST
```

## Fix

There is no automatic fix.

Source: [CV] ValidateEnv, validateEnvVarValueFrom",
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
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            for (i, env) in c.container.env.iter().flatten().enumerate() {
                let field = c.field(&format!("env[{i}]"));
                if env.name.is_empty() {
                    out.report(at.id, format!("{field}.name"), "env var has no name");
                }
                let Some(from) = &env.value_from else {
                    continue;
                };
                if env.value.as_deref().is_some_and(|v| !v.is_empty()) {
                    out.report(
                        at.id,
                        field.clone(),
                        format!("env var {} sets both value and valueFrom", env.name),
                    );
                }
                let sources = usize::from(from.config_map_key_ref.is_some())
                    + usize::from(from.secret_key_ref.is_some())
                    + usize::from(from.field_ref.is_some())
                    + usize::from(from.resource_field_ref.is_some());
                if sources != 1 {
                    out.report(
                        at.id,
                        format!("{field}.valueFrom"),
                        format!("valueFrom of env var {} sets {sources} sources; exactly one of configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef is required", env.name),
                    );
                }
            }
        }
    }
}
