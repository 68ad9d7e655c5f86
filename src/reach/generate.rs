//! Least-privilege NetworkPolicies from intended traffic.
//!
//! For every namespace with a workload involved (as source or destination of an intent, or behind
//! an Ingress): a default deny for ingress and egress, and DNS egress to `k8s-app=kube-dns` pods in
//! `kube-system` (UDP and TCP 53). For every destination workload one ingress policy admitting
//! each intended source (namespace and pod labels, on the intended ports); for every source one
//! egress policy allowing exactly its intended destinations. An Ingress routing to a Service
//! admits the ingress controller's namespace to the Service's workloads on the target port. A
//! Gateway API route a Gateway admits is traffic from the Gateway's data plane to the pods behind
//! its backends ([`super::gateway`]): a data plane in the Gateway's namespace gets policies like
//! any workload (egress to those backends, ingress from anyone on its listener ports), one in a
//! controller's namespace is admitted as that namespace.
//!
//! With [`GenerateTarget::Baseline`] the per-namespace default deny and DNS policies give way to
//! one Baseline-tier ClusterNetworkPolicy ([`deny`]), and every generated egress policy also
//! allows DNS (a pod it selects no longer reaches the baseline's DNS exception).
//!
//! Generated policies carry [`GENERATED_ANNOTATION`]; [`regenerate`] replaces exactly those and
//! never touches hand-written policies.

mod deny;

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub use deny::{BASELINE_NAME, GenerateTarget};

use super::gateway;
use super::workload::{self, Workload};
use crate::document::command::Command;
use crate::document::{Document, Point};
use crate::model::{
    Labels, Model, NAMESPACE_NAME_LABEL, Object, ObjectId, Protocol, Relation, Resource,
    TrafficIntent,
};

/// The annotation marking a policy as generated (value `"true"`).
pub const GENERATED_ANNOTATION: &str = "kubedraft.io/generated";

/// Settings of the generator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Namespace of the ingress controller whose pods forward Ingress traffic.
    pub ingress_controller_namespace: String,
    /// Which default deny the allows complete.
    pub target: GenerateTarget,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            ingress_controller_namespace: "ingress-nginx".to_owned(),
            target: GenerateTarget::default(),
        }
    }
}

/// The generated policies, and intents that could not be expressed exactly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Generated {
    /// Sorted by namespace and name.
    pub policies: Vec<Object>,
    /// E.g. a workload whose pod labels also match another workload, or an intent naming an
    /// object that is not a workload.
    pub problems: Vec<String>,
}

/// Where traffic to one destination may come from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Workload(usize),
    /// Every pod of a namespace (the ingress controller's).
    Namespace(String),
}

fn selector(labels: &Labels) -> LabelSelector {
    LabelSelector {
        match_labels: Some(labels.clone()),
        match_expressions: None,
    }
}

fn namespace_selector(namespace: &str) -> LabelSelector {
    selector(&Labels::from([(
        NAMESPACE_NAME_LABEL.to_owned(),
        namespace.to_owned(),
    )]))
}

fn ports(list: &BTreeSet<(Protocol, u16)>) -> Vec<NetworkPolicyPort> {
    list.iter()
        .map(|(protocol, port)| NetworkPolicyPort {
            port: Some(IntOrString::Int(i32::from(*port))),
            protocol: Some(protocol.as_str().to_owned()),
            end_port: None,
        })
        .collect()
}

fn policy(namespace: &str, name: &str, spec: NetworkPolicySpec) -> Object {
    Object::new(Resource::NetworkPolicy(NetworkPolicy {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            namespace: Some(namespace.to_owned()),
            annotations: Some(
                [(GENERATED_ANNOTATION.to_owned(), "true".to_owned())]
                    .into_iter()
                    .collect(),
            ),
            ..ObjectMeta::default()
        },
        spec: Some(spec),
    }))
}

fn peer(source: &Source, workloads: &[Workload]) -> Option<NetworkPolicyPeer> {
    match source {
        Source::Workload(w) => {
            let w = workloads.get(*w)?;
            Some(NetworkPolicyPeer {
                namespace_selector: Some(namespace_selector(&w.namespace)),
                pod_selector: Some(selector(&w.labels)),
                ip_block: None,
            })
        }
        Source::Namespace(ns) => Some(NetworkPolicyPeer {
            namespace_selector: Some(namespace_selector(ns)),
            pod_selector: None,
            ip_block: None,
        }),
    }
}

/// Traffic from the ingress controller implied by Ingress → Service → workload routes:
/// (destination workload, protocol, target port).
fn ingress_routes(
    model: &Model,
    workload_of: &BTreeMap<ObjectId, usize>,
    problems: &mut Vec<String>,
) -> BTreeSet<(usize, Protocol, u16)> {
    let mut routes = BTreeSet::new();
    for (from, service_id, relation) in model.relations() {
        let Relation::IngressRoutes { port } = relation else {
            continue;
        };
        match gateway::service_targets(model, service_id, &port) {
            Ok(targets) => {
                routes.extend(targets.into_iter().filter_map(|(object, protocol, n)| {
                    Some((*workload_of.get(&object)?, protocol, n))
                }));
            }
            Err(problem) => problems.push(format!(
                "{}: {problem}",
                model.get(from).map_or_else(String::new, Object::display_id)
            )),
        }
    }
    routes
}

/// Ports per (destination, source) and per (source, destination).
type Ports = BTreeSet<(Protocol, u16)>;
type Inbound = BTreeMap<usize, BTreeMap<Source, Ports>>;
type Outbound = BTreeMap<usize, BTreeMap<usize, Ports>>;

/// The intended traffic by destination and by source, plus the Ingress routes.
fn collect_traffic(
    model: &Model,
    workloads: &[Workload],
    intents: &[TrafficIntent],
    options: &GenerateOptions,
    problems: &mut Vec<String>,
) -> (Inbound, Outbound) {
    let workload_of: BTreeMap<ObjectId, usize> = workloads
        .iter()
        .enumerate()
        .flat_map(|(i, w)| w.objects.iter().map(move |o| (*o, i)))
        .collect();
    let mut inbound = Inbound::new();
    let mut outbound = Outbound::new();
    for intent in intents {
        let (Some(from), Some(to)) = (workload_of.get(&intent.from), workload_of.get(&intent.to))
        else {
            problems.push(format!(
                "intent {:?} → {:?} port {}: both ends must be workloads of the design",
                intent.from, intent.to, intent.port
            ));
            continue;
        };
        if intent.port == 0 {
            problems.push(format!(
                "intent {:?} → {:?}: port 0 is not a port",
                intent.from, intent.to
            ));
            continue;
        }
        let port = (intent.protocol, intent.port);
        inbound
            .entry(*to)
            .or_default()
            .entry(Source::Workload(*from))
            .or_default()
            .insert(port);
        outbound
            .entry(*from)
            .or_default()
            .entry(*to)
            .or_default()
            .insert(port);
    }
    for (w, protocol, port) in ingress_routes(model, &workload_of, problems) {
        inbound
            .entry(w)
            .or_default()
            .entry(Source::Namespace(
                options.ingress_controller_namespace.clone(),
            ))
            .or_default()
            .insert((protocol, port));
    }
    // A Gateway's data plane in the Gateway's namespace is a workload of the design (policies for
    // it are generated too); one in a controller's namespace is admitted as a namespace.
    for routed in gateway::route_traffic(model, problems) {
        let (Some(&from), Some(&to)) = (workload_of.get(&routed.from), workload_of.get(&routed.to))
        else {
            continue;
        };
        let port = (routed.protocol, routed.port);
        let plane = model.get(routed.from).and_then(gateway::data_plane);
        match plane {
            Some(plane) if !plane.own_namespace => {
                inbound
                    .entry(to)
                    .or_default()
                    .entry(Source::Namespace(plane.namespace))
                    .or_default()
                    .insert(port);
            }
            _ => {
                inbound
                    .entry(to)
                    .or_default()
                    .entry(Source::Workload(from))
                    .or_default()
                    .insert(port);
                outbound
                    .entry(from)
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(port);
            }
        }
    }
    (inbound, outbound)
}

/// Reports workloads whose pod labels also select other workloads of their namespace: a policy
/// for one would then apply to the others too.
fn lookalike_problems(
    workloads: &[Workload],
    involved: &BTreeSet<usize>,
    problems: &mut Vec<String>,
) {
    for workload in involved.iter().filter_map(|w| workloads.get(*w)) {
        let lookalikes: Vec<&str> = workloads
            .iter()
            .filter(|other| other.id != workload.id && other.namespace == workload.namespace)
            .filter(|other| {
                workload
                    .labels
                    .iter()
                    .all(|(k, v)| other.labels.get(k) == Some(v))
            })
            .map(|other| other.id.as_str())
            .collect();
        if !lookalikes.is_empty() {
            problems.push(format!(
                "the pod labels of {} also match {}: their policies apply to those too; give {} a distinguishing label",
                workload.id,
                lookalikes.join(", "),
                workload.id
            ));
        }
    }
}

/// The stem of a workload's generated policy names: a Gateway's data plane gets its own, so it
/// never shares names with a workload of the same name.
fn stem(workload: &Workload) -> String {
    if workload.is_gateway() {
        format!("gateway-{}", workload.name)
    } else {
        workload.name.clone()
    }
}

/// The ingress policy of one destination: one rule per source, and for a Gateway's data plane
/// first a rule open to every client on its listener ports (`open`).
fn ingress_policy(
    destination: &Workload,
    sources: &BTreeMap<Source, Ports>,
    open: Option<&Ports>,
    workloads: &[Workload],
) -> Object {
    let clients = open
        .filter(|ports| !ports.is_empty())
        .map(|list| NetworkPolicyIngressRule {
            from: None,
            ports: Some(ports(list)),
        });
    let rules = clients
        .into_iter()
        .chain(sources.iter().filter_map(|(source, list)| {
            Some(NetworkPolicyIngressRule {
                from: Some(vec![peer(source, workloads)?]),
                ports: Some(ports(list)),
            })
        }))
        .collect();
    policy(
        &destination.namespace,
        &format!("kubedraft-ingress-{}", stem(destination)),
        NetworkPolicySpec {
            pod_selector: Some(selector(&destination.labels)),
            policy_types: Some(vec!["Ingress".to_owned()]),
            ingress: Some(rules),
            egress: None,
        },
    )
}

/// The egress policy of one source: one rule per destination, and a DNS rule first when `dns`.
fn egress_policy(
    source: &Workload,
    destinations: &BTreeMap<usize, Ports>,
    workloads: &[Workload],
    dns: bool,
) -> Object {
    let rules = dns
        .then(deny::dns_egress_rule)
        .into_iter()
        .chain(destinations.iter().filter_map(|(destination, list)| {
            Some(NetworkPolicyEgressRule {
                to: Some(vec![peer(&Source::Workload(*destination), workloads)?]),
                ports: Some(ports(list)),
            })
        }))
        .collect();
    policy(
        &source.namespace,
        &format!("kubedraft-egress-{}", stem(source)),
        NetworkPolicySpec {
            pod_selector: Some(selector(&source.labels)),
            policy_types: Some(vec!["Egress".to_owned()]),
            ingress: None,
            egress: Some(rules),
        },
    )
}

/// Generates the policies for `intents` (and the design's Ingress and Gateway API routes).
#[must_use]
pub fn generate_policies(
    model: &Model,
    intents: &[TrafficIntent],
    options: &GenerateOptions,
) -> Generated {
    let workloads = workload::workloads(model);
    let mut problems = Vec::new();
    let (inbound, outbound) = collect_traffic(model, &workloads, intents, options, &mut problems);
    let involved: BTreeSet<usize> = inbound.keys().chain(outbound.keys()).copied().collect();
    lookalike_problems(&workloads, &involved, &mut problems);
    let namespaces: BTreeSet<&str> = involved
        .iter()
        .filter_map(|w| workloads.get(*w).map(|w| w.namespace.as_str()))
        .collect();
    let mut policies: Vec<Object> = match options.target {
        GenerateTarget::NetworkPolicy => namespaces
            .iter()
            .flat_map(|ns| deny::namespace_policies(ns))
            .collect(),
        GenerateTarget::Baseline if namespaces.is_empty() => Vec::new(),
        GenerateTarget::Baseline => match deny::baseline_policy(&namespaces) {
            Ok(baseline) => vec![baseline],
            Err(error) => {
                problems.push(format!("the Baseline default deny: {error}"));
                Vec::new()
            }
        },
    };
    let dns_in_egress = options.target == GenerateTarget::Baseline;
    // The data planes of Gateways in their own namespace: that namespace is denied by default
    // now, so their clients (anyone, on the listener ports) are admitted explicitly.
    let entry_points: BTreeMap<usize, Ports> = involved
        .iter()
        .filter_map(|&w| {
            let workload = workloads.get(w).filter(|wl| wl.is_gateway())?;
            let object = model.get(*workload.objects.first()?)?;
            let plane = gateway::data_plane(object)?;
            plane
                .own_namespace
                .then(|| (w, gateway::listener_ports(object)))
        })
        .collect();
    let no_sources = BTreeMap::new();
    let destinations: BTreeSet<usize> =
        inbound.keys().chain(entry_points.keys()).copied().collect();
    for destination in destinations {
        if let Some(d) = workloads.get(destination) {
            let sources = inbound.get(&destination).unwrap_or(&no_sources);
            policies.push(ingress_policy(
                d,
                sources,
                entry_points.get(&destination),
                &workloads,
            ));
        }
    }
    for (source, destinations) in &outbound {
        if let Some(s) = workloads.get(*source) {
            policies.push(egress_policy(s, destinations, &workloads, dns_in_egress));
        }
    }
    policies.sort_by(|a, b| {
        (a.effective_namespace(), a.name()).cmp(&(b.effective_namespace(), b.name()))
    });
    Generated { policies, problems }
}

/// Whether a policy (a NetworkPolicy or the Baseline ClusterNetworkPolicy) was generated by
/// kubedraft.
#[must_use]
pub fn is_generated(object: &Object) -> bool {
    let policy = matches!(object.resource(), Resource::NetworkPolicy(_))
        || crate::model::cluster_policy::is_cluster_policy(
            object.api_version(),
            object.kind_name(),
        );
    policy
        && object
            .metadata()
            .annotations
            .as_ref()
            .and_then(|a| a.get(GENERATED_ANNOTATION))
            .is_some_and(|v| v == "true")
}

/// One undoable step that brings the design's generated policies in line with `intents`: a
/// generated policy that is generated again with the same namespace and name is replaced in place
/// (same id, same position), others are removed, new ones added next to their namespace. Returns
/// `None` when nothing changes. Hand-written policies are never touched.
pub fn regenerate(
    doc: &mut Document,
    intents: &[TrafficIntent],
    options: &GenerateOptions,
) -> (Option<Command>, Vec<String>) {
    let generated = generate_policies(&doc.model, intents, options);
    let mut existing: BTreeMap<(String, String), ObjectId> = doc
        .model
        .objects()
        .filter(|(_, o)| is_generated(o))
        .map(|(id, o)| {
            (
                (
                    o.effective_namespace().unwrap_or_default().to_owned(),
                    o.name().to_owned(),
                ),
                id,
            )
        })
        .collect();
    let mut commands = Vec::new();
    let mut added_per_namespace: BTreeMap<String, f32> = BTreeMap::new();
    for object in generated.policies {
        let key = (
            object.effective_namespace().unwrap_or_default().to_owned(),
            object.name().to_owned(),
        );
        if let Some(id) = existing.remove(&key) {
            if doc.model.get(id) != Some(&object) {
                commands.push(Command::ReplaceObject { id, object });
            }
        } else {
            let offset = added_per_namespace.entry(key.0.clone()).or_insert(0.0);
            let corner = doc.frame_rect(&key.0).map_or(Point::default(), |r| r.min);
            let position = Point {
                x: corner.x + 20.0 + *offset,
                y: corner.y - 80.0,
            };
            *offset += crate::document::NODE_WIDTH + 10.0;
            commands.push(Command::AddObject {
                id: doc.model.allocate_id(),
                object,
                position,
            });
        }
    }
    for id in existing.into_values() {
        commands.push(Command::RemoveObject { id });
    }
    let command = (!commands.is_empty()).then_some(Command::Batch(commands));
    (command, generated.problems)
}
