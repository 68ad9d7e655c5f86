//! Helm charts and Kustomize trees given as folders: rendered to manifests by their own tools
//! (`helm template`, `kubectl kustomize` or `kustomize build`), which kubedraft runs but does not
//! reimplement.
//!
//! A tool runs without input, with a time limit and with its output bounded by the file size
//! limit, so a runaway template cannot hang or exhaust the machine. Rendering a local chart or
//! tree needs no network; a chart whose dependencies are missing fails with helm's own message.

use std::ffi::OsString;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{IoError, display, limit};

/// What a folder given directly is, when it is more than a folder of manifests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepoKind {
    /// A Helm chart: it has a `Chart.yaml`.
    Chart,
    /// A Kustomize tree: it has a `kustomization.yaml`, `kustomization.yml` or `Kustomization`.
    Kustomize,
}

/// The file names that make a folder a Kustomize tree (Kustomize's own list).
pub const KUSTOMIZATION_FILES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// What a folder is: a chart, a Kustomize tree, or (`None`) a plain folder that is scanned.
#[must_use]
pub fn repo_kind(folder: &Path) -> Option<RepoKind> {
    if !folder.is_dir() {
        return None;
    }
    if ["Chart.yaml", "Chart.yml"]
        .iter()
        .any(|name| folder.join(name).is_file())
    {
        return Some(RepoKind::Chart);
    }
    KUSTOMIZATION_FILES
        .iter()
        .any(|name| folder.join(name).is_file())
        .then_some(RepoKind::Kustomize)
}

/// What `helm template` is given besides the chart: `--values FILE` and `--set K=V`, in order;
/// and whether the chart's `values-<env>.yaml` files become environments (`--values-as-env`,
/// see [`super::read_chart_with_envs`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    pub values: Vec<PathBuf>,
    pub set: Vec<String>,
    pub values_as_env: bool,
}

impl RenderOptions {
    /// Whether nothing is passed to helm beyond the chart and its values files are not read as
    /// environments.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.set.is_empty() && !self.values_as_env
    }
}

/// The options of this run: like the size limit, one setting for the whole run, set by the
/// command line before anything is read.
static OPTIONS: Mutex<Option<RenderOptions>> = Mutex::new(None);

/// Sets the `--values` and `--set` that every chart rendered from now on gets.
pub fn set_render_options(options: RenderOptions) {
    if let Ok(mut current) = OPTIONS.lock() {
        *current = Some(options);
    }
}

/// The `--values` and `--set` of this run (none unless set).
#[must_use]
pub fn render_options() -> RenderOptions {
    OPTIONS
        .lock()
        .ok()
        .and_then(|o| o.clone())
        .unwrap_or_default()
}

/// How long a tool may run unless [`RENDER_TIMEOUT_ENV`] says otherwise.
const TIMEOUT: Duration = Duration::from_mins(2);

/// The environment variable with another time limit for helm and kubectl, in seconds.
pub const RENDER_TIMEOUT_ENV: &str = "KUBEDRAFT_RENDER_TIMEOUT";

/// The time limit of a tool run.
fn timeout() -> Duration {
    std::env::var(RENDER_TIMEOUT_ENV)
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok())
        .filter(|&seconds| seconds > 0)
        .map_or(TIMEOUT, Duration::from_secs)
}

/// How much of a tool's error output is kept for the message.
const MAX_STDERR: u64 = 64 * 1024;

/// One file's share of a rendered chart or tree: the manifests and the file they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedFile {
    /// The template (`CHART/templates/x.yaml`) or the kustomization the manifests came from.
    pub file: String,
    pub text: String,
}

/// How to get helm and kubectl, for the messages that say they are missing.
const HOW_TO_GET: &str = "scripts/fetch-tools DIR in kubedraft's source downloads helm and kubectl \
     into DIR and prints the PATH line to use";

/// A program named by an environment variable, else found on `PATH`.
fn find_tool(variable: &str, name: &str) -> Option<PathBuf> {
    if let Some(given) = std::env::var_os(variable).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(given));
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// Reads a pipe to its end or one byte past `max` (then `overflow` is set) on its own thread.
fn read_bounded<R: std::io::Read + Send + 'static>(
    pipe: Option<R>,
    max: u64,
    overflow: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(pipe) = pipe {
            // A failed read leaves what was read; the exit status tells what went wrong.
            let _ = pipe.take(max.saturating_add(1)).read_to_end(&mut bytes);
        }
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max {
            overflow.store(true, Ordering::Relaxed);
        }
        bytes
    })
}

/// Runs a tool to its end (or its time limit) and returns its standard output. A tool that fails
/// is reported with its own error output; `folder` names the input in messages.
fn run_tool(program: &Path, args: &[OsString], folder: &Path) -> Result<String, IoError> {
    let error = |message: String| IoError::Render {
        path: display(folder),
        message,
    };
    let tool = display(program);
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| error(format!("could not run {tool}: {e}")))?;
    let limit = limit::max_file_size();
    let overflow = Arc::new(AtomicBool::new(false));
    let out = read_bounded(child.stdout.take(), limit, Arc::clone(&overflow));
    // Error output past its bound is cut, not an error.
    let err = read_bounded(
        child.stderr.take(),
        MAX_STDERR,
        Arc::new(AtomicBool::new(false)),
    );
    let start = Instant::now();
    let limit_time = timeout();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(error(format!("{tool}: {e}"))),
        }
        // Output past the limit, or past the time limit: stop the tool rather than wait for it.
        let stop = if overflow.load(Ordering::Relaxed) {
            Some(format!(
                "the output of {tool} is larger than the limit of {} (see --max-file-size)",
                limit::size_text(limit)
            ))
        } else if start.elapsed() > limit_time {
            Some(format!(
                "{tool} did not finish within {} seconds and was stopped (see {RENDER_TIMEOUT_ENV})",
                limit_time.as_secs()
            ))
        } else {
            None
        };
        if let Some(message) = stop {
            let _ = child.kill();
            let _ = child.wait();
            return Err(error(message));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let bytes = out.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default())
        .trim()
        .to_owned();
    // Checked first: a tool whose output was cut off dies of the closed pipe.
    if overflow.load(Ordering::Relaxed) {
        return Err(error(format!(
            "the output of {tool} is larger than the limit of {} (see --max-file-size)",
            limit::size_text(limit)
        )));
    }
    if !status.success() {
        let detail = if stderr.is_empty() {
            String::new()
        } else {
            format!(":\n{stderr}")
        };
        return Err(error(format!("{tool} failed ({status}){detail}")));
    }
    String::from_utf8(bytes).map_err(|e| error(format!("{tool} wrote no UTF-8 text ({e})")))
}

/// Renders a chart folder with `helm template` (`HELM`, else `helm` on `PATH`), passing
/// `--values` and `--set` through, and splits the result by the template each document came from.
pub fn render_chart(folder: &Path, options: &RenderOptions) -> Result<Vec<RenderedFile>, IoError> {
    let Some(helm) = find_tool("HELM", "helm") else {
        return Err(IoError::Render {
            path: display(folder),
            message: format!(
                "a Helm chart (it has Chart.yaml): rendering it needs helm 3 or 4, which is not on PATH; install helm, or set HELM=/path/to/helm ({HOW_TO_GET})"
            ),
        });
    };
    let mut args: Vec<OsString> = vec!["template".into(), folder.into()];
    for values in &options.values {
        args.push("--values".into());
        args.push(values.into());
    }
    for set in &options.set {
        args.push("--set".into());
        args.push(set.into());
    }
    let text = run_tool(&helm, &args, folder)?;
    Ok(split_by_source(&text, folder))
}

/// Renders a Kustomize folder with `kustomize build` (`KUSTOMIZE`) or `kubectl kustomize`
/// (`KUBECTL`, else `kubectl` on `PATH`, else `kustomize` on `PATH`). Its documents are attributed
/// to the folder's kustomization file (Kustomize does not say which file each came from).
pub fn render_kustomize(folder: &Path) -> Result<Vec<RenderedFile>, IoError> {
    let kustomize = std::env::var_os("KUSTOMIZE").filter(|v| !v.is_empty());
    let kubectl = std::env::var_os("KUBECTL").filter(|v| !v.is_empty());
    let (program, subcommand) = match (kustomize, kubectl) {
        (Some(kustomize), _) => (PathBuf::from(kustomize), "build"),
        (None, Some(kubectl)) => (PathBuf::from(kubectl), "kustomize"),
        (None, None) => match find_tool("KUBECTL", "kubectl") {
            Some(kubectl) => (kubectl, "kustomize"),
            None => match find_tool("KUSTOMIZE", "kustomize") {
                Some(kustomize) => (kustomize, "build"),
                None => {
                    return Err(IoError::Render {
                        path: display(folder),
                        message: format!(
                            "a Kustomize folder (it has a kustomization): rendering it needs kubectl or kustomize, neither is on PATH; install one, or set KUBECTL=/path/to/kubectl or KUSTOMIZE=/path/to/kustomize ({HOW_TO_GET})"
                        ),
                    });
                }
            },
        },
    };
    let args: Vec<OsString> = vec![subcommand.into(), folder.into()];
    let text = run_tool(&program, &args, folder)?;
    let file = KUSTOMIZATION_FILES
        .iter()
        .map(|name| folder.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| folder.to_path_buf());
    Ok(vec![RenderedFile {
        file: display(&file),
        text,
    }])
}

/// Splits `helm template` output at its `# Source: CHART/templates/x.yaml` comments: consecutive
/// documents of one template form one part, named by the template's path under `folder` (the
/// chart's own name, the comment's first component, is replaced by the folder).
#[must_use]
pub fn split_by_source(text: &str, folder: &Path) -> Vec<RenderedFile> {
    let mut parts: Vec<RenderedFile> = Vec::new();
    let mut current: Option<String> = None;
    let mut buffer = String::new();
    let mut flush = |file: &Option<String>, buffer: &mut String| {
        // A template that rendered only comments or blank lines holds no document.
        if crate::manifest::yaml::split_documents(buffer).is_empty() {
            buffer.clear();
            return;
        }
        let name = file.clone().unwrap_or_else(|| display(folder));
        match parts.last_mut() {
            Some(last) if last.file == name => {
                last.text.push_str("---\n");
                last.text.push_str(buffer);
            }
            _ => parts.push(RenderedFile {
                file: name,
                text: buffer.clone(),
            }),
        }
        buffer.clear();
    };
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare.starts_with("--- ") {
            flush(&current, &mut buffer);
            continue;
        }
        if let Some(source) = bare.strip_prefix("# Source: ") {
            flush(&current, &mut buffer);
            let inside = source.split_once('/').map_or(source, |(_, rest)| rest);
            current = Some(display(&folder.join(inside)));
            continue;
        }
        buffer.push_str(line);
    }
    flush(&current, &mut buffer);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_output_is_split_by_template() {
        let text = "---\n# Source: shop/templates/svc.yaml\napiVersion: v1\nkind: Service\n---\n# Source: shop/templates/web.yaml\nkind: A\n---\nkind: B\n---\n# Source: shop/charts/db/templates/db.yaml\nkind: C\n";
        let parts = split_by_source(text, Path::new("charts/shop"));
        let files: Vec<&str> = parts.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "charts/shop/templates/svc.yaml",
                "charts/shop/templates/web.yaml",
                "charts/shop/charts/db/templates/db.yaml"
            ]
        );
        assert_eq!(parts[1].text, "kind: A\n---\nkind: B\n");
    }
}
