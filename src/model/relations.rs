//! Relations between objects, derived from selectors and names.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::networking::v1::{IngressBackend, NetworkPolicyPeer};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::selector::{map_selector_matches, selector_matches};
use super::{Model, Object, ObjectId, Resource};

mod across;
pub(super) use across::derive_across;
use across::{NamespaceMatches, peer_workloads};

/// A derived relation from one object to another.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// A Service's selector matches the workload's pod labels.
    ServiceSelects,
    /// An Ingress backend names the Service; `port` is the backend port (number or name).
    IngressRoutes { port: String },
    /// A StatefulSet names the Service in `spec.serviceName`.
    GoverningService,
    /// A NetworkPolicy's `podSelector` selects the workload's pods.
    PolicyApplies,
    /// Ingress rule `rule` of a NetworkPolicy admits traffic from the workload's pods.
    PolicyAllowsFrom { rule: usize },
    /// Egress rule `rule` of a NetworkPolicy admits traffic to the workload's pods.
    PolicyAllowsTo { rule: usize },
    /// A PodDisruptionBudget's selector matches the workload's pods: it limits their voluntary
    /// disruption.
    BudgetProtects,
    /// A HorizontalPodAutoscaler's `scaleTargetRef` names the workload.
    AutoscalerScales,
    /// The workload's pods use the ConfigMap, Secret or PersistentVolumeClaim; `via` says how.
    Uses { via: UseSet },
    /// A Gateway API route's `parentRefs` attach it to the Gateway, and these listeners (sorted)
    /// admit it. A route the Gateway would not accept has no such relation.
    RouteAttaches { listeners: Vec<String> },
    /// Rule `rule` of a route sends requests to the Service: at `port`, with `weight`, and
    /// `share` percent of the rule's requests when the rule splits them over several backends.
    /// `permitted` is false for a reference into another namespace that no ReferenceGrant allows
    /// (the Gateway does not follow it).
    RouteBackend {
        rule: usize,
        port: Option<i32>,
        weight: i32,
        share: Option<u8>,
        permitted: bool,
    },
    /// The `certificateRefs` of these Gateway listeners (sorted) name the Secret; `permitted` as
    /// for [`Relation::RouteBackend`].
    GatewayCertificate {
        listeners: Vec<String>,
        permitted: bool,
    },
    /// A Gateway names the GatewayClass in `gatewayClassName`.
    GatewayClassOf,
    /// A cluster policy's subject (ClusterNetworkPolicy, AdminNetworkPolicy,
    /// BaselineAdminNetworkPolicy) chooses the workload's pods.
    ClusterPolicyApplies,
}

/// How a workload's pods refer to a ConfigMap, Secret or PersistentVolumeClaim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UseVia {
    /// A pod volume (also a projected volume source).
    Volume,
    /// A container `env` entry's `valueFrom`.
    Env,
    /// A container `envFrom` entry.
    EnvFrom,
    /// The pod's `imagePullSecrets`.
    ImagePullSecret,
}

/// A set of [`UseVia`], as bits: relations are derived on every edit, and a set that allocates
/// nothing keeps thousands of "uses" edges cheap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UseSet(u8);

impl UseSet {
    /// The set of the given ways.
    #[must_use]
    pub fn of(ways: &[UseVia]) -> UseSet {
        let mut set = UseSet::default();
        for way in ways {
            set.insert(*way);
        }
        set
    }

    /// Adds one way.
    pub fn insert(&mut self, way: UseVia) {
        self.0 |= 1 << (way as u8);
    }

    /// The ways in the set, in [`UseVia`] order.
    pub fn iter(self) -> impl Iterator<Item = UseVia> {
        UseVia::ALL
            .into_iter()
            .filter(move |way| self.0 & (1 << (*way as u8)) != 0)
    }
}

impl UseVia {
    /// Every way, in the order labels list them.
    pub const ALL: [UseVia; 4] = [
        UseVia::Volume,
        UseVia::Env,
        UseVia::EnvFrom,
        UseVia::ImagePullSecret,
    ];

    /// The field name a Kubernetes engineer knows it by.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            UseVia::Volume => "volume",
            UseVia::Env => "env",
            UseVia::EnvFrom => "envFrom",
            UseVia::ImagePullSecret => "imagePullSecrets",
        }
    }
}

/// A derived relation: from, to, what.
pub(super) type Edge = (ObjectId, ObjectId, Relation);

/// The relations one namespace's objects give among themselves, which depend on nothing outside
/// the namespace, and whether it holds something that reads other namespaces too.
#[derive(Clone, Debug, Default)]
pub(super) struct NamespaceRelations {
    pub edges: Vec<Edge>,
    /// A NetworkPolicy rule with a `namespaceSelector` peer (it selects pods of other namespaces
    /// by their namespace's labels) or a Gateway API object (routes and grants cross namespaces):
    /// [`derive_across`] adds their relations.
    pub reads_others: bool,
}

/// Computes every relation of the model, sorted and without duplicates: what each namespace gives
/// by itself and what reads across namespaces. `Model` keeps the first part per namespace and
/// derives again only the namespaces an edit touched (this is the reference it must equal).
pub(super) fn derive(model: &Model) -> BTreeSet<Edge> {
    let mut relations = BTreeSet::new();
    let mut reads_others = false;
    for (namespace, objects) in objects_by_namespace(model) {
        let local = derive_namespace(namespace, &objects);
        reads_others |= local.reads_others;
        relations.extend(local.edges);
    }
    if reads_others || has_cluster_policies(model) {
        relations.extend(derive_across(model));
    }
    relations
}

/// Whether the model has a cluster policy (whose subjects read every namespace).
pub(super) fn has_cluster_policies(model: &Model) -> bool {
    model.objects().any(|(_, object)| {
        object.effective_namespace().is_none()
            && matches!(object.resource(), Resource::Other(other)
                if super::cluster_policy::is_cluster_policy(&other.api_version, &other.kind))
    })
}

/// The objects of each namespace, in id order.
pub(super) fn objects_by_namespace(model: &Model) -> BTreeMap<&str, Vec<(ObjectId, &Object)>> {
    let mut by_namespace: BTreeMap<&str, Vec<(ObjectId, &Object)>> = BTreeMap::new();
    for (id, object) in model.objects() {
        if let Some(ns) = object.effective_namespace() {
            by_namespace.entry(ns).or_default().push((id, object));
        }
    }
    by_namespace
}

/// Whether a NetworkPolicy rule's peers select by namespace labels (then other namespaces count).
fn reads_namespaces(peers: &[NetworkPolicyPeer]) -> bool {
    peers.iter().any(|peer| peer.namespace_selector.is_some())
}

/// The relations among the objects of one namespace (`objects`, in id order) that depend on them
/// alone: selections, routes, governing Services, policies and their same-namespace peers,
/// budgets, autoscalers and uses.
pub(super) fn derive_namespace(
    namespace: &str,
    objects: &[(ObjectId, &Object)],
) -> NamespaceRelations {
    let mut relations = BTreeSet::new();
    let mut reads_others = false;
    let this_namespace: BTreeMap<&str, Vec<(ObjectId, &Object)>> =
        BTreeMap::from([(namespace, objects.to_vec())]);
    let no_labels = BTreeMap::new();
    let workloads: Vec<_> = objects
        .iter()
        .filter_map(|(id, o)| o.pod_labels().map(|labels| (*id, labels)))
        .collect();
    let service_named = |name: &str| {
        objects
            .iter()
            .find(|(_, o)| matches!(o.resource(), Resource::Service(_)) && o.name() == name)
            .map(|(id, _)| *id)
    };
    for (id, object) in objects {
        match object.resource() {
            Resource::Service(service) => {
                let Some(selector) = service.spec.as_ref().and_then(|s| s.selector.as_ref()) else {
                    continue;
                };
                for (workload, labels) in &workloads {
                    if map_selector_matches(selector, labels) {
                        relations.insert((*id, *workload, Relation::ServiceSelects));
                    }
                }
            }
            Resource::Ingress(ingress) => {
                for backend in ingress_backends(ingress) {
                    let Some(service) = &backend.service else {
                        continue;
                    };
                    if let Some(target) = service_named(&service.name) {
                        let port = service.port.as_ref().map_or_else(String::new, |p| {
                            p.number.map_or_else(
                                || p.name.clone().unwrap_or_default(),
                                |n| n.to_string(),
                            )
                        });
                        relations.insert((*id, target, Relation::IngressRoutes { port }));
                    }
                }
            }
            Resource::StatefulSet(set) => {
                let name = set.spec.as_ref().and_then(|s| s.service_name.as_deref());
                if let Some(target) = name.and_then(service_named) {
                    relations.insert((*id, target, Relation::GoverningService));
                }
            }
            Resource::NetworkPolicy(policy) => {
                let Some(spec) = &policy.spec else { continue };
                let selector = spec.pod_selector.clone().unwrap_or_default();
                for (workload, labels) in &workloads {
                    if selector_matches(&selector, labels) {
                        relations.insert((*id, *workload, Relation::PolicyApplies));
                    }
                }
                // Rules whose peers select by namespace labels are derived across namespaces.
                let mut no_namespaces = NamespaceMatches::new(&no_labels);
                let mut peers_here = |peers: &[NetworkPolicyPeer]| {
                    peer_workloads(peers, namespace, &this_namespace, &mut no_namespaces)
                };
                for (rule, ingress) in spec.ingress.iter().flatten().enumerate() {
                    let peers = ingress.from.as_deref().unwrap_or_default();
                    if reads_namespaces(peers) {
                        reads_others = true;
                        continue;
                    }
                    for workload in peers_here(peers) {
                        relations.insert((*id, workload, Relation::PolicyAllowsFrom { rule }));
                    }
                }
                for (rule, egress) in spec.egress.iter().flatten().enumerate() {
                    let peers = egress.to.as_deref().unwrap_or_default();
                    if reads_namespaces(peers) {
                        reads_others = true;
                        continue;
                    }
                    for workload in peers_here(peers) {
                        relations.insert((*id, workload, Relation::PolicyAllowsTo { rule }));
                    }
                }
            }
            Resource::Other(other) => {
                reads_others |= super::gateway::is_gateway_api_version(&other.api_version);
                other_relations(*id, other, objects, &workloads, &mut relations);
            }
            _ => {}
        }
    }
    uses_relations(objects, &mut relations);
    NamespaceRelations {
        edges: relations.into_iter().collect(),
        reads_others,
    }
}

/// The relations of a PodDisruptionBudget or HorizontalPodAutoscaler, read from the raw fields
/// (the typed read would cost a full deserialisation on every edit).
fn other_relations(
    id: ObjectId,
    other: &super::OtherObject,
    objects: &[(ObjectId, &Object)],
    workloads: &[(ObjectId, &super::Labels)],
    relations: &mut BTreeSet<(ObjectId, ObjectId, Relation)>,
) {
    let spec = other.body.get("spec");
    match (other.api_version.as_str(), other.kind.as_str()) {
        ("policy/v1" | "policy/v1beta1", "PodDisruptionBudget") => {
            // A missing selector selects no pods; an empty one (policy/v1) selects them all.
            let Some(selector) = spec.and_then(|s| s.get("selector")) else {
                return;
            };
            let Some(selector) = raw_selector(selector) else {
                return;
            };
            for (workload, labels) in workloads {
                if selector_matches(&selector, labels) {
                    relations.insert((id, *workload, Relation::BudgetProtects));
                }
            }
        }
        (version, "HorizontalPodAutoscaler") if version.starts_with("autoscaling/") => {
            let Some(target) = spec.and_then(|s| s.get("scaleTargetRef")) else {
                return;
            };
            let field = |name: &str| target.get(name).and_then(serde_json::Value::as_str);
            let (Some(kind), Some(name)) = (field("kind"), field("name")) else {
                return;
            };
            for (workload, object) in objects {
                // Only a kind with a replica count can be scaled (the same answer as the
                // inspector's target list and connect). Names first: they rule out almost every
                // object, and reading an untyped object's kind costs more.
                if object.name() == name
                    && object.kind_name() == kind
                    && object.kind().is_scalable()
                {
                    relations.insert((id, *workload, Relation::AutoscalerScales));
                }
            }
        }
        _ => {}
    }
}

/// A label selector read from its raw value without a serde pass (this runs on every edit for
/// every budget); `None` for a shape the API would refuse.
fn raw_selector(value: &serde_json::Value) -> Option<LabelSelector> {
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;
    let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
    let match_labels = match value.get("matchLabels") {
        None | Some(serde_json::Value::Null) => None,
        Some(labels) => Some(
            labels
                .as_object()?
                .iter()
                .map(|(key, value)| Some((key.clone(), text(value)?)))
                .collect::<Option<super::Labels>>()?,
        ),
    };
    let match_expressions = match value.get("matchExpressions") {
        None | Some(serde_json::Value::Null) => None,
        Some(list) => Some(
            list.as_array()?
                .iter()
                .map(|requirement| {
                    requirement.as_object()?;
                    let values = match requirement.get("values") {
                        None | Some(serde_json::Value::Null) => None,
                        Some(values) => Some(
                            values
                                .as_array()?
                                .iter()
                                .map(text)
                                .collect::<Option<Vec<String>>>()?,
                        ),
                    };
                    // As k8s-openapi reads them: a missing key or operator is empty.
                    let field = |name: &str| match requirement.get(name) {
                        None => Some(String::new()),
                        Some(value) => text(value),
                    };
                    Some(LabelSelectorRequirement {
                        key: field("key")?,
                        operator: field("operator")?,
                        values,
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        ),
    };
    value.as_object()?;
    Some(LabelSelector {
        match_labels,
        match_expressions,
    })
}

/// Workload → ConfigMap/Secret/PersistentVolumeClaim of one namespace. StatefulSet
/// `volumeClaimTemplates` are not uses of an existing claim: the controller generates those.
fn uses_relations(
    objects: &[(ObjectId, &Object)],
    relations: &mut BTreeSet<(ObjectId, ObjectId, Relation)>,
) {
    let mut named: BTreeMap<(&str, &str), ObjectId> = BTreeMap::new();
    for (id, object) in objects {
        if let Resource::Other(other) = object.resource()
            && other.api_version == "v1"
            && matches!(
                other.kind.as_str(),
                "ConfigMap" | "Secret" | "PersistentVolumeClaim"
            )
        {
            named
                .entry((other.kind.as_str(), object.name()))
                .or_insert(*id);
        }
    }
    if named.is_empty() {
        return;
    }
    for (id, object) in objects {
        let Some(spec) = object.pod_spec() else {
            continue;
        };
        // A pod uses a handful of objects: a list beats a map here.
        let mut uses: Vec<(ObjectId, UseSet)> = Vec::new();
        let mut note = |kind: &str, name: Option<&str>, via: UseVia| {
            if let Some(target) = name.and_then(|name| named.get(&(kind, name))) {
                match uses.iter_mut().find(|(id, _)| id == target) {
                    Some((_, set)) => set.insert(via),
                    None => uses.push((*target, UseSet::of(&[via]))),
                }
            }
        };
        for volume in spec.volumes.iter().flatten() {
            if let Some(c) = &volume.config_map {
                note("ConfigMap", Some(&c.name), UseVia::Volume);
            }
            if let Some(s) = &volume.secret {
                note("Secret", s.secret_name.as_deref(), UseVia::Volume);
            }
            if let Some(claim) = &volume.persistent_volume_claim {
                note(
                    "PersistentVolumeClaim",
                    Some(&claim.claim_name),
                    UseVia::Volume,
                );
            }
            for source in volume
                .projected
                .iter()
                .flat_map(|p| p.sources.iter().flatten())
            {
                if let Some(c) = &source.config_map {
                    note("ConfigMap", Some(&c.name), UseVia::Volume);
                }
                if let Some(s) = &source.secret {
                    note("Secret", Some(&s.name), UseVia::Volume);
                }
            }
        }
        let containers = spec
            .containers
            .iter()
            .chain(spec.init_containers.iter().flatten());
        for container in containers {
            for env in container.env.iter().flatten() {
                let Some(from) = &env.value_from else {
                    continue;
                };
                if let Some(key) = &from.config_map_key_ref {
                    note("ConfigMap", Some(&key.name), UseVia::Env);
                }
                if let Some(key) = &from.secret_key_ref {
                    note("Secret", Some(&key.name), UseVia::Env);
                }
            }
            for source in container.env_from.iter().flatten() {
                if let Some(c) = &source.config_map_ref {
                    note("ConfigMap", Some(&c.name), UseVia::EnvFrom);
                }
                if let Some(s) = &source.secret_ref {
                    note("Secret", Some(&s.name), UseVia::EnvFrom);
                }
            }
        }
        for secret in spec.image_pull_secrets.iter().flatten() {
            note("Secret", Some(&secret.name), UseVia::ImagePullSecret);
        }
        for (target, via) in uses {
            relations.insert((*id, target, Relation::Uses { via }));
        }
    }
}

/// Every backend an Ingress names: the default backend and each path's backend.
#[must_use]
pub fn ingress_backends(
    ingress: &k8s_openapi::api::networking::v1::Ingress,
) -> Vec<&IngressBackend> {
    let Some(spec) = &ingress.spec else {
        return Vec::new();
    };
    let paths = spec
        .rules
        .iter()
        .flatten()
        .filter_map(|rule| rule.http.as_ref())
        .flat_map(|http| http.paths.iter().map(|path| &path.backend));
    spec.default_backend.iter().chain(paths).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn raw_selectors_read_as_serde_reads_them() {
        for value in [
            json!({}),
            json!({"matchLabels": {"app": "web", "tier": "front"}}),
            json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["a", "b"]},
                                         {"key": "x", "operator": "Exists"}]}),
            json!({"matchLabels": null, "matchExpressions": null}),
            json!({"matchExpressions": [{"key": "app"}]}),
        ] {
            let typed: LabelSelector = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(raw_selector(&value), Some(typed), "{value}");
        }
        for broken in [
            json!([]),
            json!({"matchLabels": {"app": 1}}),
            json!({"matchExpressions": [{"key": 1, "operator": "In"}]}),
            json!({"matchExpressions": ["app"]}),
            json!({"matchExpressions": [{"key": "app", "operator": "In", "values": "a"}]}),
        ] {
            assert!(serde_json::from_value::<LabelSelector>(broken.clone()).is_err());
            assert_eq!(raw_selector(&broken), None, "{broken}");
        }
    }
}
