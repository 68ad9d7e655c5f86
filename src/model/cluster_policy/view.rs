//! The typed view of AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy: one
//! set of structs for the three kinds, since they share their shape (`ports` in `v1alpha1`,
//! `protocols` in `v1alpha2`). Every field is optional so that an invalid object still reads and
//! can be reported field by field.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::{Deserialize, Serialize};

/// One cluster policy object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPolicy {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<ClusterPolicySpec>,
}

/// `spec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPolicySpec {
    /// `Admin` or `Baseline` (ClusterNetworkPolicy only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Lower numbers first (AdminNetworkPolicy and ClusterNetworkPolicy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<ClusterPolicySubject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Vec<ClusterPolicyRule>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub egress: Option<Vec<ClusterPolicyRule>>,
}

/// `spec.subject`: exactly one of its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPolicySubject {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<LabelSelector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pods: Option<NamespacedPods>,
}

/// Pods chosen by a namespace selector and a pod selector together.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamespacedPods {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<LabelSelector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_selector: Option<LabelSelector>,
}

/// One ingress or egress rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPolicyRule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Allow | Deny | Pass` (`v1alpha1`, no Pass in the Baseline kind) or `Accept | Deny | Pass`
    /// (`v1alpha2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Ingress peers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Vec<ClusterPolicyPeer>>,
    /// Egress peers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Vec<ClusterPolicyPeer>>,
    /// `v1alpha1` ports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<ClusterPolicyPort>>,
    /// `v1alpha2` protocols.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocols: Option<Vec<ClusterPolicyProtocol>>,
}

/// One peer: exactly one of its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPolicyPeer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<LabelSelector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pods: Option<NamespacedPods>,
    /// Egress only: nodes by label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<LabelSelector>,
    /// Egress only: CIDRs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub networks: Option<Vec<String>>,
    /// Egress only: DNS names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_names: Option<Vec<String>>,
}

/// A `v1alpha1` port entry: exactly one of its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPolicyPort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_number: Option<PortNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_range: Option<PortRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub named_port: Option<String>,
}

/// `portNumber`: a protocol and one port.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortNumber {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
}

/// `portRange` (and `v1alpha2` `range`): inclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortRange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
}

/// A `v1alpha2` protocol entry: exactly one of its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPolicyProtocol {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp: Option<ProtocolPorts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub udp: Option<ProtocolPorts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sctp: Option<ProtocolPorts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_named_port: Option<String>,
}

/// The ports of one protocol (`destinationPort` absent: all of them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProtocolPorts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_port: Option<DestinationPort>,
}

/// `destinationPort`: exactly one of `number` and `range`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationPort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<PortRange>,
}
