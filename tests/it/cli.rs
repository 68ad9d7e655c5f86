//! The `kubedraft` binary as CI uses it: exit codes and messages.

use crate::support::cli;
use cli::{kubedraft, stderr};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn temp_folder(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("kubedraft-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("temp folder");
    folder
}

#[test]
fn exports_an_example_to_stdout() {
    let example = root().join("examples/web-tier.ron");
    let output = kubedraft(&[
        "export",
        example.to_str().expect("utf-8"),
        "--format",
        "yaml",
        "--out",
        "-",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let yaml = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        yaml.starts_with("---\napiVersion: v1\nkind: Namespace\n"),
        "{yaml}"
    );
    for expected in [
        "kind: Deployment",
        "replicas: 3",
        "maxSurge: 1",
        "maxUnavailable: 0",
        "api.example.com",
    ] {
        assert!(yaml.contains(expected), "missing {expected}");
    }
    // The output reads back as the same objects.
    let again = kubedraft::manifest::import::parse_manifests(&yaml, "out.yaml");
    assert!(again.errors.is_empty(), "{:?}", again.errors);
}

#[test]
fn exports_split_files_and_designs() {
    let folder = temp_folder("split");
    let example = root().join("examples/postgres.ron");
    let out = folder.join("manifests");
    let output = kubedraft(&[
        "export",
        example.to_str().expect("utf-8"),
        "--split",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .expect("out folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files.first().map(String::as_str),
        Some("001-namespace-data.yaml")
    );
    assert!(
        files.contains(&"003-statefulset-data-postgres.yaml".to_owned()),
        "{files:?}"
    );

    // Manifests to a design and back give the same YAML.
    let design = folder.join("from-manifests.ron");
    let output = kubedraft(&[
        "export",
        out.to_str().expect("utf-8"),
        "--format",
        "design",
        "--out",
        design.to_str().expect("utf-8"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let from_design = kubedraft(&["export", design.to_str().expect("utf-8"), "--out", "-"]);
    let from_example = kubedraft(&["export", example.to_str().expect("utf-8"), "--out", "-"]);
    assert_eq!(from_design.stdout, from_example.stdout);
    std::fs::remove_dir_all(&folder).expect("clean up");
}

#[test]
fn malformed_input_exits_2_naming_the_file() {
    let folder = temp_folder("bad");
    let cases = [
        (
            "broken.yaml",
            "apiVersion: v1\nkind: Service\nmetadata: {name: [x\n",
            "broken.yaml:3:",
        ),
        (
            "broken.ron",
            "(format_version: 1,, objects: [])",
            "broken.ron:1:",
        ),
        (
            "unknown.yaml",
            "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n",
            "unknown kind `Deploymnet`",
        ),
        ("empty.yaml", "", "no Kubernetes objects"),
        ("list.json", "[1, 2]", "not a mapping"),
    ];
    for (name, text, expected) in cases {
        let path = folder.join(name);
        std::fs::write(&path, text).expect("write");
        let output = kubedraft(&["export", path.to_str().expect("utf-8"), "--out", "-"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {message}");
        assert!(
            message.contains(name) && message.contains(expected),
            "{name}: {message}"
        );
        assert!(!message.contains("panicked"), "{name}: {message}");
        assert!(output.stdout.is_empty(), "{name} wrote output");
    }
    let missing = folder.join("missing.yaml");
    let output = kubedraft(&["export", missing.to_str().expect("utf-8"), "--out", "-"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("missing.yaml"));
    // Nothing is written when the input is bad.
    let target = folder.join("out.yaml");
    let broken = folder.join("broken.yaml");
    let output = kubedraft(&[
        "export",
        broken.to_str().expect("utf-8"),
        "--out",
        target.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!target.exists());
    std::fs::remove_dir_all(&folder).expect("clean up");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        kubedraft(&["export", "x.yaml"]).status.code(),
        Some(2),
        "--out is required"
    );
    assert_eq!(kubedraft(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        kubedraft(&["export", "x.yaml", "--out", "-", "--format", "toml"])
            .status
            .code(),
        Some(2)
    );
}

/// `kubedraft FILE` opens FILE as `kubedraft open FILE` does: an unreadable path stops before a
/// window appears, naming the file, with exit code 2.
#[test]
fn a_bare_path_is_opened_like_open_path() {
    let folder = temp_folder("bare");
    let missing = folder.join("missing-design.ron");
    for args in [
        vec![missing.to_str().expect("utf-8")],
        vec!["open", missing.to_str().expect("utf-8")],
    ] {
        let output = kubedraft(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("missing-design.ron"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

/// The app turns transparent huge pages off for its own process before it loads anything
/// (docs/ARCHITECTURE.md, "App memory"); the kernel reports the flag in `/proc/self/status`.
#[cfg(target_os = "linux")]
#[test]
fn the_app_turns_transparent_huge_pages_off() {
    let flag = || {
        std::fs::read_to_string("/proc/self/status")
            .expect("status")
            .lines()
            .find_map(|line| line.strip_prefix("THP_enabled:"))
            .map(|value| value.trim().to_owned())
    };
    kubedraft::cli::for_the_app();
    assert_eq!(flag().as_deref(), Some("0"));
}
