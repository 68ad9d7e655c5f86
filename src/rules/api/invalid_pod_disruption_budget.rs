//! K8S-API-025 `invalid-pod-disruption-budget`: `PodDisruptionBudget` sets both minAvailable and maxUnavailable, or bad values.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-025",
    name: "invalid-pod-disruption-budget",
    severity: RuleSeverity::Error,
    kinds: "PodDisruptionBudget",
    summary: "PodDisruptionBudget sets both minAvailable and maxUnavailable, or bad values",
    docs: r#"## What it does

minAvailable and maxUnavailable are mutually exclusive; each is a non-negative int or percent; selector syntax valid.

## Why is this bad?

The API server rejects the PDB ("minAvailable and maxUnavailable cannot be both set").

## Example

`minAvailable: 1` together with `maxUnavailable: 1`.

```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  minAvailable: 1
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
```

## Use instead

Keep one of them, as a non-negative integer or a percentage.

```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
```

## Fix

There is no automatic fix.

Source: [PV] ValidatePodDisruptionBudgetSpec ("minAvailable and maxUnavailable cannot be both set")"#,
    peers: Peers {
        kube_score: &["~poddisruptionbudget-has-policy"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::int_or_percent_problem;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, _) in ctx.of_kind("PodDisruptionBudget") {
        let Some(parsed) = ctx.pdb_spec(id) else {
            continue;
        };
        let spec = match parsed {
            Ok(spec) => spec,
            Err(error) => {
                out.report(
                    id,
                    "spec",
                    format!("spec does not read as a PodDisruptionBudget spec: {error}"),
                );
                continue;
            }
        };
        if spec.min_available.is_some() && spec.max_unavailable.is_some() {
            out.report(
                id,
                "spec",
                "minAvailable and maxUnavailable cannot be both set",
            );
        }
        for (field, value) in [
            ("minAvailable", &spec.min_available),
            ("maxUnavailable", &spec.max_unavailable),
        ] {
            if let Some(problem) = value.as_ref().and_then(int_or_percent_problem) {
                out.report(id, format!("spec.{field}"), format!("{field}: {problem}"));
            }
        }
        if let Some(selector) = &spec.selector {
            for (field, problem) in crate::model::validation::label_selector_problems(selector) {
                out.report(id, format!("spec.selector.{field}"), problem);
            }
        }
    }
}
