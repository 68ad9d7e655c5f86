//! kubedraft: design Kubernetes architectures visually.
//!
//! The core (`model`, `document`, `manifest`, `design_file`, `io`) never depends on egui; the `ui`
//! module reads the document and sends commands. `tests/tidy.rs` enforces this.

// Messages to the user go through `say!` (below), never `eprintln!`, which panics when standard
// error cannot be written (`2>/dev/full`).
#![deny(clippy::print_stderr, clippy::print_stdout)]

/// Writes one line to standard error, like `eprintln!`, but a failed write is ignored: there is
/// nowhere left to report it, and a message must never turn into a crash.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// mimalloc for everything built from this crate: glibc's malloc made `check` on 20,000 objects a
/// quarter slower (page faults and arena locks; docs/ARCHITECTURE.md, "Speed").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod cli;
pub mod design_file;
pub mod document;
#[doc(hidden)]
pub mod fuzz_targets;
pub mod io;
pub mod manifest;
pub mod model;
pub mod parallel;
pub mod reach;
pub mod rules;
pub mod timing;
#[cfg(feature = "gui")]
pub mod ui;
