//! The reachability matrix: who may open connections to whom, on which ports.
//!
//! Evaluation order, chosen for speed on large designs:
//! 1. workloads are extracted and indexed (per namespace);
//! 2. each valid policy records the workloads it selects and, per rule, the workloads its peers
//!    match (namespace selectors are evaluated once per namespace, pod selectors only inside the
//!    matching namespaces);
//! 3. per workload, the ingress row (allowed connection from every source) and the egress row
//!    (allowed connection to every destination) are the union over the rules of the policies
//!    selecting it; a workload no policy selects in a direction has no row (everything allowed);
//! 4. a pair's connection is egress(src → dst) ∩ ingress(dst ← src).
//!
//! Connection sets are interned ([`ConnTable`]), so rows and the matrix are arrays of small ids.
//!
//! A policy edit changes only the rows of workloads the old or the new version selects, and the
//! matrix only in those workloads' rows (egress) and columns (ingress):
//! [`Reachability::update_policies`] recomputes exactly those.

mod access;
mod tiered;

use std::collections::{BTreeMap, HashMap};

use super::conn_table::{ConnId, ConnTable};
use super::ipset::{IpRange, IpSet};
use super::per_direction::{PerDirection, set};
use super::policy::{self, CompiledPolicy, Direction, Peer, PolicyError};
use super::progress::Progress;
use super::workload::{self, Workload};
use crate::model::selector::selector_matches;
use crate::model::{Labels, Model, ObjectId, Resource, TrafficIntent};

/// A valid policy and what its selectors match in the current design.
#[derive(Clone, Debug)]
struct PolicyEntry {
    policy: CompiledPolicy,
    /// Workloads the policy applies to (sorted indices).
    selected: Vec<usize>,
    /// Per ingress rule: the workloads its peers match.
    ingress_peers: Vec<Vec<usize>>,
    ingress_addresses: Vec<IpSet>,
    egress_peers: Vec<Vec<usize>>,
    egress_addresses: Vec<IpSet>,
}

impl PolicyEntry {
    fn peers(&self, direction: Direction) -> &[Vec<usize>] {
        match direction {
            Direction::Ingress => &self.ingress_peers,
            Direction::Egress => &self.egress_peers,
        }
    }

    fn addresses(&self, direction: Direction) -> &[IpSet] {
        match direction {
            Direction::Ingress => &self.ingress_addresses,
            Direction::Egress => &self.egress_addresses,
        }
    }
}

/// Allowed connections between the workloads of a design and between them and external IPv4
/// addresses, under NetworkPolicy v1 semantics and the cluster tiers of network-policy-api
/// (`crate::reach::tiers`). See the module documentation for how it is
/// computed and `crate::reach` for the conventions.
#[derive(Clone, Debug)]
pub struct Reachability {
    workloads: Vec<Workload>,
    by_id: HashMap<String, usize>,
    by_object: HashMap<ObjectId, usize>,
    /// Every namespace in use, with its labels (the implicit name label included).
    namespaces: BTreeMap<String, Labels>,
    namespace_workloads: BTreeMap<String, Vec<usize>>,
    policies: BTreeMap<ObjectId, PolicyEntry>,
    errors: BTreeMap<ObjectId, Vec<PolicyError>>,
    /// Per direction, per workload: the policies selecting it (sorted).
    selected_by: PerDirection<Vec<Vec<ObjectId>>>,
    conns: ConnTable,
    /// Per direction, per workload: `None` when not isolated, else the allowance towards every
    /// other workload (ingress: indexed by source; egress: indexed by destination).
    rows: PerDirection<Vec<Option<Vec<ConnId>>>>,
    /// Per direction, per workload: allowed external ranges (ingress: from; egress: to).
    addresses: PerDirection<Vec<Vec<(IpRange, ConnId)>>>,
    /// `matrix[src * n + dst]`.
    matrix: Vec<ConnId>,
    /// Valid cluster-tier policies in evaluation order, with what their selectors match.
    tiers: Vec<tiered::TierEntry>,
    /// Per workload: a class shared by the workloads with the same named container ports (cluster
    /// rules with named ports resolve them on the destination); filled with the tiers.
    port_classes: Vec<u64>,
    /// The traffic the Gateway API routes imply (Gateway data plane → backend workloads): it
    /// counts as drawn traffic ([`super::gateway::route_traffic`]).
    routed: Vec<TrafficIntent>,
}

impl Reachability {
    /// Computes everything for a design.
    #[must_use]
    pub fn compute(model: &Model) -> Reachability {
        Self::evaluate(model, &mut |_| true).0
    }

    /// Computes everything for a design, telling `watch` after every step how far it came; when
    /// `watch` answers `false` the evaluation stops and `None` is returned (cancelled).
    pub fn compute_watched(
        model: &Model,
        watch: &mut dyn FnMut(Progress) -> bool,
    ) -> Option<Reachability> {
        let (reach, complete) = Self::evaluate(model, watch);
        complete.then_some(reach)
    }

    /// The evaluation, and whether it ran to the end (`watch` never said stop).
    fn evaluate(model: &Model, watch: &mut dyn FnMut(Progress) -> bool) -> (Reachability, bool) {
        let workloads = workload::workloads(model);
        let n = workloads.len();
        let mut namespaces: BTreeMap<String, Labels> = model
            .all_namespace_names()
            .into_iter()
            .map(|name| {
                let labels = model.namespace_labels(&name);
                (name, labels)
            })
            .collect();
        let mut namespace_workloads: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_object = HashMap::new();
        for (index, w) in workloads.iter().enumerate() {
            namespace_workloads
                .entry(w.namespace.clone())
                .or_default()
                .push(index);
            namespaces
                .entry(w.namespace.clone())
                .or_insert_with(|| model.namespace_labels(&w.namespace));
            for object in &w.objects {
                by_object.insert(*object, index);
            }
        }
        let by_id = workloads
            .iter()
            .enumerate()
            .map(|(i, w)| (w.id.clone(), i))
            .collect();
        let mut reach = Reachability {
            workloads,
            by_id,
            by_object,
            namespaces,
            namespace_workloads,
            policies: BTreeMap::new(),
            errors: BTreeMap::new(),
            selected_by: PerDirection::both(|| vec![Vec::new(); n]),
            conns: ConnTable::default(),
            rows: PerDirection::both(|| vec![None; n]),
            addresses: PerDirection::both(|| vec![Vec::new(); n]),
            matrix: vec![ConnId::NONE; n * n],
            tiers: Vec::new(),
            port_classes: Vec::new(),
            routed: super::gateway::route_traffic(model, &mut Vec::new()),
        };
        let policies: Vec<_> = model
            .objects()
            .filter(|(_, o)| matches!(o.resource(), Resource::NetworkPolicy(_)))
            .collect();
        let total = policies.len() + 3 * n;
        let mut done = 0;
        let mut step = |done: &mut usize| {
            *done += 1;
            watch(Progress { done: *done, total })
        };
        for (id, object) in policies {
            reach.add_policy(id, object);
            if !step(&mut done) {
                return (reach, false);
            }
        }
        reach.add_tiers(model);
        for w in 0..n {
            reach.compute_row(Direction::Ingress, w);
            reach.compute_row(Direction::Egress, w);
            if !step(&mut done) || !step(&mut done) {
                return (reach, false);
            }
        }
        for src in 0..n {
            reach.compute_matrix_row(src);
            if !step(&mut done) {
                return (reach, false);
            }
        }
        (reach, true)
    }

    /// Whether [`Reachability::update`] with these changes evaluates the design in full (a
    /// workload was added, edited or removed): slow on large designs, so callers may run it
    /// elsewhere.
    #[must_use]
    pub fn update_is_full(&self, model: &Model, changed: &[ObjectId]) -> bool {
        changed.iter().any(|id| {
            self.by_object.contains_key(id) || model.get(*id).is_some_and(workload::runs_pods)
        })
    }

    /// Re-evaluates after the objects `changed` were added, edited or removed in `model` (see
    /// [`changed_objects`](super::changed_objects) to get them from a command). Policy edits are
    /// incremental: only the rows and columns of workloads the old or the new version selects are
    /// recomputed; so are cluster-tier policy edits (the rows and columns of the workloads the
    /// old or the new subject selects). A changed workload recomputes everything; other objects
    /// (Services, Ingresses, config maps…) change nothing. Namespace label edits are not objects:
    /// use [`Reachability::compute`] after them.
    pub fn update(&mut self, model: &Model, changed: &[ObjectId]) {
        if self.update_is_full(model, changed) {
            *self = Reachability::compute(model);
            return;
        }
        // Routes, Services and their ports change the routed traffic, not the policies' verdicts.
        self.routed = super::gateway::route_traffic(model, &mut Vec::new());
        let tier_changes: Vec<ObjectId> = changed
            .iter()
            .copied()
            .filter(|id| {
                self.is_tier_object(*id)
                    || model.get(*id).is_some_and(|o| o.kind().is_cluster_policy())
            })
            .collect();
        if !tier_changes.is_empty() {
            self.update_tiers(model, &tier_changes);
        }
        let mut policies = Vec::new();
        for id in changed {
            let now = model.get(*id);
            let is_policy = now.is_some_and(|o| matches!(o.resource(), Resource::NetworkPolicy(_)));
            if is_policy || self.policies.contains_key(id) || self.errors.contains_key(id) {
                policies.push(*id);
            }
        }
        if !policies.is_empty() {
            self.update_policies(model, &policies);
        }
    }

    /// Replaces the given policies (ids of policies, old or new) and recomputes what they touch.
    fn update_policies(&mut self, model: &Model, changed: &[ObjectId]) {
        let n = self.workloads.len();
        let mut affected = PerDirection::both(|| vec![false; n]);
        let mark = |entry: &PolicyEntry, affected: &mut PerDirection<Vec<bool>>| {
            for direction in [Direction::Ingress, Direction::Egress] {
                if entry.policy.rules(direction).is_some() {
                    for w in &entry.selected {
                        set(affected.get_mut(direction), *w, true);
                    }
                }
            }
        };
        for id in changed {
            self.errors.remove(id);
            if let Some(old) = self.policies.remove(id) {
                mark(&old, &mut affected);
                for list in self
                    .selected_by
                    .ingress
                    .iter_mut()
                    .chain(self.selected_by.egress.iter_mut())
                {
                    list.retain(|p| p != id);
                }
            }
            if let Some(object) = model.get(*id) {
                self.add_policy(*id, object);
                if let Some(new) = self.policies.get(id) {
                    mark(new, &mut affected);
                }
            }
        }
        let marked = |flags: &[bool]| -> Vec<usize> {
            flags
                .iter()
                .enumerate()
                .filter_map(|(w, flag)| flag.then_some(w))
                .collect()
        };
        let (sources, destinations) = (marked(&affected.egress), marked(&affected.ingress));
        for w in &destinations {
            self.compute_row(Direction::Ingress, *w);
        }
        for w in &sources {
            self.compute_row(Direction::Egress, *w);
        }
        for src in &sources {
            self.compute_matrix_row(*src);
        }
        for dst in &destinations {
            for src in 0..n {
                self.compute_cell(src, *dst);
            }
        }
    }

    /// Compiles a policy and records what its selectors match, or its errors.
    fn add_policy(&mut self, id: ObjectId, object: &crate::model::Object) {
        let Resource::NetworkPolicy(policy) = object.resource() else {
            return;
        };
        let namespace = object.effective_namespace().unwrap_or("default");
        match policy::compile(id, policy, namespace) {
            Err(errors) => {
                self.errors.insert(id, errors);
            }
            Ok(compiled) => {
                let selected: Vec<usize> = self
                    .namespace_workloads
                    .get(&compiled.namespace)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|w| {
                        self.workloads
                            .get(*w)
                            .is_some_and(|w| selector_matches(&compiled.pod_selector, &w.labels))
                    })
                    .collect();
                let mut entry = PolicyEntry {
                    selected,
                    ingress_peers: Vec::new(),
                    ingress_addresses: Vec::new(),
                    egress_peers: Vec::new(),
                    egress_addresses: Vec::new(),
                    policy: compiled,
                };
                for rule in entry.policy.ingress.iter().flatten() {
                    entry
                        .ingress_peers
                        .push(self.rule_peers(&entry.policy.namespace, rule.peers.as_deref()));
                    entry.ingress_addresses.push(rule.addresses());
                }
                for rule in entry.policy.egress.iter().flatten() {
                    entry
                        .egress_peers
                        .push(self.rule_peers(&entry.policy.namespace, rule.peers.as_deref()));
                    entry.egress_addresses.push(rule.addresses());
                }
                for direction in [Direction::Ingress, Direction::Egress] {
                    if entry.policy.rules(direction).is_none() {
                        continue;
                    }
                    for w in &entry.selected {
                        if let Some(list) = self.selected_by.get_mut(direction).get_mut(*w) {
                            let at = list.binary_search(&id).unwrap_or_else(|at| at);
                            list.insert(at, id);
                        }
                    }
                }
                self.policies.insert(id, entry);
            }
        }
    }

    /// The workloads a rule's peers match (all workloads for "any peer"), sorted.
    fn rule_peers(&self, policy_namespace: &str, peers: Option<&[Peer]>) -> Vec<usize> {
        let Some(peers) = peers else {
            return (0..self.workloads.len()).collect();
        };
        let mut matched = Vec::new();
        for peer in peers {
            let Peer::Pods { namespace, pods } = peer else {
                continue;
            };
            let in_namespace = |ns: &str, matched: &mut Vec<usize>| {
                for w in self.namespace_workloads.get(ns).into_iter().flatten() {
                    let Some(workload) = self.workloads.get(*w) else {
                        continue;
                    };
                    if pods
                        .as_ref()
                        .is_none_or(|s| selector_matches(s, &workload.labels))
                    {
                        matched.push(*w);
                    }
                }
            };
            match namespace {
                None => in_namespace(policy_namespace, &mut matched),
                Some(selector) => {
                    for (ns, labels) in &self.namespaces {
                        if selector_matches(selector, labels) {
                            in_namespace(ns, &mut matched);
                        }
                    }
                }
            }
        }
        matched.sort_unstable();
        matched.dedup();
        matched
    }

    /// Recomputes one workload's row and external ranges for one direction: its NetworkPolicies,
    /// then the cluster tiers that apply to it.
    fn compute_row(&mut self, direction: Direction, w: usize) {
        self.compute_policy_row(direction, w);
        if !self.tiers.is_empty() {
            self.apply_tiers(direction, w);
        }
    }

    /// The NetworkPolicy part of [`Reachability::compute_row`].
    fn compute_policy_row(&mut self, direction: Direction, w: usize) {
        let (Some(policies), Some(workload)) = (
            self.selected_by.get(direction).get(w),
            self.workloads.get(w),
        ) else {
            return;
        };
        if policies.is_empty() {
            set(self.rows.get_mut(direction), w, None);
            set(
                self.addresses.get_mut(direction),
                w,
                vec![(IpRange::ALL, ConnId::ALL)],
            );
            return;
        }
        let n = self.workloads.len();
        let mut row = vec![ConnId::NONE; n];
        let mut pieces: Vec<(&IpSet, ConnId)> = Vec::new();
        for policy_id in policies {
            let Some(entry) = self.policies.get(policy_id) else {
                continue;
            };
            let rules = entry.policy.rules(direction).unwrap_or_default();
            for ((rule, peers), addresses) in rules
                .iter()
                .zip(entry.peers(direction))
                .zip(entry.addresses(direction))
            {
                match direction {
                    Direction::Ingress => {
                        // Ports resolve on this workload, the destination.
                        let conn = self.conns.intern(rule.conn_for(Some(workload)));
                        for src in peers {
                            if let Some(cell) = row.get_mut(*src) {
                                *cell = self.conns.union(*cell, conn);
                            }
                        }
                        if !addresses.is_empty() && conn != ConnId::NONE {
                            pieces.push((addresses, conn));
                        }
                    }
                    Direction::Egress => {
                        let fixed = self.conns.intern(rule.conn_for(None));
                        for dst in peers {
                            let conn = if rule.has_named_ports() {
                                self.conns.intern(rule.conn_for(self.workloads.get(*dst)))
                            } else {
                                fixed
                            };
                            if let Some(cell) = row.get_mut(*dst) {
                                *cell = self.conns.union(*cell, conn);
                            }
                        }
                        if !addresses.is_empty() && fixed != ConnId::NONE {
                            pieces.push((addresses, fixed));
                        }
                    }
                }
            }
        }
        let painted = self.conns.paint(&pieces);
        set(self.rows.get_mut(direction), w, Some(row));
        set(self.addresses.get_mut(direction), w, painted);
    }

    fn compute_cell(&mut self, src: usize, dst: usize) {
        let n = self.workloads.len();
        let value = if src == dst {
            ConnId::NONE
        } else {
            let side = |direction: Direction, workload: usize, other: usize| match self
                .rows
                .get(direction)
                .get(workload)
            {
                Some(Some(row)) => row.get(other).copied().unwrap_or(ConnId::NONE),
                Some(None) => ConnId::ALL,
                None => ConnId::NONE,
            };
            let out = side(Direction::Egress, src, dst);
            let into = side(Direction::Ingress, dst, src);
            self.conns.intersect(out, into)
        };
        set(&mut self.matrix, src * n + dst, value);
    }

    fn compute_matrix_row(&mut self, src: usize) {
        for dst in 0..self.workloads.len() {
            self.compute_cell(src, dst);
        }
    }
}
