//! kubedraft's own temporary files and folders beside a target (`.NAME.PID.tmp`): what they are
//! called, and removing the ones a killed run left behind.
//!
//! A write goes to a temporary beside its target and is renamed into place, so a crash leaves the
//! old or the new target, never half of one; but a run killed before the rename leaves its
//! temporary behind. The next write to the same target removes those of processes that are gone
//! (a temporary of a running kubedraft, or of a process this system cannot check, is kept).

use std::fs;
use std::path::{Path, PathBuf};

/// The temporary of this process for the target named `target`.
pub(super) fn name(target: &str) -> String {
    format!(".{target}.{}.tmp", std::process::id())
}

/// The process id in a temporary's name for `target`, if `entry` is one.
fn owner(entry: &str, target: &str) -> Option<u32> {
    let pid = entry
        .strip_prefix('.')?
        .strip_prefix(target)?
        .strip_prefix('.')?
        .strip_suffix(".tmp")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether a folder entry is a temporary of some kubedraft write (`.NAME.PID.tmp`): folder scans
/// skip them, so a half-written export left inside a scanned folder is never read as input.
pub(super) fn is_temporary(entry: &str) -> bool {
    let Some(inner) = entry
        .strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
    else {
        return false;
    };
    inner.rsplit_once('.').is_some_and(|(target, pid)| {
        !target.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Whether process `pid` may still be running (and writing its temporary).
fn may_be_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // No cheap way to ask: keep it rather than pull a file from under a running export.
        true
    }
}

/// The temporaries (files or folders) beside `target` in `directory` whose process is gone: what
/// runs killed before their rename left behind.
pub(super) fn stale(directory: &Path, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(directory) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .and_then(|n| owner(n, target))
                .is_some_and(|pid| !may_be_running(pid))
        })
        .map(|entry| entry.path())
        .collect();
    found.sort();
    found
}

/// Removes a temporary file or folder. Not followed: a link named like a temporary is removed
/// itself, never what it points at.
pub(super) fn remove(path: &Path) {
    let _ = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(_) => return,
    };
}

/// Removes the temporaries (files or folders) that runs killed before their rename left beside
/// `target` in `directory`. Best effort: what cannot be removed stays, and the write goes on.
pub(super) fn remove_stale(directory: &Path, target: &str) {
    for path in stale(directory, target) {
        remove(&path);
    }
}

/// Flushes a folder's entries (names created, renamed or removed in it) to the disk: a renamed
/// file's data is synced before the rename, but the rename itself lives in the folder, and a
/// crash before the folder is written can lose it. File systems that cannot sync a folder say
/// so with "invalid input" or "unsupported", and a folder that may be written but not listed
/// cannot be opened to sync: then there is nothing more to do (the rename itself is done).
pub(super) fn sync_dir(directory: &Path) -> std::io::Result<()> {
    if !cfg!(unix) {
        // Elsewhere (Windows) a folder cannot be opened as a file; the rename is durable there.
        return Ok(());
    }
    match fs::File::open(directory).and_then(|folder| folder.sync_all()) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::InvalidInput
                    | std::io::ErrorKind::Unsupported
                    | std::io::ErrorKind::PermissionDenied
            ) =>
        {
            Ok(())
        }
        result => result,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_temporary, owner};

    #[test]
    fn only_our_temporaries_of_the_target_are_recognised() {
        assert!(is_temporary(".design.ron.4242.tmp"));
        assert!(is_temporary(".kubedraft-export.17.tmp"));
        assert!(!is_temporary(".design.ron.tmp"));
        assert!(!is_temporary("design.ron.1.tmp"));
        assert!(!is_temporary(".12.tmp"));
        assert_eq!(owner(".design.ron.4242.tmp", "design.ron"), Some(4242));
        assert_eq!(owner(".design.ron.tmp", "design.ron"), None);
        assert_eq!(owner(".design.ron.12x.tmp", "design.ron"), None);
        assert_eq!(owner(".other.ron.1.tmp", "design.ron"), None);
        assert_eq!(owner("design.ron.1.tmp", "design.ron"), None);
    }
}
