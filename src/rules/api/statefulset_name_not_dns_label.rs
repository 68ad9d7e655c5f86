//! K8S-API-002 `statefulset-name-not-dns-label`: StatefulSet name is not a DNS-1123 label (no dots, at most 63 characters).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-002",
    name: "statefulset-name-not-dns-label",
    severity: RuleSeverity::Error,
    kinds: "StatefulSet",
    summary: "StatefulSet name is not a DNS-1123 label (no dots, at most 63 characters)",
    docs: r"## What it does

StatefulSet name must be a DNS-1123 LABEL (<=63, no dots) - stricter than Deployment, because it becomes the pod hostname prefix.

## Why is this bad?

The name prefixes every pod hostname (`web-0`), which must be a DNS label.

## Example

`db.primary` is accepted for a Deployment but rejected for a StatefulSet.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db.primary
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

Rename the StatefulSet using only lowercase letters, digits and `-`.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db-primary
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

Source: [AV] ValidateStatefulSetName -> NameIsDNSLabel",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::is_dns1123_label;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("StatefulSet") {
        let name = object.name();
        if !name.is_empty() && !is_dns1123_label(name) {
            out.report(
                id,
                "metadata.name",
                format!("StatefulSet name `{name}` is not a DNS-1123 label (lowercase letters, digits and '-', no dots, at most 63 characters): it prefixes every pod hostname"),
            );
        }
    }
}
