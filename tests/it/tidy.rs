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
    for core in ["model", "document", "manifest", "reach", "rules"] {
        rust_files(&src.join(core), &mut files);
    }
    files.extend(top_level.iter().map(|name| src.join(name)));
    files
}

/// The core (model, document, manifests, design files, io, command line) never depends on egui:
/// it runs headless in CI, and the UI only reads the document and sends commands.
#[test]
fn core_does_not_use_egui() {
    let files = core_files(&["design_file.rs", "io.rs", "cli.rs", "cli/reach.rs"]);
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
            "{} uses std::fs; file access belongs in io.rs",
            file.display()
        );
    }
}
