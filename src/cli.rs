//! The command line: the same core as the app, without a window.
//!
//! Exit codes: 0 success, 2 unreadable input or bad usage (clap uses 2 for usage errors too).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::design_file;
use crate::io::{self, IoError, Loaded};
use crate::manifest::{export, helm, yaml};

mod convert;
pub mod output;
mod reach;
pub use reach::ReachFormat;

/// Design Kubernetes architectures visually; check, export and review them from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "kubedraft",
    version,
    about,
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CliCommand>,
    /// Designs or manifests to open in the app (`kubedraft FILE` is `kubedraft open FILE`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Refuse input files larger than SIZE (bytes, or with K, M, G: `200M`); default 64M, or
    /// `KUBEDRAFT_MAX_FILE_SIZE` when set.
    #[arg(long, global = true, value_name = "SIZE", value_parser = io::parse_size)]
    pub max_file_size: Option<u64>,
    /// A values file for `helm template`, when a Helm chart folder is given (repeatable, in order).
    #[arg(long = "values", global = true, value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// A `--set K=V` for `helm template`, when a Helm chart folder is given (repeatable).
    #[arg(long = "set", global = true, value_name = "K=V")]
    pub set: Vec<String>,
    /// Read a Helm chart folder's `values-<env>.yaml` files as the environments `<env>` of the
    /// design (the base is the chart's `values.yaml` alone); the chart is given on its own.
    #[arg(long, global = true)]
    pub values_as_env: bool,
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
        /// Chart name for --format helm (default: from the design file name or the first namespace).
        #[arg(long, value_name = "NAME")]
        chart_name: Option<String>,
        /// Export the effective design of this environment (YAML and values; a design file, a
        /// chart and Kustomize folders always hold every environment).
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
    },
    /// NetworkPolicy reachability: who can connect to whom on which ports, and why.
    /// Exit 1 when some policies are invalid (reported, left out of the analysis).
    Reach {
        /// Designs (.ron) or manifests (files or folders), analysed together.
        #[arg(value_name = "PATH", required_unless_present = "diff")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReachFormat::Text)]
        format: ReachFormat,
        /// Explain one connection: SRC and DST are `namespace/name` or an IPv4 address.
        #[arg(long, num_args = 2, value_names = ["SRC", "DST"], conflicts_with = "diff")]
        explain: Option<Vec<String>>,
        /// With --explain: the port asked about, `PORT[/TCP|UDP|SCTP]` (default: any port).
        #[arg(long, value_name = "PORT/PROTO", requires = "explain")]
        port: Option<String>,
        /// List connections gained and lost from OLD to NEW (designs, files or folders).
        #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with = "paths")]
        diff: Option<Vec<PathBuf>>,
        /// Print least-privilege policies for the design's drawn traffic (YAML; a JSON list with
        /// --format json) instead of the report.
        #[arg(long, conflicts_with_all = ["explain", "diff"])]
        generate: bool,
        /// With --generate: the default deny the allows complete, per-namespace NetworkPolicies
        /// or one Baseline-tier ClusterNetworkPolicy.
        #[arg(long, value_enum, default_value_t = reach::TargetArg::NetworkPolicy, requires = "generate")]
        target: reach::TargetArg,
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
        /// Check the effective design of this environment (findings tagged `[NAME]`).
        #[arg(long, value_name = "NAME", conflicts_with = "all_envs")]
        env: Option<String>,
        /// Check every environment of the design, one after the other (not the base).
        #[arg(long)]
        all_envs: bool,
    },
    /// Convert objects to their successors: `convert ingress-to-gateway PATH... --out FILE|DIR|-`.
    Convert {
        #[command(subcommand)]
        conversion: Conversion,
    },
    /// List the rule catalog, or print one rule's documentation.
    Rules {
        /// A rule id such as K8S-BP-002.
        id: Option<String>,
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
}

/// The conversions of `kubedraft convert`.
#[derive(Debug, Subcommand)]
pub enum Conversion {
    /// The Ingresses of designs or manifests as Gateway API objects: one Gateway per class
    /// (listeners per host), HTTPRoutes, ReferenceGrants for certificates in other namespaces.
    /// What does not carry over (annotations, regular expression paths) is listed on stderr.
    IngressToGateway {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The gatewayClassName of the Gateway, which then serves every Ingress (default: one
        /// Gateway per Ingress class, named and classed after it).
        #[arg(long, value_name = "NAME")]
        gateway_class: Option<String>,
        /// The Gateway's namespace and name (default: the first Ingress's namespace, the class).
        #[arg(long, value_name = "NS/NAME")]
        gateway: Option<String>,
        /// A file, a folder (one file per object), or `-` for standard output.
        #[arg(long, short, value_name = "FILE|DIR|-")]
        out: String,
    },
}

pub use crate::rules::cli::{CheckFormat, FailOn, RulesFormat};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Kubernetes manifests, one multi-document YAML stream.
    Yaml,
    /// A kubedraft design file (RON), e.g. to turn manifests into a design.
    Design,
    /// A Helm chart, written to `<out>/<chart name>/`.
    Helm,
    /// Only the chart's values.yaml, for teams with their own chart.
    Values,
    /// Kustomize folders: `<out>/base/` and `<out>/overlays/<env>/` per environment.
    Kustomize,
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

/// Loads what the app opens; unreadable input ends the run with exit 2 before a window appears.
fn open(paths: &[PathBuf]) -> Outcome {
    for_the_app();
    match io::load(paths) {
        Ok(loaded) => Outcome::OpenApp(Some(loaded)),
        Err(error) => fail(&error),
    }
}

/// The app keeps one heap for hours: transparent huge pages, which the allocator asks for, keep
/// whole 2 MiB pages resident for a few live values each (the app on 5,000 objects peaked 6 MB
/// higher with them). Turned off for the app's process (and what it starts, such as helm) before
/// it loads anything; the one-shot commands keep them, where they save page faults.
pub fn for_the_app() {
    #[cfg(target_os = "linux")]
    if let Err(error) = rustix::thread::disable_transparent_huge_pages(true) {
        // Only memory is at stake: say so when measuring, go on regardless.
        if std::env::var_os("KUBEDRAFT_TIMINGS").is_some() {
            crate::say!("kubedraft: transparent huge pages stay on: {error}");
        }
    }
}

/// The input size limit: the option, else `KUBEDRAFT_MAX_FILE_SIZE`, else the default; `None`
/// (after saying why) when the variable does not read as a size.
fn max_file_size(given: Option<u64>) -> Option<u64> {
    match given {
        Some(bytes) => Some(bytes),
        None => match std::env::var(io::MAX_FILE_SIZE_ENV) {
            Ok(text) => match io::parse_size(&text) {
                Ok(bytes) => Some(bytes),
                Err(message) => {
                    crate::say!("kubedraft: {}: {message}", io::MAX_FILE_SIZE_ENV);
                    None
                }
            },
            Err(_) => Some(io::DEFAULT_MAX_FILE_SIZE),
        },
    }
}

/// Runs a parsed command line; messages go to stdout/stderr.
#[must_use]
pub fn run(cli: Cli) -> Outcome {
    let Some(limit) = max_file_size(cli.max_file_size) else {
        return Outcome::Exit(2);
    };
    io::set_max_file_size(limit);
    let render = io::RenderOptions {
        values: cli.values.clone(),
        set: cli.set.clone(),
        values_as_env: cli.values_as_env,
    };
    if !render.is_empty() {
        // Passed to helm only: with no chart among the inputs they would be ignored silently.
        let charts = command_paths(&cli)
            .iter()
            .any(|p| io::repo_kind(p) == Some(io::RepoKind::Chart));
        if !charts {
            crate::say!(
                "kubedraft: --values, --set and --values-as-env are for helm template and need a Helm chart folder (one with Chart.yaml) among the inputs"
            );
            return Outcome::Exit(2);
        }
    }
    io::set_render_options(render);
    match cli.command {
        None if cli.paths.is_empty() => {
            for_the_app();
            Outcome::OpenApp(None)
        }
        None => open(&cli.paths),
        Some(CliCommand::Open { paths }) => open(&paths),
        Some(CliCommand::Export {
            paths,
            format,
            out,
            split,
            chart_name,
            env,
        }) => export_command(
            &paths,
            format,
            &out,
            split,
            chart_name.as_deref(),
            env.as_deref(),
        ),
        Some(CliCommand::Reach {
            paths,
            format,
            explain,
            port,
            diff,
            generate,
            target,
        }) => {
            let request = reach::ReachRequest::from_args(explain, port, diff, generate, target);
            Outcome::Exit(reach::run(&paths, format, request))
        }
        Some(CliCommand::Check {
            paths,
            format,
            fail_on,
            env,
            all_envs,
        }) => Outcome::Exit(crate::rules::cli::check_command(
            &paths,
            format,
            fail_on,
            &env_selection(env, all_envs),
        )),
        Some(CliCommand::Convert {
            conversion:
                Conversion::IngressToGateway {
                    paths,
                    gateway_class,
                    gateway,
                    out,
                },
        }) => Outcome::Exit(convert::ingress_to_gateway(
            &paths,
            gateway_class,
            gateway.as_deref(),
            &out,
        )),
        Some(CliCommand::Rules { id, format }) => {
            Outcome::Exit(crate::rules::cli::rules_command(id.as_deref(), format))
        }
    }
}

/// What `check --env NAME` and `--all-envs` ask for.
fn env_selection(env: Option<String>, all_envs: bool) -> crate::rules::cli::EnvSelection {
    match (env, all_envs) {
        (Some(name), _) => crate::rules::cli::EnvSelection::One(name),
        (None, true) => crate::rules::cli::EnvSelection::All,
        (None, false) => crate::rules::cli::EnvSelection::Base,
    }
}

/// Prints each environment override, inclusion or exclusion that does not fit the design (a load
/// warning: the design is still used, the override is kept in the file).
pub fn say_environment_problems(document: &crate::document::Document) {
    for problem in document.environment_problems() {
        crate::say!(
            "kubedraft: warning: {}",
            crate::cli::output::printable(&problem.to_string())
        );
    }
}

/// The inputs a command line names (for the check that `--values` has a chart to go to).
fn command_paths(cli: &Cli) -> Vec<PathBuf> {
    match &cli.command {
        None => cli.paths.clone(),
        Some(
            CliCommand::Open { paths }
            | CliCommand::Export { paths, .. }
            | CliCommand::Check { paths, .. }
            | CliCommand::Convert {
                conversion: Conversion::IngressToGateway { paths, .. },
            },
        ) => paths.clone(),
        Some(CliCommand::Reach { paths, diff, .. }) => {
            paths.iter().chain(diff.iter().flatten()).cloned().collect()
        }
        Some(CliCommand::Rules { .. }) => Vec::new(),
    }
}

fn fail(error: &IoError) -> Outcome {
    crate::say!("kubedraft: {error}");
    Outcome::Exit(2)
}

fn export_command(
    paths: &[PathBuf],
    format: ExportFormat,
    out: &str,
    split: bool,
    chart_name: Option<&str>,
    env: Option<&str>,
) -> Outcome {
    // Refused before anything is read: a folder cannot go to standard output (it made a folder
    // named `-`), and `--split` with another format was ignored without a word.
    if split && format != ExportFormat::Yaml {
        crate::say!("kubedraft: --split writes YAML manifests only; leave out --format or --split");
        return Outcome::Exit(2);
    }
    if out == "-" && (split || matches!(format, ExportFormat::Helm | ExportFormat::Kustomize)) {
        crate::say!(
            "kubedraft: --out -: a split export, a chart or Kustomize folders cannot go to standard output; name a folder"
        );
        return Outcome::Exit(2);
    }
    if env.is_some()
        && matches!(
            format,
            ExportFormat::Design | ExportFormat::Helm | ExportFormat::Kustomize
        )
    {
        crate::say!(
            "kubedraft: --env: a design file, a chart and Kustomize folders hold every environment; leave out --env"
        );
        return Outcome::Exit(2);
    }
    let loaded = match io::load(paths) {
        Ok(loaded) => loaded,
        Err(error) => return fail(&error),
    };
    if !loaded.skipped.is_empty() {
        // Exporting part of the input would silently drop objects: refuse, naming every problem.
        for error in &loaded.skipped {
            crate::say!("kubedraft: {error}");
        }
        return Outcome::Exit(2);
    }
    for note in &loaded.notes {
        crate::say!("kubedraft: note: {note}");
    }
    say_environment_problems(&loaded.document);
    let effective = match loaded.document.effective(env) {
        Ok(effective) => effective,
        Err(error) => {
            crate::say!("kubedraft: {error}");
            return Outcome::Exit(2);
        }
    };
    let model = &effective.model;
    let out_path = Path::new(out);
    let result = match format {
        ExportFormat::Design => match design_file::to_ron(&loaded.document) {
            Ok(text) => write_output(out, text.as_bytes()),
            Err(error) => Err(IoError::Design {
                path: out.to_owned(),
                error,
            }),
        },
        ExportFormat::Helm => write_helm(&loaded, out_path, chart_name),
        ExportFormat::Kustomize => write_kustomize(&loaded.document, out_path),
        ExportFormat::Values => match helm::values_yaml(model) {
            Ok(text) => write_output(out, text.as_bytes()),
            Err(error) => Err(IoError::Write {
                path: out.to_owned(),
                message: error.to_string(),
            }),
        },
        ExportFormat::Yaml if split || out_path.is_dir() => write_split(model, out_path),
        ExportFormat::Yaml => match export::to_yaml(model) {
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
        return match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
            // The reader closed the pipe: it had what it wanted (see `output::write_stdout`).
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            result => result.map_err(|e| IoError::Write {
                path: "standard output".to_owned(),
                message: e.to_string(),
            }),
        };
    }
    io::write_atomic(Path::new(out), bytes)
}

fn write_split(model: &crate::model::Model, folder: &Path) -> Result<(), IoError> {
    let mut files = Vec::new();
    for (index, value) in export::manifests(model).iter().enumerate() {
        let text = yaml::to_yaml(value).map_err(|e| IoError::Write {
            path: folder.display().to_string(),
            message: e.to_string(),
        })?;
        files.push((export::split_file_name(index, value), text));
    }
    io::write_split(folder, &files)?;
    Ok(())
}

/// The chart name to use: the given one, or one derived from the input.
fn chart_name_for(loaded: &Loaded, given: Option<&str>) -> String {
    given.map_or_else(
        || {
            let stem = loaded
                .design_path
                .as_deref()
                .and_then(Path::file_stem)
                .map(|s| s.to_string_lossy().into_owned());
            helm::default_chart_name(stem.as_deref(), &loaded.document.model)
        },
        str::to_owned,
    )
}

fn write_helm(loaded: &Loaded, folder: &Path, chart_name: Option<&str>) -> Result<(), IoError> {
    let name = chart_name_for(loaded, chart_name);
    let files =
        helm::chart_with_environments(&loaded.document, &name).map_err(|e| IoError::Write {
            path: folder.display().to_string(),
            message: e.to_string(),
        })?;
    io::write_chart(folder, &files)?;
    Ok(())
}

fn write_kustomize(document: &crate::document::Document, folder: &Path) -> Result<(), IoError> {
    let files = crate::manifest::kustomize::folders(document).map_err(|e| IoError::Write {
        path: folder.display().to_string(),
        message: e.to_string(),
    })?;
    io::write_chart(folder, &files)?;
    Ok(())
}
