//! The bodies of the fuzz targets (`fuzz/`, see `docs/fuzzing.md`): one function per target,
//! taking any bytes. The fuzz crate and the regression test (`tests/it/hardening/fuzz_regressions.rs`)
//! call these same functions, so an input that once failed is replayed against the code that failed.
//!
//! A target never panics: a crash is a defect in the code it calls. Beyond "no crash", each target
//! checks what must hold for every input (an export reads back, a saved design loads, a message
//! names no library internals, incremental results equal full ones) and returns a [`Violation`]
//! when it does not; the fuzz crate turns that into a crash, so the fuzzer reports it too.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::design_file;
use crate::io::{self, Loaded};
use crate::manifest::import::{self, ImportError, ReadOptions};
use crate::manifest::{export, helm, yaml};
use crate::model::{Model, Protocol, Resource};
use crate::reach::report::{self as reach_report, Endpoint};
use crate::reach::{Reachability, diff, explain};
use crate::rules::checker::Checker;
use crate::rules::cli::{CheckFormat, FailOn};

/// The file name the targets give their input in messages.
const FILE: &str = "fuzz.yaml";

/// An invariant a target found broken, described for the report.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{target}: {what}")]
pub struct Violation {
    pub target: &'static str,
    pub what: String,
}

/// What a target returns: `Ok` when every invariant held.
pub type Outcome = Result<(), Violation>;

/// A target: any bytes in, whether every invariant held out.
pub type Target = fn(&[u8]) -> Outcome;

/// Every target by name, in the order the fuzz script runs them.
pub const TARGETS: [(&str, Target); 5] = [
    ("manifests", manifests),
    ("design", design),
    ("check", check),
    ("export", export),
    ("reach", reach),
];

/// The target called `name`, if there is one.
#[must_use]
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

fn fail(target: &'static str, what: String) -> Outcome {
    Err(Violation { target, what })
}

/// Words from the parsers' own types and options that messages once leaked (issue 15): a message
/// may hold them only where the input itself does (a key quoted back, say).
const INTERNALS: [&str; 7] = [
    "budget breached",
    "DuplicateKeyPolicy",
    "serde_stacker",
    "recursion_limit",
    "Depth {",
    "Nodes {",
    "ron::",
];

/// A message says what is wrong in plain words: not empty, and no library internals that the
/// input does not spell out itself.
fn plain(target: &'static str, input: &str, message: &str) -> Outcome {
    if message.trim().is_empty() {
        return fail(target, "an empty error message".to_owned());
    }
    match INTERNALS
        .iter()
        .find(|word| message.contains(*word) && !input.contains(*word))
    {
        Some(word) => fail(target, format!("a message names `{word}`: {message}")),
        None => Ok(()),
    }
}

/// A load error points into the file: a line that exists, a document that exists.
fn located(target: &'static str, input: &str, error: &ImportError) -> Outcome {
    // Lines as YAML counts them: LF, CRLF and a lone CR each end one.
    let lines = input.replace("\r\n", "\n").split(['\r', '\n']).count();
    if error.line == 0 || error.line > lines + 1 {
        return fail(
            target,
            format!("line {} of a {lines}-line input: {error}", error.line),
        );
    }
    plain(target, input, &error.to_string())
}

/// The manifest reader (YAML and JSON, several documents, `kind: List`), strict and lenient.
pub fn manifests(data: &[u8]) -> Outcome {
    const T: &str = "manifests";
    let text = String::from_utf8_lossy(data);
    let strict = import::parse_manifests(&text, FILE);
    let lenient = import::parse_manifests_with(
        &text,
        FILE,
        ReadOptions {
            lenient_selector_values: true,
        },
    );
    for error in strict
        .errors
        .iter()
        .chain(&lenient.errors)
        .chain(&lenient.warnings)
    {
        located(T, &text, error)?;
    }
    // Lenient reading only turns some rejections into warnings: it never loses a document.
    let read = |i: &import::Imported| i.objects.len() + i.namespaces.len();
    if read(&lenient) < read(&strict) {
        return fail(
            T,
            format!(
                "lenient reading read {} objects and namespaces, strict reading {}",
                read(&lenient),
                read(&strict)
            ),
        );
    }
    Ok(())
}

/// The design-file loader (RON): what loads saves, and what it saves loads back unchanged.
pub fn design(data: &[u8]) -> Outcome {
    const T: &str = "design";
    let text = String::from_utf8_lossy(data);
    let document = match design_file::from_ron(&text) {
        Ok(document) => document,
        Err(error) => return plain(T, &text, &error.to_string()),
    };
    let saved = match design_file::to_ron(&document) {
        Ok(saved) => saved,
        // Refusing to save (a manifest too deep for the format) is allowed; a muddled why is not.
        Err(error) => return plain(T, &text, &error.to_string()),
    };
    let again = design_file::from_ron(&saved).map_err(|error| Violation {
        target: T,
        what: format!("a saved design does not load: {error}"),
    })?;
    match design_file::to_ron(&again) {
        Ok(resaved) if resaved == saved => {}
        Ok(_) => return fail(T, "saving a saved design again changes the file".to_owned()),
        Err(error) => return fail(T, format!("a loaded saved design cannot be saved: {error}")),
    }
    // `kubedraft check design.ron`: the rules with the design's own baseline.
    let _ = crate::rules::check_document(&document);
    Ok(())
}

/// `check`: the rules over the imported design, every report format, and the incremental checker
/// (the app's) against a full pass after one object is removed.
pub fn check(data: &[u8]) -> Outcome {
    const T: &str = "check";
    let text = String::from_utf8_lossy(data);
    let loaded = io::load_manifest_text(&text, FILE, ReadOptions::default());
    // One format per input, chosen by the input, so each run checks once, not three times.
    let format = match data.len() % 3 {
        0 => CheckFormat::Text,
        1 => CheckFormat::Json,
        _ => CheckFormat::Sarif,
    };
    let (report, code) = crate::rules::cli::render(&loaded, FILE, format, FailOn::Warning);
    if (code == 2) == loaded.skipped.is_empty() {
        return fail(
            T,
            format!(
                "exit code {code} with {} skipped documents",
                loaded.skipped.len()
            ),
        );
    }
    // (SARIF is not read back: it is a `Value` serialised, JSON by construction, and large.)
    if format == CheckFormat::Json {
        let value: Value = serde_json::from_str(&report).map_err(|error| Violation {
            target: T,
            what: format!("the JSON report is not JSON: {error}"),
        })?;
        let load_errors = value
            .get("load_errors")
            .and_then(Value::as_array)
            .map(Vec::len);
        if load_errors != Some(loaded.skipped.len()) {
            return fail(
                T,
                format!(
                    "the JSON report lists {load_errors:?} load errors, not {}",
                    loaded.skipped.len()
                ),
            );
        }
    }
    let mut checker = Checker::new();
    let _ = checker.update_document(&loaded.document);
    let mut document = loaded.document.clone();
    let first = document.model.objects().next().map(|(id, _)| id);
    if let Some(id) = first {
        let _ = document.model.remove(id);
        let incremental = checker.update_document(&document).to_vec();
        let full = crate::rules::check_document(&document);
        if incremental != full {
            return fail(
                T,
                format!(
                    "after removing one object the incremental check gives {} diagnostics, a full check {}",
                    incremental.len(),
                    full.len()
                ),
            );
        }
    }
    Ok(())
}

/// `export`: YAML (which must read back and export again unchanged), split files, a Helm chart,
/// values.yaml and a design file (which must load), all to memory.
pub fn export(data: &[u8]) -> Outcome {
    const T: &str = "export";
    let text = String::from_utf8_lossy(data);
    let loaded = io::load_manifest_text(&text, FILE, ReadOptions::default());
    let model = &loaded.document.model;
    match export::to_yaml(model) {
        Ok(yaml_text) => export_reads_back(&yaml_text, model)?,
        Err(error) => plain(T, &text, &error.to_string())?,
    }
    split(&text, &loaded)?;
    chart(&text, &loaded)?;
    if let Err(error) = helm::values_yaml(model) {
        plain(T, &text, &error.to_string())?;
    }
    match design_file::to_ron(&loaded.document) {
        Ok(saved) => {
            if let Err(error) = design_file::from_ron(&saved) {
                return fail(
                    T,
                    format!("`export --format design` wrote a design that does not load: {error}"),
                );
            }
        }
        Err(error) => plain(T, &text, &error.to_string())?,
    }
    Ok(())
}

/// The YAML export reads back without errors, to as many objects, and exports again unchanged.
fn export_reads_back(yaml_text: &str, model: &Model) -> Outcome {
    const T: &str = "export";
    let objects = model.len();
    if yaml::split_documents(yaml_text).is_empty() {
        // Nothing to export is an empty stream, which would read as "no objects".
        return if objects == 0 {
            Ok(())
        } else {
            fail(T, format!("{objects} objects exported as an empty stream"))
        };
    }
    let back = import::parse_manifests(yaml_text, "export.yaml");
    if let Some(error) = back.errors.first() {
        return fail(T, format!("the YAML export does not read back: {error}"));
    }
    // An empty design exports an empty stream, which reads as "no objects".
    if back.objects.len() != objects {
        return fail(
            T,
            format!(
                "{objects} objects exported, {} read back",
                back.objects.len()
            ),
        );
    }
    let again = import::into_document(back);
    match export::to_yaml(&again.model) {
        Ok(second) if second == yaml_text => Ok(()),
        Ok(second) => fail(
            T,
            format!(
                "exporting the export again changes it:\n{yaml_text}\n---- became ----\n{second}"
            ),
        ),
        Err(error) => fail(
            T,
            format!("the export read back cannot be exported: {error}"),
        ),
    }
}

/// `export --split`: one file per manifest, each name a single, distinct, short path component.
fn split(input: &str, loaded: &Loaded) -> Outcome {
    const T: &str = "export";
    let mut names = BTreeSet::new();
    for (index, value) in export::manifests(&loaded.document.model).iter().enumerate() {
        if let Err(error) = yaml::to_yaml(value) {
            plain(T, input, &error.to_string())?;
        }
        let name = export::split_file_name(index, value);
        let safe =
            !name.contains(['/', '\\', '\0']) && name != "." && name != ".." && name.len() <= 255;
        if !safe || !names.insert(name.clone()) {
            return fail(T, format!("split file name {name:?} is unsafe or repeated"));
        }
    }
    Ok(())
}

/// `export --format helm`: every file inside `<chart>/`, values.yaml YAML, the schema JSON.
fn chart(input: &str, loaded: &Loaded) -> Outcome {
    const T: &str = "export";
    let model = &loaded.document.model;
    let name = helm::default_chart_name(None, model);
    let files = match helm::chart(model, &name) {
        Ok(files) => files,
        Err(error) => return plain(T, input, &error.to_string()),
    };
    for file in &files {
        let inside = file
            .path
            .strip_prefix(&format!("{name}/"))
            .is_some_and(|rest| {
                !rest.is_empty()
                    && !rest.contains(['\\', '\0'])
                    && rest
                        .split('/')
                        .all(|part| !part.is_empty() && part != "." && part != "..")
            });
        if !inside {
            return fail(
                T,
                format!("chart file {:?} is outside the chart folder", file.path),
            );
        }
        if file.path.ends_with("/values.yaml") {
            for document in yaml::split_documents(&file.contents) {
                // Values nest as deep as the objects, which JSON input may nest deeper than this
                // reader's YAML limit: only that refusal is not a defect of values.yaml.
                if let Err(error) = yaml::parse_document(&document)
                    && !error.message.starts_with("nesting deeper than")
                {
                    return fail(T, format!("values.yaml does not read back: {error}"));
                }
            }
        }
        if file.path.ends_with("/values.schema.json")
            && serde_json::from_str::<Value>(&file.contents).is_err()
        {
            return fail(T, format!("{} is not JSON", file.path));
        }
    }
    Ok(())
}

/// `reach` over the parsed result: the report, explanations that agree with the matrix, a diff
/// of a design with itself (empty), and an incremental update after a policy is removed.
pub fn reach(data: &[u8]) -> Outcome {
    const T: &str = "reach";
    let text = String::from_utf8_lossy(data);
    let loaded = io::load_manifest_text(
        &text,
        FILE,
        ReadOptions {
            lenient_selector_values: true,
        },
    );
    let model = &loaded.document.model;
    let reach = Reachability::compute(model);
    let _ = reach_report::to_text(&reach);
    let _ = reach_report::to_json(&reach);
    for error in reach.errors() {
        plain(T, &text, &error.to_string())?;
    }
    let port = u16::from_le_bytes([
        data.first().copied().unwrap_or(80),
        data.last().copied().unwrap_or(0),
    ])
    .max(1);
    let workloads = reach.workloads();
    if let (Some(a), Some(b)) = (workloads.first(), workloads.last()) {
        let (src, dst) = (
            Endpoint::Workload(a.id.clone()),
            Endpoint::Workload(b.id.clone()),
        );
        let explanation =
            explain(&reach, &src, &dst, Some((port, Protocol::Tcp))).map_err(|error| {
                Violation {
                    target: T,
                    what: format!("no explanation between two workloads of the design: {error}"),
                }
            })?;
        let conn = reach.conn(0, workloads.len() - 1);
        if a.id != b.id
            && (explanation.conn != *conn
                || explanation.allowed != conn.allows(port, Protocol::Tcp))
        {
            return fail(
                T,
                format!(
                    "the explanation of {src} -> {dst} on {port}/TCP disagrees with the matrix"
                ),
            );
        }
        let outside = Endpoint::parse("203.0.113.7").ok_or_else(|| Violation {
            target: T,
            what: "an address does not parse".to_owned(),
        })?;
        let _ = explain(&reach, &outside, &src, None);
        let _ = explain(&reach, &src, &outside, Some((port, Protocol::Udp)));
    }
    if !diff(&reach, &reach).is_empty() {
        return fail(T, "a design differs from itself".to_owned());
    }
    let policy = model
        .objects()
        .find(|(_, o)| matches!(o.resource(), Resource::NetworkPolicy(_)))
        .map(|(id, _)| id);
    if let Some(id) = policy {
        let mut changed = model.clone();
        let _ = changed.remove(id);
        let mut incremental = reach.clone();
        incremental.update(&changed, &[id]);
        if reach_report::to_json(&incremental)
            != reach_report::to_json(&Reachability::compute(&changed))
        {
            return fail(
                T,
                "after removing a policy the incremental update differs from a full evaluation"
                    .to_owned(),
            );
        }
    }
    Ok(())
}
