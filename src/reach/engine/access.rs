//! Reading the evaluation: workloads, connections, isolation, policies and errors.

use super::Reachability;
use crate::model::{Labels, ObjectId, TrafficIntent};
use crate::reach::conn_table::ConnId;
use crate::reach::ipset::IpRange;
use crate::reach::policy::{CompiledPolicy, Direction, PolicyError};
use crate::reach::ports::Conn;
use crate::reach::workload::Workload;

impl Reachability {
    /// The workloads, sorted by id; indices into this slice name workloads everywhere else.
    #[must_use]
    pub fn workloads(&self) -> &[Workload] {
        &self.workloads
    }

    /// The traffic the design's Gateway API routes imply, Gateway → backend workload objects
    /// (sorted): it counts as drawn traffic.
    #[must_use]
    pub fn routed(&self) -> &[TrafficIntent] {
        &self.routed
    }

    /// The index of the workload `namespace/name`.
    #[must_use]
    pub fn workload_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The index of the workload a design object (Deployment, Pod…) belongs to.
    #[must_use]
    pub fn workload_of(&self, object: ObjectId) -> Option<usize> {
        self.by_object.get(&object).copied()
    }

    /// Connections `src` may open to `dst` (nothing for a workload to itself or a bad index).
    #[must_use]
    pub fn conn(&self, src: usize, dst: usize) -> &Conn {
        let n = self.workloads.len();
        let id = if src < n && dst < n {
            self.matrix
                .get(src * n + dst)
                .copied()
                .unwrap_or(ConnId::NONE)
        } else {
            ConnId::NONE
        };
        self.conns.get(id)
    }

    /// Whether some policy selects the workload for this direction (then only what its rules
    /// allow passes).
    #[must_use]
    pub fn is_isolated(&self, workload: usize, direction: Direction) -> bool {
        self.selected_by
            .get(direction)
            .get(workload)
            .is_some_and(|list| !list.is_empty())
    }

    /// The valid policies that select the workload for this direction, by object id.
    #[must_use]
    pub fn policies_selecting(&self, workload: usize, direction: Direction) -> &[ObjectId] {
        self.selected_by
            .get(direction)
            .get(workload)
            .map_or(&[], Vec::as_slice)
    }

    /// External ranges with what is allowed: for ingress, from the range into the workload; for
    /// egress, from the workload to the range. Sorted, disjoint; adjacent ranges differ.
    #[must_use]
    pub fn external(&self, workload: usize, direction: Direction) -> Vec<(IpRange, &Conn)> {
        self.addresses
            .get(direction)
            .get(workload)
            .into_iter()
            .flatten()
            .map(|(range, id)| (*range, self.conns.get(*id)))
            .collect()
    }

    /// What the workload allows in one direction from/to another workload, before the other
    /// side's policies are applied (everything when not isolated).
    #[must_use]
    pub fn one_side(&self, workload: usize, direction: Direction, other: usize) -> &Conn {
        let id = match self.rows.get(direction).get(workload) {
            Some(Some(row)) => row.get(other).copied().unwrap_or(ConnId::NONE),
            Some(None) => ConnId::ALL,
            None => ConnId::NONE,
        };
        self.conns.get(id)
    }

    /// A valid policy, compiled.
    #[must_use]
    pub fn policy(&self, id: ObjectId) -> Option<&CompiledPolicy> {
        self.policies.get(&id).map(|e| &e.policy)
    }

    /// Every valid policy, by object id.
    pub fn policies(&self) -> impl Iterator<Item = &CompiledPolicy> {
        self.policies.values().map(|e| &e.policy)
    }

    /// Workloads a valid policy applies to.
    #[must_use]
    pub fn selected(&self, policy: ObjectId) -> &[usize] {
        self.policies
            .get(&policy)
            .map_or(&[], |e| e.selected.as_slice())
    }

    /// Workloads the peers of one rule match (every workload for a rule without peers).
    #[must_use]
    pub fn rule_matches(&self, policy: ObjectId, direction: Direction, rule: usize) -> &[usize] {
        self.policies
            .get(&policy)
            .and_then(|e| e.peers(direction).get(rule))
            .map_or(&[], Vec::as_slice)
    }

    /// Labels of a namespace in use (with `kubernetes.io/metadata.name`).
    #[must_use]
    pub fn namespace_labels(&self, namespace: &str) -> Option<&Labels> {
        self.namespaces.get(namespace)
    }

    /// Invalid policies, sorted by policy and field; they are left out of the analysis.
    #[must_use]
    pub fn errors(&self) -> Vec<&PolicyError> {
        let mut list: Vec<&PolicyError> = self.errors.values().flatten().collect();
        list.sort_by(|a, b| (&a.policy, &a.field).cmp(&(&b.policy, &b.field)));
        list
    }
}
