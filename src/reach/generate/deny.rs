//! The default deny of each generation target, and the DNS exception it keeps.
//!
//! - [`GenerateTarget::NetworkPolicy`]: per namespace of the design a NetworkPolicy isolating
//!   every pod for ingress and egress, and one allowing DNS egress to kube-dns.
//! - [`GenerateTarget::Baseline`]: one Baseline-tier ClusterNetworkPolicy whose subject is the
//!   namespaces of the design: DNS egress to kube-dns accepted, every other egress (pods and
//!   external addresses) and all ingress from pods denied. The Baseline tier decides only for pods
//!   no NetworkPolicy selects in the direction, so the generated egress policies carry the DNS
//!   rule themselves: a pod they select is isolated by them and never reaches the baseline.
//!
//! The ClusterNetworkPolicy API has no ingress peer for addresses outside the cluster, so the
//! baseline cannot deny them: a pod of the design that receives no drawn traffic (and so has no
//! generated ingress policy) stays reachable from outside the cluster under the Baseline target.

use std::collections::BTreeSet;

use k8s_openapi::api::networking::v1::{
    NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use serde_json::json;

use super::{GENERATED_ANNOTATION, namespace_selector, policy, ports, selector};
use crate::model::cluster_policy::ClusterPolicyKind;
use crate::model::{Labels, NAMESPACE_NAME_LABEL, Object, ObjectError, Protocol};
use crate::reach::tiers::MAX_PRIORITY;

/// What the generated policies deny by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GenerateTarget {
    /// Namespaced NetworkPolicies only: a default deny and DNS egress per namespace.
    #[default]
    NetworkPolicy,
    /// A Baseline-tier ClusterNetworkPolicy default deny (DNS egress kept) plus namespaced allows.
    Baseline,
}

/// The name of the generated Baseline-tier ClusterNetworkPolicy.
pub const BASELINE_NAME: &str = "kubedraft-baseline-deny";

/// The DNS servers every pod may reach: `k8s-app=kube-dns` pods in `kube-system`.
const DNS_NAMESPACE: &str = "kube-system";
const DNS_LABEL: (&str, &str) = ("k8s-app", "kube-dns");

/// The DNS ports, UDP and TCP 53.
fn dns_ports() -> BTreeSet<(Protocol, u16)> {
    BTreeSet::from([(Protocol::Udp, 53), (Protocol::Tcp, 53)])
}

/// The egress rule of a NetworkPolicy allowing DNS to kube-dns.
pub(super) fn dns_egress_rule() -> NetworkPolicyEgressRule {
    NetworkPolicyEgressRule {
        to: Some(vec![NetworkPolicyPeer {
            namespace_selector: Some(namespace_selector(DNS_NAMESPACE)),
            pod_selector: Some(selector(&Labels::from([(
                DNS_LABEL.0.to_owned(),
                DNS_LABEL.1.to_owned(),
            )]))),
            ip_block: None,
        }]),
        ports: Some(ports(&dns_ports())),
    }
}

/// Default deny (ingress and egress) and DNS egress for one namespace.
pub(super) fn namespace_policies(namespace: &str) -> [Object; 2] {
    [
        policy(
            namespace,
            "kubedraft-default-deny",
            NetworkPolicySpec {
                pod_selector: Some(LabelSelector::default()),
                policy_types: Some(vec!["Ingress".to_owned(), "Egress".to_owned()]),
                ingress: None,
                egress: None,
            },
        ),
        policy(
            namespace,
            "kubedraft-allow-dns",
            NetworkPolicySpec {
                pod_selector: Some(LabelSelector::default()),
                policy_types: Some(vec!["Egress".to_owned()]),
                ingress: None,
                egress: Some(vec![dns_egress_rule()]),
            },
        ),
    ]
}

/// The Baseline-tier default deny for `namespaces` (sorted, not empty). Its priority is the last
/// one the API allows, so that a hand-written Baseline policy is evaluated before it.
pub(super) fn baseline_policy(namespaces: &BTreeSet<&str>) -> Result<Object, ObjectError> {
    let kind = ClusterPolicyKind::Cluster;
    let everyone = json!({"namespaces": {}});
    let dns = json!({"pods": {
        "namespaceSelector": {"matchLabels": {NAMESPACE_NAME_LABEL: DNS_NAMESPACE}},
        "podSelector": {"matchLabels": {DNS_LABEL.0: DNS_LABEL.1}},
    }});
    let dns_protocols: Vec<serde_json::Value> = dns_ports()
        .iter()
        .map(|(protocol, port)| {
            json!({protocol.as_str().to_ascii_lowercase(): {"destinationPort": {"number": port}}})
        })
        .collect();
    Object::from_value(&json!({
        "apiVersion": kind.api_version(),
        "kind": kind.as_str(),
        "metadata": {
            "name": BASELINE_NAME,
            "annotations": {GENERATED_ANNOTATION: "true"},
        },
        "spec": {
            "tier": "Baseline",
            "priority": MAX_PRIORITY,
            "subject": {"namespaces": {"matchExpressions": [{
                "key": NAMESPACE_NAME_LABEL,
                "operator": "In",
                "values": namespaces.iter().collect::<Vec<_>>(),
            }]}},
            "ingress": [
                {"name": "deny-all", "action": "Deny", "from": [everyone]},
            ],
            "egress": [
                {"name": "allow-dns", "action": "Accept", "to": [dns], "protocols": dns_protocols},
                {"name": "deny-all", "action": "Deny",
                 "to": [everyone, {"networks": ["0.0.0.0/0", "::/0"]}]},
            ],
        },
    }))
}
