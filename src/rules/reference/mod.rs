//! References and selectors between objects.

pub mod cross_namespace_reference;
pub mod duplicate_object_or_port;
pub mod ingress_service_missing;
pub mod ingress_service_port_missing;
pub mod network_policy_named_port_missing;
pub mod network_policy_selects_no_pods;
pub mod overlapping_workload_selectors;
pub mod probe_port_not_declared;
pub mod referenced_object_missing;
pub mod selector_matches_nothing;
pub mod selector_uses_controller_label;
pub mod service_selects_no_pods;
pub mod statefulset_service_not_headless;
pub mod target_port_not_declared;
pub mod unresolved_named_target_port;
pub mod workload_without_service;
