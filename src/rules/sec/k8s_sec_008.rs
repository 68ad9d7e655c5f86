//! K8S-SEC-008 `service-account-token-mounted`: pod mounts a service account token, or uses the default ServiceAccount.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-008",
    name: "service-account-token-mounted",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "pod mounts a service account token, or uses the default ServiceAccount",
    docs: r#"What it checks: automountServiceAccountToken: false unless the pod talks to the API; use a dedicated ServiceAccount, not "default".

Why it matters: A mounted token lets a compromised container talk to the API server.

Example: A pod without `automountServiceAccountToken: false`.

How to fix: Set `automountServiceAccountToken: false` unless the pod calls the API; use a dedicated ServiceAccount.

Source: [D] tasks/configure-pod-container/configure-service-account"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~default-service-account"],
        polaris: &["automountServiceAccountToken"],
        checkov: &["CKV_K8S_38", "~CKV_K8S_41"],
    },
    check: Check::NotChecked("not implemented yet"),
};
