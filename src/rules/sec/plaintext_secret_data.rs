//! K8S-SEC-009 `plaintext-secret-data`: Secret data in the design, or secret-looking keys in a ConfigMap.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-009",
    name: "plaintext-secret-data",
    severity: RuleSeverity::Warning,
    kinds: "Secret, ConfigMap, Helm values",
    summary: "Secret data in the design, or secret-looking keys in a ConfigMap",
    docs: r#"## What it does

Secrets are only base64-encoded, not encrypted: Secret data/stringData in exported YAML or chart values is plaintext-equivalent. Emit placeholders / external references instead; flag secret-looking keys in ConfigMaps.

## Why is this bad?

Secrets are only base64-encoded, not encrypted: anything in the exported YAML is plaintext-equivalent.

## Example

A Secret with `data: {password: c2VjcmV0}` in the design; a ConfigMap key `DB_PASSWORD`.

```yaml
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
data:
  password: c2VjcmV0
```

## Use instead

Keep secret values out of the design: reference externally created Secrets (mark the design incomplete) or use a secret manager.

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
        env:
        - name: DB_PASSWORD_FILE
          value: /etc/db/password
        volumeMounts:
        - name: db
          mountPath: /etc/db
          readOnly: true
```

## Fix

There is no automatic fix.

Source: Seed rule; [D] concepts/configuration/secret ("stored unencrypted ... base64")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &["~sensitiveConfigmapContent"],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::rules::sec::secret_in_env::secret_like;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Secret") {
        let Resource::Other(secret) = object.resource() else {
            continue;
        };
        for field in ["data", "stringData"] {
            let keys: Vec<&str> = secret
                .body
                .get(field)
                .and_then(serde_json::Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, _)| k.as_str())
                .collect();
            if !keys.is_empty() {
                out.report(
                    id,
                    field,
                    format!(
                        "Secret values ({}) are in the design and its exported YAML; base64 is not encryption",
                        keys.join(", ")
                    ),
                );
            }
        }
    }
    for &(id, object) in ctx.of_kind("ConfigMap") {
        let Resource::Other(config) = object.resource() else {
            continue;
        };
        let keys: Vec<&str> = config
            .body
            .get("data")
            .and_then(serde_json::Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .filter(|k| secret_like(k))
            .collect();
        if !keys.is_empty() {
            out.report(
                id,
                "data",
                format!(
                    "keys {} look like secrets; ConfigMaps are not meant for them",
                    keys.join(", ")
                ),
            );
        }
    }
}
