//! Helm export.

pub mod chart_round_trip;
pub mod hard_coded_chart_namespace;
pub mod invalid_chart_metadata;
pub mod secret_default_in_values;
pub mod templated_name_too_long;
pub mod unstable_selector_label;
