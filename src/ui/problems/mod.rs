//! The problems room: rule findings with filters, fixes and rule documentation.

mod markdown;
pub(crate) mod panel;
pub mod state;

pub use state::ignore_command;
