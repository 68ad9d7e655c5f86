//! The fuzzers' inputs, replayed: every file under `tests/fixtures/fuzz/<target>/` goes through the
//! same target function the fuzz crate calls (`kubedraft::fuzz_targets`), which must return
//! without panicking and with every invariant holding. The folder holds each input that ever
//! failed, and the nastiest inputs of the long runs (see docs/fuzzing.md).

use std::path::{Path, PathBuf};

use kubedraft::fuzz_targets::{TARGETS, target};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}

/// The files of one target's folder, sorted; an empty or missing folder fails the test, so that
/// the replay cannot pass by running nothing.
fn inputs(name: &str) -> Vec<PathBuf> {
    let folder = fixtures().join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.expect("folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no inputs: the fuzz regression replay would test nothing",
        folder.display()
    );
    files
}

#[test]
fn every_fuzz_fixture_passes_its_target() {
    for (name, run) in TARGETS {
        for path in inputs(name) {
            let data = std::fs::read(&path).expect("fixture");
            if let Err(violation) = run(&data) {
                panic!("{}: {violation}", path.display());
            }
        }
    }
}

/// A folder named after no target would never be replayed: its inputs would be lost silently.
#[test]
fn every_fixture_folder_names_a_target() {
    let folders = std::fs::read_dir(fixtures()).expect("tests/fixtures/fuzz");
    for entry in folders {
        let entry = entry.expect("folder entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            entry.path().is_file() || target(&name).is_some(),
            "tests/fixtures/fuzz/{name} is not a fuzz target"
        );
    }
}
