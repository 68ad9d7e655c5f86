//! Kubernetes manifests: YAML/JSON text to objects and back, and Helm charts. Pure functions;
//! files are read and written by [`crate::io`].

pub mod diff;
pub mod env_import;
pub mod export;
pub mod files;
pub mod helm;
pub mod import;
pub mod kustomize;
pub mod merge;
pub mod yaml;
