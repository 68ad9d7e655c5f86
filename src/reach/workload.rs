//! Workloads as the reachability analysis sees them: one identity per controller, with the labels
//! and named container ports of its pods.
//!
//! Identity follows netpol-analyzer's convention (the conformance cases depend on it): a workload
//! object (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, `ReplicationController`) is
//! `namespace/name`; a Pod with a controller ownerReference (kind not `Node`) belongs to that owner
//! (`namespace/owner-name`, the owner's kind); any other Pod is its own workload.

use std::collections::BTreeMap;

use k8s_openapi::Resource as _;
use k8s_openapi::api::core::v1::{PodSpec, PodTemplateSpec, ReplicationController};

use crate::model::{Labels, Model, ObjectId, Protocol, Resource};

/// One workload: every object that contributes pods to the same identity.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    /// `namespace/name`.
    pub id: String,
    pub namespace: String,
    pub name: String,
    /// `Deployment`, `Pod`, `ReplicaSet` (the owner's kind for owned Pods)…
    pub kind: String,
    /// Labels of the pods.
    pub labels: Labels,
    /// Container ports that have a name: (name, protocol, number), for named-port rules.
    pub named_ports: Vec<(String, Protocol, u16)>,
    /// The design objects grouped under this identity (a Deployment, or the Pods of a ReplicaSet).
    pub objects: Vec<ObjectId>,
}

impl Workload {
    /// Whether this is a Gateway's data plane ([`super::gateway`]) rather than a controller's
    /// pods.
    #[must_use]
    pub fn is_gateway(&self) -> bool {
        self.kind == crate::model::Kind::Gateway.as_str()
    }

    /// The number a named port resolves to on this workload's pods, for one protocol.
    #[must_use]
    pub fn resolve_port(&self, name: &str, protocol: Protocol) -> Option<u16> {
        self.named_ports
            .iter()
            .find(|(n, p, _)| n == name && *p == protocol)
            .map(|(_, _, number)| *number)
    }
}

fn named_ports(spec: Option<&PodSpec>) -> Vec<(String, Protocol, u16)> {
    let mut ports = Vec::new();
    for container in spec.iter().flat_map(|s| &s.containers) {
        for port in container.ports.iter().flatten() {
            let (Some(name), Ok(number)) = (&port.name, u16::try_from(port.container_port)) else {
                continue;
            };
            // An unknown protocol cannot match any rule; TCP is the API default.
            let Some(protocol) = Protocol::parse(port.protocol.as_deref().unwrap_or("TCP")) else {
                continue;
            };
            ports.push((name.clone(), protocol, number));
        }
    }
    ports.sort();
    ports.dedup();
    ports
}

/// Named container ports: (name, protocol, number).
type NamedPorts = Vec<(String, Protocol, u16)>;

/// Identity (name), kind, labels and named ports of one object, when it runs pods.
fn describe(object: &crate::model::Object) -> Option<(String, String, Labels, NamedPorts)> {
    if let Some(plane) = super::gateway::data_plane(object) {
        return Some((
            object.name().to_owned(),
            crate::model::Kind::Gateway.as_str().to_owned(),
            plane.labels,
            Vec::new(),
        ));
    }
    match object.resource() {
        Resource::Pod(pod) => {
            let owner = pod
                .metadata
                .owner_references
                .iter()
                .flatten()
                .find(|o| o.controller == Some(true) && o.kind != "Node");
            // An ownerReference without a kind gives the kind `Pod`, as netpol-analyzer reports
            // it (the cluster-tier cases depend on it).
            let (name, kind) = owner.map_or_else(
                || (object.name().to_owned(), "Pod".to_owned()),
                |o| {
                    let kind = if o.kind.is_empty() { "Pod" } else { &o.kind };
                    (o.name.clone(), kind.to_owned())
                },
            );
            Some((
                name,
                kind,
                object.pod_labels().cloned().unwrap_or_default(),
                named_ports(object.pod_spec()),
            ))
        }
        // Kept as a plain value (the model has no typed ReplicationController), read here only.
        Resource::Other(other) if other.kind == ReplicationController::KIND => {
            let template: Option<PodTemplateSpec> = other
                .body
                .get("spec")
                .and_then(|s| s.get("template"))
                .and_then(|t| serde_json::from_value(t.clone()).ok());
            let labels = template
                .as_ref()
                .and_then(|t| t.metadata.as_ref())
                .and_then(|m| m.labels.clone())
                .unwrap_or_default();
            let ports = named_ports(template.as_ref().and_then(|t| t.spec.as_ref()));
            Some((object.name().to_owned(), other.kind.clone(), labels, ports))
        }
        _ if object.kind().is_workload() => Some((
            object.name().to_owned(),
            object.kind_name().to_owned(),
            object.pod_labels().cloned().unwrap_or_default(),
            named_ports(object.pod_spec()),
        )),
        _ => None,
    }
}

/// Whether the object runs pods (and so is part of some workload). A Gateway does: its
/// data-plane pods (see [`super::gateway`]).
#[must_use]
pub fn runs_pods(object: &crate::model::Object) -> bool {
    describe(object).is_some()
}

/// The workloads of a model, sorted by id. Objects sharing an identity are grouped; the first in
/// the model's sorted order gives labels and kind (all pods of one workload share them).
#[must_use]
pub fn workloads(model: &Model) -> Vec<Workload> {
    let mut by_id: BTreeMap<String, Workload> = BTreeMap::new();
    for (object_id, object) in model.objects_sorted() {
        let Some((name, kind, labels, named_ports)) = describe(object) else {
            continue;
        };
        // A Gateway's pods may run in another namespace, and its identity must not merge with a
        // workload of the same name: `namespace/name[Gateway]`.
        let (namespace, id) = if let Some(plane) = super::gateway::data_plane(object) {
            let id = format!("{}/{name}[Gateway]", plane.namespace);
            (plane.namespace, id)
        } else {
            let namespace = object.effective_namespace().unwrap_or("default").to_owned();
            let id = format!("{namespace}/{name}");
            (namespace, id)
        };
        by_id
            .entry(id.clone())
            .or_insert_with(|| Workload {
                id,
                namespace,
                name,
                kind,
                labels,
                named_ports,
                objects: Vec::new(),
            })
            .objects
            .push(object_id);
    }
    by_id.into_values().collect()
}
