//! K8S-HELM-003 `unstable-selector-label`: selector uses a label that changes between releases (version, chart).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-HELM-003",
    name: "unstable-selector-label",
    severity: RuleSeverity::Warning,
    kinds: "Chart templates",
    summary: "selector uses a label that changes between releases (version, chart)",
    docs: r#"What it checks: Labels: emit recommended app.kubernetes.io/{name,instance,version,component,part-of,managed-by} + helm.sh/chart on metadata, but use only stable labels (name + instance) in spec.selector - selectors are immutable, so a chart-version label in a selector breaks every upgrade.

Why it matters: Selectors are immutable: a chart-version or app-version label in a selector breaks every upgrade.

Example: `selector: {matchLabels: {helm.sh/chart: web-1.2.0}}`.

How to fix: Select only on stable labels such as app.kubernetes.io/name and app.kubernetes.io/instance.

Source: [H] chart_best_practices/labels; [D] concepts/overview/working-with-objects/common-labels; K8S-API-010"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &["~metadataAndInstanceMismatched"],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
