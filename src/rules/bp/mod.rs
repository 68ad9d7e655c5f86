//! Best practice.

pub mod k8s_bp_001;
pub mod k8s_bp_002;
pub mod k8s_bp_003;
pub mod k8s_bp_004;
pub mod k8s_bp_005;
pub mod k8s_bp_006;
pub mod k8s_bp_007;
pub mod k8s_bp_008;
pub mod k8s_bp_009;
pub mod k8s_bp_010;
pub mod k8s_bp_011;
pub mod k8s_bp_012;
pub mod k8s_bp_013;
pub mod k8s_bp_014;
pub mod k8s_bp_015;
