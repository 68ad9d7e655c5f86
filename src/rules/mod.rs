//! The rule catalog and the engine that checks a design against it.
//!
//! One rule per file, named after the rule (`api/invalid_object_name.rs`…), each with its id,
//! name, severity, Markdown documentation ([`docs`]),
//! peer ids and check. [`check`] runs every implemented rule over indexes built once per pass
//! ([`context::Context`]), drops findings suppressed by annotations, and returns diagnostics sorted
//! by object, rule and field. It never panics: a broken design is input.

pub mod api;
pub mod bp;
pub mod catalog;
pub mod checker;
pub mod cli;
pub mod cnp;
pub mod context;
pub mod diagnostic;
pub mod docs;
pub mod environment;
pub mod fast_hash;
pub mod fix;
pub mod gateway;
pub mod helm;
pub mod hints;
pub mod np;
pub mod policy;
pub mod reference;
pub mod report;
pub mod rule;
pub mod sec;
pub mod security;
pub mod suppress;

use std::cmp::Ordering;

use crate::document::Deployed;
use crate::model::Model;

pub use catalog::{RULES, rule};
pub use checker::{Checker, Pass};
pub use context::Context;
pub use diagnostic::{Applicability, Diagnostic, Findings, Fix, Repair};
pub use rule::{Check, Rule, RuleSeverity, Scope, Severity};

/// What rule files import.
pub(crate) mod prelude {
    pub use super::context::{Context, container_ports, containers};
    pub use super::diagnostic::Findings;
    pub use super::rule::{Check, Peers, Rule, RuleSeverity, Scope, Severity};
    pub use crate::model::{Kind, Object, ObjectId, Resource};
}

/// Checks a model against every implemented rule. `complete` is the design's completeness flag
/// (it decides whether `error*` rules are errors or warnings).
#[must_use]
pub fn check(model: &Model, complete: bool) -> Vec<Diagnostic> {
    check_with(model, complete, Deployed::empty())
}

/// [`check`] against a deployed baseline (the workloads as last imported or exported), which
/// K8S-API-010 compares the design with.
#[must_use]
pub fn check_with(model: &Model, complete: bool, deployed: &Deployed) -> Vec<Diagnostic> {
    let context = Context::new(model, complete).with_deployed(deployed);
    let threads = crate::parallel::threads();
    let mut diagnostics: Vec<(usize, Diagnostic)> = if threads < 2 || model.len() < PARALLEL_FROM {
        RULES
            .iter()
            .enumerate()
            .flat_map(|(position, &rule)| run_rule(&context, position, rule))
            .collect()
    } else {
        // The threads share one context (its indexes and caches are built once) and each takes
        // the next rule nobody has taken yet, so that a slow rule does not leave the other
        // threads idle. The findings are sorted below, so the result does not depend on which
        // thread found what.
        let rules: Vec<(usize, &'static Rule)> = RULES.iter().copied().enumerate().collect();
        crate::parallel::map(&rules, |&(position, rule)| {
            run_rule(&context, position, rule)
        })
        .into_iter()
        .flatten()
        .collect()
    };
    diagnostics.sort_by(|(a_rule, a), (b_rule, b)| compare(*a_rule, a, *b_rule, b));
    diagnostics.dedup_by(|(_, a), (_, b)| a == b);
    diagnostics.into_iter().map(|(_, d)| d).collect()
}

/// From this many objects a full pass runs the rules on several threads: below it, starting
/// the threads costs more than they save.
const PARALLEL_FROM: usize = 300;

/// The findings of one rule (the one at `position` of the catalog), each with that position.
fn run_rule(
    context: &Context<'_>,
    position: usize,
    rule: &'static Rule,
) -> Vec<(usize, Diagnostic)> {
    let Check::Implemented(check_fn) = rule.check else {
        return Vec::new();
    };
    run(rule, check_fn, context)
        .into_iter()
        .map(|diagnostic| (position, diagnostic))
        .collect()
}

/// One rule's check over a context: its diagnostics after suppression (also what the
/// incremental [`Checker`] runs).
fn run(rule: &'static Rule, check_fn: rule::CheckFn, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut findings = Findings::default();
    check_fn(context, &mut findings);
    findings
        .items
        .into_iter()
        .filter_map(|finding| suppress::into_diagnostic(rule, context, finding))
        .collect()
}

/// Checks a document with its own completeness flag and deployed baseline.
#[must_use]
pub fn check_document(document: &crate::document::Document) -> Vec<Diagnostic> {
    check_with(&document.model, document.complete, &document.deployed)
}

/// Object (kind, namespace, name, id), then rule in catalog order, then field and message.
fn compare(a_rule: usize, a: &Diagnostic, b_rule: usize, b: &Diagnostic) -> Ordering {
    if a.object.is_some() && a.object == b.object {
        // One object has one kind, namespace and name: skip comparing them as strings.
        return (a_rule, &a.field, &a.message).cmp(&(b_rule, &b.field, &b.message));
    }
    (
        &a.kind,
        &a.namespace,
        &a.name,
        a.object,
        a_rule,
        &a.field,
        &a.message,
    )
        .cmp(&(
            &b.kind,
            &b.namespace,
            &b.name,
            b.object,
            b_rule,
            &b.field,
            &b.message,
        ))
}

/// Counts of diagnostics per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    #[must_use]
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        let mut summary = Summary::default();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }
}
