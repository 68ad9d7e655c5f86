//! NetworkPolicy semantics.

pub mod k8s_np_001;
pub mod k8s_np_002;
pub mod k8s_np_003;
pub mod k8s_np_004;
pub mod k8s_np_005;
pub mod k8s_np_006;
pub mod k8s_np_007;
