//! Security.

pub mod k8s_sec_001;
pub mod k8s_sec_002;
pub mod k8s_sec_003;
pub mod k8s_sec_004;
pub mod k8s_sec_005;
pub mod k8s_sec_006;
pub mod k8s_sec_007;
pub mod k8s_sec_008;
pub mod k8s_sec_009;
pub mod k8s_sec_010;
pub mod k8s_sec_011;
