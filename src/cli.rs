//! The command line: the same core as the app, without a window.
//!
//! Exit codes: 0 success, 2 unreadable input or bad usage (clap uses 2 for usage errors too).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::design_file;
use crate::io::{self, IoError, Loaded};
use crate::manifest::{export, yaml};

/// Design Kubernetes architectures visually; check, export and review them from the command line.
#[derive(Debug, Parser)]
#[command(name = "kubedraft", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Open a design file (.ron) or Kubernetes manifests (YAML/JSON files or folders) in the app.
    Open {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Write Kubernetes YAML (or a design file) from designs or manifests.
    Export {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// What to write.
        #[arg(long, value_enum, default_value_t = ExportFormat::Yaml)]
        format: ExportFormat,
        /// A file, a folder (one file per object), or `-` for standard output.
        #[arg(long, short, value_name = "FILE|DIR|-")]
        out: String,
        /// Write one file per object into the folder named by --out.
        #[arg(long)]
        split: bool,
    },
    /// Check designs or manifests against the rule catalog.
    Check {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Exit 1 when a diagnostic at or above this severity is found.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
    },
    /// List the rule catalog, or print one rule's documentation.
    Rules {
        /// A rule id such as K8S-BP-002.
        id: Option<String>,
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
}

pub use crate::rules::cli::{CheckFormat, FailOn, RulesFormat};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Kubernetes manifests, one multi-document YAML stream.
    Yaml,
    /// A kubedraft design file (RON), e.g. to turn manifests into a design.
    Design,
}

/// What `main` does after the command line is handled.
// Built once per run; boxing the loaded design would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Outcome {
    /// Exit with this code.
    Exit(u8),
    /// Start the app on what was loaded (`None`: the last design or the bundled example).
    OpenApp(Option<Loaded>),
}

/// Runs a parsed command line; messages go to stdout/stderr.
#[must_use]
pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        None => Outcome::OpenApp(None),
        Some(CliCommand::Open { paths }) => match io::load(&paths) {
            Ok(loaded) => Outcome::OpenApp(Some(loaded)),
            Err(error) => fail(&error),
        },
        Some(CliCommand::Export {
            paths,
            format,
            out,
            split,
        }) => export_command(&paths, format, &out, split),
        Some(CliCommand::Check {
            paths,
            format,
            fail_on,
        }) => Outcome::Exit(crate::rules::cli::check_command(&paths, format, fail_on)),
        Some(CliCommand::Rules { id, format }) => {
            Outcome::Exit(crate::rules::cli::rules_command(id.as_deref(), format))
        }
    }
}

fn fail(error: &IoError) -> Outcome {
    eprintln!("kubedraft: {error}");
    Outcome::Exit(2)
}

fn export_command(paths: &[PathBuf], format: ExportFormat, out: &str, split: bool) -> Outcome {
    let loaded = match io::load(paths) {
        Ok(loaded) => loaded,
        Err(error) => return fail(&error),
    };
    if !loaded.skipped.is_empty() {
        // Exporting part of the input would silently drop objects: refuse, naming every problem.
        for error in &loaded.skipped {
            eprintln!("kubedraft: {error}");
        }
        return Outcome::Exit(2);
    }
    let out_path = Path::new(out);
    let result = match format {
        ExportFormat::Design => match design_file::to_ron(&loaded.document) {
            Ok(text) => write_output(out, text.as_bytes()),
            Err(error) => Err(IoError::Design {
                path: out.to_owned(),
                error,
            }),
        },
        ExportFormat::Yaml if split || out_path.is_dir() => write_split(&loaded, out_path),
        ExportFormat::Yaml => match export::to_yaml(&loaded.document.model) {
            Ok(text) => write_output(out, text.as_bytes()),
            Err(error) => Err(IoError::Write {
                path: out.to_owned(),
                message: error.to_string(),
            }),
        },
    };
    match result {
        Ok(()) => Outcome::Exit(0),
        Err(error) => fail(&error),
    }
}

fn write_output(out: &str, bytes: &[u8]) -> Result<(), IoError> {
    if out == "-" {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| IoError::Write {
                path: "standard output".to_owned(),
                message: e.to_string(),
            });
    }
    io::write_atomic(Path::new(out), bytes)
}

fn write_split(loaded: &Loaded, folder: &Path) -> Result<(), IoError> {
    let error = |message: String| IoError::Write {
        path: folder.display().to_string(),
        message,
    };
    std::fs::create_dir_all(folder).map_err(|e| error(e.to_string()))?;
    for (index, value) in export::manifests(&loaded.document.model).iter().enumerate() {
        let text = yaml::to_yaml(value).map_err(|e| error(e.to_string()))?;
        io::write_atomic(
            &folder.join(export::split_file_name(index, value)),
            text.as_bytes(),
        )?;
    }
    Ok(())
}
