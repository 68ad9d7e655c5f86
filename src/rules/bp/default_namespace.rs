//! K8S-BP-001 `default-namespace`: object is in the default namespace (or has no namespace).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-001",
    name: "default-namespace",
    severity: RuleSeverity::Warning,
    kinds: "All namespaced",
    summary: "object is in the default namespace (or has no namespace)",
    docs: r#"## What it does

Never deploy application workloads into the "default" namespace (also flag missing metadata.namespace when exporting without a target namespace).

## Why is this bad?

The default namespace mixes unrelated workloads, cannot be governed by per-team quotas and policies, and is where kubectl puts anything by accident (CIS 5.7.4).

## Example

A Deployment in the `default` namespace (or without `metadata.namespace`).

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Use instead

Set a dedicated namespace. The fix moves every object of the default namespace together (so Services, budgets and policies stay with their workloads) into the design's only other namespace, else the `app.kubernetes.io/part-of` application they share, else `app`.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

Moves every object of the default namespace together (Services, budgets and policies stay with their workloads) into the design's only other namespace, else the `app.kubernetes.io/part-of` application they share, else `app`. Unsafe: the objects get new DNS names and other policies apply to them.

Source: Seed rule; CIS Kubernetes Benchmark 5.7.4"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["use-namespace"],
        polaris: &[],
        checkov: &["CKV_K8S_21"],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::document::Command;
use crate::model::Namespace;

/// The label naming the application an object belongs to (a natural namespace name).
const PART_OF: &str = "app.kubernetes.io/part-of";

/// Whether `name` can name a namespace (an RFC 1123 label).
fn is_namespace_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// Where the objects of the default namespace move together: the design's only other namespace,
/// else the `part-of` application they all share, else `app` (numbered when taken), so that
/// Services, budgets and policies stay in the namespace of the workloads they belong to.
fn target(ctx: &Context<'_>, moving: &[(ObjectId, &Object)]) -> String {
    let names = ctx.namespace_names();
    let others: Vec<&str> = names
        .iter()
        .copied()
        .filter(|ns| *ns != "default")
        .collect();
    if let [only] = others.as_slice() {
        return (*only).to_owned();
    }
    let part_of = |object: &Object| {
        object
            .metadata()
            .labels
            .as_ref()
            .and_then(|labels| labels.get(PART_OF))
            .cloned()
    };
    if let Some(first) = moving.first().and_then(|&(_, o)| part_of(o))
        && is_namespace_name(&first)
        && first != "default"
        && moving
            .iter()
            .all(|&(_, o)| part_of(o).as_ref() == Some(&first))
    {
        return first;
    }
    let taken = |name: &str| names.contains(&name);
    if !taken("app") {
        return "app".to_owned();
    }
    // One more candidate than there are names: one of them is free.
    (2..=names.len() + 2)
        .map(|n| format!("app-{n}"))
        .find(|name| !taken(name))
        .unwrap_or_default()
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let moving: Vec<(ObjectId, &Object)> = ctx
        .objects
        .iter()
        .copied()
        .filter(|(_, object)| object.effective_namespace() == Some("default"))
        .collect();
    if moving.is_empty() {
        return;
    }
    let target = target(ctx, &moving);
    // One batch moves every object of the default namespace, so nothing is left behind.
    let mut commands = Vec::new();
    if !ctx.model.namespaces().contains_key(&target) {
        commands.push(Command::AddNamespace {
            name: target.clone(),
            namespace: Namespace::default(),
            frame: None,
        });
    }
    commands.extend(moving.iter().filter_map(|&(id, object)| {
        crate::rules::fix::edit(id, object, |copy| {
            copy.metadata_mut().namespace = Some(target.clone());
            true
        })
    }));
    // The emptied default namespace leaves no frame behind on the canvas (the new namespace's
    // frame is drawn around the moved objects), and a declaration the designer made goes too;
    // one read from a manifest stays, as the manifest said.
    commands.push(Command::SetFrame {
        name: "default".to_owned(),
        frame: None,
    });
    if ctx
        .model
        .namespaces()
        .get("default")
        .is_some_and(|ns| !ns.from_manifest)
    {
        commands.push(Command::RemoveNamespace {
            name: "default".to_owned(),
        });
    }
    // One shared batch for every finding: a copy each would hold every moved object per finding.
    let commands: std::sync::Arc<[Command]> = commands.into();
    let label = match moving.len() {
        1 => format!("Move the object of the default namespace to namespace {target}"),
        n => format!("Move the {n} objects of the default namespace to namespace {target}"),
    };
    for &(id, object) in &moving {
        let message = if object.namespace().is_none_or(str::is_empty) {
            "no namespace set: kubectl puts it into the default namespace"
        } else {
            "in the default namespace; use a dedicated namespace"
        };
        out.report(id, "metadata.namespace", message)
            .unsafe_fix(label.clone(), std::sync::Arc::clone(&commands));
    }
}
