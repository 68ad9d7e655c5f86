//! The export room: the YAML / Helm / values dialog with its preview, and image export.

pub mod dialog;
pub(crate) mod image;
