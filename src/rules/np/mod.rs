//! NetworkPolicy semantics.

pub mod egress_blocks_dns;
pub mod implicit_policy_types;
pub mod namespace_without_default_deny;
pub mod network_policy_needs_cni;
pub mod network_policy_port_mismatch;
pub mod network_policy_selector_semantics;
pub mod pod_not_isolated;

use crate::rules::cnp::{self, End};
use crate::rules::context::{ClusterTiers, Context};

/// The cluster tiers as the "not isolated" rules (NP-002, NP-003) ask them: `None` when the
/// design has no cluster policy, and then the rules read NetworkPolicies alone, as they always
/// did. A context that holds a cluster policy notes every namespace as depending on the whole
/// design, because an edit of that policy can change the findings of any of them.
pub(crate) fn tiers_of<'c>(ctx: &'c Context<'_>) -> Option<&'c ClusterTiers> {
    let tiers = ctx.cluster_tiers()?;
    if !cnp::policies_in(ctx).is_empty() {
        for namespace in ctx.namespace_names() {
            ctx.note_design_read(Some(namespace));
        }
    }
    Some(tiers)
}

/// How the tiers leave one side that no NetworkPolicy isolates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Left {
    /// No cluster-tier rule applies: everything is allowed.
    All,
    /// Cluster-tier rules apply, but traffic with this end falls to the default allow.
    Partly(End),
}

/// `ingress from shop/web`, `egress to the external address 10.0.0.0`.
pub(crate) fn describe_left(tiers: &ClusterTiers, direction: Direction, end: End) -> String {
    let word = match direction {
        Direction::Ingress => "from",
        Direction::Egress => "to",
    };
    let end = match end {
        End::Address(_) => format!("the external address {}", cnp::describe_end(tiers, end)),
        _ => cnp::describe_end(tiers, end),
    };
    format!("{direction} {word} {end}")
}

use crate::reach::Direction;
