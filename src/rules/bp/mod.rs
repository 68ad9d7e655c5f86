//! Best practice.

pub mod cpu_limit_set;
pub mod default_namespace;
pub mod duplicate_env_var;
pub mod missing_memory_limit;
pub mod missing_or_identical_liveness_probe;
pub mod missing_pod_disruption_budget;
pub mod missing_readiness_probe;
pub mod missing_resource_requests;
pub mod node_port_service;
pub mod not_highly_available;
pub mod pod_qos_class;
pub mod rollout_not_zero_downtime;
pub mod statefulset_without_claim_templates;
pub mod unpinned_image_tag;
pub mod wrong_controller_for_state;
