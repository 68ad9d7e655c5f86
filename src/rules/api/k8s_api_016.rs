//! K8S-API-016 `invalid-env-var`: an env entry has no name, both value and valueFrom, or an ambiguous valueFrom.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-016",
    name: "invalid-env-var",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "an env entry has no name, both value and valueFrom, or an ambiguous valueFrom",
    docs: r"What it checks: env[]: name required; value and valueFrom mutually exclusive; valueFrom sets exactly one source (configMapKeyRef|secretKeyRef|fieldRef|resourceFieldRef); name syntax (C identifier on older clusters, relaxed on recent ones).

Why it matters: The API server rejects the pod template.

Example: `{name: DB, value: x, valueFrom: {secretKeyRef: ...}}`.

How to fix: Use either value or valueFrom, and exactly one source inside valueFrom.

Source: [CV] ValidateEnv, validateEnvVarValueFrom",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
