//! `kubedraft reach`: the reachability report, explanations, connectivity diffs and policies
//! generated from the drawn traffic.
//!
//! Exit codes: 0 success; 1 some NetworkPolicies are invalid (reported on stderr, left out of the
//! analysis, which is still printed); 2 unreadable input, documents that could not be read, or bad
//! usage (unknown workload, malformed port).

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::io::{self, IoError};
use crate::manifest::import::ReadOptions;
use crate::model::Protocol;
use crate::reach::report::{self, Allowed, Endpoint, conn_json};
use crate::reach::{GenerateOptions, GenerateTarget, Reachability, diff, explain};

/// Output of `reach`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReachFormat {
    /// One line per allowed pair.
    Text,
    /// `{"workloads": [...], "allowed": [...]}`, shaped like the conformance cases.
    Json,
}

/// The default deny `reach --generate` completes with allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    /// Per namespace a default-deny and a DNS NetworkPolicy.
    #[value(name = "networkpolicy")]
    NetworkPolicy,
    /// One Baseline-tier ClusterNetworkPolicy (DNS egress kept).
    Baseline,
}

impl From<TargetArg> for GenerateTarget {
    fn from(target: TargetArg) -> Self {
        match target {
            TargetArg::NetworkPolicy => GenerateTarget::NetworkPolicy,
            TargetArg::Baseline => GenerateTarget::Baseline,
        }
    }
}

/// What `reach` was asked to do.
#[derive(Debug)]
pub enum ReachRequest {
    Report,
    Explain {
        src: String,
        dst: String,
        port: Option<String>,
    },
    Diff {
        old: PathBuf,
        new: PathBuf,
    },
    /// The least-privilege policies for the design's drawn traffic.
    Generate {
        target: GenerateTarget,
    },
}

impl ReachRequest {
    /// The request the command line's options make (clap has checked that they go together).
    #[must_use]
    pub fn from_args(
        explain: Option<Vec<String>>,
        port: Option<String>,
        diff: Option<Vec<PathBuf>>,
        generate: bool,
        target: TargetArg,
    ) -> ReachRequest {
        match (explain, diff) {
            _ if generate => ReachRequest::Generate {
                target: target.into(),
            },
            (Some(ends), _) => {
                let mut ends = ends.into_iter();
                ReachRequest::Explain {
                    src: ends.next().unwrap_or_default(),
                    dst: ends.next().unwrap_or_default(),
                    port,
                }
            }
            (None, Some(files)) => {
                let mut files = files.into_iter();
                ReachRequest::Diff {
                    old: files.next().unwrap_or_default(),
                    new: files.next().unwrap_or_default(),
                }
            }
            (None, None) => ReachRequest::Report,
        }
    }
}

/// Loads a design or manifests for analysis; on failure prints why and gives the exit code.
fn load(paths: &[PathBuf]) -> Result<Reachability, u8> {
    load_document(paths).map(|document| evaluate(&document.model))
}

/// Loads a design or manifests whole (an analysis of part of them would be wrong); on failure
/// prints why and gives the exit code.
fn load_document(paths: &[PathBuf]) -> Result<crate::document::Document, u8> {
    let loaded = io::load_with(
        paths,
        ReadOptions {
            lenient_selector_values: true,
        },
    )
    .map_err(|error: IoError| {
        crate::say!("kubedraft: {error}");
        2
    })?;
    for warning in &loaded.warnings {
        crate::say!("kubedraft: warning: {warning}");
    }
    for note in &loaded.notes {
        crate::say!("kubedraft: note: {note}");
    }
    if !loaded.skipped.is_empty() {
        // An analysis without some objects would report wrong connectivity: refuse.
        for error in &loaded.skipped {
            crate::say!("kubedraft: {error}");
        }
        return Err(2);
    }
    // The base design: objects only some environments include are not in it. Most designs are
    // their own base (a borrowed result), which is then used as loaded rather than copied.
    let base = match loaded.document.effective(None) {
        Ok(std::borrow::Cow::Owned(base)) => Some(base),
        Ok(std::borrow::Cow::Borrowed(_)) => None,
        Err(error) => {
            crate::say!("kubedraft: {error}");
            return Err(2);
        }
    };
    Ok(base.unwrap_or(loaded.document))
}

/// Evaluates the design, showing progress on stderr when it is a terminal and the evaluation
/// takes long enough to notice (redrawn at most ten times a second, erased at the end).
fn evaluate(model: &crate::model::Model) -> Reachability {
    use std::io::{IsTerminal as _, Write as _};
    if !std::io::stderr().is_terminal() {
        return Reachability::compute(model);
    }
    let start = std::time::Instant::now();
    let mut shown: Option<std::time::Instant> = None;
    let mut watch = |progress: crate::reach::Progress| {
        let now = std::time::Instant::now();
        let due = shown.map_or(now.duration_since(start).as_millis() >= 500, |last| {
            now.duration_since(last).as_millis() >= 100
        });
        if due {
            shown = Some(now);
            // Progress is a courtesy: a failed write to the terminal changes nothing.
            let _ = write!(
                std::io::stderr(),
                "\rkubedraft: evaluating reachability: {:>3.0} % ({} of {} steps)",
                progress.fraction() * 100.0,
                progress.done,
                progress.total
            );
        }
        true
    };
    let reach = Reachability::compute_watched(model, &mut watch);
    if shown.is_some() {
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
    // The watch never cancels, so the evaluation always completes.
    reach.unwrap_or_else(|| Reachability::compute(model))
}

/// Prints invalid policies; returns the exit code they imply.
fn report_errors(reach: &Reachability) -> u8 {
    let errors = reach.errors();
    for error in &errors {
        crate::say!("kubedraft: invalid, not evaluated: {error}");
    }
    u8::from(!errors.is_empty())
}

/// Whether some pair has allowed traffic (the text report is then not empty).
fn reach_has_pairs(reach: &Reachability) -> bool {
    report::each_allowed(reach, |_, _, _| Err(())).is_err()
}

/// Reads `80`, `80/TCP`, `53/udp`.
fn parse_port(text: &str) -> Option<(u16, Protocol)> {
    let (number, protocol) = text.split_once('/').unwrap_or((text, "TCP"));
    let number: u16 = number.parse().ok().filter(|n| *n >= 1)?;
    Some((number, Protocol::parse(&protocol.to_ascii_uppercase())?))
}

fn allowed_json(list: &[Allowed]) -> Vec<serde_json::Value> {
    list.iter()
        .map(|a| serde_json::json!({"from": a.from.to_string(), "to": a.to.to_string(), "conn": conn_json(&a.conn)}))
        .collect()
}

fn json_text(value: &serde_json::Value) -> String {
    // Serialising a `Value` cannot fail.
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).unwrap_or_default()
    )
}

/// Runs `reach`; returns the exit code. The output is written in one piece through
/// [`super::output::write_stdout`], so a full disk or a closed pipe is an exit code, not a panic.
#[must_use]
pub fn run(paths: &[PathBuf], format: ReachFormat, request: ReachRequest) -> u8 {
    if let ReachRequest::Report = request {
        // The report of a large cluster has millions of pairs: streamed, not built.
        let reach = match load(paths) {
            Ok(reach) => reach,
            Err(code) => return code,
        };
        let code = report_errors(&reach);
        return super::output::stream_stdout(code, |mut out| match format {
            ReachFormat::Json => report::write_json(&reach, &mut out),
            ReachFormat::Text if reach_has_pairs(&reach) => report::write_text(&reach, &mut out),
            ReachFormat::Text => writeln!(
                out,
                "no allowed connections ({} workloads)",
                reach.workloads().len()
            ),
        });
    }
    match render(paths, format, request) {
        Ok((text, code)) => super::output::write_stdout(text.as_bytes(), code),
        Err(code) => code,
    }
}

/// The output of `reach` and the exit code it implies, or the exit code of a failure (reported).
fn render(
    paths: &[PathBuf],
    format: ReachFormat,
    request: ReachRequest,
) -> Result<(String, u8), u8> {
    let mut out = String::new();
    match request {
        // Streamed by `run`.
        ReachRequest::Report => Ok((out, 0)),
        ReachRequest::Explain { src, dst, port } => {
            let port = match port.as_deref().map(parse_port) {
                None => None,
                Some(Some(port)) => Some(port),
                Some(None) => {
                    crate::say!(
                        "kubedraft: --port takes PORT or PORT/PROTOCOL (TCP, UDP, SCTP), e.g. 8080/TCP"
                    );
                    return Err(2);
                }
            };
            let (Some(from), Some(to)) = (Endpoint::parse(&src), Endpoint::parse(&dst)) else {
                crate::say!(
                    "kubedraft: --explain takes two of `namespace/name` or an IPv4 address"
                );
                return Err(2);
            };
            let reach = load(paths)?;
            match explain(&reach, &from, &to, port) {
                Ok(explanation) => {
                    out = match format {
                        ReachFormat::Json => json_text(&explanation.to_json()),
                        ReachFormat::Text => explanation.to_string(),
                    };
                    Ok((out, report_errors(&reach)))
                }
                Err(error) => {
                    crate::say!("kubedraft: {error}");
                    Err(2)
                }
            }
        }
        ReachRequest::Diff { old, new } => {
            let (before, after) = match (load(&[old]), load(&[new])) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(code), _) | (_, Err(code)) => return Err(code),
            };
            let changes = diff(&before, &after);
            match format {
                ReachFormat::Json => {
                    out = json_text(&serde_json::json!({
                        "gained": allowed_json(&changes.gained),
                        "lost": allowed_json(&changes.lost),
                    }));
                }
                ReachFormat::Text => {
                    for a in &changes.gained {
                        let _ = writeln!(out, "+ {} => {} : {}", a.from, a.to, a.conn);
                    }
                    for a in &changes.lost {
                        let _ = writeln!(out, "- {} => {} : {}", a.from, a.to, a.conn);
                    }
                    if changes.is_empty() {
                        out.push_str("no connectivity changes\n");
                    }
                }
            }
            Ok((out, report_errors(&before).max(report_errors(&after))))
        }
        ReachRequest::Generate { target } => generate(paths, format, target),
    }
}

/// The generated policies as a YAML stream (or a JSON list); what could not be expressed exactly
/// is a warning on stderr.
fn generate(
    paths: &[PathBuf],
    format: ReachFormat,
    target: GenerateTarget,
) -> Result<(String, u8), u8> {
    let document = load_document(paths)?;
    let intents: Vec<_> = document.intents.iter().copied().collect();
    let options = GenerateOptions {
        target,
        ..GenerateOptions::default()
    };
    let generated = crate::reach::generate_policies(&document.model, &intents, &options);
    for problem in &generated.problems {
        crate::say!("kubedraft: warning: {problem}");
    }
    let values: Vec<serde_json::Value> = generated
        .policies
        .iter()
        .map(crate::model::Object::to_value)
        .collect();
    match format {
        ReachFormat::Json => Ok((json_text(&serde_json::Value::Array(values)), 0)),
        ReachFormat::Text => match crate::manifest::yaml::to_yaml_stream(&values) {
            Ok(text) => Ok((text, 0)),
            Err(error) => {
                crate::say!("kubedraft: {error}");
                Err(2)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ports() {
        assert_eq!(parse_port("80"), Some((80, Protocol::Tcp)));
        assert_eq!(parse_port("53/udp"), Some((53, Protocol::Udp)));
        assert_eq!(parse_port("9/SCTP"), Some((9, Protocol::Sctp)));
        assert_eq!(parse_port("0/TCP"), None);
        assert_eq!(parse_port("http"), None);
        assert_eq!(parse_port("80/ICMP"), None);
    }
}
