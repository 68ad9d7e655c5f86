//! `kubedraft check` and `kubedraft rules`: loading, checking and printing (the subcommands are
//! declared in `crate::cli`).
//!
//! Exit codes of `check`: 0 nothing at or above the fail level, 1 something is, 2 unreadable input.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::io;

use super::report::{self, Located};
use super::{Severity, Summary, catalog};

/// Output of `kubedraft check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `FILE:LINE: SEVERITY[RULE-ID] Kind/namespace/name FIELD: message`.
    Text,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
}

/// The lowest severity that makes `check` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

/// Output of `kubedraft rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    /// The rules reference (all rules' documentation, as `docs/rules.md` keeps it), or one rule's.
    Markdown,
}

/// Which designs `check` checks: the base (as without environments), one environment, or each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvSelection {
    Base,
    One(String),
    /// Every environment of the design, in order (not the base).
    All,
}

/// Runs `kubedraft check`; returns the exit code.
#[must_use]
pub fn check_command(
    paths: &[PathBuf],
    format: CheckFormat,
    fail_on: FailOn,
    selection: &EnvSelection,
) -> u8 {
    let loaded = match crate::timing::phase("load", || io::load(paths)) {
        Ok(loaded) => loaded,
        Err(error) => {
            crate::say!("kubedraft: {error}");
            return 2;
        }
    };
    // A document that cannot be read cannot be checked: name it, check the rest, exit 2.
    for error in &loaded.skipped {
        crate::say!("kubedraft: {error}");
    }
    let fallback = paths
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    crate::cli::say_environment_problems(&loaded.document);
    let rendered = crate::timing::phase("check and report", || {
        render_environments(&loaded, &fallback, format, fail_on, selection)
    });
    let code = match rendered {
        Ok((text, code)) => crate::timing::phase("write", || {
            crate::cli::output::write_stdout(text.as_bytes(), code)
        }),
        Err(error) => {
            crate::say!("kubedraft: {error}");
            2
        }
    };
    // The process ends next (only the binary runs this command): freeing the design object by
    // object would cost more than the rules of a small design (1.3 ms of the 46 ms the shared
    // corpus takes), and the system takes the memory back at once.
    std::mem::forget(loaded);
    code
}

/// The report of `check` on what was loaded, and the exit code it implies. Pure, so that the
/// fuzz targets run exactly what the command prints. `fallback` is the file named for
/// diagnostics whose object has no known source.
#[must_use]
pub fn render(
    loaded: &io::Loaded,
    fallback: &str,
    format: CheckFormat,
    fail_on: FailOn,
) -> (String, u8) {
    render_environments(loaded, fallback, format, fail_on, &EnvSelection::Base)
        .unwrap_or_else(|error| (error.to_string(), 2))
}

/// [`render`] of the environments `selection` names: each environment's effective design is
/// checked, its findings tagged with its name (severities per [`super::environment`]).
pub fn render_environments(
    loaded: &io::Loaded,
    fallback: &str,
    format: CheckFormat,
    fail_on: FailOn,
    selection: &EnvSelection,
) -> Result<(String, u8), crate::document::EnvError> {
    let document = &loaded.document;
    let environments: Vec<Option<&str>> = match selection {
        EnvSelection::Base => vec![None],
        EnvSelection::One(name) => vec![Some(name.as_str())],
        EnvSelection::All => document
            .environments
            .names()
            .into_iter()
            .map(Some)
            .collect(),
    };
    // A design file's saved baseline counts; manifests are their own baseline.
    let mut checked = Vec::with_capacity(environments.len());
    for env in environments {
        let (effective, diagnostics) = crate::timing::phase("rules", || {
            super::environment::check_environment(document, env)
        })?;
        checked.push((env, effective, diagnostics));
    }
    // Namespace-level diagnostics point at the first object of the namespace, found in one pass
    // (not one sort of the whole design per diagnostic) and only when there are such findings.
    let mut first_of_namespace: std::collections::HashMap<&str, crate::model::ObjectId> =
        std::collections::HashMap::new();
    let namespace_level = checked
        .iter()
        .any(|(_, _, diagnostics)| diagnostics.iter().any(|d| d.object.is_none()));
    if namespace_level {
        for (id, object) in document.model.objects_sorted() {
            if let Some(namespace) = object.effective_namespace() {
                first_of_namespace.entry(namespace).or_insert(id);
            }
        }
    }
    let mut located: Vec<Located<'_>> = Vec::new();
    for (env, _, diagnostics) in &checked {
        let start = located.len();
        located.extend(diagnostics.iter().map(|diagnostic| {
            let object = diagnostic
                .object
                .or_else(|| first_of_namespace.get(diagnostic.name.as_str()).copied());
            let source = object.and_then(|id| loaded.sources.get(&id));
            Located {
                diagnostic,
                file: source.map_or(fallback, |s| s.file.as_str()),
                line: source.map_or(1, |s| s.line),
                environment: *env,
            }
        }));
        // Per environment, files in order, then lines; the engine's order inside one line.
        if let Some(part) = located.get_mut(start..) {
            part.sort_by(|a, b| (a.file, a.line).cmp(&(b.file, b.line)));
        }
    }
    let diagnostics: Vec<&super::Diagnostic> = located.iter().map(|l| l.diagnostic).collect();
    let summary = Summary::of(diagnostics.iter().copied());
    let files: std::collections::BTreeSet<&str> =
        loaded.sources.values().map(|s| s.file.as_str()).collect();
    let text = crate::timing::phase("report", || match format {
        CheckFormat::Text => {
            let mut text = report::text(&located);
            text.push_str(&report::notes_text(&loaded.notes));
            let _ = writeln!(
                text,
                "{} in {} objects{}",
                report::summary_line(summary),
                document.model.len(),
                report::notes_summary(loaded.notes.len())
            );
            text
        }
        CheckFormat::Json => {
            let mut json = report::json(
                &located,
                &loaded.skipped,
                &loaded.notes,
                files.len(),
                document.model.len(),
            );
            json.push('\n');
            json
        }
        CheckFormat::Sarif => format!(
            "{}\n",
            serde_json::to_string_pretty(&report::sarif(&located, &loaded.skipped, &loaded.notes))
                .unwrap_or_default()
        ),
    });
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    let code = if loaded.skipped.is_empty() {
        u8::from(diagnostics.iter().any(|d| d.severity >= threshold))
    } else {
        2
    };
    Ok((text, code))
}

/// Runs `kubedraft rules [ID]`; returns the exit code (2 for an unknown id).
#[must_use]
pub fn rules_command(id: Option<&str>, format: RulesFormat) -> u8 {
    let text = match (id, format) {
        (None, RulesFormat::Text) => report::catalog_text(),
        (None, RulesFormat::Markdown) => super::docs::catalog_markdown(),
        (None, RulesFormat::Json) => format!(
            "{}\n",
            serde_json::to_string_pretty(&report::catalog_json()).unwrap_or_default()
        ),
        (Some(id), format) => {
            let Some(rule) = catalog::rule(id) else {
                crate::say!("kubedraft: no rule `{id}` (see `kubedraft rules`)");
                return 2;
            };
            match format {
                // A rule's documentation is Markdown, which reads as text too.
                RulesFormat::Text | RulesFormat::Markdown => rule.render_docs(),
                RulesFormat::Json => {
                    let all = report::catalog_json();
                    let one = all
                        .as_array()
                        .and_then(|list| list.iter().find(|v| v["id"] == rule.id))
                        .cloned()
                        .unwrap_or_default();
                    format!(
                        "{}\n",
                        serde_json::to_string_pretty(&one).unwrap_or_default()
                    )
                }
            }
        }
    };
    crate::cli::output::write_stdout(text.as_bytes(), 0)
}
