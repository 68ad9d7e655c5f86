//! Writing folders of files: split manifests and Helm charts.

use std::fs;
use std::path::{Path, PathBuf};

use std::io::Write as _;

use super::{IoError, display};

/// The list of files a split export wrote, kept in its folder: the next split export into the
/// folder removes the files listed there that it does not write again (objects deleted since),
/// and no other file. kubectl and kubedraft read only `.yaml`, `.yml` and `.json` files, so the
/// list is not taken for a manifest; it is not hidden, so that whoever finds it can read why it is
/// there (and it sorts after the numbered manifests).
pub const SPLIT_LIST: &str = "kubedraft-split.txt";

/// The name staging folders inside an existing target folder are made from.
const STAGING: &str = "kubedraft-export";

fn write_error(path: &Path) -> impl Fn(std::io::Error) -> IoError + '_ {
    move |e| IoError::Write {
        path: display(path),
        message: e.to_string(),
    }
}

fn join_relative(folder: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .fold(folder.to_path_buf(), |path, part| path.join(part))
}

/// Writes one file (creating its folder) and flushes it to the disk.
fn write_synced(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::File::create(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Writes files under a folder, creating subfolders. `files` are `(relative path with /
/// separators, contents)`. Returns the paths written, in order.
///
/// Every file is first written into a temporary folder (see [`super::temp`]), so
/// a failure on the way (a full disk, a name the file system refuses) leaves `folder` as it was
/// and no partial output behind. Then the temporary folder is renamed to `folder` when there is
/// none yet, or else each file is renamed into place (each replaced whole, and files of the
/// folder that are not written stay).
pub fn write_tree<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<PathBuf>, IoError> {
    let files: Vec<(&str, &str)> = files.into_iter().collect();
    let exists = match fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => {
            return Err(IoError::Write {
                path: display(folder),
                message: "is a file, not a folder".to_owned(),
            });
        }
        Err(_) => false,
    };
    // A new folder is staged beside where it goes and renamed into place whole. An existing one
    // is staged inside itself: its parent may not be writable (`--out .` in a home folder), and
    // renames within the folder cannot cross file systems.
    let (home, name) = if exists {
        (folder.to_path_buf(), STAGING.to_owned())
    } else {
        let parent = folder
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        fs::create_dir_all(parent).map_err(write_error(parent))?;
        (parent.to_path_buf(), name)
    };
    super::temp::remove_stale(&home, &name);
    let staging = home.join(super::temp::name(&name));
    let _ = fs::remove_dir_all(&staging);
    for (relative, contents) in &files {
        if let Err(e) = write_synced(&join_relative(&staging, relative), contents.as_bytes()) {
            let _ = fs::remove_dir_all(&staging);
            return Err(write_error(&join_relative(folder, relative))(e));
        }
    }
    let written: Vec<PathBuf> = files
        .iter()
        .map(|(relative, _)| join_relative(folder, relative))
        .collect();
    if !exists {
        fs::rename(&staging, folder).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            write_error(folder)(e)
        })?;
        return Ok(written);
    }
    // A folder where a file goes would stop the moves halfway: refuse before moving any.
    if let Some(blocked) = written.iter().find(|target| target.is_dir()) {
        let _ = fs::remove_dir_all(&staging);
        return Err(IoError::Write {
            path: display(blocked),
            message: "a folder is in the way of this file; nothing was written".to_owned(),
        });
    }
    let moved = files
        .iter()
        .zip(&written)
        .try_for_each(|((relative, _), target)| {
            let staged = join_relative(&staging, relative);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(write_error(parent))?;
            }
            // A file replaced keeps its permissions, as a single-file write does.
            if let Some(meta) = fs::metadata(target).ok().filter(fs::Metadata::is_file) {
                let _ = fs::set_permissions(&staged, meta.permissions());
            }
            fs::rename(&staged, target).map_err(write_error(target))
        });
    let _ = fs::remove_dir_all(&staging);
    moved.map(|()| written)
}

/// Writes a split export (one file per object, `files` as in [`write_tree`]) into `folder`,
/// with the list of its files ([`SPLIT_LIST`]), and removes the files the previous split export
/// listed that this one does not write: deleted objects must not linger for `kubectl apply -f`.
pub fn write_split(folder: &Path, files: &[(String, String)]) -> Result<Vec<PathBuf>, IoError> {
    let list_path = folder.join(SPLIT_LIST);
    let previous = fs::metadata(&list_path)
        .is_ok_and(|meta| meta.is_file())
        .then(|| fs::read_to_string(&list_path).ok())
        .flatten()
        .unwrap_or_default();
    let mut list = String::from(
        "# Files kubedraft's last split export wrote here; the next one removes those it no longer writes.\n",
    );
    for (name, _) in files {
        list.push_str(name);
        list.push('\n');
    }
    let mut written = write_tree(
        folder,
        files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .chain([(SPLIT_LIST, list.as_str())]),
    )?;
    written.pop();
    let current: std::collections::BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for name in previous.lines() {
        // Only plain file names of ours: never a path out of the folder, never the user's files.
        let ours = !name.starts_with(['#', '.'])
            && !name.contains(['/', '\\'])
            && Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml"));
        if !ours || current.contains(name) {
            continue;
        }
        let stale = folder.join(name);
        if fs::symlink_metadata(&stale).is_ok_and(|meta| meta.is_file()) {
            fs::remove_file(&stale).map_err(write_error(&stale))?;
        }
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
