//! The reachability room: overlay, matrix, Why explanations and policy generation.

pub(crate) mod matrix;
pub(crate) mod overlay;
pub(crate) mod panel;
pub mod state;
