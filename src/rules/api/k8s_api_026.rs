//! K8S-API-026 `invalid-configmap-or-secret-data`: ConfigMap/Secret data keys, base64 values or size are invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-026",
    name: "invalid-configmap-or-secret-data",
    severity: RuleSeverity::Error,
    kinds: "Secret, ConfigMap",
    summary: "ConfigMap/Secret data keys, base64 values or size are invalid",
    docs: r"What it checks: Data keys match [-._a-zA-Z0-9]+; Secret.data values must be valid base64 (stringData is plain); ConfigMap data/binaryData keys may not overlap; object size <= 1 MiB.

Why it matters: The API server rejects the object.

Example: A key `my key`, Secret data `not base64!`, or the same key in data and binaryData.

How to fix: Keys `[-._a-zA-Z0-9]+`; Secret.data base64 (or plain text in stringData); stay below 1 MiB.

Source: [CV] ValidateSecret, ValidateConfigMap; [D] configuration/secret",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
