//! Traffic the designer intends: "pods of this workload open connections to pods of that workload on
//! this port". Drawn on the canvas as workload→workload edges; the NetworkPolicy generator turns the set
//! of intents into least-privilege policies, and the reachability overlay compares what is allowed with
//! what is intended.

use serde::{Deserialize, Serialize};

use super::ObjectId;

/// A transport protocol of Kubernetes ports (TCP when a manifest leaves it out).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Protocol {
    #[default]
    #[serde(rename = "TCP")]
    Tcp,
    #[serde(rename = "UDP")]
    Udp,
    #[serde(rename = "SCTP")]
    Sctp,
}

impl Protocol {
    /// All protocols, in the order Kubernetes documents them.
    pub const ALL: [Protocol; 3] = [Protocol::Tcp, Protocol::Udp, Protocol::Sctp];

    /// The name as written in manifests.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }

    /// Reads a manifest's protocol name (exact, as the API server does).
    #[must_use]
    pub fn parse(text: &str) -> Option<Protocol> {
        Protocol::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// Intended traffic between two workloads of the design (ids of this open design; design files name
/// the workloads by kind, namespace and name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrafficIntent {
    /// The workload whose pods open the connection.
    pub from: ObjectId,
    /// The workload whose pods accept it.
    pub to: ObjectId,
    pub port: u16,
    pub protocol: Protocol,
}
