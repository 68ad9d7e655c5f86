//! The fuzzers' inputs, replayed: every file under `tests/fixtures/fuzz/<target>/` goes through the
//! same target function the fuzz crate calls (`kubedraft::fuzz_targets`), which must return
//! without panicking and with every invariant holding. The folder holds each input that ever
//! failed, and the nastiest inputs of the long runs (see docs/fuzzing.md).

use std::path::{Path, PathBuf};

use kubedraft::fuzz_targets::{TARGETS, target};
use kubedraft::manifest::helm;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::manifest::yaml::{parse_document, split_documents};

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

/// Found by fuzzing: YAML breaks lines at a lone CR (old Mac line ends, a stray `\r`), and its
/// parser counts lines so, while documents were split at LF only. An error in a file of 15 LF
/// lines was reported on line 128, and `---` after a lone CR did not separate documents.
#[test]
fn a_lone_cr_is_a_line_break() {
    let text = std::fs::read_to_string(fixtures().join("manifests/lone-cr-line-breaks.yaml"))
        .expect("fixture");
    let lines = text.replace("\r\n", "\n").split(['\r', '\n']).count();
    let imported = parse_manifests(&text, "cr.yaml");
    assert!(!imported.errors.is_empty(), "the fixture is broken YAML");
    for error in &imported.errors {
        assert!(
            error.line <= lines,
            "line {} of {lines}: {error}",
            error.line
        );
    }
    let two = "apiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: a\r---\rapiVersion: v1\r\
               kind: ConfigMap\rmetadata:\r  name: b\r";
    let imported = parse_manifests(two, "cr.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let lines: Vec<(&str, usize)> = imported
        .objects
        .iter()
        .map(|(object, source)| (object.name(), source.line))
        .collect();
    assert_eq!(lines, [("a", 1), ("b", 6)]);
}

/// Found by fuzzing: two containers of one name (which the API server rejects, but `check` and
/// export read) gave values.yaml the same key twice, a file Helm refuses. The second container
/// keeps its fields in the template as written.
#[test]
fn containers_of_one_name_key_the_values_once() {
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n\
                spec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    \
                spec:\n      containers:\n      - {name: web, image: nginx:1.27}\n      - {name: web, image: busybox:1.36}\n";
    let document = into_document(parse_manifests(yaml, "dup.yaml"));
    let files = helm::chart(&document.model, "shop").expect("chart");
    let values = files
        .iter()
        .find(|f| f.path.ends_with("/values.yaml"))
        .map_or_else(
            || panic!("no values.yaml in the chart"),
            |f| f.contents.clone(),
        );
    let documents = split_documents(&values);
    let [document] = documents.as_slice() else {
        panic!("one values document expected: {values}")
    };
    let parsed = parse_document(document).unwrap_or_else(|e| panic!("{e}:\n{values}"));
    let images: Vec<&str> = parsed
        .pointer("/workloads")
        .and_then(|w| w.as_object())
        .into_iter()
        .flat_map(|w| w.values())
        .filter_map(|w| {
            w.pointer("/containers/web/image/tag")
                .and_then(|t| t.as_str())
        })
        .collect();
    assert_eq!(images, ["1.27"], "{values}");
    let template = files
        .iter()
        .filter(|f| f.path.contains("/templates/") && f.contents.contains("kind: Deployment"))
        .map(|f| f.contents.as_str())
        .collect::<String>();
    assert!(template.contains("busybox:1.36"), "{template}");
}
