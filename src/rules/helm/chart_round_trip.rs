//! K8S-HELM-005 `chart-round-trip`: helm template output must be stable and pass the API/REF rules.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-HELM-005",
    name: "chart-round-trip",
    severity: RuleSeverity::Error,
    kinds: "Chart templates",
    summary: "helm template output must be stable and pass the API/REF rules",
    docs: r#"## What it does

Round trip: helm template output must be byte-stable and pass every API/REF rule; string values templated with | quote.

## Why is this bad?

A chart whose default rendering is invalid fails on install.

## Example

A value templated without `| quote` turning into a number.

```yaml
# templates/configmap.yaml
data:
  VERSION: {{ .Values.version }}
```

## Use instead

Quote string values; re-check the rendered output.

```yaml
# templates/configmap.yaml
data:
  VERSION: {{ .Values.version | quote }}
```

## Fix

There is no automatic fix.

Source: [H] chart_best_practices/values ("quote all strings")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked(
        "needs `helm template` output of a chart; a design holds Kubernetes objects only. Belongs to the Helm export.",
    ),
    scope: Scope::Object,
};
