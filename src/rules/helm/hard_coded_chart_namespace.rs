//! K8S-HELM-004 `hard-coded-chart-namespace`: chart templates hard-code metadata.namespace.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-HELM-004",
    name: "hard-coded-chart-namespace",
    severity: RuleSeverity::Warning,
    kinds: "Chart templates",
    summary: "chart templates hard-code metadata.namespace",
    docs: r#"## What it does

Do not hard-code metadata.namespace in chart templates; let helm --namespace decide (use .Release.Namespace only where cross-namespace refs need it).

## Why is this bad?

helm --namespace should decide where a release goes.

## Example

`namespace: shop` literally in a template.

```yaml
# templates/deployment.yaml
metadata:
  name: web
  namespace: shop
```

## Use instead

Omit metadata.namespace or use .Release.Namespace.

```yaml
# templates/deployment.yaml
metadata:
  name: web
```

## Fix

There is no automatic fix.

Source: [H] chart_best_practices/conventions ("Avoid defining the namespace property in the metadata section")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked(
        "needs chart templates; a design holds Kubernetes objects only. Belongs to the Helm export.",
    ),
    scope: Scope::Object,
};
