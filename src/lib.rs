//! kubedraft: design Kubernetes architectures visually.
//!
//! The core (`model`, `document`, `manifest`, `design_file`, `io`) never depends on egui; the `ui`
//! module reads the document and sends commands. `tests/tidy.rs` enforces this.

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
#[cfg(feature = "gui")]
pub mod ui;
