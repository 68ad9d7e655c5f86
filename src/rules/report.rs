//! Rendering diagnostics for the command line: text lines, JSON, and SARIF 2.1.0 for GitHub code
//! scanning. Pure: the caller says where each diagnostic is (file and line).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Summary;
use super::catalog::RULES;
use super::diagnostic::Diagnostic;
use super::rule::Severity;
use crate::manifest::import::ImportError;

/// A diagnostic with the file and line of its object's document.
#[derive(Clone, Debug)]
pub struct Located<'d> {
    pub diagnostic: &'d Diagnostic,
    pub file: &'d str,
    /// 1-based; 1 when unknown.
    pub line: usize,
    /// The environment whose effective design was checked (`None`: the base).
    pub environment: Option<&'d str>,
}

/// `FILE:LINE: SEVERITY[RULE-ID] Kind/namespace/name FIELD: message`, one line each; a diagnostic
/// with a fix is followed by an indented `fix (safe): label` line (after ruff's `help:` lines, so
/// that tools reading the first lines keep working).
#[must_use]
pub fn text(located: &[Located<'_>]) -> String {
    let mut out = String::new();
    for l in located {
        let d = l.diagnostic;
        let field = if d.field.is_empty() {
            String::new()
        } else {
            format!(" {}", d.field)
        };
        // Names, values and file names come from the input: no control character reaches the
        // terminal as it is.
        let p = crate::cli::output::printable;
        let environment = l
            .environment
            .map_or_else(String::new, |env| format!("[{env}] "));
        let _ = writeln!(
            out,
            "{}:{}: {environment}{}[{}] {}{}: {}",
            p(l.file),
            l.line,
            d.severity,
            d.rule,
            p(&d.object_display()),
            p(&field),
            p(&d.message)
        );
        if let Some(fix) = &d.fix {
            let _ = writeln!(
                out,
                "  fix ({}): {}",
                fix.applicability.as_str(),
                p(&fix.label)
            );
        }
    }
    out
}

/// `FILE: note: MESSAGE`, one line per file of a folder that is not a Kubernetes manifest and
/// was skipped (a Helm values file, a CI config): not a finding, so no severity and no rule.
#[must_use]
pub fn notes_text(notes: &[ImportError]) -> String {
    let p = crate::cli::output::printable;
    let mut out = String::new();
    for note in notes {
        let _ = writeln!(out, "{}: note: {}", p(&note.file), p(&note.message));
    }
    out
}

/// What the summary line adds for skipped files: nothing when there are none.
#[must_use]
pub fn notes_summary(notes: usize) -> String {
    match notes {
        0 => String::new(),
        1 => "; 1 file skipped (not a Kubernetes manifest)".to_owned(),
        n => format!("; {n} files skipped (not Kubernetes manifests)"),
    }
}

/// A one-line count: `3 errors, 1 warning, 0 infos`.
#[must_use]
pub fn summary_line(summary: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info")
    )
}

/// A document or file that could not be read, as the JSON report lists it: line 0 (the whole
/// file) is written as `null`.
fn load_error_json(error: &ImportError) -> Value {
    json!({
        "file": error.file,
        "line": (error.line > 0).then_some(error.line),
        "column": error.column,
        "document": (error.line > 0).then_some(error.document + 1),
        "object": error.object,
        "message": error.message,
    })
}

/// `{"diagnostics":[…],"load_errors":[…],"notes":[…],"summary":{…}}`: `load_errors` are the
/// documents and files that could not be read (and so were not checked), so that a report read
/// by a program does not look clean when input was skipped; `notes` are the files of a folder
/// that are not Kubernetes manifests (`{"file", "message"}`), skipped without an error.
#[must_use]
pub fn json(
    located: &[Located<'_>],
    load_errors: &[ImportError],
    notes: &[ImportError],
    files: usize,
    objects: usize,
) -> String {
    // Borrowed structs serialized straight to text: a report of 100,000 findings is written
    // without building a tree of values first. Fields are in alphabetical order, the order
    // `serde_json::Value` maps write, so the output is what it always was.
    #[derive(serde::Serialize)]
    struct Finding<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        environment: Option<&'a str>,
        field: &'a str,
        file: &'a str,
        fix: Option<&'a str>,
        fix_applicability: Option<&'static str>,
        kind: &'a str,
        line: usize,
        message: &'a str,
        name: &'a str,
        namespace: Option<&'a str>,
        rule: &'static str,
        severity: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Counts {
        errors: usize,
        files: usize,
        infos: usize,
        load_errors: usize,
        notes: usize,
        objects: usize,
        warnings: usize,
    }
    #[derive(serde::Serialize)]
    struct Note<'a> {
        file: &'a str,
        message: &'a str,
    }
    #[derive(serde::Serialize)]
    struct Report<'a> {
        diagnostics: Vec<Finding<'a>>,
        load_errors: Vec<Value>,
        notes: Vec<Note<'a>>,
        summary: Counts,
    }
    let diagnostics = located
        .iter()
        .map(|l| {
            let d = l.diagnostic;
            Finding {
                environment: l.environment,
                field: &d.field,
                file: l.file,
                fix: d.fix.as_ref().map(|f| f.label.as_str()),
                fix_applicability: d.fix.as_ref().map(|f| f.applicability.as_str()),
                kind: &d.kind,
                line: l.line,
                message: &d.message,
                name: &d.name,
                namespace: d.namespace.as_deref(),
                rule: d.rule,
                severity: d.severity.as_str(),
            }
        })
        .collect();
    let summary = Summary::of(located.iter().map(|l| l.diagnostic));
    let report = Report {
        diagnostics,
        load_errors: load_errors.iter().map(load_error_json).collect(),
        notes: notes
            .iter()
            .map(|n| Note {
                file: &n.file,
                message: &n.message,
            })
            .collect(),
        summary: Counts {
            errors: summary.errors,
            files,
            infos: summary.infos,
            load_errors: load_errors.len(),
            notes: notes.len(),
            objects,
            warnings: summary.warnings,
        },
    };
    // Serializing borrowed strings and numbers cannot fail.
    serde_json::to_string(&report).unwrap_or_default()
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The rule-like id of load errors in SARIF notifications (not a catalog rule: nothing was
/// checked in a document that could not be read).
pub const LOAD_ERROR_ID: &str = "KD-LOAD";

/// The id of the notes on files of a folder that are not Kubernetes manifests (skipped).
pub const SKIPPED_FILE_ID: &str = "KD-SKIPPED";

/// SARIF 2.1.0 §3.20 `invocation`: whether the run read all its input, and a
/// `toolExecutionNotifications` entry (§3.58 `notification`) for each document or file that could
/// not be read, located where the problem is, then a `note` entry for each file that is not a
/// Kubernetes manifest (skipped on purpose, so the execution still succeeded).
fn sarif_invocation(load_errors: &[ImportError], notes: &[ImportError]) -> Value {
    let notification = |error: &ImportError, level: &str, id: &str| {
        let mut location = json!({"artifactLocation": {"uri": sarif_uri(&error.file)}});
        if error.line > 0 {
            location["region"] = json!({"startLine": error.line});
        }
        json!({
            "level": level,
            "descriptor": {"id": id},
            "message": {"text": error.to_string()},
            "locations": [{"physicalLocation": location}],
        })
    };
    let notifications: Vec<Value> = load_errors
        .iter()
        .map(|error| notification(error, "error", LOAD_ERROR_ID))
        .chain(
            notes
                .iter()
                .map(|note| notification(note, "note", SKIPPED_FILE_ID)),
        )
        .collect();
    json!({
        "executionSuccessful": load_errors.is_empty(),
        "toolExecutionNotifications": notifications,
    })
}

/// A SARIF 2.1.0 log with one run: every catalog rule as a reporting descriptor, every diagnostic
/// as a result located at its object's document, and one invocation whose notifications name the
/// input that could not be read. File paths are relative URIs as given.
#[must_use]
pub fn sarif(located: &[Located<'_>], load_errors: &[ImportError], notes: &[ImportError]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.docs},
                "help": {"text": rule.render_docs(), "markdown": rule.render_docs()},
                "defaultConfiguration": {"level": sarif_level(rule.severity.effective(true))},
                "properties": {"severity": rule.severity.as_str(), "kinds": rule.kinds},
            })
        })
        .collect();
    let results: Vec<Value> = located
        .iter()
        .map(|l| {
            let d = l.diagnostic;
            let index = RULES.iter().position(|rule| rule.id == d.rule).unwrap_or(0);
            let field = if d.field.is_empty() {
                String::new()
            } else {
                format!(" {}", d.field)
            };
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": index,
                "level": sarif_level(d.severity),
                "message": {"text": format!("{}{field}: {}", d.object_display(), d.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": sarif_uri(l.file)},
                        "region": {"startLine": l.line.max(1)},
                    },
                    "logicalLocations": [{
                        "name": d.name,
                        "fullyQualifiedName": d.object_display(),
                        "kind": "resource",
                    }],
                }],
            });
            if let Some(fix) = &d.fix {
                // SARIF's `fixes` must carry at least one text replacement; a kubedraft fix is a
                // set of commands on the design, not an edit of the file, so it is described in
                // the result's properties instead (a `fixes` entry without changes would make
                // the log invalid for code scanning).
                result["properties"] = json!({
                    "fix": fix.label,
                    "fixApplicability": fix.applicability.as_str(),
                });
            }
            if let Some(environment) = l.environment {
                result["properties"]["environment"] = json!(environment);
                if let Some(text) = result["message"]["text"].as_str() {
                    result["message"]["text"] = json!(format!("[{environment}] {text}"));
                }
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kubedraft",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [sarif_invocation(load_errors, notes)],
            "results": results,
        }],
    })
}

/// A relative URI for a file path: forward slashes, no leading `./`, spaces escaped.
fn sarif_uri(file: &str) -> String {
    let path = file.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    path.replace('%', "%25").replace(' ', "%20")
}

/// The catalog as JSON: a list of objects with id, name, severity, summary, docs and more.
#[must_use]
pub fn catalog_json() -> Value {
    Value::Array(
        RULES
            .iter()
            .map(|rule| {
                let not_checked = match rule.check {
                    super::rule::Check::NotChecked(reason) => Some(reason),
                    super::rule::Check::Implemented(_) => None,
                };
                json!({
                    "id": rule.id,
                    "name": rule.name,
                    "severity": rule.severity.as_str(),
                    "kinds": rule.kinds,
                    "summary": rule.summary,
                    "docs": rule.docs,
                    "implemented": rule.is_implemented(),
                    "not_checked": not_checked,
                    "peers": {
                        "kube-score": rule.peers.kube_score,
                        "kube-linter": rule.peers.kube_linter,
                        "polaris": rule.peers.polaris,
                        "checkov": rule.peers.checkov,
                    },
                })
            })
            .collect(),
    )
}

/// The catalog as text: one line per rule.
#[must_use]
pub fn catalog_text() -> String {
    let mut out = String::new();
    for rule in &RULES {
        let mark = if rule.is_implemented() {
            ""
        } else {
            " (not checked)"
        };
        let _ = writeln!(
            out,
            "{:<13} {:<8} {:<38} {}{mark}",
            rule.id,
            rule.severity.as_str(),
            rule.name,
            rule.summary
        );
    }
    out
}
