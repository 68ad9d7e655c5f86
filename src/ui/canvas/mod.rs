//! The canvas room: nodes, frames and edges in an `egui::Scene`, with dragging, connecting,
//! arranging, the palette and namespace edits.

pub(crate) mod arrange;
pub(crate) mod cache;
pub(crate) mod connect;
pub mod namespace_edit;
pub mod overlay;
pub mod palette;
pub mod view;
