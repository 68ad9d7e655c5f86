//! Running the built `kubedraft` binary from the CLI tests, shared so each test file
//! does not carry its own copy.

use std::process::{Command, Output};

/// Runs the binary with `args` and waits for it.
pub fn kubedraft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubedraft"))
        .args(args)
        .output()
        .expect("run kubedraft")
}

/// The run's standard output, lossily decoded.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The run's standard error, lossily decoded.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
