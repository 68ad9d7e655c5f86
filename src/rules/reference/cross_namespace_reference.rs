//! K8S-REF-014 `cross-namespace-reference`: a reference that is namespace-local points into another namespace.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-014",
    name: "cross-namespace-reference",
    severity: RuleSeverity::Error,
    kinds: "All",
    summary: "a reference that is namespace-local points into another namespace",
    docs: r"## What it does

Namespace scoping: Service->pods, Ingress->Service, StatefulSet->serviceName, pod->ConfigMap/Secret/PVC/SA are namespace-local; only NetworkPolicy namespaceSelector crosses namespaces. A designer edge that crosses namespaces cannot work.

## Why is this bad?

Services select pods, Ingresses route to Services and pods mount objects only in their own namespace; such a reference can never work.

## Example

A Service in `shop` whose selector matches only a Deployment in `backend`.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: backend
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
        ports:
        - name: http
          containerPort: 8080
```

## Use instead

Move the objects into one namespace, or expose the target with an ExternalName Service.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: backend
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: backend
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
        ports:
        - name: http
          containerPort: 8080
```

## Fix

There is no automatic fix.

Source: API refs (LocalObjectReference, IngressServiceBackend); [D] network-policies",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(reads),
};

use crate::model::relations::ingress_backends;
use crate::model::selector::map_selector_matches;

// Three kinds of namespace-crossing references, each a short loop.
#[allow(clippy::too_many_lines)]
fn check(ctx: &Context<'_>, out: &mut Findings) {
    // A Service that selects nothing at home but pods elsewhere.
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        let (Some(selector), Some(home)) = (
            service.spec.as_ref().and_then(|s| s.selector.as_ref()),
            object.effective_namespace(),
        ) else {
            continue;
        };
        if !ctx.service_targets(id).is_empty() {
            continue;
        }
        // Workloads of other namespaces, by namespace and then in object order (read from the
        // whole model: a partial context holds some namespaces only).
        let mut elsewhere: Vec<(&str, String)> = ctx
            .design_objects(Some(home), |o| {
                o.effective_namespace().is_some_and(|ns| ns != home)
                    && o.pod_labels()
                        .is_some_and(|labels| map_selector_matches(selector, labels))
            })
            .into_iter()
            .filter_map(|(_, o)| Some((o.effective_namespace()?, o.display_id())))
            .collect();
        elsewhere.sort_by(|a, b| a.0.cmp(b.0));
        let elsewhere: Vec<String> = elsewhere.into_iter().map(|(_, shown)| shown).collect();
        if !elsewhere.is_empty() {
            out.report(
                id,
                "spec.selector",
                format!(
                    "selector matches {} in another namespace, but a Service only selects pods of its own namespace {home}",
                    elsewhere.join(", ")
                ),
            );
        }
    }
    // An Ingress backend naming a Service that only exists in another namespace (or `svc.ns`).
    for &(id, object) in ctx.of_kind("Ingress") {
        let Resource::Ingress(ingress) = object.resource() else {
            continue;
        };
        let home = object.effective_namespace();
        for (i, backend) in ingress_backends(ingress).into_iter().enumerate() {
            let Some(service) = &backend.service else {
                continue;
            };
            if ctx.find("Service", home, &service.name).is_some() {
                continue;
            }
            let (name, named_ns) = match service.name.split_once('.') {
                Some((name, ns)) => (name, Some(ns)),
                None => (service.name.as_str(), None),
            };
            let other: Vec<&str> = ctx
                .design_objects(home, |s| {
                    Kind::from_name(s.kind_name()) == Kind::Service && s.name() == name
                })
                .iter()
                .filter(|(_, s)| s.effective_namespace() != home)
                .filter_map(|(_, s)| s.effective_namespace())
                .filter(|ns| named_ns.is_none_or(|n| n == *ns))
                .collect();
            if let Some(ns) = other.first() {
                out.report(
                    id,
                    crate::rules::reference::ingress_service_missing::backend_field(ingress, i),
                    format!(
                        "backend Service {name} exists only in namespace {ns}; an Ingress routes to Services of its own namespace {}",
                        home.unwrap_or("default")
                    ),
                );
            }
        }
    }
    // A pod referencing a ConfigMap or Secret that exists only in another namespace.
    for at in ctx.pod_specs() {
        let home = at.object.effective_namespace();
        let mut names: Vec<(&str, &str)> = Vec::new();
        for volume in at.spec.volumes.iter().flatten() {
            if let Some(name) = volume
                .secret
                .as_ref()
                .and_then(|s| s.secret_name.as_deref())
            {
                names.push(("Secret", name));
            }
            if let Some(c) = &volume.config_map {
                names.push(("ConfigMap", &c.name));
            }
        }
        for c in &at.spec.containers {
            for source in c.env_from.iter().flatten() {
                if let Some(r) = &source.secret_ref {
                    names.push(("Secret", &r.name));
                }
                if let Some(r) = &source.config_map_ref {
                    names.push(("ConfigMap", &r.name));
                }
            }
        }
        for (kind, name) in names {
            if ctx.find(kind, home, name).is_some() {
                continue;
            }
            if let Some((_, other)) = ctx
                .design_objects(home, |o| o.kind_name() == kind && o.name() == name)
                .first()
            {
                out.report(
                    at.id,
                    at.path,
                    format!(
                        "{kind} {name} exists only in namespace {}; pods can only use {kind}s of their own namespace",
                        other.effective_namespace().unwrap_or("default")
                    ),
                );
            }
        }
    }
}

/// Other namespaces matter through the labels of workloads and the names of Services, Secrets
/// and `ConfigMaps`.
pub(crate) fn reads(object: &Object) -> Option<String> {
    if let Some(labels) = object.pod_labels() {
        return Some(format!("{} {labels:?}", object.display_id()));
    }
    matches!(
        Kind::from_name(object.kind_name()),
        Kind::Service | Kind::Secret | Kind::ConfigMap
    )
    .then(|| object.display_id())
}
