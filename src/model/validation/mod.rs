//! Kubernetes validity, decided once: object names per kind, label keys and values, annotation
//! keys, quantities, ports, image references, selector requirements, ConfigMap and Secret keys,
//! which kinds an autoscaler can scale, and the specs of autoscalers and volume claims.
//!
//! Architecture invariant: this is the only place that knows these grammars. The rules report
//! with them, the inspector shows them while a field is typed, and commands (rename) refuse with
//! them, so the three can never disagree about what the API server accepts. Each check returns a
//! description of the problem (or `None`), worded to be shown as it is.

mod autoscaler;
mod claim;
mod image;
mod selector;
mod syntax;

pub use autoscaler::{
    METRIC_TYPES, RESOURCE_TARGET_TYPES, metrics_problems, replica_range_problems,
    scale_target_ref_problems, utilization_problem,
};
pub use claim::{ACCESS_MODES, VOLUME_MODES, claim_spec_problems};
pub use image::{image_reference_problem, image_tag};
pub use selector::{
    OPERATORS, RequirementProblem, label_selector_problems, operator_takes_values,
    requirement_problem, requirement_problem_of, workload_selector_problem,
};
pub use syntax::{
    PORT_NUMBERS, PROTOCOLS, data_key_problem, exec_command_problem, int_or_percent_problem,
    is_dns1035_label, is_dns1123_label, is_dns1123_subdomain, is_label_value, is_port_name,
    is_port_number, is_protocol, is_zero, parse_quantity, percent, port_number_problem,
    port_problem, qualified_name_problem, quantity_problem, secret_required_keys, show_port,
};

use super::Kind;

/// The grammar an object name must follow; [`Kind::name_syntax`] says which one applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameSyntax {
    /// RFC 1123 subdomain: most kinds.
    Dns1123Subdomain,
    /// RFC 1123 label: namespaces, container names, and `StatefulSet` objects (their name prefixes every
    /// pod hostname, which is a label).
    Dns1123Label,
    /// RFC 1035 label (starts with a letter): Services, whose names become DNS names and
    /// environment variable prefixes.
    Dns1035Label,
    /// A path segment: not `.` or `..`, no `/` or `%` (the kinds with their own rules, RBAC's
    /// `system:` names among them; apimachinery's `ValidatePathSegmentName`).
    PathSegment,
}

impl NameSyntax {
    /// Whether `name` follows the grammar (an empty name never does).
    #[must_use]
    pub fn accepts(self, name: &str) -> bool {
        match self {
            NameSyntax::Dns1123Subdomain => is_dns1123_subdomain(name),
            NameSyntax::Dns1123Label => is_dns1123_label(name),
            NameSyntax::Dns1035Label => is_dns1035_label(name),
            NameSyntax::PathSegment => {
                !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '%'])
            }
        }
    }

    /// The grammar in words, as messages end: "a DNS-1035 label (…)".
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            NameSyntax::Dns1123Subdomain => {
                "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)"
            }
            NameSyntax::Dns1123Label => {
                "a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)"
            }
            NameSyntax::Dns1035Label => {
                "a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63 characters)"
            }
            NameSyntax::PathSegment => "a path segment (not `.` or `..`, no `/` or `%`)",
        }
    }

    /// The most characters a name may have under this grammar (`None`: no limit of its own).
    #[must_use]
    pub fn max_len(self) -> Option<usize> {
        match self {
            NameSyntax::Dns1123Subdomain => Some(253),
            NameSyntax::Dns1123Label | NameSyntax::Dns1035Label => Some(63),
            NameSyntax::PathSegment => None,
        }
    }

    /// The grammar's name alone: "a DNS-1123 label".
    fn short_name(self) -> &'static str {
        match self {
            NameSyntax::Dns1123Subdomain => "a DNS-1123 subdomain",
            NameSyntax::Dns1123Label => "a DNS-1123 label",
            NameSyntax::Dns1035Label => "a DNS-1035 label",
            NameSyntax::PathSegment => "a path segment",
        }
    }

    /// Why `name` is not valid under this grammar, or `None`.
    #[must_use]
    pub fn problem(self, name: &str) -> Option<String> {
        if name.is_empty() {
            Some("a name is required".to_owned())
        } else if self.accepts(name) {
            None
        } else if let Some(max) = self.max_len().filter(|max| name.len() > *max) {
            // Say the limit that applied, not only the grammar: "at most 63" for a label.
            Some(format!(
                "name `{name}` is {} characters long; {} has at most {max}",
                name.len(),
                self.short_name(),
            ))
        } else {
            Some(format!("name `{name}` is not {}", self.describe()))
        }
    }
}

/// Why `name` is not a valid `metadata.name` for an object of kind `kind_name`, or `None`. Kinds
/// are told apart by name only, so that a kind kept from a removed API version
/// (`extensions/v1beta1` Deployment) is held to its kind's grammar too.
#[must_use]
pub fn object_name_problem(kind_name: &str, name: &str) -> Option<String> {
    Kind::from_name(kind_name).name_syntax().problem(name)
}

/// Why `name` is not a valid namespace name, or `None`.
#[must_use]
pub fn namespace_name_problem(name: &str) -> Option<String> {
    Kind::Namespace.name_syntax().problem(name)
}

/// Why `name` is not a valid container name (a DNS-1123 label), or `None`.
#[must_use]
pub fn container_name_problem(name: &str) -> Option<String> {
    NameSyntax::Dns1123Label.problem(name)
}

/// Why an autoscaler cannot scale objects of kind `kind_name`, or `None` when it can (the kinds
/// with a `scale` subresource, [`Kind::SCALABLE`]).
#[must_use]
pub fn scale_target_problem(kind_name: &str) -> Option<String> {
    (!Kind::from_name(kind_name).is_scalable()).then(|| {
        format!(
            "a HorizontalPodAutoscaler scales replicas: a {kind_name} has none (scale a {})",
            Kind::SCALABLE.map(Kind::as_str).join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_grammar_of_their_kind() {
        assert_eq!(object_name_problem("ConfigMap", "app.config"), None);
        assert!(object_name_problem("Service", "app.config").is_some());
        assert!(object_name_problem("Service", "1-web").is_some());
        assert_eq!(object_name_problem("Deployment", "1-web"), None);
        assert!(object_name_problem("StatefulSet", "db.primary").is_some());
        assert_eq!(object_name_problem("ClusterRole", "system:viewer"), None);
        assert!(object_name_problem("ClusterRole", "a/b").is_some());
        assert_eq!(
            object_name_problem("Deployment", "").as_deref(),
            Some("a name is required")
        );
        assert!(namespace_name_problem("shop.eu").is_some());
        assert_eq!(namespace_name_problem("shop-eu"), None);
        assert!(container_name_problem("web_1").is_some());
    }

    #[test]
    fn only_kinds_with_a_scale_subresource_can_be_scaled() {
        for kind in ["Deployment", "StatefulSet", "ReplicaSet"] {
            assert_eq!(scale_target_problem(kind), None, "{kind}");
        }
        for kind in ["DaemonSet", "Job", "Pod", "ConfigMap"] {
            assert!(scale_target_problem(kind).is_some(), "{kind}");
        }
    }
}
