//! Defect 1: `kubedraft reach` (every mode) panicked with exit 101 when standard output was
//! full or closed. Every subcommand that prints is run against `/dev/full` and a closed pipe.

use std::process::{Command, Stdio};

use super::temp_folder;

const TWO_PODS: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: a, labels: {app: db}}\nspec: {containers: [{name: c, image: x}]}\n";

/// Every printing command line, with the exit code it has when its output is read.
fn commands(test: &str) -> Vec<(Vec<String>, i32)> {
    let folder = temp_folder(test);
    let file = folder.join("pods.yaml");
    std::fs::write(&file, TWO_PODS).unwrap();
    let file = file.to_str().unwrap().to_owned();
    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        (args(&["reach", &file]), 0),
        (args(&["reach", &file, "--format", "json"]), 0),
        (args(&["reach", &file, "--explain", "a/web", "a/db"]), 0),
        (
            args(&[
                "reach",
                &file,
                "--explain",
                "a/web",
                "a/db",
                "--format",
                "json",
            ]),
            0,
        ),
        (args(&["reach", "--diff", &file, &file]), 0),
        (
            args(&["reach", "--diff", &file, &file, "--format", "json"]),
            0,
        ),
        (args(&["check", &file, "--format", "json"]), 0),
        (args(&["export", &file, "--out", "-"]), 0),
        (args(&["rules"]), 0),
    ]
}

fn kubedraft() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kubedraft"))
}

#[test]
fn a_full_disk_on_stdout_exits_two_with_a_message() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        panic!("/dev/full is needed for this test (Linux)");
    };
    for (args, _) in commands("stdout-full") {
        let output = kubedraft()
            .args(&args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("could not write") && stderr.contains("standard output"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    for (args, code) in commands("stdout-closed") {
        let mut child = kubedraft()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the child writes anything (`| head -0`).
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

/// Messages go to standard error; when that cannot be written either (`2>/dev/full`), the run
/// still ends with its own exit code instead of a panic (exit 101).
#[test]
fn a_full_standard_error_does_not_crash_a_run() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        panic!("/dev/full is needed for this test (Linux)");
    };
    let folder = temp_folder("stderr-full");
    let missing = folder.join("missing.yaml");
    let missing = missing.to_str().unwrap();
    for (args, code) in [
        (vec!["check", missing], 2),
        (vec!["reach", missing], 2),
        (vec!["export", missing, "--out", "-"], 2),
        (vec!["rules", "K8S-NOPE-999"], 2),
        (vec!["--max-file-size", "lots", "check", missing], 2),
    ] {
        let output = kubedraft()
            .args(&args)
            .stderr(full.try_clone().unwrap())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(code), "{args:?}");
    }
}

/// Names are read from files nobody checked: an ESC in one (YAML's `\e`) could recolour or move the
/// cursor of the terminal showing a report. Text reports write control characters as escapes.
#[test]
fn text_reports_escape_control_characters_from_the_input() {
    let folder = temp_folder("control-characters");
    let file = folder.join("hostile.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: \"web\\e[31m\", namespace: a, labels: {app: web}}\n\
         spec: {containers: [{name: c, image: x}]}\n---\n\
         apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: a, labels: {app: db}}\n\
         spec: {containers: [{name: c, image: x}]}\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    for args in [vec!["check", file], vec!["reach", file]] {
        let output = kubedraft().args(&args).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            !stdout.contains('\u{1b}'),
            "{args:?}: raw ESC in {stdout:?}"
        );
        assert!(stdout.contains("web\\u{1b}[31m"), "{args:?}: {stdout}");
    }
}
