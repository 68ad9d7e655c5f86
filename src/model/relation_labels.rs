//! How relations read on the canvas and in the inspector.

use std::fmt::Write as _;

use super::relations::{Relation, UseSet, UseVia};

impl Relation {
    /// Whether the relation is a workload's use of configuration or storage (drawn quietly).
    #[must_use]
    pub fn is_use(&self) -> bool {
        matches!(self, Relation::Uses { .. })
    }

    /// A short label for the canvas and the inspector.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Relation::ServiceSelects => "selects".to_owned(),
            Relation::IngressRoutes { port } => format!("routes :{port}"),
            Relation::GoverningService => "serviceName".to_owned(),
            Relation::PolicyApplies => "applies to".to_owned(),
            Relation::PolicyAllowsFrom { rule } => format!("ingress rule {rule} allows from"),
            Relation::PolicyAllowsTo { rule } => format!("egress rule {rule} allows to"),
            Relation::BudgetProtects => "limits disruption of".to_owned(),
            Relation::AutoscalerScales => "scales".to_owned(),
            Relation::Uses { via } => format!("uses ({})", via_list(*via)),
            Relation::RouteAttaches { listeners } => {
                format!("attaches ({})", listeners.join(", "))
            }
            Relation::RouteBackend {
                rule,
                port,
                share,
                permitted,
                ..
            } => {
                let mut text = format!("rule {rule} routes");
                if let Some(port) = port {
                    let _ = write!(text, " :{port}");
                }
                if let Some(share) = share {
                    let _ = write!(text, " {share}%");
                }
                if !permitted {
                    text.push_str(" (no ReferenceGrant)");
                }
                text
            }
            Relation::GatewayCertificate {
                listeners,
                permitted,
            } => {
                let grant = if *permitted {
                    ""
                } else {
                    " (no ReferenceGrant)"
                };
                format!("certificate of {}{grant}", listeners.join(", "))
            }
            Relation::GatewayClassOf => "gatewayClassName".to_owned(),
            Relation::ClusterPolicyApplies => "subject selects".to_owned(),
        }
    }

    /// The short label drawn on a canvas edge, if the edge carries one: the port of an Ingress
    /// backend, the port and share of a route backend ("`:8080 90%`").
    #[must_use]
    pub fn edge_label(&self) -> Option<String> {
        match self {
            Relation::IngressRoutes { port } => Some(format!(":{port}")),
            Relation::RouteBackend { port, share, .. } => {
                let parts: Vec<String> = port
                    .map(|p| format!(":{p}"))
                    .into_iter()
                    .chain(share.map(|s| format!("{s}%")))
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            }
            _ => None,
        }
    }

    /// The label as the target's inspector reads it after the source's name: "selects this",
    /// "uses this (volume, envFrom)".
    #[must_use]
    pub fn incoming_label(&self) -> String {
        match self {
            Relation::Uses { via } => format!("uses this ({})", via_list(*via)),
            _ => format!("{} this", self.label()),
        }
    }
}

fn via_list(via: UseSet) -> String {
    let names: Vec<&str> = via.iter().map(UseVia::as_str).collect();
    names.join(", ")
}
