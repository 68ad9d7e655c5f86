//! K8S-API-027 `untyped-scalar-on-export`: label, annotation, env and ConfigMap values must be YAML strings.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-027",
    name: "untyped-scalar-on-export",
    severity: RuleSeverity::Error,
    kinds: "All (YAML export)",
    summary: "label, annotation, env and ConfigMap values must be YAML strings",
    docs: r#"## What it does

Typed scalars on export: label/annotation values, env values, ConfigMap data must be YAML strings - quote "true", "yes", "1.0", "0123"; ports/replicas must be integers. Unquoted values fail decoding (cannot unmarshal bool into string).

## Why is this bad?

Unquoted `true`, `yes` or `0123` decode as booleans or numbers and the API server fails with "cannot unmarshal bool into string".

## Example

`version: 1.0` as a label value.

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
      version: 1.0
  template:
    metadata:
      labels:
        app: web
        version: 1.0
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Use instead

Quote such values (`"1.0"`).

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
      version: "1.0"
  template:
    metadata:
      labels:
        app: web
        version: "1.0"
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

Not a fix: the YAML export always quotes such values, so designs exported by kubedraft never have the problem.

Source: API schema (labels map[string]string, EnvVar.value string); [H] chart_best_practices/values "Make types clear ... quote all strings""#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked(
        "holds by construction: import rejects non-string label, annotation and env values with a located error, and export quotes every string a YAML 1.1 reader would take for another type.",
    ),
    scope: Scope::Object,
};
