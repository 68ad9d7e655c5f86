//! Gateway API in reachability: a Gateway stands for its data-plane pods, and every route that a
//! Gateway admits is traffic from those pods to the pods behind the route's backend Services.
//!
//! Where the data plane runs: GEP-1762 (in-cluster Gateway deployments) has an implementation
//! deploy it in the Gateway's own namespace, labelled `gateway.networking.k8s.io/gateway-name`,
//! with the labels of `spec.infrastructure.labels` propagated. Some controllers run it elsewhere
//! (one shared namespace of their own): the annotation [`DATA_PLANE_NAMESPACE_ANNOTATION`] on the
//! Gateway says so, and policies then admit that whole namespace, as they do an Ingress
//! controller's, because its pods' labels are the controller's own.

use std::collections::BTreeSet;

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::{
    Kind, Labels, Model, Object, ObjectId, Protocol, Relation, Resource, TrafficIntent,
};

/// The annotation on a Gateway naming the namespace its data-plane pods run in, when that is not
/// the Gateway's own namespace. A kubedraft annotation: the API has no field for it.
pub const DATA_PLANE_NAMESPACE_ANNOTATION: &str = "kubedraft.io/data-plane-namespace";

pub use crate::model::gateway::GATEWAY_NAME_LABEL;

/// Where a Gateway's data-plane pods run and the labels they carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataPlane {
    pub namespace: String,
    /// Whether the namespace is the Gateway's own (the GEP-1762 default); when not, the pods are
    /// the controller's and only their namespace is known.
    pub own_namespace: bool,
    pub labels: Labels,
}

/// The data plane of a Gateway object (`None` for every other object).
#[must_use]
pub fn data_plane(object: &Object) -> Option<DataPlane> {
    if object.kind() != Kind::Gateway {
        return None;
    }
    let own = object.effective_namespace().unwrap_or("default").to_owned();
    let set = object
        .metadata()
        .annotations
        .as_ref()
        .and_then(|a| a.get(DATA_PLANE_NAMESPACE_ANNOTATION))
        .map(|ns| ns.trim())
        .filter(|ns| !ns.is_empty());
    let namespace = set.map_or_else(|| own.clone(), str::to_owned);
    let mut labels = Labels::new();
    if let Resource::Other(other) = object.resource() {
        let propagated = other
            .body
            .get("spec")
            .and_then(|s| s.get("infrastructure"))
            .and_then(|i| i.get("labels"))
            .and_then(serde_json::Value::as_object);
        for (key, value) in propagated.into_iter().flatten() {
            if let Some(value) = value.as_str() {
                labels.insert(key.clone(), value.to_owned());
            }
        }
    }
    labels.insert(GATEWAY_NAME_LABEL.to_owned(), object.name().to_owned());
    Some(DataPlane {
        own_namespace: namespace == own,
        namespace,
        labels,
    })
}

/// The ports a Gateway listens on, with their transport protocol (UDP for UDP listeners, TCP for
/// the others), sorted.
#[must_use]
pub fn listener_ports(object: &Object) -> BTreeSet<(Protocol, u16)> {
    let Resource::Other(other) = object.resource() else {
        return BTreeSet::new();
    };
    let listeners = other
        .body
        .get("spec")
        .and_then(|s| s.get("listeners"))
        .and_then(serde_json::Value::as_array);
    listeners
        .into_iter()
        .flatten()
        .filter_map(|listener| {
            let port = u16::try_from(listener.get("port")?.as_i64()?).ok()?;
            let protocol = match listener.get("protocol").and_then(serde_json::Value::as_str) {
                Some("UDP") => Protocol::Udp,
                _ => Protocol::Tcp,
            };
            (port > 0).then_some((protocol, port))
        })
        .collect()
}

/// Where requests to one port of a Service land: (workload object, protocol, pod port) for every
/// workload the Service selects. `port` is the Service port by number or name. An error says,
/// in words, what does not resolve.
pub fn service_targets(
    model: &Model,
    service_id: ObjectId,
    port: &str,
) -> Result<Vec<(ObjectId, Protocol, u16)>, String> {
    let name = |id: ObjectId| model.get(id).map_or_else(String::new, Object::display_id);
    let Some(Resource::Service(service)) = model.get(service_id).map(Object::resource) else {
        return Err(format!("{} is not a Service", name(service_id)));
    };
    let service_port = service
        .spec
        .iter()
        .flat_map(|s| s.ports.iter().flatten())
        .find(|p| p.name.as_deref() == Some(port) || p.port.to_string() == port)
        .ok_or_else(|| format!("{} has no port `{port}`", name(service_id)))?;
    let protocol =
        Protocol::parse(service_port.protocol.as_deref().unwrap_or("TCP")).unwrap_or_default();
    let mut targets = Vec::new();
    let mut problems = Vec::new();
    for (target, relation) in model.relations_from(service_id) {
        if relation != Relation::ServiceSelects {
            continue;
        }
        let number = match &service_port.target_port {
            None => u16::try_from(service_port.port).ok(),
            Some(IntOrString::Int(n)) => u16::try_from(*n).ok(),
            Some(IntOrString::String(port_name)) => model
                .get(target)
                .and_then(Object::pod_spec)
                .into_iter()
                .flat_map(|spec| &spec.containers)
                .flat_map(|c| c.ports.iter().flatten())
                .find(|p| {
                    p.name.as_deref() == Some(port_name.as_str())
                        && Protocol::parse(p.protocol.as_deref().unwrap_or("TCP")) == Some(protocol)
                })
                .and_then(|p| u16::try_from(p.container_port).ok()),
        };
        match number {
            Some(n) if n > 0 => targets.push((target, protocol, n)),
            _ => problems.push(format!(
                "the target port of `{port}` of {} does not resolve on {}",
                name(service_id),
                name(target)
            )),
        }
    }
    match problems.into_iter().next() {
        Some(problem) if targets.is_empty() => Err(problem),
        _ => Ok(targets),
    }
}

/// The traffic the design's routes imply: for every route a Gateway admits and every backend
/// Service it may reach (a cross-namespace backend needs its ReferenceGrant), a connection from
/// the Gateway (its data-plane pods) to each workload behind the Service on the pod port. Sorted,
/// without repeats; `problems` gets what does not resolve.
#[must_use]
pub fn route_traffic(model: &Model, problems: &mut Vec<String>) -> Vec<TrafficIntent> {
    let mut traffic = BTreeSet::new();
    for (route_id, route) in model.objects() {
        if !route.kind().is_route() {
            continue;
        }
        let relations = model.relations_from(route_id);
        let gateways: Vec<ObjectId> = relations
            .iter()
            .filter(|(_, r)| matches!(r, Relation::RouteAttaches { .. }))
            .map(|(id, _)| *id)
            .collect();
        if gateways.is_empty() {
            continue;
        }
        for (service_id, relation) in &relations {
            let Relation::RouteBackend {
                port, permitted, ..
            } = relation
            else {
                continue;
            };
            if !permitted {
                continue;
            }
            let Some(port) = port else {
                problems.push(format!(
                    "{} names {} without a port",
                    route.display_id(),
                    model
                        .get(*service_id)
                        .map_or_else(String::new, Object::display_id)
                ));
                continue;
            };
            match service_targets(model, *service_id, &port.to_string()) {
                Ok(targets) => {
                    for (to, protocol, pod_port) in targets {
                        for from in &gateways {
                            traffic.insert(TrafficIntent {
                                from: *from,
                                to,
                                port: pod_port,
                                protocol,
                            });
                        }
                    }
                }
                Err(problem) => problems.push(format!("{}: {problem}", route.display_id())),
            }
        }
    }
    traffic.into_iter().collect()
}

/// `gateway` with its data plane in `namespace`; an empty name, or the Gateway's own namespace,
/// is the GEP-1762 default and removes the annotation.
#[must_use]
pub fn with_data_plane_namespace(gateway: &Object, namespace: &str) -> Object {
    let mut object = gateway.clone();
    let namespace = namespace.trim();
    let own = gateway.effective_namespace().unwrap_or("default");
    let metadata = object.metadata_mut();
    if namespace.is_empty() || namespace == own {
        if let Some(annotations) = metadata.annotations.as_mut() {
            annotations.remove(DATA_PLANE_NAMESPACE_ANNOTATION);
            if annotations.is_empty() {
                metadata.annotations = None;
            }
        }
    } else {
        metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert(
                DATA_PLANE_NAMESPACE_ANNOTATION.to_owned(),
                namespace.to_owned(),
            );
    }
    object
}
