//! K8S-API-011 `invalid-volumes`: pod volumes or volume mounts are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-011",
    name: "invalid-volumes",
    severity: RuleSeverity::Error,
    kinds: "Pod templates (Deployment, StatefulSet)",
    summary: "pod volumes or volume mounts are invalid",
    docs: r#"## What it does

Volumes: names DNS-1123 labels, unique, exactly one source; every volumeMount.name resolves to a pod volume (or, for StatefulSet, a volumeClaimTemplate); mountPath unique per container. volumeClaimTemplates need name, accessModes and resources.requests.storage. NB: apps validation does not validate the StatefulSet pod spec (TODO in ValidatePodTemplateSpecForStatefulSet), so such errors surface only as FailedCreate events.

## Why is this bad?

Pods are rejected; for StatefulSets the API server does not validate the pod template, so the error only shows as FailedCreate events.

## Example

A volumeMount named `data` with no volume or volumeClaimTemplate named `data`; two mounts at `/var/lib`.

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
        volumeMounts:
        - name: data
          mountPath: /var/lib/web
```

## Use instead

Give every mount a matching volume (or volumeClaimTemplate), unique volume names and mount paths; claim templates need accessModes and storage requests.

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
      volumes:
      - name: data
        emptyDir: {}
      containers:
      - name: web
        image: nginx:1.27.3
        volumeMounts:
        - name: data
          mountPath: /var/lib/web
```

## Fix

There is no automatic fix.

Source: [CV] ValidateVolumes, ValidateVolumeMounts ("must be unique"), ValidatePersistentVolumeClaimSpec; [AV] ValidatePodTemplateSpecForStatefulSet"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use std::collections::BTreeSet;

use crate::model::validation::is_dns1123_label;

// Volumes, mounts and claim templates: one pass over the pod spec.
#[allow(clippy::too_many_lines)]
fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        let mut volumes = BTreeSet::new();
        for (i, volume) in at.spec.volumes.iter().flatten().enumerate() {
            let field = format!("{}.volumes[{i}]", at.path);
            if !is_dns1123_label(&volume.name) {
                out.report(
                    at.id,
                    format!("{field}.name"),
                    format!("volume name `{}` is not a DNS-1123 label", volume.name),
                );
            } else if !volumes.insert(volume.name.as_str()) {
                out.report(
                    at.id,
                    format!("{field}.name"),
                    format!("volume name `{}` is used twice", volume.name),
                );
            }
            let value = serde_json::to_value(volume).unwrap_or_default();
            let sources = value
                .as_object()
                .map_or(0, |m| m.keys().filter(|k| k.as_str() != "name").count());
            if sources != 1 {
                out.report(
                    at.id,
                    field,
                    format!(
                        "volume `{}` sets {sources} sources; exactly one is required",
                        volume.name
                    ),
                );
            }
        }
        let claims: Vec<&str> = match at.object.resource() {
            Resource::StatefulSet(set) => set
                .spec
                .iter()
                .flat_map(|s| s.volume_claim_templates.iter().flatten())
                .filter_map(|t| t.metadata.name.as_deref())
                .collect(),
            _ => Vec::new(),
        };
        for c in containers(at, true) {
            let mut paths = BTreeSet::new();
            for (i, mount) in c.container.volume_mounts.iter().flatten().enumerate() {
                let field = c.field(&format!("volumeMounts[{i}]"));
                if !volumes.contains(mount.name.as_str()) && !claims.contains(&mount.name.as_str())
                {
                    out.report(
                        at.id,
                        format!("{field}.name"),
                        format!(
                            "volumeMount `{}` of container `{}` names no volume{}",
                            mount.name,
                            c.container.name,
                            if matches!(at.object.resource(), Resource::StatefulSet(_)) {
                                " or volumeClaimTemplate"
                            } else {
                                ""
                            }
                        ),
                    );
                }
                if !paths.insert(mount.mount_path.as_str()) {
                    out.report(
                        at.id,
                        format!("{field}.mountPath"),
                        format!(
                            "mountPath {} is used twice in container `{}`",
                            mount.mount_path, c.container.name
                        ),
                    );
                }
            }
        }
        if let Resource::StatefulSet(set) = at.object.resource() {
            for (i, template) in set
                .spec
                .iter()
                .flat_map(|s| s.volume_claim_templates.iter().flatten())
                .enumerate()
            {
                let field = format!("spec.volumeClaimTemplates[{i}]");
                let name = template.metadata.name.as_deref().unwrap_or_default();
                if name.is_empty() {
                    out.report(
                        at.id,
                        format!("{field}.metadata.name"),
                        "volumeClaimTemplate has no name",
                    );
                }
                let spec = template.spec.as_ref();
                if spec
                    .and_then(|s| s.access_modes.as_ref())
                    .is_none_or(Vec::is_empty)
                {
                    out.report(
                        at.id,
                        format!("{field}.spec.accessModes"),
                        format!("volumeClaimTemplate `{name}` needs accessModes"),
                    );
                }
                if spec
                    .and_then(|s| s.resources.as_ref())
                    .and_then(|r| r.requests.as_ref())
                    .is_none_or(|r| !r.contains_key("storage"))
                {
                    out.report(
                        at.id,
                        format!("{field}.spec.resources.requests.storage"),
                        format!("volumeClaimTemplate `{name}` needs resources.requests.storage"),
                    );
                }
            }
        }
    }
}
