//! The inspector room: the selected object's form, YAML tab and problems.

pub(crate) mod cluster_policy_form;
pub(crate) mod config_form;
pub mod edit;
pub(crate) mod env_form;
pub(crate) mod env_section;
pub mod field_notes;
pub(crate) mod form;
pub(crate) mod gateway_form;
pub(crate) mod network_form;
pub(crate) mod object_form;
pub(crate) mod other_kind_form;
pub(crate) mod panel;
pub(crate) mod pod_form;
pub(crate) mod probe_form;
pub(crate) mod route_filter_form;
pub(crate) mod selector_form;
pub(crate) mod state;
pub(crate) mod yaml_pane;
