//! NetworkPolicy helpers shared by the NP rules: directions a policy isolates, DNS rules.

use k8s_openapi::api::networking::v1::{NetworkPolicyEgressRule, NetworkPolicySpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// Whether the policy's podSelector selects pods with these labels (missing means all).
#[must_use]
pub fn selects(spec: &NetworkPolicySpec, labels: &crate::model::Labels) -> bool {
    spec.pod_selector
        .as_ref()
        .is_none_or(|s| crate::model::selector::selector_matches(s, labels))
}

/// Whether the policy isolates the selected pods for ingress (policyTypes, or the implicit default).
#[must_use]
pub fn isolates_ingress(spec: &NetworkPolicySpec) -> bool {
    spec.policy_types
        .as_ref()
        .is_none_or(|types| types.iter().any(|t| t == "Ingress"))
}

/// Whether the policy isolates the selected pods for egress.
#[must_use]
pub fn isolates_egress(spec: &NetworkPolicySpec) -> bool {
    match &spec.policy_types {
        Some(types) => types.iter().any(|t| t == "Egress"),
        None => spec.egress.is_some(),
    }
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
