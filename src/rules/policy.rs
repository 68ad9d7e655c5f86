//! NetworkPolicy helpers shared by the NP rules: directions a policy isolates, DNS rules.
//!
//! Isolation is read from the policies as `reach` compiles them ([`Context::compiled_policy`]),
//! so the rules and the reachability engine cannot disagree about which pods are isolated.

use k8s_openapi::api::networking::v1::{NetworkPolicyEgressRule, NetworkPolicySpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::selector::selector_matches;
use crate::model::{Labels, ObjectId};
use crate::reach::Direction;
use crate::rules::context::Context;

/// Whether the policy's podSelector selects pods with these labels (missing means all).
#[must_use]
pub fn selects(spec: &NetworkPolicySpec, labels: &Labels) -> bool {
    spec.pod_selector
        .as_ref()
        .is_none_or(|s| selector_matches(s, labels))
}

/// Whether the NetworkPolicy `id` isolates the pods it selects for `direction` (policyTypes as
/// the API server defaults them). A policy the API server refuses isolates nothing.
#[must_use]
pub fn isolates(ctx: &Context<'_>, id: ObjectId, direction: Direction) -> bool {
    ctx.compiled_policy(id)
        .is_some_and(|policy| policy.rules(direction).is_some())
}

/// Whether some NetworkPolicy of `namespace` selects pods with `labels` and isolates them for
/// `direction`: the NP rules' view of isolation, equal to [`crate::reach::Reachability::is_isolated`].
#[must_use]
pub fn is_isolated(
    ctx: &Context<'_>,
    namespace: &str,
    labels: &Labels,
    direction: Direction,
) -> bool {
    ctx.of_kind_in("NetworkPolicy", namespace)
        .iter()
        .filter_map(|&(id, _)| ctx.compiled_policy(id))
        .any(|policy| {
            policy.rules(direction).is_some() && selector_matches(&policy.pod_selector, labels)
        })
}

/// Whether an egress rule lets DNS out (UDP 53, to anyone or to some namespace / address).
#[must_use]
pub fn allows_dns(rule: &NetworkPolicyEgressRule) -> bool {
    let ports_ok = rule.ports.as_ref().is_none_or(|ports| {
        ports.is_empty()
            || ports.iter().any(|p| {
                let udp = p.protocol.as_deref().unwrap_or("TCP") == "UDP";
                let port_ok = match &p.port {
                    None => true,
                    Some(IntOrString::Int(n)) => {
                        *n == 53 || p.end_port.is_some_and(|end| *n <= 53 && 53 <= end)
                    }
                    Some(IntOrString::String(name)) => name.contains("dns"),
                };
                udp && port_ok
            })
    });
    let peers_ok = rule.to.as_ref().is_none_or(|peers| {
        peers.is_empty()
            || peers
                .iter()
                .any(|p| p.namespace_selector.is_some() || p.ip_block.is_some())
    });
    ports_ok && peers_ok
}
