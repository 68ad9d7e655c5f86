//! Connecting two objects on the canvas: what a drag from one to the other means in Kubernetes.
//!
//! Service→workload sets the Service selector, Ingress→Service adds a backend path, StatefulSet→Service
//! names the governing Service, NetworkPolicy→workload selects its pods, workload→workload records a
//! traffic intent. A PodDisruptionBudget or HorizontalPodAutoscaler → workload names the workload,
//! workload → ConfigMap/Secret adds an `envFrom`, workload → PersistentVolumeClaim mounts the claim
//! (see `connect_other`). A Gateway API route → Gateway adds a parentRef, route → Service a
//! backendRef (see `connect_route`). Anything else is refused with a reason the canvas shows at the cursor.

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, IngressBackend, IngressRule, IngressServiceBackend,
    ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::model::typed_other::TypedOther;
use crate::model::{Kind, Labels, Object, ObjectId, Protocol, Resource, TrafficIntent};

use super::connect_other::{autoscaler_scales, budget_protects, env_from, mount_claim, typed_kind};
use super::connect_route::{route_attaches, route_backend};
use super::{Command, Document};

/// What a connection does, ready to execute as one undo step.
#[derive(Clone, Debug, PartialEq)]
pub struct Connection {
    pub command: Command,
    /// "Service web selects Deployment web", for the status line.
    pub description: String,
    /// A Service a StatefulSet now names that is not headless yet: the UI offers to make it so.
    pub offer_headless: Option<ObjectId>,
    /// When the target has several ports (Ingress→Service, workload→workload): one label per port,
    /// in the target's order; `command` uses the one [`connect_on_port`] was given (the first for
    /// [`connect`]), and the UI asks which one the user means.
    pub port_choices: Vec<String>,
}

/// Why a connection was refused (shown at the cursor).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("connect two different objects")]
    SameObject,
    #[error("object is no longer in the design")]
    Missing,
    #[error("{from} and {to} are in different namespaces ({from_ns} and {to_ns}); {what}")]
    OtherNamespace {
        from: String,
        to: String,
        from_ns: String,
        to_ns: String,
        what: &'static str,
    },
    #[error("{0}")]
    Reason(String),
}

fn namespace_of(object: &Object) -> String {
    object
        .effective_namespace()
        .unwrap_or("(cluster)")
        .to_owned()
}

pub(super) fn same_namespace(
    from: &Object,
    to: &Object,
    what: &'static str,
) -> Result<(), Refusal> {
    if from.effective_namespace() == to.effective_namespace() {
        Ok(())
    } else {
        Err(Refusal::OtherNamespace {
            from: from.display_id(),
            to: to.display_id(),
            from_ns: namespace_of(from),
            to_ns: namespace_of(to),
            what,
        })
    }
}

pub(super) fn short(object: &Object) -> String {
    format!("{} {}", object.kind_name(), object.name())
}

/// The labels that identify a workload's pods: its selector's matchLabels when they are a subset of
/// the pod labels (the stable part), else all pod labels.
#[must_use]
pub fn identifying_labels(workload: &Object) -> Labels {
    let pod_labels = workload.pod_labels().cloned().unwrap_or_default();
    let selector = match workload.resource() {
        Resource::Deployment(d) => d
            .spec
            .as_ref()
            .and_then(|s| s.selector.match_labels.clone()),
        Resource::StatefulSet(s) => s
            .spec
            .as_ref()
            .and_then(|s| s.selector.match_labels.clone()),
        _ => None,
    };
    match selector {
        Some(labels)
            if !labels.is_empty() && labels.iter().all(|(k, v)| pod_labels.get(k) == Some(v)) =>
        {
            labels
        }
        _ => pod_labels,
    }
}

/// The container ports of a workload's pods, in declaration order (name, number, protocol).
fn container_ports(workload: &Object) -> Vec<(Option<String>, u16, Protocol)> {
    let Some(spec) = workload.pod_spec() else {
        return Vec::new();
    };
    let mut ports: Vec<(Option<String>, u16, Protocol)> = Vec::new();
    for p in spec
        .containers
        .iter()
        .flat_map(|c| c.ports.iter().flatten())
    {
        let Ok(port) = u16::try_from(p.container_port) else {
            continue;
        };
        let protocol = p
            .protocol
            .as_deref()
            .and_then(Protocol::parse)
            .unwrap_or_default();
        // Two containers may declare the same port; the intent is about the port, once.
        if !ports.iter().any(|(_, n, pr)| *n == port && *pr == protocol) {
            ports.push((p.name.clone().filter(|n| !n.is_empty()), port, protocol));
        }
    }
    ports
}

/// "http (8080/TCP)" or "8080/TCP".
fn port_label(name: Option<&str>, port: i32, protocol: &str) -> String {
    match name {
        Some(name) => format!("{name} ({port}/{protocol})"),
        None => format!("{port}/{protocol}"),
    }
}

/// Labels for a choice between ports; empty when there is nothing to choose.
fn choices(labels: Vec<String>) -> Vec<String> {
    if labels.len() > 1 { labels } else { Vec::new() }
}

/// The backend port for the Service's `choice`-th port (by name when it has one), and the labels
/// of all its ports.
fn service_backend_port(
    service: &Service,
    choice: usize,
) -> Option<(ServiceBackendPort, Vec<String>)> {
    let ports = service.spec.as_ref()?.ports.as_ref()?;
    let port = ports.get(choice)?;
    let labels = ports
        .iter()
        .map(|p| {
            port_label(
                p.name.as_deref().filter(|n| !n.is_empty()),
                p.port,
                p.protocol.as_deref().unwrap_or("TCP"),
            )
        })
        .collect();
    let backend = match port.name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => ServiceBackendPort {
            name: Some(name.to_owned()),
            number: None,
        },
        None => ServiceBackendPort {
            name: None,
            number: Some(port.port),
        },
    };
    Some((backend, labels))
}

/// What dragging from `from` to `to` does, or why it makes no sense. Where the target has several
/// ports the first is used and [`Connection::port_choices`] lists them all.
pub fn connect(doc: &Document, from: ObjectId, to: ObjectId) -> Result<Connection, Refusal> {
    connect_on_port(doc, from, to, 0)
}

/// [`connect`], using the target's `choice`-th port (an index into [`Connection::port_choices`]).
pub fn connect_on_port(
    doc: &Document,
    from: ObjectId,
    to: ObjectId,
    choice: usize,
) -> Result<Connection, Refusal> {
    if from == to {
        return Err(Refusal::SameObject);
    }
    let (Some(source), Some(target)) = (doc.model.get(from), doc.model.get(to)) else {
        return Err(Refusal::Missing);
    };
    match (typed_kind(source), typed_kind(target)) {
        (Some(TypedOther::PodDisruptionBudget), None) if target.kind().is_workload() => {
            return budget_protects(from, source, target);
        }
        (Some(TypedOther::HorizontalPodAutoscaler), None) if target.kind().is_workload() => {
            return autoscaler_scales(from, source, target);
        }
        (None, Some(TypedOther::ConfigMap)) if source.kind().is_workload() => {
            return env_from(from, source, target, false);
        }
        (None, Some(TypedOther::Secret)) if source.kind().is_workload() => {
            return env_from(from, source, target, true);
        }
        (None, Some(TypedOther::PersistentVolumeClaim)) if source.kind().is_workload() => {
            return mount_claim(from, source, target);
        }
        (
            Some(
                kind @ (TypedOther::ConfigMap
                | TypedOther::Secret
                | TypedOther::PersistentVolumeClaim),
            ),
            _,
        ) => {
            return Err(Refusal::Reason(format!(
                "a {} is used by pods: drag from the workload to it",
                kind.kind()
            )));
        }
        (
            Some(kind @ (TypedOther::PodDisruptionBudget | TypedOther::HorizontalPodAutoscaler)),
            _,
        ) => {
            return Err(Refusal::Reason(format!(
                "a {} is for a workload: connect it to a Deployment or StatefulSet",
                kind.kind()
            )));
        }
        (None, Some(TypedOther::PodDisruptionBudget | TypedOther::HorizontalPodAutoscaler))
            if source.kind().is_workload() =>
        {
            return Err(Refusal::Reason(format!(
                "drag from the {} to {} instead",
                target.kind_name(),
                short(source)
            )));
        }
        _ => {}
    }
    match (source.kind(), target.kind()) {
        (Kind::Service, k) if k.is_workload() => service_selects(from, source, target),
        (Kind::Ingress, Kind::Service) => ingress_routes(from, source, target, choice),
        (k, Kind::Gateway) if k.is_route() => route_attaches(from, source, target),
        (k, Kind::Service) if k.is_route() => route_backend(from, source, target, choice),
        (Kind::Gateway, k) if k.is_route() => Err(Refusal::Reason(format!(
            "a route attaches itself to Gateways: drag from {} to the Gateway",
            short(target)
        ))),
        (k, _) if k.is_route() => Err(Refusal::Reason(
            "a route attaches to a Gateway and sends to Services: connect it to one of those"
                .to_owned(),
        )),
        (Kind::StatefulSet, Kind::Service) => stateful_set_names(from, source, to, target),
        (Kind::NetworkPolicy, k) if k.is_workload() => policy_selects(from, source, target),
        (a, b) if a.is_workload() && b.is_workload() => traffic(doc, from, to, target, choice),
        (a, Kind::Service) if a.is_workload() => Err(Refusal::Reason(format!(
            "to make {} select these pods, drag from the Service to the workload; to draw traffic, connect workload to workload",
            short(target)
        ))),
        (Kind::Ingress, _) => Err(Refusal::Reason(
            "an Ingress routes to Services: connect it to a Service".to_owned(),
        )),
        (Kind::Service, _) => Err(Refusal::Reason(
            "a Service selects pods: connect it to a Deployment or StatefulSet".to_owned(),
        )),
        _ => Err(Refusal::Reason(format!(
            "{} to {} has no meaning in Kubernetes (try Ingress to Service, route to Gateway or Service, Service to workload, StatefulSet to Service, workload to workload, PodDisruptionBudget or HorizontalPodAutoscaler to workload, workload to ConfigMap, Secret or PersistentVolumeClaim)",
            source.kind_name(),
            target.kind_name()
        ))),
    }
}

/// The labels a Service, NetworkPolicy or PodDisruptionBudget `source` selects `workload` by:
/// refused across namespaces (`what` says why) and for pods without labels.
pub(super) fn selector_labels(
    source: &Object,
    workload: &Object,
    what: &'static str,
) -> Result<Labels, Refusal> {
    same_namespace(source, workload, what)?;
    let labels = identifying_labels(workload);
    if labels.is_empty() {
        return Err(Refusal::Reason(format!(
            "the pods of {} have no labels to select",
            short(workload)
        )));
    }
    Ok(labels)
}

fn service_selects(
    from: ObjectId,
    service: &Object,
    workload: &Object,
) -> Result<Connection, Refusal> {
    let labels = selector_labels(
        service,
        workload,
        "a Service selects pods of its own namespace only",
    )?;
    let mut edited = service.clone();
    let Resource::Service(svc) = edited.resource_mut() else {
        return Err(Refusal::Missing);
    };
    let spec = svc.spec.get_or_insert_with(Default::default);
    if spec.selector.as_ref() == Some(&labels) {
        return Err(Refusal::Reason(format!(
            "{} already selects {}",
            short(service),
            short(workload)
        )));
    }
    spec.selector = Some(labels);
    Ok(Connection {
        command: Command::ReplaceObject {
            id: from,
            object: edited,
        },
        description: format!("{} now selects {}", short(service), short(workload)),
        offer_headless: None,
        port_choices: Vec::new(),
    })
}

fn ingress_routes(
    from: ObjectId,
    ingress: &Object,
    service: &Object,
    choice: usize,
) -> Result<Connection, Refusal> {
    same_namespace(
        ingress,
        service,
        "an Ingress routes to Services of its own namespace only",
    )?;
    let Resource::Service(svc) = service.resource() else {
        return Err(Refusal::Missing);
    };
    let Some((port, labels)) = service_backend_port(svc, choice) else {
        return Err(Refusal::Reason(format!(
            "{} has no ports to route to",
            short(service)
        )));
    };
    let mut edited = ingress.clone();
    let Resource::Ingress(ing) = edited.resource_mut() else {
        return Err(Refusal::Missing);
    };
    let spec = ing.spec.get_or_insert_with(Default::default);
    let rules = spec.rules.get_or_insert_with(Vec::new);
    let already = rules
        .iter()
        .flat_map(|r| r.http.iter().flat_map(|h| &h.paths))
        .any(|p| {
            p.backend
                .service
                .as_ref()
                .is_some_and(|s| s.name == service.name())
        });
    if already {
        return Err(Refusal::Reason(format!(
            "{} already routes to {}",
            short(ingress),
            short(service)
        )));
    }
    if rules.is_empty() {
        rules.push(IngressRule::default());
    }
    let Some(rule) = rules.first_mut() else {
        return Err(Refusal::Missing);
    };
    let http = rule.http.get_or_insert_with(HTTPIngressRuleValue::default);
    // The first backend takes the whole host; later ones get a prefix of their own.
    let path = if http.paths.is_empty() {
        "/".to_owned()
    } else {
        format!("/{}", service.name())
    };
    http.paths.push(HTTPIngressPath {
        path: Some(path.clone()),
        path_type: "Prefix".to_owned(),
        backend: IngressBackend {
            service: Some(IngressServiceBackend {
                name: service.name().to_owned(),
                port: Some(port),
            }),
            resource: None,
        },
    });
    Ok(Connection {
        command: Command::ReplaceObject {
            id: from,
            object: edited,
        },
        description: format!("{} routes {path} to {}", short(ingress), short(service)),
        offer_headless: None,
        port_choices: choices(labels),
    })
}

fn stateful_set_names(
    from: ObjectId,
    stateful_set: &Object,
    to: ObjectId,
    service: &Object,
) -> Result<Connection, Refusal> {
    same_namespace(
        stateful_set,
        service,
        "a StatefulSet's Service must be in its namespace",
    )?;
    let mut edited = stateful_set.clone();
    let Resource::StatefulSet(sts) = edited.resource_mut() else {
        return Err(Refusal::Missing);
    };
    let spec = sts.spec.get_or_insert_with(Default::default);
    if spec.service_name.as_deref() == Some(service.name()) {
        return Err(Refusal::Reason(format!(
            "{} already names {}",
            short(stateful_set),
            short(service)
        )));
    }
    spec.service_name = Some(service.name().to_owned());
    let headless = match service.resource() {
        Resource::Service(svc) => {
            svc.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()) == Some("None")
        }
        _ => false,
    };
    Ok(Connection {
        command: Command::ReplaceObject {
            id: from,
            object: edited,
        },
        description: format!(
            "{} uses {} for its pod names",
            short(stateful_set),
            short(service)
        ),
        offer_headless: (!headless).then_some(to),
        port_choices: Vec::new(),
    })
}

/// The command that makes a Service headless (`clusterIP: None`), as `StatefulSets` want.
#[must_use]
pub fn make_headless(doc: &Document, service: ObjectId) -> Option<Command> {
    let mut edited = doc.model.get(service)?.clone();
    let Resource::Service(svc) = edited.resource_mut() else {
        return None;
    };
    let spec = svc.spec.get_or_insert_with(Default::default);
    spec.cluster_ip = Some("None".to_owned());
    spec.type_ = Some("ClusterIP".to_owned());
    Some(Command::ReplaceObject {
        id: service,
        object: edited,
    })
}

fn policy_selects(
    from: ObjectId,
    policy: &Object,
    workload: &Object,
) -> Result<Connection, Refusal> {
    let labels = selector_labels(
        policy,
        workload,
        "a NetworkPolicy applies to pods of its own namespace only",
    )?;
    let mut edited = policy.clone();
    let Resource::NetworkPolicy(np) = edited.resource_mut() else {
        return Err(Refusal::Missing);
    };
    let spec = np.spec.get_or_insert_with(Default::default);
    spec.pod_selector = Some(LabelSelector {
        match_labels: Some(labels),
        match_expressions: None,
    });
    Ok(Connection {
        command: Command::ReplaceObject {
            id: from,
            object: edited,
        },
        description: format!("{} now applies to {}", short(policy), short(workload)),
        offer_headless: None,
        port_choices: Vec::new(),
    })
}

fn traffic(
    doc: &Document,
    from: ObjectId,
    to: ObjectId,
    target: &Object,
    choice: usize,
) -> Result<Connection, Refusal> {
    let ports = container_ports(target);
    let Some((_, port, protocol)) = ports.get(choice).cloned() else {
        return Err(Refusal::Reason(format!(
            "the containers of {} declare no port to connect to",
            short(target)
        )));
    };
    let intent = TrafficIntent {
        from,
        to,
        port,
        protocol,
    };
    if doc.intents.contains(&intent) {
        return Err(Refusal::Reason("this traffic is already drawn".to_owned()));
    }
    // Namespaces included: two workloads of the same name in two namespaces read apart.
    let source = doc
        .model
        .get(from)
        .map(Object::display_id)
        .unwrap_or_default();
    Ok(Connection {
        command: Command::AddIntent(intent),
        description: format!(
            "{source} may connect to {} on {port}/{}",
            target.display_id(),
            protocol.as_str()
        ),
        offer_headless: None,
        port_choices: choices(
            ports
                .iter()
                .map(|(name, port, protocol)| {
                    port_label(name.as_deref(), i32::from(*port), protocol.as_str())
                })
                .collect(),
        ),
    })
}
