//! Helpers shared by the test modules.

pub mod cli;
pub mod hostile;
pub mod synthetic;
pub mod ui;
