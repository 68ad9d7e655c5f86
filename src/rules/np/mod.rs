//! NetworkPolicy semantics.

pub mod egress_blocks_dns;
pub mod implicit_policy_types;
pub mod namespace_without_default_deny;
pub mod network_policy_needs_cni;
pub mod network_policy_port_mismatch;
pub mod network_policy_selector_semantics;
pub mod pod_not_isolated;
