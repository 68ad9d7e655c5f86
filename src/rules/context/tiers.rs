//! The cluster policy tiers as the rules read them: compiled by `reach` (one meaning of every
//! field), with what each subject and rule selects among the design's workloads as `reach` groups
//! them, and which workloads NetworkPolicies isolate. Built once per pass, and only for a design
//! that has cluster policies.

use std::collections::BTreeMap;

use super::Context;
use crate::model::{Labels, Model, ObjectId, Resource};
use crate::reach::policy::{self, CompiledPolicy, Direction, PolicyError};
use crate::reach::tiers::{self, CompiledTierPolicy, PodChoice, TierPeer};
use crate::reach::workload::{self, Workload};

/// The cluster policies of a design, compiled, with what their selectors match.
#[derive(Debug)]
pub struct ClusterTiers {
    /// The valid cluster policies, in evaluation order.
    pub policies: Vec<CompiledTierPolicy>,
    /// The problems of the invalid ones, by object (they are left out of `policies`).
    pub errors: BTreeMap<ObjectId, Vec<PolicyError>>,
    /// The design's workloads, as `reach` groups them (sorted by id).
    pub workloads: Vec<Workload>,
    /// Every namespace in use with its labels (the implicit name label included).
    pub namespaces: BTreeMap<String, Labels>,
    /// Per policy, per workload: whether the subject selects it.
    subjects: Vec<Vec<bool>>,
    /// Per policy, per direction (ingress, egress), per rule, per workload: whether a peer of
    /// the rule matches it.
    peers: Vec<[Vec<Vec<bool>>; 2]>,
    /// The valid NetworkPolicies, compiled.
    network_policies: Vec<CompiledPolicy>,
}

/// The index of a direction in the per-direction arrays.
fn slot(direction: Direction) -> usize {
    match direction {
        Direction::Ingress => 0,
        Direction::Egress => 1,
    }
}

impl ClusterTiers {
    /// Compiles the cluster policies of `model` (`None` when it has none: nothing else is built).
    #[must_use]
    pub fn of(model: &Model) -> Option<ClusterTiers> {
        // Every rule pass asks this (the "not isolated" rules too), so the common answer, no
        // cluster policy, must stay cheap: the API group is compared before the kind is derived.
        let group = crate::model::cluster_policy::GROUP;
        let has_cluster_policy = model.objects().any(|(_, o)| {
            o.api_version()
                .strip_prefix(group)
                .is_some_and(|rest| rest.starts_with('/'))
                && o.kind().is_cluster_policy()
        });
        if !has_cluster_policy {
            return None;
        }
        let (policies, errors) = tiers::compile_all(model);
        let workloads = workload::workloads(model);
        let mut namespaces: BTreeMap<String, Labels> = BTreeMap::new();
        for name in model
            .all_namespace_names()
            .into_iter()
            .chain(workloads.iter().map(|w| w.namespace.clone()))
        {
            if let std::collections::btree_map::Entry::Vacant(slot) = namespaces.entry(name) {
                let labels = model.namespace_labels(slot.key());
                slot.insert(labels);
            }
        }
        let empty = Labels::new();
        let choose = |choice: &PodChoice| -> Vec<bool> {
            workloads
                .iter()
                .map(|w| choice.selects(namespaces.get(&w.namespace).unwrap_or(&empty), &w.labels))
                .collect()
        };
        let subjects = policies.iter().map(|p| choose(&p.subject)).collect();
        let rule_peers = |rules: &[tiers::TierRule]| -> Vec<Vec<bool>> {
            rules
                .iter()
                .map(|rule| {
                    let mut matched = vec![false; workloads.len()];
                    for peer in &rule.peers {
                        if let TierPeer::Workloads(choice) = peer {
                            for (flag, hit) in matched.iter_mut().zip(choose(choice)) {
                                *flag |= hit;
                            }
                        }
                    }
                    matched
                })
                .collect()
        };
        let peers = policies
            .iter()
            .map(|p| [rule_peers(&p.ingress), rule_peers(&p.egress)])
            .collect();
        let network_policies = model
            .objects_sorted()
            .into_iter()
            .filter_map(|(id, object)| match object.resource() {
                Resource::NetworkPolicy(np) => {
                    let namespace = object.effective_namespace().unwrap_or("default");
                    policy::compile(id, np, namespace).ok()
                }
                _ => None,
            })
            .collect();
        Some(ClusterTiers {
            policies,
            errors,
            workloads,
            namespaces,
            subjects,
            peers,
            network_policies,
        })
    }

    /// The position of the valid policy `object` in [`ClusterTiers::policies`].
    #[must_use]
    pub fn position(&self, object: ObjectId) -> Option<usize> {
        self.policies.iter().position(|p| p.object == object)
    }

    /// The workloads the subject of policy `p` selects.
    #[must_use]
    pub fn subjects(&self, p: usize) -> Vec<usize> {
        self.subjects
            .get(p)
            .into_iter()
            .flat_map(|flags| flags.iter().enumerate())
            .filter_map(|(w, &hit)| hit.then_some(w))
            .collect()
    }

    /// Whether the subject of policy `p` selects workload `w`.
    #[must_use]
    pub fn selects(&self, p: usize, w: usize) -> bool {
        self.subjects
            .get(p)
            .and_then(|flags| flags.get(w))
            .copied()
            .unwrap_or(false)
    }

    /// Whether a peer of rule `r` of policy `p` (direction `direction`) matches workload `w`.
    #[must_use]
    pub fn rule_matches(&self, p: usize, direction: Direction, r: usize, w: usize) -> bool {
        self.peers
            .get(p)
            .and_then(|both| both.get(slot(direction)))
            .and_then(|rules| rules.get(r))
            .and_then(|flags| flags.get(w))
            .copied()
            .unwrap_or(false)
    }

    /// The labels of the namespace of workload `w`.
    #[must_use]
    pub fn namespace_labels_of(&self, w: usize) -> Option<&Labels> {
        self.workloads
            .get(w)
            .and_then(|workload| self.namespaces.get(&workload.namespace))
    }

    /// Whether some valid NetworkPolicy selects workload `w` and isolates it for `direction`.
    #[must_use]
    pub fn np_isolated(&self, w: usize, direction: Direction) -> bool {
        let Some(workload) = self.workloads.get(w) else {
            return false;
        };
        self.network_policies.iter().any(|np| {
            np.namespace == workload.namespace
                && np.rules(direction).is_some()
                && crate::model::selector::selector_matches(&np.pod_selector, &workload.labels)
        })
    }

    /// The valid NetworkPolicies of `namespace` that deny everything in `direction` to every pod
    /// of it (`podSelector: {}`, the direction isolated, no rules for it).
    #[must_use]
    pub fn default_denies(&self, namespace: &str, direction: Direction) -> Vec<&CompiledPolicy> {
        self.network_policies
            .iter()
            .filter(|np| {
                np.namespace == namespace
                    && crate::model::selector::selector_is_empty(&np.pod_selector)
                    && np.rules(direction).is_some_and(<[_]>::is_empty)
            })
            .collect()
    }
}

impl Context<'_> {
    /// The cluster policy tiers of the whole design (`None` when it has no cluster policy). The
    /// answer reads every object, so a rule that reports from it names the namespace whose
    /// findings depend on it ([`Context::note_design_read`]).
    #[must_use]
    pub fn cluster_tiers(&self) -> Option<&ClusterTiers> {
        self.cluster_tiers
            .get_or_init(|| ClusterTiers::of(self.model))
            .as_ref()
    }
}
