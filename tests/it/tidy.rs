//! Architecture invariants, checked inside `cargo test`.

use std::path::{Path, PathBuf};

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Rust files of the core folders (`model`, `document`, `manifest`) plus the named top-level files.
fn core_files(top_level: &[&str]) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for core in ["model", "document", "manifest", "reach", "rules", "cli"] {
        rust_files(&src.join(core), &mut files);
    }
    files.extend(top_level.iter().map(|name| src.join(name)));
    files
}

/// The core (model, document, manifests, design files, io, command line) never depends on egui:
/// it runs headless in CI, and the UI only reads the document and sends commands.
#[test]
fn core_does_not_use_egui() {
    let mut files = core_files(&["design_file.rs", "cli.rs"]);
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/io"),
        &mut files,
    );
    assert!(files.len() >= 10, "core files not found: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for forbidden in ["egui", "eframe", "rfd::"] {
                assert!(
                    !code.contains(forbidden),
                    "{}:{}: core code uses {forbidden}: {line}",
                    file.display(),
                    number + 1
                );
            }
        }
    }
}

/// Only `io` touches the file system in the core.
#[test]
fn only_io_writes_files() {
    let files = core_files(&["design_file.rs", "cli.rs"]);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(
            !text.contains("std::fs"),
            "{} uses std::fs; file access belongs in src/io",
            file.display()
        );
    }
}

/// The public functions of `src/model/validation` (the grammars Kubernetes validates with).
fn validation_functions(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src.join("model/validation"), &mut files);
    let mut names = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        // Free functions only (at the start of a line): methods like `describe` are not grammars.
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("pub fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        }
    }
    names.sort();
    names
}

/// Whether `code` names the identifier `name` (not only a longer one that contains it).
fn mentions(code: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(name)
        .any(|(at, _)| !code[..at].ends_with(ident) && !code[at + name.len()..].starts_with(ident))
}

/// Kubernetes validity is decided in `src/model/validation` only: no other module defines a
/// function of the same name (a second copy of a grammar), no UI module defines its own
/// `*_problem` check, calls one of the validation module's (the inspector shows the checker's
/// findings at their fields instead) or tests characters the way the grammars do, and no code
/// compares kind names with string literals (`Kind` answers what a kind is).
#[test]
fn only_the_validation_module_decides_validity() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let names = validation_functions(&src);
    for expected in [
        "object_name_problem",
        "quantity_problem",
        "image_reference_problem",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    // Problems the UI may name itself: they are not about Kubernetes (a file name to export to).
    let ui_allowed = ["image_name_problem"];
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let checks: Vec<&String> = names
        .iter()
        .filter(|n| n.ends_with("_problem") || n.ends_with("_problems"))
        .collect();
    assert!(
        checks.len() >= 10,
        "validation checks not found: {checks:?}"
    );
    let validation = src.join("model/validation");
    let ui = src.join("ui");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(&validation)) {
        let text = std::fs::read_to_string(file).expect("read");
        let in_ui = file.starts_with(&ui);
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let at = || format!("{}:{}: {}", file.display(), number + 1, line.trim());
            let definition = code.trim_start();
            let definition = definition
                .strip_prefix("pub(crate) ")
                .or_else(|| definition.strip_prefix("pub(super) "))
                .or_else(|| definition.strip_prefix("pub "))
                .unwrap_or(definition);
            if let Some(rest) = definition.strip_prefix("fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if names.contains(&name) {
                    found.push(format!("{} (defines validation's `{name}`)", at()));
                }
                if in_ui && name.ends_with("_problem") && !ui_allowed.contains(&name.as_str()) {
                    found.push(format!("{} (a UI check: call model::validation)", at()));
                }
            }
            if in_ui {
                // The checks (`quantity_problem`, `claim_spec_problems`…), not the lists of
                // choices (`ACCESS_MODES`) and widget ranges (`PORT_NUMBERS`) a form offers.
                for check in checks.iter().filter(|check| mentions(code, check)) {
                    found.push(format!(
                        "{} (calls validation's `{check}`: show the checker's finding with `At`)",
                        at()
                    ));
                }
                for pattern in [
                    "is_ascii_lowercase",
                    "is_ascii_digit",
                    "is_ascii_alphanumeric",
                ] {
                    if code.contains(pattern) {
                        found.push(format!("{} (a syntax test in the UI)", at()));
                    }
                }
            }
            for pattern in ["kind_name() == \"", "kind_name() != \"", ".kind == \""] {
                if code.contains(pattern) {
                    found.push(format!("{} (compare `Kind`s, not kind names)", at()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Files that are over their folder's line limit today, with their length now: each may shrink
/// (and leaves this list once under the limit) but never grow. New entries need a reason.
const LONG_FILES: &[(&str, usize)] = &[
    // The incremental rule checker: one long update over the snapshot it keeps; not split yet.
    ("src/rules/checker.rs", 699),
];

/// The line limit of a source file: 500 in the UI (a room reads as a few screens), 600 elsewhere.
fn line_limit(relative: &str) -> usize {
    if relative.starts_with("src/ui/") {
        500
    } else {
        600
    }
}

/// No source file grows past its limit: long files hide several concerns and are hard to
/// review. The files on [`LONG_FILES`] are held at their current length.
#[test]
fn source_files_stay_short() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() >= 50, "source files not found: {files:?}");
    let mut too_long = Vec::new();
    let mut seen = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(root)
            .expect("under the crate")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let lines = std::fs::read_to_string(file).expect("read").lines().count();
        let limit = line_limit(&relative);
        match LONG_FILES.iter().find(|(name, _)| *name == relative) {
            Some((_, allowed)) => {
                seen.push(relative.clone());
                if lines > *allowed {
                    too_long.push(format!(
                        "{relative}: {lines} lines, more than the {allowed} it is held at \
                         (on the allow-list; split it instead of growing it)"
                    ));
                } else if lines <= limit {
                    too_long.push(format!(
                        "{relative}: {lines} lines, under the limit of {limit}: \
                         remove it from LONG_FILES"
                    ));
                }
            }
            None if lines > limit => {
                too_long.push(format!(
                    "{relative}: {lines} lines, over the limit of {limit}"
                ));
            }
            None => {}
        }
    }
    for (name, _) in LONG_FILES {
        if !seen.iter().any(|s| s == name) {
            too_long.push(format!("{name}: on LONG_FILES but not found"));
        }
    }
    assert!(too_long.is_empty(), "{}", too_long.join("\n"));
}
