//! K8S-API-026 `invalid-configmap-or-secret-data`: ConfigMap/Secret data keys, base64 values or size are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-026",
    name: "invalid-configmap-or-secret-data",
    severity: RuleSeverity::Error,
    kinds: "Secret, ConfigMap",
    summary: "ConfigMap/Secret data keys, base64 values or size are invalid",
    docs: r"## What it does

Data keys match [-._a-zA-Z0-9]+; Secret.data values must be valid base64 (stringData is plain); ConfigMap data/binaryData keys may not overlap; object size <= 1 MiB. A Secret of a built-in type holds the keys its type requires (kubernetes.io/tls: tls.crt and tls.key; dockerconfigjson, dockercfg, ssh-auth: their file).

## Why is this bad?

The API server rejects the object.

## Example

A key `my key`, Secret data `not base64!`, or the same key in data and binaryData.

```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  my key: value
```

## Use instead

Keys `[-._a-zA-Z0-9]+`; Secret.data base64 (or plain text in stringData); stay below 1 MiB.

```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  my-key: value
```

## Fix

There is no automatic fix.

Source: [CV] ValidateSecret, ValidateConfigMap; [D] configuration/secret",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use serde_json::Value;

use crate::model::validation::data_key_problem;

/// Largest object the API server stores.
const SIZE_LIMIT: usize = 1024 * 1024;

fn valid_key(key: &str) -> bool {
    data_key_problem(key).is_none()
}

/// Whether text is standard base64 (with padding), as Secret.data requires.
fn is_base64(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|b| **b == b'=').count();
    padding <= 2
        && bytes.get(..bytes.len() - padding).is_some_and(|body| {
            body.iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
        })
}

fn map(body: &serde_json::Map<String, Value>, field: &str) -> Vec<(String, Value)> {
    body.get(field)
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for kind in ["Secret", "ConfigMap"] {
        for &(id, object) in ctx.of_kind(kind) {
            let Resource::Other(other) = object.resource() else {
                continue;
            };
            let fields: &[&str] = if kind == "Secret" {
                &["data", "stringData"]
            } else {
                &["data", "binaryData"]
            };
            for field in fields {
                for (key, value) in map(&other.body, field) {
                    if !valid_key(&key) {
                        out.report(
                            id,
                            format!("{field}.{key}"),
                            format!("key `{key}` must consist of letters, digits, '-', '_' or '.'"),
                        );
                    }
                    let base64 = (kind == "Secret" && *field == "data") || *field == "binaryData";
                    if base64 && !value.as_str().is_some_and(is_base64) {
                        out.report(id, format!("{field}.{key}"), format!("value of `{key}` is not valid base64 (use stringData for plain text)"));
                    }
                }
            }
            if kind == "Secret" {
                let secret_type = other
                    .body
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("Opaque");
                let keys: Vec<String> = map(&other.body, "data")
                    .into_iter()
                    .chain(map(&other.body, "stringData"))
                    .map(|(k, _)| k)
                    .collect();
                let missing: Vec<&str> =
                    crate::model::validation::secret_required_keys(secret_type)
                        .iter()
                        .copied()
                        .filter(|key| !keys.iter().any(|k| k == key))
                        .collect();
                if !missing.is_empty() {
                    out.report(
                        id,
                        "type",
                        format!(
                            "a Secret of type {secret_type} needs the keys {}",
                            missing.join(", ")
                        ),
                    );
                }
            }
            if kind == "ConfigMap" {
                let binary: Vec<String> = map(&other.body, "binaryData")
                    .into_iter()
                    .map(|(k, _)| k)
                    .collect();
                for (key, _) in map(&other.body, "data") {
                    if binary.contains(&key) {
                        out.report(
                            id,
                            format!("data.{key}"),
                            format!("key `{key}` is in both data and binaryData"),
                        );
                    }
                }
            }
            let size = serde_json::to_string(&other.body).map_or(0, |s| s.len());
            if size > SIZE_LIMIT {
                out.report(
                    id,
                    "data",
                    format!("{kind} is {size} bytes, over the 1 MiB limit"),
                );
            }
        }
    }
}
