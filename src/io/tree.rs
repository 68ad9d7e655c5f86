//! Writing folders of files: split manifests and Helm charts.

use std::fs;
use std::path::{Path, PathBuf};

use super::{IoError, display, write_atomic};

/// Writes files under a folder, creating subfolders; each file is written atomically. `files` are
/// `(relative path with / separators, contents)`. Returns the paths written, in order.
pub fn write_tree<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<PathBuf>, IoError> {
    let mut written = Vec::new();
    for (relative, contents) in files {
        let path = relative
            .split('/')
            .fold(folder.to_path_buf(), |path, part| path.join(part));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| IoError::Write {
                path: display(parent),
                message: e.to_string(),
            })?;
        }
        write_atomic(&path, contents.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a chart's files under `folder` and removes templates an earlier export of the same chart
/// left behind (files named like ours, `NNN-….yaml`, that this export did not write), so removed
/// objects do not linger in the chart. Other files in the folder are left alone.
pub fn write_chart(
    folder: &Path,
    files: &[crate::manifest::helm::ChartFile],
) -> Result<Vec<PathBuf>, IoError> {
    let written = write_tree(
        folder,
        files.iter().map(|f| (f.path.as_str(), f.contents.as_str())),
    )?;
    let template_folders: std::collections::BTreeSet<PathBuf> = written
        .iter()
        .filter_map(|p| p.parent())
        .filter(|p| p.ends_with("templates"))
        .map(Path::to_path_buf)
        .collect();
    for templates in template_folders {
        let Ok(entries) = fs::read_dir(&templates) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ours = name.len() > 9
                && name
                    .get(..3)
                    .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
                && name.get(3..4) == Some("-")
                && Path::new(&name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("yaml"));
            if ours && !written.contains(&path) {
                fs::remove_file(&path).map_err(|e| IoError::Write {
                    path: display(&path),
                    message: e.to_string(),
                })?;
            }
        }
    }
    Ok(written)
}
