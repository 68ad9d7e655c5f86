//! The reachability rooms: the canvas overlay and its legend, the matrix and Why explanations.

pub(crate) mod data_planes;
pub(crate) mod job;
pub(crate) mod legend;
pub(crate) mod matrix;
pub(crate) mod overlay;
pub(crate) mod panel;
pub mod state;
mod tier_marks;
