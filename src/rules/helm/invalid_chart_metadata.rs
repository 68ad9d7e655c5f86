//! K8S-HELM-001 `invalid-chart-metadata`: Chart.yaml metadata and naming conventions.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-HELM-001",
    name: "invalid-chart-metadata",
    severity: RuleSeverity::Error,
    kinds: "Chart",
    summary: "Chart.yaml metadata and naming conventions",
    docs: r"## What it does

Chart.yaml needs apiVersion v2, name and version (SemVer 2); chart name lowercase letters/digits/dashes (DNS-1123 label, <=63); conventions: values keys camelCase, 2-space YAML indentation, dashed template file names ending .yaml.

## Why is this bad?

helm rejects charts without apiVersion v2, name and a SemVer version.

## Example

`version: 1.0` (not SemVer 2).

```yaml
apiVersion: v2
name: web
version: 1.0
```

## Use instead

Use `apiVersion: v2`, a DNS-label chart name and a SemVer version.

```yaml
apiVersion: v2
name: web
version: 1.0.0
```

## Fix

There is no automatic fix.

Source: [H] topics/charts (Chart.yaml), chart_best_practices/conventions, /values, /templates; helm lint",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked(
        "needs a Helm chart (Chart.yaml); a design holds Kubernetes objects only. Belongs to the Helm export.",
    ),
    scope: Scope::Object,
};
