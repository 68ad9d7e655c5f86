//! Issue 15, point 4: no object name, namespace, kind, chart name or `--out` combination writes
//! outside the output folder. Names with `/`, `..`, absolute paths and NUL are read (the API
//! server would refuse them, so `check` reports them naming the object and field) and exported
//! under safe file names; chart names that could leave the folder are refused, and so is any
//! such file name that reaches the writer.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use super::temp_folder;
use crate::support::cli::{kubedraft, stderr, stdout};

/// Objects whose names, namespace or kind read as paths, and an annotation that does (which the
/// API server accepts).
const HOSTILE: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: ../../escape
  namespace: shop
  annotations:
    example.com/path: ../../etc/passwd
data:
  a: b
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: /etc/absolute
  namespace: "../up"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: "nul\0name"
  namespace: shop
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: "a/b"
  namespace: shop
"#;

/// Every file and folder under `folder`, as paths.
fn everything(folder: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                pending.push(entry.path());
            }
            found.insert(entry.path());
        }
    }
    found
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn hostile_names_are_reported_by_field_and_never_leave_the_output_folder() {
    let folder = temp_folder("paths-hostile");
    let input = folder.join("hostile.yaml");
    std::fs::write(&input, HOSTILE).unwrap();

    // The API server refuses these names: check says so, naming the object and the field.
    let output = kubedraft(&["check", text(&input)]);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}{}", stderr(&output));
    for (object, field) in [
        ("ConfigMap/shop/../../escape", "metadata.name"),
        ("ConfigMap/../up//etc/absolute", "metadata.name"),
        // Control characters are written as escapes in text reports.
        ("ConfigMap/shop/nul\\u{0}name", "metadata.name"),
        ("Widget/shop/a/b", "metadata.name"),
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.contains(&format!("{object} {field}:")) && l.contains("K8S-API-001")),
            "{object}: {report}"
        );
    }
    assert!(report.contains("namespace name `../up`"), "{report}");
    // An annotation may hold a path: no finding about it.
    assert!(!report.contains("annotations"), "{report}");

    // Every folder export writes inside its folder, one file per object, under safe names.
    let outside_before = everything(&folder);
    let split = folder.join("out/split");
    let charts = folder.join("out/charts");
    let runs: [Vec<&str>; 2] = [
        vec!["export", text(&input), "--split", "--out", text(&split)],
        vec![
            "export",
            text(&input),
            "--format",
            "helm",
            "--out",
            text(&charts),
        ],
    ];
    for args in runs {
        let output = kubedraft(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let written: BTreeSet<PathBuf> = everything(&folder)
        .difference(&outside_before)
        .cloned()
        .collect();
    let out = folder.join("out");
    for path in &written {
        assert!(
            path.starts_with(&out),
            "written outside: {}",
            path.display()
        );
        let relative = path.strip_prefix(&out).unwrap();
        assert!(
            relative
                .components()
                .all(|c| matches!(c, Component::Normal(_))),
            "{}",
            path.display()
        );
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(!name.contains('\0') && !name.starts_with('.'), "{name}");
    }
    let yaml_in = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .count()
    };
    // Two namespaces and four objects.
    assert_eq!(yaml_in(&split), 6);
    assert_eq!(yaml_in(&charts.join("up/templates")), 6);
    // The names themselves survive in the manifests.
    let escape = std::fs::read_dir(&split)
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("name: ../../escape"));
    assert!(escape.is_some_and(|t| t.contains("../../etc/passwd")));
}

#[test]
fn chart_names_that_are_paths_are_refused_and_nothing_is_written() {
    let folder = temp_folder("paths-chart");
    let input = folder.join("in.yaml");
    std::fs::write(
        &input,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n",
    )
    .unwrap();
    let charts = folder.join("charts");
    for name in ["../x", "/abs", "a/b", "..", "."] {
        let output = kubedraft(&[
            "export",
            text(&input),
            "--format",
            "helm",
            "--chart-name",
            name,
            "--out",
            text(&charts),
        ]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(
            stderr(&output).contains(&format!("`{name}` is not a valid chart name")),
            "{name}: {}",
            stderr(&output)
        );
        assert!(!charts.exists(), "{name}: something was written");
    }
    assert_eq!(everything(&folder), BTreeSet::from([input.clone()]));
    // A NUL cannot be passed on a command line; the library refuses it the same way.
    let model = kubedraft::io::load(std::slice::from_ref(&input))
        .unwrap()
        .document
        .model;
    assert!(kubedraft::manifest::helm::chart(&model, "a\0b").is_err());
}

#[test]
fn out_combinations_that_cannot_hold_the_export_are_refused() {
    let folder = temp_folder("paths-out");
    let input = folder.join("in.yaml");
    std::fs::write(
        &input,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n",
    )
    .unwrap();
    let cwd_before = everything(&folder);
    for (args, words) in [
        (
            vec!["--split", "--out", "-"],
            "cannot go to standard output",
        ),
        (
            vec!["--format", "helm", "--out", "-"],
            "cannot go to standard output",
        ),
        (
            vec!["--split", "--format", "design", "--out", "x"],
            "--split writes YAML",
        ),
        (
            vec!["--split", "--format", "helm", "--out", "x"],
            "--split writes YAML",
        ),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_kubedraft"))
            .current_dir(&folder)
            .arg("export")
            .arg(&input)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(words),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // Nothing was written, not even a folder named `-`.
    assert_eq!(everything(&folder), cwd_before);
}

/// The writer itself refuses a file name that could leave its folder, whoever made it, and
/// writes nothing then.
#[test]
fn the_folder_writer_refuses_names_that_leave_the_folder() {
    let folder = temp_folder("paths-writer");
    let target = folder.join("tree");
    for bad in [
        "../x.yaml",
        "a/../../x.yaml",
        "/tmp/x.yaml",
        "a//b.yaml",
        "./x.yaml",
        "nul\0.yaml",
        "a\\..\\x.yaml",
        "",
    ] {
        let result = kubedraft::io::write_tree(&target, [("ok.yaml", "a: 1\n"), (bad, "b: 2\n")]);
        let error = result.expect_err(bad).to_string();
        assert!(error.contains("nothing was written"), "{bad:?}: {error}");
        assert_eq!(everything(&folder), BTreeSet::new(), "{bad:?}");
    }
    // An existing folder is not touched either.
    std::fs::create_dir_all(&target).unwrap();
    let result = kubedraft::io::write_tree(&target, [("../escape.yaml", "x\n")]);
    assert!(result.is_err());
    assert_eq!(everything(&folder), BTreeSet::from([target.clone()]));
}
