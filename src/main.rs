//! The `kubedraft` binary: command line, or the app when asked to open something.

use std::process::ExitCode;

use clap::Parser as _;
use kubedraft::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    match cli::run(Cli::parse()) {
        Outcome::Exit(code) => ExitCode::from(code),
        Outcome::OpenApp(loaded) => match kubedraft::ui::run(loaded) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                kubedraft::say!("kubedraft: could not start the window: {error}");
                ExitCode::from(1)
            }
        },
    }
}
