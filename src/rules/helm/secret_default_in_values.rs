//! K8S-HELM-006 `secret-default-in-values`: values.yaml carries real secret material as defaults.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-HELM-006",
    name: "secret-default-in-values",
    severity: RuleSeverity::Warning,
    kinds: "Chart values",
    summary: "values.yaml carries real secret material as defaults",
    docs: r#"## What it does

No real secret material as values.yaml defaults; use existingSecret / required "..." patterns (see K8S-SEC-009).

## Why is this bad?

Chart defaults are published with the chart.

## Example

`password: changeme` in values.yaml.

```yaml
# values.yaml
postgres:
  password: changeme
```

## Use instead

Use `existingSecret` or `required` for secret values.

```yaml
# values.yaml
postgres:
  existingSecret: postgres-credentials
```

## Fix

There is no automatic fix.

Source: [H] chart_best_practices/values; [D] configuration/secret"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked(
        "needs a chart values.yaml; a design holds Kubernetes objects only (Secret data in the design itself is K8S-SEC-009).",
    ),
    scope: Scope::Object,
};
