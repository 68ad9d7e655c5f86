//! K8S-SEC-010 `secret-in-env`: secret-looking literal env values, or secrets passed as env vars.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-010",
    name: "secret-in-env",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "secret-looking literal env values, or secrets passed as env vars",
    docs: r"## What it does

Secret material in env: literal secret-looking env values (warning) and secretKeyRef env vars (info - prefer mounted files).

## Why is this bad?

Environment variables leak into logs, crash dumps and child processes.

## Example

`env: [{name: DB_PASSWORD, value: hunter2}]`.

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
        - name: DB_PASSWORD
          value: hunter2
```

## Use instead

Read secrets from mounted Secret files; at least use secretKeyRef instead of literals.

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
      volumes:
      - name: db
        secret:
          secretName: db
      containers:
      - name: web
        image: nginx:1.27.3
        volumeMounts:
        - name: db
          mountPath: /etc/db
          readOnly: true
```

## Fix

There is no automatic fix.

Source: CIS 5.4.1",
    peers: Peers {
        kube_score: &[],
        kube_linter: &["env-var-secret", "~read-secret-from-env-var"],
        polaris: &["sensitiveContainerEnvVar"],
        checkov: &["CKV_K8S_35"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

/// Whether an env var name looks like it holds a secret.
pub(crate) fn secret_like(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    // `POSTGRES_PASSWORD_FILE=/run/secrets/...` names a file, not a secret.
    if upper.ends_with("_FILE") || upper.ends_with("_PATH") || upper.ends_with("_DIR") {
        return false;
    }
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "CREDENTIAL",
    ]
    .iter()
    .any(|word| upper.contains(word))
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            for (i, env) in c.container.env.iter().flatten().enumerate() {
                let field = c.item("env", i);
                if let Some(value) = env.value.as_deref().filter(|v| !v.is_empty())
                    && secret_like(&env.name)
                    && !value.starts_with('$')
                {
                    out.report(
                        at.id,
                        field.to_string(),
                        format!(
                            "container `{}` sets {} to a literal value; secrets in plain env leak into logs and the design",
                            c.container.name, env.name
                        ),
                    )
                    .severity(Severity::Warning);
                } else if let Some(reference) = env
                    .value_from
                    .as_ref()
                    .and_then(|v| v.secret_key_ref.as_ref())
                {
                    out.report(
                        at.id,
                        field.to_string(),
                        format!(
                            "container `{}` reads {} from Secret {} as an env var; mounted files do not leak into child processes and crash dumps",
                            c.container.name, env.name, reference.name
                        ),
                    );
                }
            }
        }
    }
}
