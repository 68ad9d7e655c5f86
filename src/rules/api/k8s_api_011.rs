//! K8S-API-011 `invalid-volumes`: pod volumes or volume mounts are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-011",
    name: "invalid-volumes",
    severity: RuleSeverity::Error,
    kinds: "Pod templates (Deployment, StatefulSet)",
    summary: "pod volumes or volume mounts are invalid",
    docs: r#"What it checks: Volumes: names DNS-1123 labels, unique, exactly one source; every volumeMount.name resolves to a pod volume (or, for StatefulSet, a volumeClaimTemplate); mountPath unique per container. volumeClaimTemplates need name, accessModes and resources.requests.storage. NB: apps validation does not validate the StatefulSet pod spec (TODO in ValidatePodTemplateSpecForStatefulSet), so such errors surface only as FailedCreate events.

Why it matters: Pods are rejected; for StatefulSets the API server does not validate the pod template, so the error only shows as FailedCreate events.

Example: A volumeMount named `data` with no volume or volumeClaimTemplate named `data`; two mounts at `/var/lib`.

How to fix: Give every mount a matching volume (or volumeClaimTemplate), unique volume names and mount paths; claim templates need accessModes and storage requests.

Source: [CV] ValidateVolumes, ValidateVolumeMounts ("must be unique"), ValidatePersistentVolumeClaimSpec; [AV] ValidatePodTemplateSpecForStatefulSet"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
