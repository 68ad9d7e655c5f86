//! The canvas room: nodes, frames and edges in an `egui::Scene`, with dragging, connecting,
//! arranging, the palette and namespace edits.

pub(crate) mod arrange;
pub(crate) mod cache;
pub(crate) mod connect;
pub(crate) mod edges;
pub mod namespace_edit;
pub mod node;
pub mod overlay;
pub mod palette;
pub(crate) mod state;
pub mod view;
