//! Files: reading designs and manifests, atomic writes. The only module that touches the disk
//! (apart from the UI's own settings and autosave, which go through here too).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::design_file::{self, DesignError};
use crate::document::Document;
use crate::manifest::import::{self, ImportError, ReadOptions};

mod chart_envs;
mod limit;
mod render;
mod scan;
mod temp;
mod tree;

pub use chart_envs::{environment_values, read_chart_with_envs, read_chart_with_envs_with};
pub use limit::{
    DEFAULT_MAX_FILE_SIZE, MAX_FILE_SIZE_ENV, max_file_size, parse_size, set_max_file_size,
    size_text,
};
pub use render::{
    KUSTOMIZATION_FILES, RENDER_TIMEOUT_ENV, RenderOptions, RenderedFile, RepoKind, render_chart,
    render_kustomize, render_options, repo_kind, set_render_options, split_by_source,
};
pub use scan::{manifest_files, read_manifests, read_manifests_with};
pub use tree::{SPLIT_LIST, finish_interrupted, write_chart, write_split, write_tree};

/// A file problem, always naming the file.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}:{error}")]
    Design { path: String, error: DesignError },
    #[error("{0}")]
    Manifest(ImportError),
    #[error("{path}: could not write: {message}")]
    Write { path: String, message: String },
    #[error("{path}: no YAML or JSON manifests found in this folder")]
    EmptyFolder { path: String },
    /// A chart or Kustomize folder that could not be rendered (no tool, or the tool failed).
    #[error("{path}: {message}")]
    Render { path: String, message: String },
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Whether the path names a design file (as opposed to manifests).
#[must_use]
pub fn is_design_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("ron"))
}

fn is_manifest_path(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            ["yaml", "yml", "json"]
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// Reads a regular file of at most [`max_file_size`] bytes. The size is checked before reading
/// and the read stops one byte past the limit, so a file that grows while it is read (or claims
/// a size it does not have) cannot exhaust memory either.
fn read_text(path: &Path) -> Result<String, IoError> {
    use std::io::Read as _;
    let error = |message: String| IoError::Read {
        path: display(path),
        message,
    };
    scan::check_regular_file(path)?;
    let limit = max_file_size();
    let file = fs::File::open(path).map_err(|e| error(e.to_string()))?;
    let size = file.metadata().map_err(|e| error(e.to_string()))?.len();
    if size > limit {
        return Err(error(limit::too_large(size)));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| error(e.to_string()))?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(error(limit::too_large(read)));
    }
    String::from_utf8(bytes).map_err(|e| IoError::Read {
        path: display(path),
        message: format!("not UTF-8 text ({e})"),
    })
}

/// Reads a UTF-8 text file (the autosave's note of where the design came from).
pub fn read_string(path: &Path) -> Result<String, IoError> {
    read_text(path)
}

/// Deletes a file; one that is already gone is fine.
pub fn remove_file(path: &Path) -> Result<(), IoError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(IoError::Write {
            path: display(path),
            message: e.to_string(),
        }),
        _ => Ok(()),
    }
}

/// When a file was last written, or `None` if it does not exist.
#[must_use]
pub fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Opens (creating) `path` and takes an exclusive lock on it that lasts as long as the returned
/// file is open; `Ok(None)` when another process (or another handle) holds it. The app's autosave
/// slots use it so two running windows never write the same autosave.
pub fn try_lock_file(path: &Path) -> Result<Option<fs::File>, IoError> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| IoError::Write {
            path: display(path),
            message: e.to_string(),
        })?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(fs::TryLockError::WouldBlock) => Ok(None),
        Err(fs::TryLockError::Error(e)) => Err(IoError::Write {
            path: display(path),
            message: e.to_string(),
        }),
    }
}

/// Creates a folder and its parents (the autosave folder on first use).
pub fn create_dir_all(path: &Path) -> Result<(), IoError> {
    fs::create_dir_all(path).map_err(|e| IoError::Write {
        path: display(path),
        message: e.to_string(),
    })
}

/// Reads a design file.
pub fn read_design(path: &Path) -> Result<Document, IoError> {
    let text = read_text(path)?;
    design_file::from_ron(&text).map_err(|error| IoError::Design {
        path: display(path),
        error,
    })
}

/// Writes a design file atomically: a broken write never replaces the previous file.
pub fn save_design(path: &Path, doc: &Document) -> Result<(), IoError> {
    let text = design_file::to_ron(doc).map_err(|error| IoError::Design {
        path: display(path),
        error,
    })?;
    write_atomic(path, text.as_bytes())
}

/// Writes a file by writing a temporary file beside it and renaming it into place, so a crash
/// leaves either the old or the new content; the file is synced before the rename and its folder
/// after it, so the new content is on the disk once this returns. A symbolic link is followed (the file it points to is
/// replaced, the link stays), an existing file keeps its permissions, and something that is not a
/// regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written to directly: renaming over it would
/// replace the device with a plain file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let error = |e: std::io::Error| IoError::Write {
        path: display(path),
        message: e.to_string(),
    };
    let resolved = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).map_err(error)?,
        _ => path.to_path_buf(),
    };
    let existing = fs::metadata(&resolved).ok();
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        if meta.is_dir() {
            return Err(error(std::io::Error::other("is a folder, not a file")));
        }
        return fs::OpenOptions::new()
            .write(true)
            .open(&resolved)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(error);
    }
    let path = resolved.as_path();
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    temp::remove_stale(directory, &file_name);
    let temporary = directory.join(temp::name(&file_name));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        temp::sync_dir(directory)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result.map_err(error)
}

/// What `open` and `export` read: one design file, or manifests laid out as a new design.
#[derive(Debug)]
pub struct Loaded {
    pub document: Document,
    /// Documents that could not be read (the rest was loaded).
    pub skipped: Vec<ImportError>,
    /// Documents read only thanks to lenient [`ReadOptions`].
    pub warnings: Vec<ImportError>,
    /// Files of a folder that are not Kubernetes manifests, skipped with one note each (not
    /// errors: they do not change the exit code).
    pub notes: Vec<ImportError>,
    /// Where the design came from; `Some` only for a single design file (what Save writes to).
    pub design_path: Option<PathBuf>,
    /// Where each object was read from (file and line of its document), for messages.
    pub sources: std::collections::BTreeMap<crate::model::ObjectId, import::Source>,
}

/// Where each object of a design file starts: the line of its `position:` entry (objects are
/// stored in id order); line 1 when the file was written in another shape.
fn design_sources(
    text: &str,
    file: &str,
    document: &Document,
) -> std::collections::BTreeMap<crate::model::ObjectId, import::Source> {
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim_start().starts_with("position:"))
        .map(|(number, _)| number + 1)
        .collect();
    let known = lines.len() == document.model.len();
    document
        .model
        .objects()
        .enumerate()
        .map(|(index, (id, _))| {
            let line = if known {
                lines.get(index).copied().unwrap_or(1)
            } else {
                1
            };
            let source = import::Source {
                file: file.to_owned(),
                document: 0,
                line,
            };
            (id, source)
        })
        .collect()
}

/// Reads designs and manifests named on the command line or picked in a dialog.
pub fn load(paths: &[PathBuf]) -> Result<Loaded, IoError> {
    load_with(paths, ReadOptions::default())
}

/// [`load`] with explicit strictness for manifests. With `--values-as-env` in the run's
/// [`render_options`], a chart folder (given on its own) is read by [`read_chart_with_envs`].
pub fn load_with(paths: &[PathBuf], options: ReadOptions) -> Result<Loaded, IoError> {
    let render = render_options();
    let is_chart = |path: &PathBuf| repo_kind(path) == Some(RepoKind::Chart);
    if render.values_as_env && paths.iter().any(is_chart) {
        // A chart read as environments is a whole design: it cannot be mixed with other inputs.
        return match paths {
            [chart] => read_chart_with_envs_with(chart, &render, options),
            _ => Err(IoError::Render {
                path: paths
                    .iter()
                    .map(|p| display(p))
                    .collect::<Vec<_>>()
                    .join(", "),
                message: "--values-as-env reads one Helm chart folder (one with Chart.yaml), given on its own".to_owned(),
            }),
        };
    }
    if let [single] = paths
        && is_design_path(single)
    {
        let text = read_text(single)?;
        let document = design_file::from_ron(&text).map_err(|error| IoError::Design {
            path: display(single),
            error,
        })?;
        let sources = design_sources(&text, &display(single), &document);
        return Ok(Loaded {
            document,
            skipped: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            design_path: Some(single.clone()),
            sources,
        });
    }
    let (designs, manifests): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| is_design_path(p));
    let mut imported = crate::timing::phase("read and parse", || {
        read_manifests_with(&manifests, options)
    })?;
    // Designs opened together with other inputs contribute their objects and baselines.
    let mut baselines = crate::document::Deployed::default();
    for design in &designs {
        let document = read_design(design)?;
        let source = import::Source {
            file: display(design),
            document: 0,
            line: 1,
        };
        imported.namespaces.extend(
            document
                .model
                .namespaces()
                .iter()
                .map(|(n, ns)| (n.clone(), ns.clone())),
        );
        imported.objects.extend(
            document
                .model
                .objects()
                .map(|(_, o)| (o.clone(), source.clone())),
        );
        baselines.extend(document.deployed);
    }
    Ok(assemble(imported, baselines))
}

/// What [`load_with`] gives for one manifest file of this text, without touching the disk (the
/// fuzz targets read their input this way). `file` names the file in messages.
#[must_use]
pub fn load_manifest_text(text: &str, file: &str, options: ReadOptions) -> Loaded {
    let imported = import::parse_manifests_with(text, file, options);
    assemble(imported, crate::document::Deployed::default())
}

/// A new design from what manifests held, with the deployed baselines of designs read with them.
fn assemble(mut imported: import::Imported, baselines: crate::document::Deployed) -> Loaded {
    let skipped = std::mem::take(&mut imported.errors);
    let warnings = std::mem::take(&mut imported.warnings);
    let notes = std::mem::take(&mut imported.notes);
    let (mut document, sources) = crate::timing::phase("design from objects", || {
        import::into_document_with_sources(imported)
    });
    document.deployed.extend(baselines);
    Loaded {
        document,
        skipped,
        warnings,
        notes,
        design_path: None,
        sources,
    }
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests fail loudly by design.

    use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};

    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kubedraft-io-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn atomic_writes_follow_links_and_keep_permissions() {
        let dir = temp_dir("link");
        let target = dir.join("design.ron");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("current.ron");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert!(write_atomic(&dir, b"x").is_err(), "a folder is not a file");
        let _ = fs::remove_dir_all(&dir);
    }

    /// `kubedraft export … --out /dev/null` once replaced the device with a plain file.
    #[test]
    fn writing_to_a_device_writes_through_it() {
        let null = Path::new("/dev/null");
        let is_device =
            |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device());
        if !is_device(null) {
            return; // No /dev/null to test with (or it is already broken).
        }
        write_atomic(null, b"discarded").unwrap();
        assert!(is_device(null), "/dev/null was replaced by a file");
    }
}
