//! K8S-REF-011 `referenced-object-missing`: a referenced ConfigMap, Secret, ServiceAccount, PVC or TLS Secret is not in the design.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-011",
    name: "referenced-object-missing",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates, Ingress",
    summary: "a referenced ConfigMap, Secret, ServiceAccount, PVC or TLS Secret is not in the design",
    docs: r"## What it does

Referenced objects missing from the design: ConfigMap/Secret in env/envFrom/volumes (unless optional: true), serviceAccountName, persistentVolumeClaim.claimName, imagePullSecrets, Ingress tls.secretName, ingressClassName (no IngressClass and no default).

Objects that exist outside the design are listed in the referring object's `kubedraft.io/external`
annotation (`Kind/name, …`) and reported as notes. Gateway API references honour the same
annotation and are checked by their own family: a route's parent Gateway (K8S-GW-001) and backend
Service (K8S-GW-003), a listener's certificate Secret (K8S-GW-005) and a Gateway's class
(K8S-GW-010).

## Why is this bad?

Pods referencing missing objects stay in ContainerCreating / CreateContainerConfigError.

## Example

`envFrom: [{configMapRef: {name: app-config}}]` without a ConfigMap `app-config`.

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
        envFrom:
        - configMapRef:
            name: app-config
```

## Use instead

Add the object to the design, mark the reference `optional: true`, or mark the design incomplete when it lives outside.

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
        envFrom:
        - configMapRef:
            name: app-config
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: shop
data:
  LOG_LEVEL: info
```

## Fix

There is no automatic fix.

Source: API refs (same-namespace LocalObjectReference semantics)",
    peers: Peers {
        kube_score: &[],
        kube_linter: &["non-existent-service-account", "~env-value-from"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::api::core::v1::PodSpec;

/// Annotation listing objects that exist outside the design (`Secret/db-credentials, ConfigMap/x`);
/// references to them are reported as info, not warnings.
pub const EXTERNAL_ANNOTATION: &str = "kubedraft.io/external";

/// Where in a pod spec a reference is, as a field path formatted only for a finding (most
/// references resolve, and every pod spec is visited on each pass).
#[derive(Clone, Copy)]
enum Site {
    /// `{path}.{field}`.
    Field(&'static str),
    /// `{path}.{list}[{index}]{below}`.
    Item(&'static str, usize, &'static str),
    /// `{path}.volumes[{volume}].projected.sources[{source}].{which}`.
    Projected(usize, usize, &'static str),
    /// `{path}.{containers}[{container}].{list}[{index}]{below}`.
    Container(&'static str, usize, &'static str, usize, &'static str),
}

impl Site {
    fn path(self, path: &str) -> String {
        match self {
            Site::Field(field) => format!("{path}.{field}"),
            Site::Item(list, index, below) => format!("{path}.{list}[{index}]{below}"),
            Site::Projected(volume, source, which) => {
                format!("{path}.volumes[{volume}].projected.sources[{source}].{which}")
            }
            Site::Container(containers, container, list, index, below) => {
                format!("{path}.{containers}[{container}].{list}[{index}]{below}")
            }
        }
    }
}

/// (site, kind, name, optional) for every object a pod spec refers to by name.
// One list of reference sites reads best as one function.
#[allow(clippy::too_many_lines)]
fn references(spec: &PodSpec) -> Vec<(Site, &'static str, &str, bool)> {
    let mut found = Vec::new();
    if let Some(account) = spec
        .service_account_name
        .as_deref()
        .filter(|a| !a.is_empty() && *a != "default")
    {
        found.push((
            Site::Field("serviceAccountName"),
            "ServiceAccount",
            account,
            false,
        ));
    }
    for (i, secret) in spec.image_pull_secrets.iter().flatten().enumerate() {
        if !secret.name.is_empty() {
            found.push((
                Site::Item("imagePullSecrets", i, ""),
                "Secret",
                secret.name.as_str(),
                false,
            ));
        }
    }
    for (i, volume) in spec.volumes.iter().flatten().enumerate() {
        if let Some(s) = &volume.secret
            && let Some(name) = &s.secret_name
        {
            found.push((
                Site::Item("volumes", i, ".secret"),
                "Secret",
                name.as_str(),
                s.optional == Some(true),
            ));
        }
        if let Some(c) = &volume.config_map {
            found.push((
                Site::Item("volumes", i, ".configMap"),
                "ConfigMap",
                c.name.as_str(),
                c.optional == Some(true),
            ));
        }
        if let Some(claim) = &volume.persistent_volume_claim {
            found.push((
                Site::Item("volumes", i, ".persistentVolumeClaim"),
                "PersistentVolumeClaim",
                claim.claim_name.as_str(),
                false,
            ));
        }
        for (j, source) in volume
            .projected
            .iter()
            .flat_map(|p| p.sources.iter().flatten())
            .enumerate()
        {
            if let Some(s) = &source.secret {
                found.push((
                    Site::Projected(i, j, "secret"),
                    "Secret",
                    s.name.as_str(),
                    s.optional == Some(true),
                ));
            }
            if let Some(c) = &source.config_map {
                found.push((
                    Site::Projected(i, j, "configMap"),
                    "ConfigMap",
                    c.name.as_str(),
                    c.optional == Some(true),
                ));
            }
        }
    }
    let all = spec
        .init_containers
        .iter()
        .flatten()
        .map(|c| ("initContainers", c))
        .chain(spec.containers.iter().map(|c| ("containers", c)));
    let mut counters = [0usize; 2];
    for (list, container) in all {
        let slot = usize::from(list == "containers");
        let index = counters.get(slot).copied().unwrap_or(0);
        if let Some(counter) = counters.get_mut(slot) {
            *counter += 1;
        }
        for (i, env) in container.env.iter().flatten().enumerate() {
            let Some(from) = &env.value_from else {
                continue;
            };
            if let Some(r) = &from.secret_key_ref {
                found.push((
                    Site::Container(list, index, "env", i, ".valueFrom.secretKeyRef"),
                    "Secret",
                    r.name.as_str(),
                    r.optional == Some(true),
                ));
            }
            if let Some(r) = &from.config_map_key_ref {
                found.push((
                    Site::Container(list, index, "env", i, ".valueFrom.configMapKeyRef"),
                    "ConfigMap",
                    r.name.as_str(),
                    r.optional == Some(true),
                ));
            }
        }
        for (i, source) in container.env_from.iter().flatten().enumerate() {
            if let Some(r) = &source.secret_ref {
                found.push((
                    Site::Container(list, index, "envFrom", i, ".secretRef"),
                    "Secret",
                    r.name.as_str(),
                    r.optional == Some(true),
                ));
            }
            if let Some(r) = &source.config_map_ref {
                found.push((
                    Site::Container(list, index, "envFrom", i, ".configMapRef"),
                    "ConfigMap",
                    r.name.as_str(),
                    r.optional == Some(true),
                ));
            }
        }
    }
    found
}

/// Whether the object's `kubedraft.io/external` annotation lists `Kind/name` (or just `name`).
pub(crate) fn marked_external(object: &Object, kind: &str, name: &str) -> bool {
    object
        .metadata()
        .annotations
        .as_ref()
        .and_then(|a| a.get(EXTERNAL_ANNOTATION))
        .is_some_and(|list| {
            list.split(',').map(str::trim).any(|entry| {
                entry == name
                    || entry
                        .split_once('/')
                        .is_some_and(|(k, n)| k.eq_ignore_ascii_case(kind) && n == name)
            })
        })
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let mut report = |id: ObjectId,
                      object: &Object,
                      field: &dyn Fn() -> String,
                      kind: &str,
                      name: &str| {
        let namespace = object.effective_namespace();
        if ctx.find(kind, namespace, name).is_some() {
            return;
        }
        let field = field();
        let external = marked_external(object, kind, name);
        let finding = out.report(
            id,
            field,
            if external {
                format!("{kind} {name} is outside the design (marked in {EXTERNAL_ANNOTATION})")
            } else {
                format!(
                    "{kind} {name} does not exist in namespace {}; {} (add it, or list it in the {EXTERNAL_ANNOTATION} annotation)",
                    namespace.unwrap_or("default"),
                    if Kind::from_name(object.kind_name()) == Kind::Ingress {
                        "the Ingress serves no valid certificate"
                    } else {
                        "pods cannot start without it"
                    }
                )
            },
        );
        if external {
            finding.severity(Severity::Info);
        }
    };
    for at in ctx.pod_specs() {
        for (site, kind, name, optional) in references(at.spec) {
            if !optional && !name.is_empty() {
                report(at.id, at.object, &|| site.path(at.path), kind, name);
            }
        }
    }
    for &(id, object) in ctx.of_kind("Ingress") {
        let Resource::Ingress(ingress) = object.resource() else {
            continue;
        };
        for (i, tls) in ingress
            .spec
            .iter()
            .flat_map(|s| s.tls.iter().flatten())
            .enumerate()
        {
            if let Some(name) = tls.secret_name.as_deref().filter(|n| !n.is_empty()) {
                report(
                    id,
                    object,
                    &|| format!("spec.tls[{i}].secretName"),
                    "Secret",
                    name,
                );
            }
        }
    }
}
