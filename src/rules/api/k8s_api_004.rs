//! K8S-API-004 `invalid-label-or-annotation`: a label or annotation key or value is not valid syntax.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-004",
    name: "invalid-label-or-annotation",
    severity: RuleSeverity::Error,
    kinds: "All (labels, annotations, Service.spec.selector)",
    summary: "a label or annotation key or value is not valid syntax",
    docs: r#"What it checks: Label keys are qualified names: optional DNS-subdomain prefix (<=253) + "/" + name (<=63, [A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]). Label values <=63, empty or alnum-bounded with [-_.] inside. Annotation keys follow the key rule; all annotations together <=256 KiB.

Why it matters: The API server rejects objects with invalid label keys or values, and selectors with invalid keys.

Example: `app: my web` (space) or a key `-bad` is rejected.

How to fix: Keys: optional DNS prefix, `/`, then up to 63 characters `[A-Za-z0-9._-]` starting and ending alphanumeric. Values: up to 63 such characters, or empty.

Source: [MV] IsQualifiedName, IsValidLabelValue, ValidateLabels; [CV] ValidateAnnotations (TotalAnnotationSizeLimitB); [D] overview/working-with-objects/labels#syntax-and-character-set"#,
    peers: Peers {
        kube_score: &["~label-values"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
