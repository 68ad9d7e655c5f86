//! K8S-HELM-002 `templated-name-too-long`: generated names exceed limits after templating.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-HELM-002",
    name: "templated-name-too-long",
    severity: RuleSeverity::Error,
    kinds: "Chart templates",
    summary: "generated names exceed limits after templating",
    docs: r#"## What it does

Generated names must stay within limits after templating: fullname = Release.Name + chart name | trunc 63 | trimSuffix "-" (StatefulSet <=52, Service must start with a letter).

## Why is this bad?

Release name + chart name can exceed 63 characters (52 for StatefulSets) and be rejected.

## Example

A 40-character release name with a 20-character chart name.

```yaml
# templates/statefulset.yaml
metadata:
  name: {{ .Release.Name }}-{{ .Chart.Name }}
```

## Use instead

Truncate fullname to 63 characters (`trunc 63 | trimSuffix "-"`).

```yaml
# templates/statefulset.yaml (web.fullname ends in | trunc 52 | trimSuffix "-")
metadata:
  name: {{ include "web.fullname" . }}
```

## Fix

There is no automatic fix.

Source: helm create _helpers.tpl convention; K8S-API-001..003"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked(
        "needs chart templates and a release name to render; a design holds Kubernetes objects only. Belongs to the Helm export.",
    ),
    scope: Scope::Object,
};
