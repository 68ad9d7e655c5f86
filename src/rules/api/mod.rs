//! API validity: what the API server or a controller rejects.

pub mod duplicate_service_port;
pub mod immutable_field_changed;
pub mod invalid_configmap_or_secret_data;
pub mod invalid_container_ports;
pub mod invalid_containers;
pub mod invalid_deployment_strategy;
pub mod invalid_env_var;
pub mod invalid_ingress_backend;
pub mod invalid_ingress_host;
pub mod invalid_ingress_paths;
pub mod invalid_label_or_annotation;
pub mod invalid_network_policy_peer;
pub mod invalid_network_policy_spec;
pub mod invalid_object_name;
pub mod invalid_pod_disruption_budget;
pub mod invalid_probe;
pub mod invalid_resource_quantities;
pub mod invalid_service_ports;
pub mod invalid_service_type;
pub mod invalid_statefulset_spec;
pub mod invalid_volumes;
pub mod invalid_workload_spec;
pub mod removed_api_version;
pub mod selector_does_not_match_template;
pub mod statefulset_name_not_dns_label;
pub mod statefulset_name_too_long;
pub mod untyped_scalar_on_export;

// The old module paths of the two rule files the inspector imports from; the validation module
// (helper `truth`) replaces both imports, and these aliases go with them.
pub(crate) use invalid_configmap_or_secret_data as k8s_api_026;
pub(crate) use invalid_containers as k8s_api_012;
