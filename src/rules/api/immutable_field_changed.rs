//! K8S-API-010 `immutable-field-changed`: an immutable field changed on an already-deployed object.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-010",
    name: "immutable-field-changed",
    severity: RuleSeverity::Warning,
    kinds: "StatefulSet, Deployment",
    summary: "an immutable field changed on an already-deployed object",
    docs: r#"## What it does

Immutable after creation: StatefulSet may only change replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds (serviceName, selector, volumeClaimTemplates, podManagementPolicy need delete/recreate); Deployment spec.selector is immutable in apps/v1. Warn when an edit in the designer touches these on an already-exported object.

Compared with: the deployed baseline of the design. Importing manifests (opening them, or importing them into a design) records each Deployment's and StatefulSet's immutable fields as that text is taken to be what runs, or will run, in the cluster; exporting YAML or a Helm chart from the app records them again with the date. The design file keeps the baseline. Only an object with the same kind, namespace and name as the recorded one is compared: a renamed or moved object is a new object in the cluster. Manifests checked on their own are their own baseline, so this rule reports only on designs edited after an import or export.

## Why is this bad?

StatefulSet serviceName/selector/volumeClaimTemplates/podManagementPolicy and Deployment selector cannot be changed in place; `kubectl apply` fails and the object must be recreated.

## Example

Renaming a StatefulSet's serviceName after it was deployed: `spec.serviceName changed from "postgres" to "db" since it was exported on 2026-11-23`.

Deployed (as last imported or exported):

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
  namespace: shop
spec:
  serviceName: postgres
  selector:
    matchLabels:
      app: postgres
  template:
    metadata:
      labels:
        app: postgres
    spec:
      containers:
      - name: postgres
        image: postgres:17.3
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

The design now:

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels:
      app: postgres
  template:
    metadata:
      labels:
        app: postgres
    spec:
      containers:
      - name: postgres
        image: postgres:17.3
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

Restore the deployed value, or delete and recreate the object (for StatefulSets with `kubectl delete --cascade=orphan` to keep the pods), or give it a new name.

Deployed (as last imported or exported):

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
  namespace: shop
spec:
  serviceName: postgres
  selector:
    matchLabels:
      app: postgres
  template:
    metadata:
      labels:
        app: postgres
    spec:
      containers:
      - name: postgres
        image: postgres:17.3
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

The design now, with serviceName restored (image and replicas may change):

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
  namespace: shop
spec:
  serviceName: postgres
  selector:
    matchLabels:
      app: postgres
  template:
    metadata:
      labels:
        app: postgres
    spec:
      containers:
      - name: postgres
        image: postgres:17.4
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

Restores the deployed value of the field. Unsafe: it discards the edit; when the new value is wanted, delete and recreate the object instead.

Source: [AV] ValidateStatefulSetUpdate ("updates to statefulset spec for fields other than ... are forbidden"); [D] workloads/controllers/deployment (label selector updates)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use serde_json::Value;

use crate::document::Origin;
use crate::document::immutable::{ImmutableField, fields_of};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    if ctx.deployed.is_empty() {
        return;
    }
    for &(id, object) in &ctx.objects {
        let Some(deployed) = ctx.deployed.get(object) else {
            continue;
        };
        for field in fields_of(object.kind_name()) {
            let Some(now) = field.value(object) else {
                continue;
            };
            let recorded = deployed.field(field.path);
            let before = field.comparable(recorded.clone());
            if now == before {
                continue;
            }
            let text = message(object, field, &deployed.origin, &before, &now);
            let finding = out.report(id, field.path, text);
            if let Some(command) =
                crate::rules::fix::edit(id, object, |copy| field.restore(copy, recorded))
            {
                finding.unsafe_fix("Restore the deployed value", vec![command]);
            }
        }
    }
}

/// `spec.serviceName changed from "postgres" to "db" since it was exported on …: …`.
fn message(
    object: &Object,
    field: &ImmutableField,
    origin: &Origin,
    before: &Value,
    now: &Value,
) -> String {
    let before = show(field, before);
    let after = show(field, now);
    let change = if before == after {
        // Different in a detail the summary does not show.
        format!("{} changed", field.path)
    } else {
        format!("{} changed from {before} to {after}", field.path)
    };
    let taken = match origin {
        Origin::Imported { .. } => " (taken as what runs in the cluster)",
        Origin::Exported { .. } => "",
    };
    let origin = origin.describe();
    let kind = object.kind_name();
    let verb = if field.noun.ends_with('s') {
        "are"
    } else {
        "is"
    };
    let version = if kind == "Deployment" {
        " in apps/v1"
    } else {
        ""
    };
    let immutable = format!("{kind} {} {verb} immutable{version}", field.noun);
    format!(
        "{change} since it was {origin}{taken}: {immutable}, so kubectl apply fails; delete and recreate the {kind} (kubectl delete --cascade=orphan keeps its pods)"
    )
}

/// A field value as people read it: `"postgres"`, `` `app=web` ``, `data (10Gi, ReadWriteOnce)`.
fn show(field: &ImmutableField, value: &Value) -> String {
    if value.is_null() {
        return "(not set)".to_owned();
    }
    match field.noun {
        "selector" => serde_json::from_value(value.clone()).map_or_else(
            |_| value.to_string(),
            |selector| format!("`{}`", crate::model::selector::describe_selector(&selector)),
        ),
        "volumeClaimTemplates" => value.as_array().map_or_else(
            || value.to_string(),
            |templates| {
                templates
                    .iter()
                    .map(show_claim)
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
        _ => value.to_string(),
    }
}

/// `data (10Gi, ReadWriteOnce, class fast)`.
fn show_claim(claim: &Value) -> String {
    let name = claim
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("?");
    let spec = claim.get("spec");
    let mut parts = Vec::new();
    if let Some(storage) = spec
        .and_then(|s| s.pointer("/resources/requests/storage"))
        .and_then(Value::as_str)
    {
        parts.push(storage.to_owned());
    }
    if let Some(modes) = spec
        .and_then(|s| s.get("accessModes"))
        .and_then(Value::as_array)
    {
        let modes: Vec<&str> = modes.iter().filter_map(Value::as_str).collect();
        parts.push(modes.join("/"));
    }
    if let Some(class) = spec
        .and_then(|s| s.get("storageClassName"))
        .and_then(Value::as_str)
    {
        parts.push(format!("class {class}"));
    }
    if parts.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({})", parts.join(", "))
    }
}
