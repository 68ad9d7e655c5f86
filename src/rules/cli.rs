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

/// Runs `kubedraft check`; returns the exit code.
#[must_use]
pub fn check_command(paths: &[PathBuf], format: CheckFormat, fail_on: FailOn) -> u8 {
    let loaded = match io::load(paths) {
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
    let (text, code) = render(&loaded, &fallback, format, fail_on);
    crate::cli::output::write_stdout(text.as_bytes(), code)
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
    let document = &loaded.document;
    // A design file's saved baseline counts; manifests are their own baseline.
    let diagnostics = super::check_document(document);
    // Namespace-level diagnostics point at the first object of the namespace (found in one pass,
    // not one sort of the whole design per diagnostic).
    let mut first_of_namespace: std::collections::HashMap<&str, crate::model::ObjectId> =
        std::collections::HashMap::new();
    for (id, object) in document.model.objects_sorted() {
        if let Some(namespace) = object.effective_namespace() {
            first_of_namespace.entry(namespace).or_insert(id);
        }
    }
    let mut located: Vec<Located<'_>> = diagnostics
        .iter()
        .map(|diagnostic| {
            let object = diagnostic
                .object
                .or_else(|| first_of_namespace.get(diagnostic.name.as_str()).copied());
            let source = object.and_then(|id| loaded.sources.get(&id));
            Located {
                diagnostic,
                file: source.map_or_else(|| fallback.to_owned(), |s| s.file.clone()),
                line: source.map_or(1, |s| s.line),
            }
        })
        .collect();
    // Files in order, then lines; the engine's order inside one line.
    located.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let summary = Summary::of(&diagnostics);
    let files: std::collections::BTreeSet<&str> =
        loaded.sources.values().map(|s| s.file.as_str()).collect();
    let text = match format {
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
    };
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    let code = if loaded.skipped.is_empty() {
        u8::from(diagnostics.iter().any(|d| d.severity >= threshold))
    } else {
        2
    };
    (text, code)
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
