//! Helm export.

pub mod k8s_helm_001;
pub mod k8s_helm_002;
pub mod k8s_helm_003;
pub mod k8s_helm_004;
pub mod k8s_helm_005;
pub mod k8s_helm_006;
