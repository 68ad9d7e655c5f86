//! Real repositories (issue 13 point 5): a plain folder that also keeps YAML that is no Kubernetes
//! manifest (Helm values, `Chart.yaml`, a kustomization, CI workflows, docs) is read with one note
//! per such file; the exit code of `check` reflects the manifests only.

use crate::support::cli;
use cli::{kubedraft, stderr, stdout};
use std::path::{Path, PathBuf};

use kubedraft::rules::cli::{CheckFormat, FailOn, render};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The plain repository fixture: `manifests/web.yaml` beside a chart, a kustomization, a CI
/// workflow and an mkdocs file.
fn plain() -> PathBuf {
    root().join("tests/fixtures/repos/plain")
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The files of the plain fixture that are not manifests, as `check` names them.
fn not_manifests() -> Vec<String> {
    [
        ".github/workflows/ci.yml",
        "chart/Chart.yaml",
        "chart/templates/deployment.yaml",
        "chart/values-prod.yaml",
        "chart/values.yaml",
        "docs/mkdocs.yml",
        "overlay/kustomization.yaml",
    ]
    .iter()
    .map(|f| plain().join(f).display().to_string())
    .collect()
}

/// A fresh temporary copy of a fixture folder.
fn copy_of(folder: &Path, name: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let to = std::env::temp_dir().join(format!("kubedraft-repos-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    copy(folder, &to);
    to
}

#[test]
fn a_plain_folder_notes_each_file_that_is_not_a_manifest_in_text() {
    let output = kubedraft(&["check", s(&plain())]);
    let text = stdout(&output);
    let notes: Vec<&str> = text.lines().filter(|l| l.contains(": note: ")).collect();
    let files: Vec<String> = notes
        .iter()
        .map(|l| l.split(": note: ").next().unwrap().to_owned())
        .collect();
    assert_eq!(files, not_manifests(), "{text}");
    assert!(notes[3].ends_with("(a Helm values file?)"), "{}", notes[3]);
    assert!(notes[0].ends_with("(a CI configuration?)"), "{}", notes[0]);
    assert!(notes[2].contains("Helm chart template"), "{}", notes[2]);
    assert!(notes[6].contains("Kustomize"), "{}", notes[6]);
    assert!(
        text.ends_with("in 2 objects; 7 files skipped (not Kubernetes manifests)\n"),
        "{text}"
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    // The exit code and the findings are those of the manifests alone.
    let alone = kubedraft(&["check", s(&plain().join("manifests/web.yaml"))]);
    assert_eq!(output.status.code(), alone.status.code());
    let findings = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.contains(']'))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(findings(&text), findings(&stdout(&alone)));
    assert!(!findings(&text).is_empty(), "the manifests have findings");
    for fail_on in ["error", "warning"] {
        let with = kubedraft(&["check", s(&plain()), "--fail-on", fail_on]);
        let without = kubedraft(&["check", s(&plain().join("manifests")), "--fail-on", fail_on]);
        assert_eq!(with.status.code(), without.status.code(), "{fail_on}");
    }
}

#[test]
fn notes_are_in_the_json_and_sarif_reports_and_are_no_errors() {
    let output = kubedraft(&["check", s(&plain()), "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let files: Vec<&str> = report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, not_manifests());
    assert_eq!(report["summary"]["notes"], 7);
    assert_eq!(report["summary"]["load_errors"], 0);
    assert_eq!(report["load_errors"], serde_json::json!([]));
    assert_eq!(report["summary"]["objects"], 2);

    let output = kubedraft(&["check", s(&plain()), "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 7);
    for notification in notifications {
        assert_eq!(notification["level"], "note");
        assert_eq!(notification["descriptor"]["id"], "KD-SKIPPED");
        let text = notification["message"]["text"].as_str().unwrap();
        assert!(text.contains("skipped"), "{text}");
    }
    // No result is about a skipped file.
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.ends_with("manifests/web.yaml"), "{uri}");
    }
}

#[test]
fn a_broken_manifest_beside_the_notes_still_exits_two() {
    let folder = copy_of(&plain(), "broken");
    // It has apiVersion and kind, so it is a manifest, and a broken one.
    std::fs::write(
        folder.join("manifests/broken.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  ports: [\n",
    )
    .unwrap();
    // So is a document that lost its apiVersion.
    std::fs::write(
        folder.join("manifests/no-api-version.yaml"),
        "kind: ConfigMap\nmetadata: {name: settings, namespace: shop}\n",
    )
    .unwrap();
    let output = kubedraft(&["check", s(&folder)]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let errors = stderr(&output);
    assert!(errors.contains("manifests/broken.yaml:"), "{errors}");
    assert!(
        errors.contains("manifests/no-api-version.yaml:"),
        "{errors}"
    );
    assert!(stdout(&output).contains("7 files skipped"));
    let _ = std::fs::remove_dir_all(folder);
}

#[test]
fn a_named_file_that_is_no_manifest_is_still_an_error() {
    // Named on its own, a file is meant as a manifest: a values file is refused, not noted.
    let output = kubedraft(&["check", s(&plain().join("chart/values.yaml"))]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("apiVersion"),
        "{}",
        stderr(&output)
    );
}

/// The exit code `check` gives for a folder, computed in-process as the command does.
fn check_code(folder: &Path) -> (u8, String) {
    let loaded = kubedraft::io::load(&[folder.to_path_buf()])
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    let skipped: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();
    let (_, code) = render(&loaded, "", CheckFormat::Text, FailOn::Error);
    (code, skipped.join("\n"))
}

/// Every folder under `corpus` that holds YAML checks with exit 0 or 1, never 2.
fn corpus_folders_check(corpus: &Path) -> usize {
    let mut pending = vec![corpus.to_path_buf()];
    let mut checked = 0;
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            }
        }
        if kubedraft::io::manifest_files(&folder).unwrap().is_empty() {
            continue;
        }
        let (code, skipped) = check_code(&folder);
        assert!(code <= 1, "{}: exit {code}:\n{skipped}", folder.display());
        checked += 1;
    }
    checked
}

#[test]
fn every_folder_of_the_copied_corpus_checks_without_exit_two() {
    // 87 folders when written, the argo-cd one with a chart's values.yaml among them.
    let checked = corpus_folders_check(&root().join("tests/fixtures/shared-corpus"));
    assert!(checked >= 80, "only {checked} folders");
    let (code, _) = check_code(&root().join("tests/fixtures/shared-corpus/argo-cd-manifests"));
    assert_eq!(code, 1);
}

#[test]
fn every_folder_of_the_shared_corpus_checks_without_exit_two() {
    // The project's shared corpus, when this checkout sits beside it (the copy above is the test
    // that always runs).
    let shared = root().join("../shared/corpus");
    if shared.is_dir() {
        assert!(corpus_folders_check(&shared) >= 80);
    }
}

#[test]
fn the_app_lists_the_skipped_files_after_opening_a_folder() {
    use egui_kittest::kittest::Queryable as _;
    let mut harness = crate::support::ui::harness();
    harness.run();
    harness.state_mut().open_paths(&[plain()]).unwrap();
    harness.run();
    assert_eq!(harness.state().doc.model.len(), 2);
    assert!(
        harness
            .query_by_label("Files that are not Kubernetes manifests")
            .is_some()
    );
    for file in not_manifests() {
        assert!(
            harness
                .query_by_label_contains(&format!("{file}: skipped"))
                .is_some(),
            "{file} is not listed"
        );
    }
    // Importing into the open design lists them too (after the first list was dismissed).
    harness.state_mut().import_notes.clear();
    harness.state_mut().import_paths(&[plain()]).unwrap();
    harness.run();
    assert_eq!(harness.state().import_notes.len(), 7);
}
