//! Turning findings into diagnostics: severity, object names, and suppression by annotation.
//!
//! An object silences a rule with `kubedraft.io/ignore: K8S-BP-013,K8S-SEC-004`, and also honours
//! the peers' own annotations where the rule maps fully to a peer check: kube-linter's
//! `ignore-check.kube-linter.io/<check>` and kube-score's `kube-score/ignore: <check>,<check>`.

use crate::model::Object;

use super::context::Context;
use super::diagnostic::{Diagnostic, Finding, Subject};
use super::rule::Rule;

/// kubedraft's own suppression annotation (comma-separated rule ids).
pub const IGNORE_ANNOTATION: &str = "kubedraft.io/ignore";
const KUBE_LINTER_PREFIX: &str = "ignore-check.kube-linter.io/";
const KUBE_SCORE_ANNOTATION: &str = "kube-score/ignore";

/// Whether the object's annotations silence the rule.
#[must_use]
pub fn is_suppressed(rule: &Rule, object: &Object) -> bool {
    let Some(annotations) = object.metadata().annotations.as_ref() else {
        return false;
    };
    let listed = |value: &str, id: &str| value.split(',').any(|item| item.trim() == id);
    if annotations
        .get(IGNORE_ANNOTATION)
        .is_some_and(|value| listed(value, rule.id))
    {
        return true;
    }
    if Rule::full_peers(rule.peers.kube_linter)
        .any(|check| annotations.contains_key(&format!("{KUBE_LINTER_PREFIX}{check}")))
    {
        return true;
    }
    annotations.get(KUBE_SCORE_ANNOTATION).is_some_and(|value| {
        Rule::full_peers(rule.peers.kube_score).any(|check| listed(value, check))
    })
}

/// The diagnostic of a finding, or `None` when the object suppresses the rule or is gone.
pub(super) fn into_diagnostic(
    rule: &'static Rule,
    context: &Context<'_>,
    finding: Finding,
) -> Option<Diagnostic> {
    let severity = finding
        .severity
        .unwrap_or_else(|| rule.severity.effective(context.complete));
    let (object, kind, namespace, name) = match &finding.subject {
        Subject::Object(id) => {
            let object = context.model.get(*id)?;
            if is_suppressed(rule, object) {
                return None;
            }
            (
                Some(*id),
                object.kind_name().to_owned(),
                object.effective_namespace().map(str::to_owned),
                object.name().to_owned(),
            )
        }
        Subject::Namespace(namespace) => (None, "Namespace".to_owned(), None, namespace.clone()),
    };
    Some(Diagnostic {
        rule: rule.id,
        severity,
        object,
        kind,
        namespace,
        name,
        field: finding.field,
        message: finding.message,
        fix: finding.fix,
    })
}
