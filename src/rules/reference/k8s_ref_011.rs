//! K8S-REF-011 `referenced-object-missing`: a referenced ConfigMap, Secret, ServiceAccount, PVC or TLS Secret is not in the design.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-011",
    name: "referenced-object-missing",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates, Ingress",
    summary: "a referenced ConfigMap, Secret, ServiceAccount, PVC or TLS Secret is not in the design",
    docs: r#"What it checks: Referenced objects missing from the design: ConfigMap/Secret in env/envFrom/volumes (unless optional: true), serviceAccountName, persistentVolumeClaim.claimName, imagePullSecrets, Ingress tls.secretName, ingressClassName (no IngressClass and no default).

Why it matters: Pods referencing missing objects stay in ContainerCreating / CreateContainerConfigError.

Example: `envFrom: [{configMapRef: {name: app-config}}]` without a ConfigMap `app-config`.

How to fix: Add the object to the design, mark the reference `optional: true`, or mark the design incomplete when it lives outside.

Source: API refs (same-namespace LocalObjectReference semantics)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["non-existent-service-account", "~env-value-from"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
