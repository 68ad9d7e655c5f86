//! Kubernetes manifests: YAML/JSON text to objects and back. Pure functions; files are read and
//! written by [`crate::io`].

pub mod export;
pub mod import;
pub mod yaml;
