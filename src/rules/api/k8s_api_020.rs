//! K8S-API-020 `invalid-ingress-paths`: Ingress has neither rules nor defaultBackend, or a path is invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-020",
    name: "invalid-ingress-paths",
    severity: RuleSeverity::Error,
    kinds: "Ingress",
    summary: "Ingress has neither rules nor defaultBackend, or a path is invalid",
    docs: r#"What it checks: Either defaultBackend or rules must be set; an http rule needs >=1 path; pathType is required (Exact|Prefix|ImplementationSpecific); Exact/Prefix paths must start with "/" and must not contain //, /./, /../, %2f or end in /.. or /.

Why it matters: The API server rejects the Ingress ("pathType must be specified", "must be an absolute path").

Example: A path without pathType, or `path: api` with pathType Prefix.

How to fix: Set pathType (Prefix, Exact or ImplementationSpecific) and absolute paths without `//`, `/./` or `/../`.

Source: [NV] ValidateIngressSpec ("either `defaultBackend` or `rules` must be specified"), validateHTTPIngressPath ("pathType must be specified", "must be an absolute path")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
