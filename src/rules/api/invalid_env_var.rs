//! K8S-API-016 `invalid-env-var`: an env entry has no name, both value and valueFrom, or an ambiguous valueFrom.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-016",
    name: "invalid-env-var",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "an env entry has no name, both value and valueFrom, or an ambiguous valueFrom",
    docs: r"## What it does

env[]: name required; value and valueFrom mutually exclusive; valueFrom sets exactly one source (configMapKeyRef|secretKeyRef|fieldRef|resourceFieldRef); name syntax (C identifier on older clusters, relaxed on recent ones). A configMapKeyRef or secretKeyRef needs a name and a key, a fieldRef a fieldPath, a resourceFieldRef a resource and a valid divisor quantity; envFrom[] names its ConfigMap or Secret.

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
                let field = c.item("env", i);
                if env.name.is_empty() {
                    out.report(at.id, format!("{field}.name"), "env var has no name");
                }
                let Some(from) = &env.value_from else {
                    continue;
                };
                if env.value.as_deref().is_some_and(|v| !v.is_empty()) {
                    out.report(
                        at.id,
                        field.to_string(),
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
                value_source_problems(out, at.id, &format_args!("{field}.valueFrom"), from);
            }
            for (i, source) in c.container.env_from.iter().flatten().enumerate() {
                let field = c.item("envFrom", i);
                let named = [
                    (
                        "configMapRef",
                        source.config_map_ref.as_ref().map(|r| &r.name),
                    ),
                    ("secretRef", source.secret_ref.as_ref().map(|r| &r.name)),
                ];
                match named.iter().filter(|(_, name)| name.is_some()).count() {
                    0 => {
                        out.report(
                            at.id,
                            field.to_string(),
                            "envFrom names neither a ConfigMap (configMapRef) nor a Secret (secretRef)",
                        );
                    }
                    1 => {
                        for (which, name) in named {
                            if name.is_some_and(String::is_empty) {
                                out.report(
                                    at.id,
                                    format!("{field}.{which}.name"),
                                    format!("envFrom {which} has no name"),
                                );
                            }
                        }
                    }
                    _ => {
                        out.report(
                            at.id,
                            field.to_string(),
                            "envFrom sets both configMapRef and secretRef; one entry imports one object",
                        );
                    }
                }
            }
        }
    }
}

/// What the API server refuses in the one source of a `valueFrom` (at `field`).
fn value_source_problems(
    out: &mut Findings,
    id: ObjectId,
    field: &std::fmt::Arguments<'_>,
    from: &k8s_openapi::api::core::v1::EnvVarSource,
) {
    let key_refs = [
        (
            "configMapKeyRef",
            "ConfigMap",
            from.config_map_key_ref.as_ref().map(|r| (&r.name, &r.key)),
        ),
        (
            "secretKeyRef",
            "Secret",
            from.secret_key_ref.as_ref().map(|r| (&r.name, &r.key)),
        ),
    ];
    for (which, kind, names) in key_refs {
        let Some((name, key)) = names else { continue };
        if name.is_empty() {
            out.report(
                id,
                format!("{field}.{which}.name"),
                format!("{which} has no name: the {kind} name is required"),
            );
        }
        if key.is_empty() {
            out.report(
                id,
                format!("{field}.{which}.key"),
                format!("{which} has no key: name the key of the {kind} to read"),
            );
        }
    }
    if let Some(field_ref) = &from.field_ref
        && field_ref.field_path.is_empty()
    {
        out.report(
            id,
            format!("{field}.fieldRef.fieldPath"),
            "fieldRef has no fieldPath (e.g. metadata.name, status.podIP)",
        );
    }
    if let Some(resource) = &from.resource_field_ref {
        if resource.resource.is_empty() {
            out.report(
                id,
                format!("{field}.resourceFieldRef.resource"),
                "resourceFieldRef has no resource (e.g. limits.cpu, requests.memory)",
            );
        }
        if let Some(problem) = resource
            .divisor
            .as_ref()
            .and_then(|d| crate::model::validation::quantity_problem(&d.0))
        {
            out.report(
                id,
                format!("{field}.resourceFieldRef.divisor"),
                format!("resourceFieldRef divisor: {problem}"),
            );
        }
    }
}
