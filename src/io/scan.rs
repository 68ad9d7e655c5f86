//! Finding and reading manifest files: each file once, only regular files, and a folder that
//! cannot be read is reported while the rest is read.
//!
//! A FIFO blocks the reader forever when it is opened, a device never ends, and a symbolic link
//! to a parent folder makes a walk endless (or, with the kernel's link limit, reads every file
//! dozens of times): so the file type is checked before a file is opened, folders are walked once
//! each by their canonical path, and files are read once each by theirs.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{IoError, display, is_manifest_path, read_text};
use crate::manifest::import::{self, ImportError, Imported, ReadOptions};

/// What a path is when it is not a regular file or folder, in words for messages.
fn special_type(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Refuses anything but a regular file (following links) before it is opened: opening a FIFO
/// would wait for a writer forever, and a device may never end.
pub(super) fn check_regular_file(path: &Path) -> Result<(), IoError> {
    let meta = fs::metadata(path).map_err(|e| IoError::Read {
        path: display(path),
        message: e.to_string(),
    })?;
    if meta.is_dir() {
        return Err(IoError::Read {
            path: display(path),
            message: "is a folder, not a file".to_owned(),
        });
    }
    match special_type(&meta) {
        Some(what) => Err(IoError::Read {
            path: display(path),
            message: format!("is {what}, not a regular file: only regular files are read"),
        }),
        None => Ok(()),
    }
}

/// A file-level problem as a skipped-input error (line 0: the whole file, not one document).
fn file_problem(path: &Path, message: String) -> ImportError {
    ImportError {
        file: display(path),
        document: 0,
        line: 0,
        column: None,
        object: None,
        message,
    }
}

/// Manifest files under a folder and the problems met on the way.
type Walked = (Vec<PathBuf>, Vec<ImportError>);

/// The entries of a folder.
fn folder_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect()
}

/// Manifest files under a folder (recursively), sorted by path, each folder visited once;
/// subfolders that cannot be read are returned as problems beside the files. `None` when the
/// folder was walked already (named twice, or inside another named folder). `entries` lists a
/// folder ([`folder_entries`]; tests make it fail where a test running as root cannot).
fn walk(
    folder: &Path,
    visited: &mut BTreeSet<PathBuf>,
    entries: &dyn Fn(&Path) -> std::io::Result<Vec<PathBuf>>,
) -> Result<Option<Walked>, IoError> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let top = fs::canonicalize(folder).map_err(|e| IoError::Read {
        path: display(folder),
        message: e.to_string(),
    })?;
    if !visited.insert(top) {
        return Ok(None);
    }
    let mut pending = vec![folder.to_path_buf()];
    let mut first = true;
    while let Some(dir) = pending.pop() {
        let paths = match entries(&dir) {
            Ok(paths) => paths,
            // The folder the user named must be readable; a subfolder that is not is reported.
            Err(e) if first => {
                return Err(IoError::Read {
                    path: display(&dir),
                    message: e.to_string(),
                });
            }
            Err(e) => {
                problems.push(file_problem(&dir, format!("folder not read: {e}")));
                continue;
            }
        };
        first = false;
        for path in paths {
            // A temporary of a kubedraft write (an export killed mid-way into this folder) is
            // not input.
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(super::temp::is_temporary)
            {
                continue;
            }
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) if is_manifest_path(&path) => {
                    problems.push(file_problem(&path, format!("not read: {e}")));
                    continue;
                }
                // A broken link or vanished entry that is no manifest is none of our business.
                Err(_) => continue,
            };
            if meta.is_dir() {
                // A link back to a folder already walked (a loop) is walked once.
                if fs::canonicalize(&path).is_ok_and(|real| visited.insert(real)) {
                    pending.push(path);
                }
            } else if is_manifest_path(&path) {
                match special_type(&meta) {
                    Some(what) => problems.push(file_problem(
                        &path,
                        format!("is {what}, not a regular file: skipped"),
                    )),
                    None => found.push(path),
                }
            }
        }
    }
    found.sort();
    Ok(Some((found, problems)))
}

/// Manifest files under a folder (recursively), sorted by path. Each folder is walked once,
/// whatever links lead to it; FIFOs, devices and subfolders that cannot be read are left out
/// (see [`read_manifests_with`], which reports them).
pub fn manifest_files(folder: &Path) -> Result<Vec<PathBuf>, IoError> {
    walk(folder, &mut BTreeSet::new(), &folder_entries)
        .map(|walked| walked.map(|(files, _)| files).unwrap_or_default())
}

/// Reads manifests from files and folders. Problems with single documents are collected in
/// `Imported::errors`, and so are files and subfolders inside a named folder that could not be
/// read; a named path that cannot be read (or is no regular file or folder) and a folder without
/// manifests fail the whole read.
pub fn read_manifests(paths: &[PathBuf]) -> Result<Imported, IoError> {
    read_manifests_with(paths, ReadOptions::default())
}

/// [`read_manifests`] with explicit strictness. A file named twice, or reached twice through
/// links, is read once.
pub fn read_manifests_with(paths: &[PathBuf], options: ReadOptions) -> Result<Imported, IoError> {
    let mut imported = Imported::default();
    let mut visited_folders = BTreeSet::new();
    let mut read_files = BTreeSet::new();
    let render = super::render_options();
    for path in paths {
        // A chart or Kustomize folder given directly is rendered by its tool; one met inside a
        // plain folder is not (its files are noted and its plain manifests read).
        if let Some(kind) = super::repo_kind(path) {
            let real = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if !visited_folders.insert(real) {
                continue;
            }
            let rendered = match kind {
                super::RepoKind::Chart => super::render_chart(path, &render)?,
                super::RepoKind::Kustomize => super::render_kustomize(path)?,
            };
            for part in rendered {
                imported.extend(import::parse_manifests_with(
                    &part.text, &part.file, options,
                ));
            }
            continue;
        }
        let (files, problems) = if path.is_dir() {
            match walk(path, &mut visited_folders, &folder_entries)? {
                None => continue,
                Some((files, problems)) if files.is_empty() && problems.is_empty() => {
                    return Err(IoError::EmptyFolder {
                        path: display(path),
                    });
                }
                Some(walked) => walked,
            }
        } else {
            check_regular_file(path)?;
            (vec![path.clone()], Vec::new())
        };
        imported.errors.extend(problems);
        let named = !path.is_dir();
        let fresh: Vec<PathBuf> = files
            .into_iter()
            .filter(|file| {
                read_files.insert(fs::canonicalize(file).unwrap_or_else(|_| file.clone()))
            })
            .collect();
        // A file named on its own is meant as a manifest; one found in a folder may be any
        // YAML a repository keeps (values, CI configs), which is noted and skipped.
        let parse = if named {
            import::parse_manifests_with
        } else {
            crate::manifest::files::parse_folder_file
        };
        // The files are read and parsed on every core (a corpus of 328 files took 74 ms on one),
        // and what they held is taken in their order.
        let results = crate::parallel::map(&fresh, |file| {
            read_text(file).map(|text| parse(&text, &display(file), options))
        });
        for (file, result) in fresh.iter().zip(results) {
            let part = match result {
                Ok(part) => part,
                Err(error) if named => return Err(error),
                Err(error) => {
                    let message = match error {
                        IoError::Read { message, .. } => message,
                        other => other.to_string(),
                    };
                    imported
                        .errors
                        .push(file_problem(file, format!("not read: {message}")));
                    continue;
                }
            };
            imported.extend(part);
        }
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests fail loudly by design.

    use super::*;

    /// A subfolder that cannot be listed is reported and the walk goes on (the outsider's
    /// unreadable subfolder aborted the whole run). Permissions do not stop root, so the
    /// listing fails by injection here.
    #[test]
    fn an_unreadable_subfolder_is_reported_and_the_rest_is_walked() {
        let dir = std::env::temp_dir().join(format!("kubedraft-scan-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("locked")).unwrap();
        fs::create_dir_all(dir.join("open")).unwrap();
        fs::write(dir.join("a.yaml"), "").unwrap();
        fs::write(dir.join("locked/b.yaml"), "").unwrap();
        fs::write(dir.join("open/c.yaml"), "").unwrap();
        let failing = |path: &Path| {
            if path.ends_with("locked") {
                Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
            } else {
                folder_entries(path)
            }
        };
        let (files, problems) = walk(&dir, &mut BTreeSet::new(), &failing).unwrap().unwrap();
        assert_eq!(files, vec![dir.join("a.yaml"), dir.join("open/c.yaml")]);
        let [problem] = problems.as_slice() else {
            panic!("one problem expected: {problems:?}")
        };
        assert_eq!(problem.file, display(&dir.join("locked")));
        assert!(problem.to_string().contains("folder not read"), "{problem}");
        let _ = fs::remove_dir_all(&dir);
    }

    /// What an export killed inside a scanned folder left behind (a temporary folder or file) is
    /// not read as input.
    #[test]
    fn temporaries_of_killed_writes_are_not_input() {
        let dir = std::env::temp_dir().join(format!("kubedraft-scan-tmp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join(".kubedraft-export.4242.tmp")).unwrap();
        fs::write(dir.join(".kubedraft-export.4242.tmp/a.yaml"), "").unwrap();
        fs::write(dir.join(".web.yaml.4242.tmp"), "").unwrap();
        fs::write(dir.join("web.yaml"), "").unwrap();
        let files = manifest_files(&dir).unwrap();
        assert_eq!(files, vec![dir.join("web.yaml")]);
        let _ = fs::remove_dir_all(&dir);
    }
}
