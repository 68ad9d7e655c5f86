//! References and selectors between objects.

pub mod k8s_ref_001;
pub mod k8s_ref_002;
pub mod k8s_ref_003;
pub mod k8s_ref_004;
pub mod k8s_ref_005;
pub mod k8s_ref_006;
pub mod k8s_ref_007;
pub mod k8s_ref_008;
pub mod k8s_ref_009;
pub mod k8s_ref_010;
pub mod k8s_ref_011;
pub mod k8s_ref_012;
pub mod k8s_ref_013;
pub mod k8s_ref_014;
pub mod k8s_ref_015;
pub mod k8s_ref_016;
