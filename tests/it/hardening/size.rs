//! Issue 15, point 2: input above the size limit (64 MiB by default; `--max-file-size` or
//! `KUBEDRAFT_MAX_FILE_SIZE`) is refused before it is read, naming the file; alias expansion and
//! nesting are refused naming the file and the line. A 1 GB sparse file once aborted the process.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use super::temp_folder;
use crate::support::cli::stdout;

/// A ConfigMap of a little over 2 KB that checks clean.
fn two_kilobytes() -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: shop\ndata:\n  a: {}\n",
        "x".repeat(2048)
    )
}

/// Runs the binary with `args` and the size variable set to `env` (or removed).
fn run(args: &[&str], env: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kubedraft"));
    command.args(args);
    match env {
        Some(value) => command.env("KUBEDRAFT_MAX_FILE_SIZE", value),
        None => command.env_remove("KUBEDRAFT_MAX_FILE_SIZE"),
    };
    command.output().unwrap()
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A sparse file one byte over 64 MiB: it takes no space, and claims the size.
fn sparse_over_default(path: &Path) {
    let file = std::fs::File::create(path).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
}

#[test]
fn a_file_over_the_default_limit_is_refused_naming_it() {
    let folder = temp_folder("size-default");
    let big = folder.join("big.yaml");
    sparse_over_default(&big);
    let design = folder.join("big.ron");
    sparse_over_default(&design);
    for path in [&big, &design] {
        for args in [
            vec!["check", text(path)],
            vec!["export", text(path), "--out", "-"],
            vec!["reach", text(path)],
        ] {
            let output = run(&args, None);
            let stderr = err(&output);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
            assert!(
                stderr.starts_with(&format!("kubedraft: {}: is 64.0 MiB", path.display())),
                "{args:?}: {stderr}"
            );
            assert!(
                stderr.contains("larger than the 64 MiB limit")
                    && stderr.contains("--max-file-size"),
                "{args:?}: {stderr}"
            );
        }
    }
    // Inside a folder it is reported and skipped, and the rest is checked.
    let scanned = folder.join("scanned");
    std::fs::create_dir_all(&scanned).unwrap();
    std::fs::rename(&big, scanned.join("big.yaml")).unwrap();
    std::fs::write(scanned.join("app.yaml"), two_kilobytes()).unwrap();
    let output = run(&["check", text(&scanned)], None);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert!(
        err(&output).contains("big.yaml: not read: is 64.0 MiB"),
        "{}",
        err(&output)
    );
    assert!(
        stdout(&output).ends_with("in 1 objects\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn the_limit_is_set_by_flag_or_environment() {
    let folder = temp_folder("size-set");
    let file = folder.join("app.yaml");
    std::fs::write(&file, two_kilobytes()).unwrap();
    let path = text(&file);
    // The default reads it.
    assert_eq!(run(&["check", path], None).status.code(), Some(0));
    // The flag (before or after the subcommand) or the variable refuses it.
    for (args, env) in [
        (vec!["check", "--max-file-size", "1K", path], None),
        (vec!["--max-file-size", "1K", "check", path], None),
        (vec!["--max-file-size=1K", "reach", path], None),
        (vec!["check", path, "--max-file-size", "1KiB"], None),
        (
            vec!["export", path, "--max-file-size=2000", "--out", "-"],
            None,
        ),
        (vec!["check", path], Some("1k")),
    ] {
        let output = run(&args, env);
        let stderr = err(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?} {env:?}: {stderr}");
        assert!(
            stderr.contains(&format!("{path}: is 2.0 KiB"))
                && (stderr.contains("than the 1 KiB limit") || stderr.contains("than the 1.9 KiB")),
            "{args:?} {env:?}: {stderr}"
        );
    }
    // The flag wins over the variable.
    let output = run(&["check", path, "--max-file-size", "1M"], Some("1K"));
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    // Nonsense is refused, naming where it came from.
    let output = run(&["check", path], Some("lots"));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        err(&output).contains("KUBEDRAFT_MAX_FILE_SIZE: `lots` is not a size"),
        "{}",
        err(&output)
    );
    let output = run(&["check", path, "--max-file-size", "0"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        err(&output).contains("at least one byte"),
        "{}",
        err(&output)
    );
}

/// Alias expansion and nesting depth are refused with the file and the line where the limit was
/// reached; the other documents of the file are still read.
#[test]
fn alias_and_nesting_refusals_name_the_file_and_line() {
    let folder = temp_folder("size-refusals");
    let good = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, namespace: shop}\n";
    // Lines 1-3: the good document; 4: `---`; the bomb starts on line 5 and ends on line 18.
    let mut bomb = format!(
        "{good}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    );
    for level in 1..10 {
        let list = [format!("*a{}", level - 1).as_str(); 10].join(", ");
        let _ = writeln!(bomb, "a{level}: &a{level} [{list}]");
    }
    let mut deep =
        format!("{good}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nx:\n");
    for level in 0..70 {
        deep.push_str(&"  ".repeat(level + 1));
        deep.push_str("y:\n");
    }
    let cases = [
        ("bomb.yaml", bomb, 5..=18, "alias"),
        ("deep.yaml", deep, 9..=79, "nesting deeper than 64 levels"),
    ];
    for (name, yaml, lines, words) in cases {
        let file = folder.join(name);
        std::fs::write(&file, yaml).unwrap();
        let output = run(&["check", text(&file)], None);
        let stderr = err(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        let prefix = format!("kubedraft: {}:", file.display());
        let rest = stderr
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{stderr}"));
        let line: usize = rest
            .split(':')
            .next()
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| panic!("no line: {stderr}"));
        assert!(
            lines.contains(&line),
            "{name}: line {line} of {lines:?}: {stderr}"
        );
        assert!(stderr.contains(words), "{stderr}");
        assert!(
            stdout(&output).ends_with("in 1 objects\n"),
            "{}",
            stdout(&output)
        );
    }
}
