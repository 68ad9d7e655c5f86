//! The size limit for input files: a file larger than it is refused before it is read.
//!
//! Reading takes about 22 times the input's size in memory, so a 1 GB file (or a sparse one that
//! only claims to be) exhausted the machine and aborted the process. The limit is one number for
//! the whole run: the command line sets it from `--max-file-size` or `KUBEDRAFT_MAX_FILE_SIZE`
//! before anything is read; library users get the default unless they set it.

use std::sync::atomic::{AtomicU64, Ordering};

/// The default limit: 64 MiB, far above any real manifest or design (the largest ConfigMap the
/// API server stores is 1 MiB) and still readable in about 1.5 GB of memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The environment variable the command line reads the limit from when `--max-file-size` is not
/// given.
pub const MAX_FILE_SIZE_ENV: &str = "KUBEDRAFT_MAX_FILE_SIZE";

/// The limit in bytes; 0 means "not set" (the default applies).
static MAX_FILE_SIZE: AtomicU64 = AtomicU64::new(0);

/// Sets the size limit for every file read from now on (0 restores the default).
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes, Ordering::Relaxed);
}

/// The size limit in bytes.
#[must_use]
pub fn max_file_size() -> u64 {
    match MAX_FILE_SIZE.load(Ordering::Relaxed) {
        0 => DEFAULT_MAX_FILE_SIZE,
        set => set,
    }
}

/// Reads a size such as `64MiB`, `64M`, `512k`, `2G` or `1048576` (bytes). Multiples are binary
/// (K = KiB = 1024); the size must be at least one byte.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let invalid =
        || format!("`{text}` is not a size: use bytes or a number with K, M or G (64M, 64MiB)");
    let number: u64 = number.parse().map_err(|_| invalid())?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(invalid()),
    };
    let bytes = number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))?;
    if bytes == 0 {
        return Err(format!(
            "`{text}`: the size limit must be at least one byte"
        ));
    }
    Ok(bytes)
}

/// A size in words for messages: `64 MiB`, `1.5 GiB`, `2.0 KiB`, `100 bytes`.
#[must_use]
pub fn size_text(bytes: u64) -> String {
    const UNITS: [(&str, u32); 3] = [("GiB", 30), ("MiB", 20), ("KiB", 10)];
    for (unit, shift) in UNITS {
        let size = 1_u64 << shift;
        if bytes >= size {
            if bytes.is_multiple_of(size) {
                return format!("{} {unit}", bytes / size);
            }
            // One decimal is enough to tell a file from the limit; exactness is in bytes below.
            let tenths = bytes.saturating_mul(10) / size;
            return format!("{}.{} {unit}", tenths / 10, tenths % 10);
        }
    }
    format!("{bytes} bytes")
}

/// The message for a file of `size` bytes (at least) over the limit.
pub(super) fn too_large(size: u64) -> String {
    format!(
        "is {} ({size} bytes), larger than the {} limit for input files; raise it with \
         --max-file-size or {MAX_FILE_SIZE_ENV}",
        size_text(size),
        size_text(max_file_size())
    )
}

#[cfg(test)]
mod tests {
    use super::{parse_size, size_text};

    #[test]
    fn sizes_read_and_print_in_binary_units() {
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("2 G"), Ok(2 << 30));
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5T").is_err());
        assert!(parse_size("99999999999999G").is_err());
        assert_eq!(size_text(64 << 20), "64 MiB");
        assert_eq!(size_text((65 << 20) + (1 << 19)), "65.5 MiB");
        assert_eq!(size_text(100), "100 bytes");
    }
}
