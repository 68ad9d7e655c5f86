//! Relations that read across namespaces: NetworkPolicy peers selected by namespace labels, and
//! the Gateway API index.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash as _, Hasher as _};

use k8s_openapi::api::networking::v1::NetworkPolicyPeer;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::super::selector::selector_matches;
use super::super::{Model, Object, ObjectId, Resource, cluster_policy};
use super::{Edge, Relation, objects_by_namespace, reads_namespaces};

/// The relations that read across namespaces: NetworkPolicy rules with `namespaceSelector` peers
/// (every peer of such a rule, here), and Gateway API (its own index, built only when the design
/// has such objects: most have none).
pub(in crate::model) fn derive_across(model: &Model) -> BTreeSet<Edge> {
    let by_namespace = objects_by_namespace(model);
    let namespace_labels: BTreeMap<&str, _> = by_namespace
        .keys()
        .map(|ns| (*ns, model.namespace_labels(ns)))
        .collect();
    let mut matches = NamespaceMatches::new(&namespace_labels);
    let mut relations = BTreeSet::new();
    let mut gateway_api = false;
    for (namespace, objects) in &by_namespace {
        for (id, object) in objects {
            match object.resource() {
                Resource::NetworkPolicy(policy) => {
                    let Some(spec) = &policy.spec else { continue };
                    let mut peers_in = |peers: &[NetworkPolicyPeer]| {
                        peer_workloads(peers, namespace, &by_namespace, &mut matches)
                    };
                    for (rule, ingress) in spec.ingress.iter().flatten().enumerate() {
                        let peers = ingress.from.as_deref().unwrap_or_default();
                        if reads_namespaces(peers) {
                            for workload in peers_in(peers) {
                                relations.insert((
                                    *id,
                                    workload,
                                    Relation::PolicyAllowsFrom { rule },
                                ));
                            }
                        }
                    }
                    for (rule, egress) in spec.egress.iter().flatten().enumerate() {
                        let peers = egress.to.as_deref().unwrap_or_default();
                        if reads_namespaces(peers) {
                            for workload in peers_in(peers) {
                                relations.insert((
                                    *id,
                                    workload,
                                    Relation::PolicyAllowsTo { rule },
                                ));
                            }
                        }
                    }
                }
                Resource::Other(other) => {
                    gateway_api |=
                        crate::model::gateway::is_gateway_api_version(&other.api_version);
                }
                _ => {}
            }
        }
    }
    if gateway_api {
        crate::model::gateway::relations::GatewayIndex::new(model).derive_into(&mut relations);
    }
    cluster_policy_subjects(model, &by_namespace, &namespace_labels, &mut relations);
    relations
}

/// The namespaces each namespace selector selects, matched against the namespaces' labels once
/// per distinct selector: the copies of one policy in hundreds of namespaces share their
/// selectors, and matching each copy against every namespace dominated deriving these relations.
pub(super) struct NamespaceMatches<'a> {
    labels: &'a BTreeMap<&'a str, crate::model::Labels>,
    /// By [`selector_hash`], each selector compared whole (`LabelSelector` has no `Hash`), so
    /// that equal hashes of different selectors never share a result.
    cache: HashMap<u64, Vec<(LabelSelector, Vec<&'a str>)>>,
}

/// A hash of everything a selector says.
fn selector_hash(selector: &LabelSelector) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    selector.match_labels.hash(&mut hasher);
    for requirement in selector.match_expressions.iter().flatten() {
        requirement.key.hash(&mut hasher);
        requirement.operator.hash(&mut hasher);
        requirement.values.hash(&mut hasher);
    }
    hasher.finish()
}

impl<'a> NamespaceMatches<'a> {
    /// Matches against these namespaces' labels.
    pub(super) fn new(labels: &'a BTreeMap<&'a str, crate::model::Labels>) -> Self {
        NamespaceMatches {
            labels,
            cache: HashMap::new(),
        }
    }

    /// The namespaces `selector` selects, in name order.
    fn matching(&mut self, selector: &LabelSelector) -> &[&'a str] {
        let labels = self.labels;
        let bucket = self.cache.entry(selector_hash(selector)).or_default();
        let known = bucket.iter().position(|(known, _)| known == selector);
        let index = known.unwrap_or_else(|| {
            let selected = labels
                .iter()
                .filter(|(_, labels)| selector_matches(selector, labels))
                .map(|(ns, _)| *ns)
                .collect();
            bucket.push((selector.clone(), selected));
            bucket.len() - 1
        });
        bucket
            .get(index)
            .map_or(&[], |(_, selected)| selected.as_slice())
    }
}

/// What each cluster policy's subject chooses: every workload whose pods it selects. An invalid
/// subject (reported by the rules) chooses nothing.
fn cluster_policy_subjects(
    model: &Model,
    by_namespace: &BTreeMap<&str, Vec<(ObjectId, &Object)>>,
    namespace_labels: &BTreeMap<&str, crate::model::Labels>,
    relations: &mut BTreeSet<Edge>,
) {
    for (id, object) in model.objects() {
        let Resource::Other(other) = object.resource() else {
            continue;
        };
        if object.effective_namespace().is_some()
            || !cluster_policy::is_cluster_policy(&other.api_version, &other.kind)
        {
            continue;
        }
        let Some(choice) = cluster_policy::read(other)
            .ok()
            .and_then(|policy| policy.spec?.subject)
            .as_ref()
            .and_then(cluster_policy::subject_choice)
        else {
            continue;
        };
        for (namespace, objects) in by_namespace {
            let Some(labels) = namespace_labels.get(namespace) else {
                continue;
            };
            for (workload, candidate) in objects {
                if candidate
                    .pod_labels()
                    .is_some_and(|pods| choice.selects(labels, pods))
                {
                    relations.insert((id, *workload, Relation::ClusterPolicyApplies));
                }
            }
        }
    }
}

/// Workloads the selector peers of one rule name. IP blocks never select pods; a rule without
/// peers admits everyone and is not drawn as individual edges.
pub(super) fn peer_workloads(
    peers: &[NetworkPolicyPeer],
    policy_namespace: &str,
    by_namespace: &BTreeMap<&str, Vec<(ObjectId, &Object)>>,
    namespaces: &mut NamespaceMatches<'_>,
) -> Vec<ObjectId> {
    let mut found = Vec::new();
    for peer in peers {
        if peer.ip_block.is_some()
            || (peer.pod_selector.is_none() && peer.namespace_selector.is_none())
        {
            continue;
        }
        let own = [policy_namespace];
        let selected: &[&str] = match &peer.namespace_selector {
            None => &own,
            Some(selector) => namespaces.matching(selector),
        };
        // No pod selector selects every pod of the namespaces (the empty selector).
        let every_pod = LabelSelector::default();
        let pod_selector = peer.pod_selector.as_ref().unwrap_or(&every_pod);
        for ns in selected {
            for (id, object) in by_namespace.get(ns).into_iter().flatten() {
                if object
                    .pod_labels()
                    .is_some_and(|labels| selector_matches(pod_selector, labels))
                {
                    found.push(*id);
                }
            }
        }
    }
    found
}
