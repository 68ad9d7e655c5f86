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

/// Why a relative file name of a folder export cannot be written, if it cannot: every part must
/// be a plain name, so no file lands outside the folder (`..`, an absolute path, a drive or a
/// backslash on Windows) or is cut short by the operating system (NUL). Export makes its names
/// safe before they get here; this is the last line of defence, whatever the names came from.
fn unsafe_relative(relative: &str) -> Option<&'static str> {
    if relative.contains('\0') {
        return Some("holds a NUL character");
    }
    if relative.contains('\\') || relative.contains(':') {
        return Some("holds `\\` or `:`, which some systems read as a path");
    }
    if relative
        .split('/')
        .any(|part| matches!(part, "" | "." | ".."))
    {
        return Some("is not a plain relative path (empty parts, `.` or `..`)");
    }
    if relative == COMMITTED {
        return Some("is the name kubedraft marks a complete staging folder with");
    }
    None
}

/// Refuses the first file name that could leave the folder (see [`unsafe_relative`]).
fn check_relatives<'a>(
    folder: &Path,
    relatives: impl IntoIterator<Item = &'a str>,
) -> Result<(), IoError> {
    for relative in relatives {
        if let Some(problem) = unsafe_relative(relative) {
            return Err(IoError::Write {
                path: display(folder),
                message: format!(
                    "the file name `{}` {problem}; nothing was written",
                    relative.escape_debug()
                ),
            });
        }
    }
    Ok(())
}

/// Writes one file (creating its folder), not yet flushed to the disk.
fn write_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::File::create(path)?;
    file.write_all(contents)
}

/// Writes one file (creating its folder) and flushes it to the disk.
fn write_synced(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_file(path, contents)?;
    fs::File::open(path)?.sync_all()
}

/// How many files are flushed to the disk at a time. A flush waits for the disk, not for the
/// processor, and the file system writes flushes that wait together in one journal commit: a
/// chart of 2,000 files flushed one after another spent 1.5 of its 1.9 s waiting.
#[cfg(not(target_os = "linux"))]
const FLUSHES_AT_ONCE: usize = 16;

/// Flushes the staged files at `paths` (all under `staging`) to the disk; on failure, the index
/// of the file that failed (`usize::MAX`: the staging folder), with why.
///
/// On Linux one `syncfs` of the staging folder's file system: it writes every file in one
/// journal commit and waits once. Flushing a 10,000-file chart file by file, 16 at a time, took
/// 1.2 to 5 s of waiting; `syncfs` took 0.1 s (docs/ARCHITECTURE.md, "Speed"). Since Linux 5.8 it
/// reports write errors of files written since the folder was opened.
#[cfg(target_os = "linux")]
fn sync_files(staging: &Path, _paths: &[PathBuf]) -> Result<(), (usize, std::io::Error)> {
    fs::File::open(staging)
        .and_then(|folder| rustix::fs::syncfs(&folder).map_err(std::io::Error::from))
        .map_err(|error| (usize::MAX, error))
}

/// Flushes the files at `paths` to the disk, [`FLUSHES_AT_ONCE`] at a time; the index of the
/// first file that failed, with why.
#[cfg(not(target_os = "linux"))]
fn sync_files(_staging: &Path, paths: &[PathBuf]) -> Result<(), (usize, std::io::Error)> {
    let per_thread = paths.len().div_ceil(FLUSHES_AT_ONCE).max(1);
    let chunks: Vec<&[PathBuf]> = paths.chunks(per_thread).collect();
    let results = crate::parallel::on_threads(chunks.len(), |chunk| {
        let first = chunk * per_thread;
        chunks.get(chunk).map_or(Ok(()), |paths| {
            paths.iter().enumerate().try_for_each(|(index, path)| {
                fs::File::open(path)
                    .and_then(|file| file.sync_all())
                    .map_err(|error| (first + index, error))
            })
        })
    });
    results.into_iter().collect()
}

/// The folders under `top` (itself included), deepest first, and the files, as paths relative
/// to `top` with `/` separators, sorted. Links are not followed.
fn staged_entries(top: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<String>)> {
    let mut folders = Vec::new();
    let mut files = Vec::new();
    let mut pending = vec![(top.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            if entry.file_type()?.is_dir() {
                pending.push((entry.path(), relative));
            } else {
                files.push(relative);
            }
        }
        folders.push(dir);
    }
    folders.reverse();
    files.sort();
    Ok((folders, files))
}

/// Flushes every folder of a staged tree, so the staged names are on the disk before the tree
/// (or the commit mark) is published.
fn sync_tree(top: &Path) -> std::io::Result<()> {
    let (folders, _) = staged_entries(top)?;
    folders
        .iter()
        .try_for_each(|dir| super::temp::sync_dir(dir))
}

/// The file in a staging folder that marks it complete. Before it is there, the staging folder is
/// an unfinished draft that the next write removes; once it is there (synced), the staged files
/// are the folder's new content, and a run killed while it moved them in is finished by the next
/// write (see [`finish_interrupted`]). It lists the files to remove, one per line.
const COMMITTED: &str = ".kubedraft-committed";

/// The commit mark while it is written; renamed to [`COMMITTED`] once it is whole and flushed.
const COMMITTED_DRAFT: &str = ".kubedraft-committed.draft";

/// Moves the files of a complete staging folder into `folder` (each replacing its old version
/// whole and keeping that version's permissions), removes the files its mark lists, flushes the
/// folders and removes the staging folder. Running it again after a crash half-way does the
/// rest: what was moved is gone from the staging folder.
fn apply_staged(folder: &Path, staging: &Path) -> Result<(), IoError> {
    let mark = staging.join(COMMITTED);
    let removals = fs::read_to_string(&mark).map_err(write_error(&mark))?;
    let (_, files) = staged_entries(staging).map_err(write_error(staging))?;
    let mut touched = std::collections::BTreeSet::from([folder.to_path_buf()]);
    for relative in files
        .iter()
        .filter(|r| r.as_str() != COMMITTED && r.as_str() != COMMITTED_DRAFT)
    {
        let staged = join_relative(staging, relative);
        let target = join_relative(folder, relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(write_error(parent))?;
            touched.insert(parent.to_path_buf());
        }
        if let Some(meta) = fs::metadata(&target).ok().filter(fs::Metadata::is_file) {
            let _ = fs::set_permissions(&staged, meta.permissions());
        }
        fs::rename(&staged, &target).map_err(write_error(&target))?;
    }
    for relative in removals.lines().filter(|r| unsafe_relative(r).is_none()) {
        let stale = join_relative(folder, relative);
        // Only a plain file is removed: never a folder or what a link points at.
        if fs::symlink_metadata(&stale).is_ok_and(|meta| meta.is_file()) {
            fs::remove_file(&stale).map_err(write_error(&stale))?;
            if let Some(parent) = stale.parent() {
                touched.insert(parent.to_path_buf());
            }
        }
    }
    for dir in &touched {
        super::temp::sync_dir(dir).map_err(write_error(dir))?;
    }
    fs::remove_dir_all(staging).map_err(write_error(staging))?;
    super::temp::sync_dir(folder).map_err(write_error(folder))
}

/// Finishes or undoes what folder exports killed inside `folder` left there: a complete staging
/// folder (one with its commit mark) of a process that is gone is moved in, as that export would
/// have done; an incomplete one is removed, leaving the folder as it was. Every folder export
/// into an existing folder does this first; it is public so that a reader (or a test) can bring
/// a folder to its last complete state without writing anything new.
pub fn finish_interrupted(folder: &Path) -> Result<(), IoError> {
    for staging in super::temp::stale(folder, STAGING) {
        if fs::symlink_metadata(staging.join(COMMITTED)).is_ok_and(|meta| meta.is_file()) {
            apply_staged(folder, &staging)?;
        } else {
            super::temp::remove(&staging);
        }
    }
    Ok(())
}

/// Writes files under a folder, creating subfolders. `files` are `(relative path with /
/// separators, contents)`. Returns the paths written, in order.
///
/// Every file is first written into a temporary folder (see [`super::temp`]) and flushed, so
/// a failure on the way (a full disk, a name the file system refuses) leaves `folder` as it was
/// and no partial output behind. Then the temporary folder is renamed to `folder` when there is
/// none yet (one rename: the folder appears whole), or else it is marked complete and each file
/// is renamed into place (each replaced whole; files of the folder that are not written stay).
/// A crash during those renames leaves the mark, and the next write finishes the moves
/// ([`finish_interrupted`]), so the folder always comes back as the old or the new export.
pub fn write_tree<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<PathBuf>, IoError> {
    write_tree_removing(folder, files, &[])
}

/// [`write_tree`] that also removes the files `removals` (relative paths) of an existing folder,
/// in the same commit: the removals are part of the new content, so a crash cannot leave them
/// half done either.
fn write_tree_removing<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    removals: &[String],
) -> Result<Vec<PathBuf>, IoError> {
    let files: Vec<(&str, &str)> = files.into_iter().collect();
    check_relatives(folder, files.iter().map(|(relative, _)| *relative))?;
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
        finish_interrupted(folder)?;
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
        super::temp::remove_stale(parent, &name);
        (parent.to_path_buf(), name)
    };
    let staging = home.join(super::temp::name(&name));
    let _ = fs::remove_dir_all(&staging);
    let written: Vec<PathBuf> = files
        .iter()
        .map(|(relative, _)| join_relative(folder, relative))
        .collect();
    let staged = (|| {
        fs::create_dir_all(&staging).map_err(write_error(&staging))?;
        let staged: Vec<PathBuf> = files
            .iter()
            .map(|(relative, _)| join_relative(&staging, relative))
            .collect();
        for (((_, contents), target), path) in files.iter().zip(&written).zip(&staged) {
            write_file(path, contents.as_bytes()).map_err(write_error(target))?;
        }
        // Every staged file is on the disk before the mark or the rename publishes them.
        sync_files(&staging, &staged).map_err(|(index, error)| {
            write_error(written.get(index).map_or(folder, PathBuf::as_path))(error)
        })?;
        // A folder where a file goes would stop the moves halfway: refuse before moving any.
        if exists && let Some(blocked) = written.iter().find(|target| target.is_dir()) {
            return Err(IoError::Write {
                path: display(blocked),
                message: "a folder is in the way of this file; nothing was written".to_owned(),
            });
        }
        if exists {
            let mut list = String::new();
            for relative in removals.iter().filter(|r| unsafe_relative(r).is_none()) {
                list.push_str(relative);
                list.push('\n');
            }
            // Written under another name and renamed: a run killed while it wrote the mark
            // must not leave a mark that exists with only part of its list (an empty list
            // published the new files but kept every stale one).
            let draft = staging.join(COMMITTED_DRAFT);
            write_synced(&draft, list.as_bytes())
                .and_then(|()| fs::rename(&draft, staging.join(COMMITTED)))
                .map_err(write_error(&staging))?;
        }
        sync_tree(&staging).map_err(write_error(&staging))
    })();
    if let Err(error) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if exists {
        apply_staged(folder, &staging)?;
    } else {
        fs::rename(&staging, folder).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            write_error(folder)(e)
        })?;
        super::temp::sync_dir(&home).map_err(write_error(&home))?;
    }
    Ok(written)
}

/// Writes a split export (one file per object, `files` as in [`write_tree`]) into `folder`,
/// with the list of its files ([`SPLIT_LIST`]), and removes the files the previous split export
/// listed that this one does not write: deleted objects must not linger for `kubectl apply -f`.
pub fn write_split(folder: &Path, files: &[(String, String)]) -> Result<Vec<PathBuf>, IoError> {
    // An export killed half-way is finished first, so its list is the previous one.
    if folder.is_dir() {
        finish_interrupted(folder)?;
    }
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
    let current: std::collections::BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let removals: Vec<String> = previous
        .lines()
        .filter(|name| {
            // Only plain file names of ours: never a path out of the folder, never the user's.
            !name.starts_with(['#', '.'])
                && !name.contains(['/', '\\'])
                && Path::new(name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("yaml"))
                && !current.contains(name)
        })
        .map(str::to_owned)
        .collect();
    let mut written = write_tree_removing(
        folder,
        files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .chain([(SPLIT_LIST, list.as_str())]),
        &removals,
    )?;
    written.pop();
    Ok(written)
}

/// Whether a file name is one of a chart export's templates (`NNN-….yaml`).
fn is_chart_template(name: &str) -> bool {
    name.len() > 9
        && name
            .get(..3)
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && name.get(3..4) == Some("-")
        && Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml"))
}

/// Writes a chart's files under `folder` and removes templates an earlier export of the same chart
/// left behind (files named like ours, `NNN-….yaml`, that this export did not write), so removed
/// objects do not linger in the chart. Other files in the folder are left alone.
pub fn write_chart(
    folder: &Path,
    files: &[crate::manifest::helm::ChartFile],
) -> Result<Vec<PathBuf>, IoError> {
    if folder.is_dir() {
        finish_interrupted(folder)?;
    }
    let written: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let template_folders: std::collections::BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(parent, _)| parent))
        .filter(|parent| *parent == "templates" || parent.ends_with("/templates"))
        .collect();
    let mut removals = Vec::new();
    for templates in template_folders {
        let Ok(entries) = fs::read_dir(join_relative(folder, templates)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| is_chart_template(name))
            .map(|name| format!("{templates}/{name}"))
            .filter(|relative| !written.contains(relative.as_str()))
            .collect();
        names.sort();
        removals.extend(names);
    }
    write_tree_removing(
        folder,
        files.iter().map(|f| (f.path.as_str(), f.contents.as_str())),
        &removals,
    )
}
