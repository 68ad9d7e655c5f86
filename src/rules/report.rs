//! Rendering diagnostics for the command line: text lines, JSON, and SARIF 2.1.0 for GitHub code
//! scanning. Pure: the caller says where each diagnostic is (file and line).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Summary;
use super::catalog::RULES;
use super::diagnostic::Diagnostic;
use super::rule::Severity;

/// A diagnostic with the file and line of its object's document.
#[derive(Clone, Debug)]
pub struct Located<'d> {
    pub diagnostic: &'d Diagnostic,
    pub file: String,
    /// 1-based; 1 when unknown.
    pub line: usize,
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
        let _ = writeln!(
            out,
            "{}:{}: {}[{}] {}{field}: {}",
            l.file,
            l.line,
            d.severity,
            d.rule,
            d.object_display(),
            d.message
        );
        if let Some(fix) = &d.fix {
            let _ = writeln!(out, "  fix ({}): {}", fix.applicability.as_str(), fix.label);
        }
    }
    out
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

/// `{"diagnostics":[…],"summary":{…}}`.
#[must_use]
pub fn json(located: &[Located<'_>], files: usize, objects: usize) -> Value {
    let diagnostics: Vec<Value> = located
        .iter()
        .map(|l| {
            let d = l.diagnostic;
            json!({
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "kind": d.kind,
                "namespace": d.namespace,
                "name": d.name,
                "field": d.field,
                "message": d.message,
                "file": l.file,
                "line": l.line,
                "fix": d.fix.as_ref().map(|f| f.label.clone()),
                "fix_applicability": d.fix.as_ref().map(|f| f.applicability.as_str()),
            })
        })
        .collect();
    let all: Vec<Diagnostic> = located.iter().map(|l| l.diagnostic.clone()).collect();
    let summary = Summary::of(&all);
    json!({
        "diagnostics": diagnostics,
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "files": files,
            "objects": objects,
        }
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF 2.1.0 log with one run: every catalog rule as a reporting descriptor, every diagnostic
/// as a result located at its object's document. File paths are relative URIs as given.
#[must_use]
pub fn sarif(located: &[Located<'_>]) -> Value {
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
                        "artifactLocation": {"uri": sarif_uri(&l.file)},
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
