//! Never lose work: the unsaved design is written to the user's data folder every 30 seconds and on
//! exit; a clean save or an explicit "discard" removes it. An autosave found at start means the last
//! session ended with unsaved work (a crash, a kill, a logout), so the app offers to recover it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::document::Document;
use crate::io;

/// Seconds between autosaves of a changed design.
pub const INTERVAL_SECONDS: f64 = 30.0;

/// How many windows can autosave side by side; a further window shares the last slot.
const SLOTS: usize = 16;

/// The autosave folder of this user, and the slot of this window in it. Each running window holds
/// the lock of its own slot (`autosave-lock-N`), so two windows never overwrite each other's
/// autosave; an autosave in a slot nobody holds was left by a session that ended without saving.
#[derive(Clone, Debug)]
pub struct Autosave {
    dir: PathBuf,
    slot: usize,
    /// Held open while the app runs: the slot's lock.
    _lock: Option<Arc<std::fs::File>>,
}

/// An autosave left behind by a previous session.
#[derive(Clone, Debug)]
pub struct Recovery {
    /// When it was written.
    pub written: Option<SystemTime>,
    /// The design file it belongs to, if the design had been saved before.
    pub origin: Option<PathBuf>,
}

impl Recovery {
    /// "2026-11-23 13:50 UTC, 4 minutes ago" (or "at an unknown time").
    #[must_use]
    pub fn when(&self) -> String {
        let Some(written) = self.written else {
            return "at an unknown time".to_owned();
        };
        let stamp = written
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or_else(|_| "unknown time".to_owned(), utc_stamp);
        let ago = SystemTime::now()
            .duration_since(written)
            .map_or_else(|_| "just now".to_owned(), ago);
        format!("{stamp}, {ago}")
    }
}

fn ago(elapsed: Duration) -> String {
    let minutes = elapsed.as_secs() / 60;
    match minutes {
        0 => "less than a minute ago".to_owned(),
        1 => "1 minute ago".to_owned(),
        m if m < 120 => format!("{m} minutes ago"),
        m if m < 48 * 60 => format!("{} hours ago", m / 60),
        m => format!("{} days ago", m / (24 * 60)),
    }
}

/// `YYYY-MM-DD HH:MM UTC` from seconds since the epoch (the civil-from-days algorithm; no time zone
/// data is needed for UTC).
fn utc_stamp(since_epoch: Duration) -> String {
    let seconds = since_epoch.as_secs();
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let minute_of_day = (seconds % 86_400) / 60;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

impl Autosave {
    /// Autosaves in the first slot of `dir` (created on the first write), without taking its lock.
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Autosave {
            dir,
            slot: 0,
            _lock: None,
        }
    }

    /// A slot of `dir` that no other running window holds, locked for as long as this value (or a
    /// clone) lives: the free slot holding the newest autosave (a window that ended without
    /// saving; its work is then offered for recovery), else the first free slot. When locking is impossible
    /// (a read-only or odd file system) the first slot is used unlocked, as a single window did.
    #[must_use]
    pub fn claim(dir: PathBuf) -> Self {
        if io::create_dir_all(&dir).is_err() {
            return Self::new(dir);
        }
        let lock = |slot: usize| io::try_lock_file(&dir.join(format!("autosave-lock-{slot}")));
        let slot_at = |slot: usize, lock: std::fs::File| Autosave {
            dir: dir.clone(),
            slot,
            _lock: Some(Arc::new(lock)),
        };
        // First the slots that hold an autosave (only those are probed, so no lock files are
        // made for nothing): a free one belongs to a window that is gone. The newest is taken
        // first: when several sessions crashed, the latest work is what the user expects back
        // (the others stay for the windows opened next).
        let mut left: Vec<(SystemTime, usize)> = (0..SLOTS)
            .filter_map(|slot| {
                let candidate = Autosave {
                    dir: dir.clone(),
                    slot,
                    _lock: None,
                };
                let written = candidate.pending()?.written?;
                Some((written, slot))
            })
            .collect();
        left.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, slot) in left {
            match lock(slot) {
                Ok(Some(file)) => return slot_at(slot, file),
                Ok(None) => {}
                Err(_) => return Self::new(dir),
            }
        }
        // Then the first free slot.
        for slot in 0..SLOTS {
            match lock(slot) {
                Ok(Some(file)) => return slot_at(slot, file),
                Ok(None) => {}
                Err(_) => break,
            }
        }
        Self::new(dir)
    }

    /// This user's slot in the data folder for kubedraft (`~/.local/share/kubedraft` on Linux).
    #[must_use]
    pub fn in_user_data_dir() -> Option<Self> {
        eframe::storage_dir(crate::ui::APP_ID).map(Self::claim)
    }

    /// The slot this window autosaves to (0 for the first window).
    #[must_use]
    pub fn slot(&self) -> usize {
        self.slot
    }

    /// The autosaved design file (`autosave.ron` for the first slot, `autosave-N.ron` after).
    #[must_use]
    pub fn design_path(&self) -> PathBuf {
        self.dir.join(match self.slot {
            0 => "autosave.ron".to_owned(),
            n => format!("autosave-{n}.ron"),
        })
    }

    /// Holds the path of the design file the autosave belongs to (empty for an unsaved design).
    fn origin_path(&self) -> PathBuf {
        self.dir.join(match self.slot {
            0 => "autosave-origin.txt".to_owned(),
            n => format!("autosave-origin-{n}.txt"),
        })
    }

    /// Writes the design (atomically) and where it belongs.
    pub fn write(&self, doc: &Document, origin: Option<&Path>) -> Result<(), String> {
        io::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        let origin = origin.map(|p| p.display().to_string()).unwrap_or_default();
        io::write_atomic(&self.origin_path(), origin.as_bytes()).map_err(|e| e.to_string())?;
        // The design goes last: its presence is what marks an autosave.
        io::save_design(&self.design_path(), doc).map_err(|e| e.to_string())
    }

    /// Removes the autosave (after a save, or when the user discards the changes).
    pub fn clear(&self) -> Result<(), String> {
        io::remove_file(&self.design_path()).map_err(|e| e.to_string())?;
        io::remove_file(&self.origin_path()).map_err(|e| e.to_string())
    }

    /// The autosave a previous session left, if any.
    #[must_use]
    pub fn pending(&self) -> Option<Recovery> {
        let written = io::modified(&self.design_path())?;
        let origin = io::read_string(&self.origin_path())
            .ok()
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty())
            .map(PathBuf::from);
        Some(Recovery {
            written: Some(written),
            origin,
        })
    }

    /// Reads the autosaved design.
    pub fn load(&self) -> Result<Document, String> {
        io::read_design(&self.design_path()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::duration_suboptimal_units)] // Epoch seconds, as `date +%s` prints them.

    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kubedraft-autosave-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    /// Two windows open at once write two autosaves; when one dies with unsaved work, the next
    /// window takes over its slot and finds that work, while a running window's slot is left alone.
    #[test]
    fn each_running_window_has_its_own_slot_and_a_dead_ones_autosave_is_found() {
        let dir = temp_dir("slots");
        let first = Autosave::claim(dir.clone());
        let second = Autosave::claim(dir.clone());
        assert_eq!((first.slot(), second.slot()), (0, 1));
        assert_ne!(first.design_path(), second.design_path());
        second
            .write(&Document::new(), Some(Path::new("/designs/shop.ron")))
            .expect("second writes");
        assert!(
            first.pending().is_none(),
            "the first window saw the second one's autosave"
        );
        // The second window crashes: its lock goes, its autosave stays.
        drop(second);
        let third = Autosave::claim(dir.clone());
        assert_eq!(third.slot(), 1, "the dead window's slot is taken over");
        let recovery = third
            .pending()
            .expect("the dead window's autosave is offered");
        assert_eq!(recovery.origin, Some(PathBuf::from("/designs/shop.ron")));
        // The first window ends cleanly (nothing autosaved): its slot is reused, with nothing to offer.
        drop(first);
        let fourth = Autosave::claim(dir.clone());
        assert_eq!(fourth.slot(), 0);
        assert!(fourth.pending().is_none());
        // Only slots that were used have lock files (not one per possible slot).
        let locks = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("autosave-lock"))
            })
            .count();
        assert_eq!(locks, 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn utc_stamps_match_known_dates() {
        assert_eq!(utc_stamp(Duration::from_secs(0)), "1970-01-01 00:00 UTC");
        // 2000-02-29 12:34 UTC (a leap day) is 951827640 seconds after the epoch.
        assert_eq!(
            utc_stamp(Duration::from_secs(951_827_640)),
            "2000-02-29 12:34 UTC"
        );
        // 2026-11-23 13:50 UTC.
        assert_eq!(
            utc_stamp(Duration::from_secs(1_795_441_800)),
            "2026-11-23 13:50 UTC"
        );
    }
}
