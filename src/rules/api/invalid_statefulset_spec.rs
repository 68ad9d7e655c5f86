//! K8S-API-009 `invalid-statefulset-spec`: StatefulSet policy fields are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-009",
    name: "invalid-statefulset-spec",
    severity: RuleSeverity::Error,
    kinds: "StatefulSet",
    summary: "StatefulSet policy fields are invalid",
    docs: r"## What it does

podManagementPolicy is OrderedReady|Parallel; updateStrategy.type is RollingUpdate|OnDelete; rollingUpdate only with RollingUpdate; partition >= 0; rollingUpdate.maxUnavailable != 0 and <= 100%; PVC retention policy values Retain|Delete.

## Why is this bad?

The API server rejects the StatefulSet.

## Example

`podManagementPolicy: Sequential`, or `updateStrategy.type: OnDelete` with a rollingUpdate block.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  podManagementPolicy: Sequential
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16.4
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 10Gi
```

## Use instead

podManagementPolicy OrderedReady|Parallel; updateStrategy RollingUpdate|OnDelete; partition >= 0; retention Retain|Delete.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  podManagementPolicy: OrderedReady
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16.4
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 10Gi
```

## Fix

There is no automatic fix.

Source: [AV] ValidateStatefulSetSpec, validateRollingUpdateStatefulSet, ValidatePersistentVolumeClaimRetentionPolicy",
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::{int_or_percent_problem, is_zero, percent};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("StatefulSet") {
        let Resource::StatefulSet(set) = object.resource() else {
            continue;
        };
        let Some(spec) = &set.spec else { continue };
        if let Some(policy) = spec
            .pod_management_policy
            .as_deref()
            .filter(|p| !matches!(*p, "OrderedReady" | "Parallel"))
        {
            out.report(
                id,
                "spec.podManagementPolicy",
                format!("podManagementPolicy {policy} is not OrderedReady or Parallel"),
            );
        }
        if let Some(strategy) = &spec.update_strategy {
            let kind = strategy.type_.as_deref().unwrap_or("RollingUpdate");
            if !matches!(kind, "RollingUpdate" | "OnDelete") {
                out.report(
                    id,
                    "spec.updateStrategy.type",
                    format!("updateStrategy type {kind} is not RollingUpdate or OnDelete"),
                );
            }
            if let Some(rolling) = &strategy.rolling_update {
                if kind != "RollingUpdate" {
                    out.report(
                        id,
                        "spec.updateStrategy.rollingUpdate",
                        format!(
                            "rollingUpdate may only be set with type RollingUpdate, not {kind}"
                        ),
                    );
                }
                if let Some(partition) = rolling.partition.filter(|p| *p < 0) {
                    out.report(
                        id,
                        "spec.updateStrategy.rollingUpdate.partition",
                        format!("partition {partition} must be 0 or more"),
                    );
                }
                if let Some(max) = &rolling.max_unavailable {
                    let problem = int_or_percent_problem(max)
                        .or_else(|| is_zero(max).then(|| "maxUnavailable may not be 0".to_owned()))
                        .or_else(|| {
                            percent(max)
                                .filter(|p| *p > 100)
                                .map(|_| "maxUnavailable may not exceed 100%".to_owned())
                        });
                    if let Some(problem) = problem {
                        out.report(
                            id,
                            "spec.updateStrategy.rollingUpdate.maxUnavailable",
                            problem,
                        );
                    }
                }
            }
        }
        if let Some(retention) = &spec.persistent_volume_claim_retention_policy {
            for (field, value) in [
                ("whenDeleted", &retention.when_deleted),
                ("whenScaled", &retention.when_scaled),
            ] {
                if let Some(v) = value
                    .as_deref()
                    .filter(|v| !matches!(*v, "Retain" | "Delete"))
                {
                    out.report(
                        id,
                        format!("spec.persistentVolumeClaimRetentionPolicy.{field}"),
                        format!("{field} {v} is not Retain or Delete"),
                    );
                }
            }
        }
    }
}
