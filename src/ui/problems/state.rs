//! The rule check results the app shows: computed once per document revision (incrementally:
//! only what an edit can change is checked again), turned into node badges, filtered for the
//! problems panel.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use egui::Color32;

use crate::document::{Command, Document};
use crate::model::{Model, ObjectId};
use crate::rules::suppress::IGNORE_ANNOTATION;
use crate::rules::{self, Diagnostic, Severity, Summary};

use crate::ui::canvas::overlay::NodeBadge;

/// Diagnostics of the current revision and the panel's filters.
#[derive(Debug, Default)]
pub struct ProblemsView {
    /// The revision the diagnostics were computed for (`None`: never checked).
    checked: Option<u64>,
    /// Re-checks after an edit only what the edit can change.
    checker: rules::Checker,
    summary: Summary,
    /// The problems panel is open.
    pub panel: bool,
    /// Lowest severity listed in the panel.
    pub min_severity: Option<Severity>,
    /// Only this rule (panel filter).
    pub rule: Option<&'static str>,
    /// Only this namespace (panel filter).
    pub namespace: Option<String>,
    /// The rule whose documentation window is open.
    pub docs_open: Option<&'static str>,
    /// What the design's environments say that does not fit it (listed above the findings).
    pub env_problems: Vec<crate::document::EnvProblem>,
    /// The findings with the severities of the shown environment's stage, when they differ
    /// from the checker's (a replica rule in prod or dev).
    adjusted: Option<Vec<Diagnostic>>,
}

impl ProblemsView {
    /// Re-checks the design when `revision` differs from the last check; returns whether it did.
    /// The first check opens the panel when there is a problem at warning or above.
    /// `env` names the environment `doc` is the effective design of, whose stage may change
    /// severities (as `kubedraft check --env` does).
    pub fn refresh(&mut self, doc: &Document, revision: u64, env: Option<&str>) -> bool {
        if self.checked == Some(revision) {
            return false;
        }
        let first = self.checked.is_none();
        let diagnostics = self.checker.update_document(doc);
        // A name of no known stage keeps the rules' severities: nothing to copy then.
        self.adjusted = env
            .map(rules::environment::stage)
            .filter(|stage| *stage != rules::environment::Stage::Unknown)
            .map(|stage| {
                let mut adjusted = diagnostics.to_vec();
                rules::environment::adjust(&mut adjusted, stage, &doc.model);
                adjusted
            });
        self.summary = Summary::of(self.diagnostics());
        self.checked = Some(revision);
        if first && self.summary.errors + self.summary.warnings > 0 {
            self.panel = true;
        }
        true
    }

    /// Makes the next refresh a full pass. A switch of environment changes many objects at
    /// once, and then a full pass is faster than the incremental one (`cargo bench --bench
    /// environments`: 27–36 ms against 51–58 ms on 2,000 objects).
    pub fn recheck_in_full(&mut self) {
        self.checker = rules::Checker::default();
    }

    /// Whether the design was never checked yet (the first refresh is the design's opening).
    #[must_use]
    pub fn never_checked(&self) -> bool {
        self.checked.is_none()
    }

    /// Every diagnostic of the last check, sorted by object, rule and field.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.adjusted
            .as_deref()
            .unwrap_or_else(|| self.checker.diagnostics())
    }

    /// What the last re-check did (full or incremental).
    #[must_use]
    pub fn checker_pass(&self) -> rules::Pass {
        self.checker.last_pass()
    }

    /// Counts per severity of the last check.
    #[must_use]
    pub fn summary(&self) -> Summary {
        self.summary
    }

    /// The diagnostics that pass the panel's filters.
    pub fn filtered(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics().iter().filter(|d| {
            self.min_severity.is_none_or(|min| d.severity >= min)
                && self.rule.is_none_or(|rule| d.rule == rule)
                && self
                    .namespace
                    .as_deref()
                    .is_none_or(|ns| namespace_of(d) == Some(ns))
        })
    }

    /// The diagnostics about one object.
    pub fn of_object(&self, id: ObjectId) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics()
            .iter()
            .filter(move |d| d.object == Some(id))
    }

    /// One badge per object with problems: the count, coloured by the worst severity; the
    /// tooltip lists the messages.
    #[must_use]
    pub fn badges(&self, dark: bool) -> BTreeMap<ObjectId, NodeBadge> {
        let mut grouped: BTreeMap<ObjectId, Vec<&Diagnostic>> = BTreeMap::new();
        for diagnostic in self.diagnostics() {
            if let Some(id) = diagnostic.object {
                grouped.entry(id).or_default().push(diagnostic);
            }
        }
        grouped
            .into_iter()
            .filter_map(|(id, list)| {
                let worst = list.iter().map(|d| d.severity).max()?;
                let mut tooltip = format!(
                    "{} problem{}:",
                    list.len(),
                    if list.len() == 1 { "" } else { "s" }
                );
                for d in &list {
                    let _ = write!(tooltip, "\n{} {}: {}", d.severity, d.rule, d.message);
                }
                Some((
                    id,
                    NodeBadge {
                        color: severity_color(worst, dark),
                        text: list.len().to_string(),
                        tooltip,
                    },
                ))
            })
            .collect()
    }
}

/// The namespace a diagnostic is about (a namespace-level finding names the namespace itself).
#[must_use]
pub fn namespace_of(diagnostic: &Diagnostic) -> Option<&str> {
    match diagnostic.object {
        Some(_) => diagnostic.namespace.as_deref(),
        None => Some(diagnostic.name.as_str()),
    }
}

/// The colour of a severity (badges, panel icons).
#[must_use]
pub fn severity_color(severity: Severity, dark: bool) -> Color32 {
    match (severity, dark) {
        (Severity::Error, _) => Color32::from_rgb(214, 48, 49),
        (Severity::Warning, true) => Color32::from_rgb(230, 160, 30),
        (Severity::Warning, false) => Color32::from_rgb(200, 120, 0),
        (Severity::Info, _) => Color32::from_rgb(60, 130, 220),
    }
}

/// A symbol for a severity, so the panel does not rely on colour alone.
#[must_use]
pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "x",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

/// The command adding `rule` to the object's `kubedraft.io/ignore` annotation (`None` when the
/// object is gone or already ignores it).
#[must_use]
pub fn ignore_command(model: &Model, id: ObjectId, rule: &str) -> Option<Command> {
    let object = model.get(id)?;
    rules::fix::edit(id, object, |copy| {
        let annotations = copy
            .metadata_mut()
            .annotations
            .get_or_insert_with(BTreeMap::new);
        let current = annotations
            .get(IGNORE_ANNOTATION)
            .cloned()
            .unwrap_or_default();
        if current.split(',').any(|item| item.trim() == rule) {
            return false;
        }
        let value = if current.trim().is_empty() {
            rule.to_owned()
        } else {
            format!("{},{rule}", current.trim_end_matches([',', ' ']))
        };
        annotations.insert(IGNORE_ANNOTATION.to_owned(), value);
        true
    })
}
