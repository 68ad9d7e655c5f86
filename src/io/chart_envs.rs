//! A Helm chart whose `values-<env>.yaml` files become environments (`--values-as-env`): the
//! chart is rendered once with its `values.yaml` alone (the base) and once per values file, and
//! the renderings are made one design by [`crate::manifest::env_import`].

use std::fs;
use std::path::{Path, PathBuf};

use super::{IoError, Loaded, RenderOptions, display, render_chart};
use crate::document::environments::is_valid_name;
use crate::manifest::env_import::{self, EnvRendering};
use crate::manifest::import::{self, ImportError, Imported, ReadOptions};

/// Environments and their values files, and notes on files that name no environment.
pub type EnvironmentValues = (Vec<(String, PathBuf)>, Vec<ImportError>);

/// The `values-<env>.yaml` files beside a chart's `values.yaml`, as (environment, file), sorted by
/// name; files whose `<env>` cannot name an environment are returned as notes.
pub fn environment_values(chart: &Path) -> Result<EnvironmentValues, IoError> {
    let entries = fs::read_dir(chart).map_err(|e| IoError::Read {
        path: display(chart),
        message: e.to_string(),
    })?;
    let mut found = Vec::new();
    let mut notes = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| IoError::Read {
                path: display(chart),
                message: e.to_string(),
            })?
            .path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(env) = name
            .strip_prefix("values-")
            .and_then(|rest| rest.strip_suffix(".yaml"))
        else {
            continue;
        };
        if !path.is_file() {
            continue;
        }
        if is_valid_name(env) {
            found.push((env.to_owned(), path));
        } else {
            notes.push(ImportError {
                file: display(&path),
                document: 0,
                line: 0,
                column: None,
                object: None,
                message: format!(
                    "not made an environment: `{env}` is not a valid environment name (letters, digits, `-` and `_`, at most 63, not `base`)"
                ),
            });
        }
    }
    found.sort();
    notes.sort_by(|a, b| a.file.cmp(&b.file));
    Ok((found, notes))
}

/// Renders the chart with these options and reads what it rendered.
fn render(chart: &Path, options: &RenderOptions, read: ReadOptions) -> Result<Imported, IoError> {
    let mut imported = Imported::default();
    for part in render_chart(chart, options)? {
        imported.extend(import::parse_manifests_with(&part.text, &part.file, read));
    }
    Ok(imported)
}

/// Reads a Helm chart folder as a design with one environment per `values-<env>.yaml` beside its
/// `values.yaml` (the base is `values.yaml` alone). The `--values` and `--set` of `options` go to
/// every rendering, after the environment's values file (so they win over it, as later values do
/// in helm). Fails like [`super::render_chart`] when helm is missing or fails.
pub fn read_chart_with_envs(chart: &Path, options: &RenderOptions) -> Result<Loaded, IoError> {
    read_chart_with_envs_with(chart, options, ReadOptions::default())
}

/// [`read_chart_with_envs`] with explicit strictness for the rendered manifests.
pub fn read_chart_with_envs_with(
    chart: &Path,
    options: &RenderOptions,
    read: ReadOptions,
) -> Result<Loaded, IoError> {
    let (values, mut notes) = environment_values(chart)?;
    let base = render(chart, options, read)?;
    let mut environments = Vec::new();
    for (name, file) in values {
        let mut env_options = options.clone();
        env_options.values.insert(0, file.clone());
        let label = file
            .file_name()
            .map_or_else(|| display(&file), |n| n.to_string_lossy().into_owned());
        environments.push(EnvRendering {
            name,
            imported: render(chart, &env_options, read)?,
            label,
        });
    }
    if environments.is_empty() {
        notes.push(ImportError {
            file: display(chart),
            document: 0,
            line: 0,
            column: None,
            object: None,
            message: "--values-as-env: no values-<env>.yaml beside values.yaml, so the design has no environments".to_owned(),
        });
    }
    let mut result = env_import::document_with_environments(base, environments, &display(chart));
    notes.append(&mut result.notes);
    Ok(Loaded {
        document: result.document,
        skipped: result.errors,
        warnings: result.warnings,
        notes,
        design_path: None,
        sources: result.sources,
    })
}
