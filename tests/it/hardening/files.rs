//! Defects 4, 7 and 8: what the readers do with FIFOs, devices, folders named as files, link
//! loops, files named twice, and input that cannot be read, in every report format.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::temp_folder;
use crate::support::cli::stdout;

const CONFIG_MAP: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: shop\ndata:\n  a: b\n";

/// Runs the binary, failing the test (and killing the run) if it takes more than 30 s: a FIFO
/// used to block it forever. Output is read while it runs, so a long report cannot block it.
fn kubedraft_bounded(args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_kubedraft"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    if let Ok(output) = receiver.recv_timeout(Duration::from_secs(30)) {
        return output.unwrap();
    }
    let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    panic!("kubedraft {args:?} did not finish: blocked");
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo is needed for this test");
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Defect 7: a FIFO inside a scanned folder blocked check and export forever.
#[test]
fn a_fifo_inside_a_folder_is_skipped_with_a_message() {
    let folder = temp_folder("fifo-inside");
    std::fs::write(folder.join("app.yaml"), CONFIG_MAP).unwrap();
    mkfifo(&folder.join("pipe.yaml"));
    let output = kubedraft_bounded(&["check", text(&folder)]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert!(
        err(&output).contains("pipe.yaml: is a FIFO"),
        "{}",
        err(&output)
    );
    assert!(
        stdout(&output).contains("in 1 objects"),
        "{}",
        stdout(&output)
    );
    let out = folder.join("out.yaml");
    let output = kubedraft_bounded(&["export", text(&folder), "--out", text(&out)]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert!(!out.exists(), "a partial export was written");
}

/// Defect 7: a FIFO, a device, a folder or a link loop named as the file to read gets one clear
/// error.
#[test]
fn special_files_named_on_the_command_line_exit_two_with_one_message() {
    let folder = temp_folder("fifo-named");
    let fifo = folder.join("pipe.yaml");
    mkfifo(&fifo);
    let design_folder = folder.join("folder.ron");
    std::fs::create_dir_all(&design_folder).unwrap();
    // A link loop cannot be opened, even by root (as a permission could): the unreadable case.
    let looped = folder.join("loop-a.yaml");
    std::os::unix::fs::symlink("loop-b.yaml", &looped).unwrap();
    std::os::unix::fs::symlink("loop-a.yaml", folder.join("loop-b.yaml")).unwrap();
    let cases = [
        (text(&fifo).to_owned(), "is a FIFO"),
        ("/dev/zero".to_owned(), "is a device"),
        (text(&design_folder).to_owned(), "is a folder"),
        (text(&looped).to_owned(), "symbolic links"),
    ];
    for (path, expected) in cases {
        for command in ["check", "export"] {
            let mut args = vec![command, path.as_str()];
            if command == "export" {
                args.extend(["--out", "-"]);
            }
            let output = kubedraft_bounded(&args);
            let stderr = err(&output);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
            assert!(stderr.contains(expected), "{args:?}: {stderr}");
        }
    }
}

/// Defect 8: a link from a folder to its parent was followed about 41 levels deep, reading every
/// file 41 times (false duplicate errors; export wrote each object 41 times). `check f f` read
/// `f` twice.
#[test]
fn link_loops_and_repeated_paths_read_each_file_once() {
    let folder = temp_folder("loop");
    let file = folder.join("app.yaml");
    std::fs::write(&file, CONFIG_MAP).unwrap();
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", folder.join("sub/back")).unwrap();
    std::os::unix::fs::symlink(&file, folder.join("sub/again.yaml")).unwrap();
    let runs: [Vec<&str>; 3] = [
        vec!["check", text(&folder)],
        vec!["check", text(&file), text(&file)],
        vec!["check", text(&folder), text(&file), text(&folder)],
    ];
    for args in runs {
        let output = kubedraft_bounded(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", err(&output));
        assert!(
            stdout(&output).ends_with("in 1 objects\n"),
            "{args:?}: {}",
            stdout(&output)
        );
    }
    let output = kubedraft_bounded(&["export", text(&folder), "--out", "-"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(stdout(&output).matches("kind: ConfigMap").count(), 1);
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// Defect 4: JSON and SARIF reports left out what could not be read, so code scanning saw a
/// clean run. A file that cannot be read inside a folder is reported and the rest is checked.
#[test]
fn reports_list_load_errors_in_json_and_sarif() {
    let folder = temp_folder("load-errors");
    std::fs::write(folder.join("app.yaml"), CONFIG_MAP).unwrap();
    std::fs::write(folder.join("broken.yaml"), "a: [unclosed\n").unwrap();
    // A link loop cannot be read, even by root (as a permission could).
    std::os::unix::fs::symlink("loop-b.yaml", folder.join("loop-a.yaml")).unwrap();
    std::os::unix::fs::symlink("loop-a.yaml", folder.join("loop-b.yaml")).unwrap();
    let output = kubedraft_bounded(&["check", text(&folder), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    let report = json_of(&output);
    assert_eq!(report["summary"]["objects"], 1);
    let errors = report["load_errors"].as_array().expect("load_errors");
    let files: Vec<&str> = errors.iter().filter_map(|e| e["file"].as_str()).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    for name in ["broken.yaml", "loop-a.yaml", "loop-b.yaml"] {
        assert!(files.iter().any(|f| f.ends_with(name)), "{name}: {files:?}");
    }
    let broken = errors
        .iter()
        .find(|e| {
            e["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("broken.yaml"))
        })
        .unwrap();
    assert_eq!(broken["line"], 1);
    assert!(broken["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(report["summary"]["load_errors"], 3);

    let output = kubedraft_bounded(&["check", text(&folder), "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    let sarif = json_of(&output);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 3);
    for notification in notifications {
        assert_eq!(notification["descriptor"]["id"], "KD-LOAD");
        assert_eq!(notification["level"], "error");
        let uri = &notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        let uri = uri.as_str().unwrap_or_default();
        assert!(
            Path::new(uri).extension().is_some_and(|e| e == "yaml"),
            "{uri}"
        );
    }
    // A clean run says so.
    let clean = temp_folder("load-errors-clean");
    std::fs::write(clean.join("app.yaml"), CONFIG_MAP).unwrap();
    let output = kubedraft_bounded(&["check", text(&clean), "--format", "sarif"]);
    let sarif = json_of(&output);
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    let output = kubedraft_bounded(&["check", text(&clean), "--format", "json"]);
    assert_eq!(json_of(&output)["load_errors"], Value::Array(Vec::new()));
}
