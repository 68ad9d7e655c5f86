//! K8S-API-003 `statefulset-name-too-long`: StatefulSet name longer than 52 characters: pods are never created.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-003",
    name: "statefulset-name-too-long",
    severity: RuleSeverity::Warning,
    kinds: "StatefulSet",
    summary: "StatefulSet name longer than 52 characters: pods are never created",
    docs: r#"## What it does

StatefulSet name longer than 52 chars is accepted but pods are never created: the controller-revision-hash label "<name>-<10-char hash>" exceeds 63 chars (FailedCreate).

## Why is this bad?

The controller labels each pod with `controller-revision-hash: <name>-<hash>`; with a name over 52 characters that label value exceeds 63 characters and pod creation fails (kubernetes/kubernetes#64023).

## Example

A StatefulSet named with 53 characters is accepted but stays at 0 ready pods with FailedCreate events.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders-database-primary-replica-set-for-region-europe
  namespace: shop
spec:
  serviceName: db
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

Shorten the name to 52 characters or fewer.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders-db-europe
  namespace: shop
spec:
  serviceName: db
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

Source: kubernetes/kubernetes#64023, #79337 (open upstream limitation)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("StatefulSet") {
        let length = object.name().len();
        if length > 52 && length <= 63 {
            out.report(
                id,
                "metadata.name",
                format!("name has {length} characters: the controller-revision-hash label would exceed 63 characters and no pod is ever created (keep it at 52 or fewer)"),
            );
        }
    }
}
