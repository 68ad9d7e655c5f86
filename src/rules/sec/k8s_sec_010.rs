//! K8S-SEC-010 `secret-in-env`: secret-looking literal env values, or secrets passed as env vars.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-010",
    name: "secret-in-env",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "secret-looking literal env values, or secrets passed as env vars",
    docs: r#"What it checks: Secret material in env: literal secret-looking env values (warning) and secretKeyRef env vars (info - prefer mounted files).

Why it matters: Environment variables leak into logs, crash dumps and child processes.

Example: `env: [{name: DB_PASSWORD, value: hunter2}]`.

How to fix: Read secrets from mounted Secret files; at least use secretKeyRef instead of literals.

Source: CIS 5.4.1"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["env-var-secret", "~read-secret-from-env-var"],
        polaris: &["sensitiveContainerEnvVar"],
        checkov: &["CKV_K8S_35"],
    },
    check: Check::NotChecked("not implemented yet"),
};
