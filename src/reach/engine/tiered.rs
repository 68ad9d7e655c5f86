//! The cluster tiers in the matrix: per workload and direction, the NetworkPolicy row (or "not
//! isolated") is combined with the Admin and Baseline rules that apply to it
//! ([`crate::reach::tiers::decide`]), exactly, over interval sets.
//!
//! Workloads no cluster policy selects keep their NetworkPolicy row unchanged, so a design without
//! cluster policies evaluates exactly as before. A cluster-policy edit recompiles the tiers (a few
//! dozen policies) and recomputes only the rows and columns of the workloads the edited policies'
//! old or new subjects select: a policy's rules apply to its subject's pods alone, so its
//! priority and rules change nothing else.

use std::collections::HashMap;

use super::Reachability;
use crate::model::{Kind, Model, ObjectId};
use crate::reach::conn_table::{ConnId, ConnTable};
use crate::reach::ipset::IpRange;
use crate::reach::per_direction::set;
use crate::reach::policy::Direction;
use crate::reach::ports::Conn;
use crate::reach::tiers::{self, CompiledTierPolicy, PodChoice, Tier, TierPeer};

/// A valid cluster policy and what its selectors match in the current design.
#[derive(Clone, Debug)]
pub(super) struct TierEntry {
    pub(super) policy: CompiledTierPolicy,
    /// Per workload: whether the subject selects it.
    pub(super) subjects: Vec<bool>,
    /// Per ingress rule, per workload: whether a peer of the rule matches it.
    pub(super) ingress_peers: Vec<Vec<bool>>,
    pub(super) egress_peers: Vec<Vec<bool>>,
}

impl TierEntry {
    pub(super) fn peers(&self, direction: Direction) -> &[Vec<bool>] {
        match direction {
            Direction::Ingress => &self.ingress_peers,
            Direction::Egress => &self.egress_peers,
        }
    }
}

impl Reachability {
    /// Compiles the cluster policies of the design and records what their selectors match, or
    /// their errors.
    pub(super) fn add_tiers(&mut self, model: &Model) {
        let (valid, errors) = tiers::compile_all(model);
        self.errors.extend(errors);
        let gaps = self.label_gaps(model);
        let mut kept = Vec::new();
        for policy in valid {
            let problems = tiers::label_gap_errors(&policy, &gaps);
            if problems.is_empty() {
                kept.push(policy);
            } else {
                self.errors
                    .entry(policy.object)
                    .or_default()
                    .extend(problems);
            }
        }
        self.tiers = kept
            .into_iter()
            .map(|policy| {
                let subjects = self.choose(&policy.subject);
                let peers = |rules: &[tiers::TierRule]| -> Vec<Vec<bool>> {
                    rules
                        .iter()
                        .map(|rule| {
                            let mut matched = vec![false; self.workloads.len()];
                            for peer in &rule.peers {
                                if let TierPeer::Workloads(choice) = peer {
                                    for (flag, hit) in matched.iter_mut().zip(self.choose(choice)) {
                                        *flag |= hit;
                                    }
                                }
                            }
                            matched
                        })
                        .collect()
                };
                TierEntry {
                    ingress_peers: peers(&policy.ingress),
                    egress_peers: peers(&policy.egress),
                    subjects,
                    policy,
                }
            })
            .collect();
        // Workloads with the same named ports resolve a named-port rule alike.
        let mut classes: HashMap<&[(String, crate::model::Protocol, u16)], u64> = HashMap::new();
        let port_classes: Vec<u64> = self
            .workloads
            .iter()
            .map(|w| {
                let next = classes.len() as u64;
                *classes.entry(w.named_ports.as_slice()).or_insert(next)
            })
            .collect();
        self.port_classes = port_classes;
    }

    /// The workloads whose pods differ in labels.
    fn label_gaps(&self, model: &Model) -> Vec<tiers::LabelGap> {
        let mut gaps = Vec::new();
        for w in self.workloads.iter().filter(|w| w.objects.len() > 1) {
            let pods: Vec<(String, crate::model::Labels)> = w
                .objects
                .iter()
                .filter_map(|id| model.get(*id))
                .map(|o| {
                    (
                        o.name().to_owned(),
                        o.pod_labels().cloned().unwrap_or_default(),
                    )
                })
                .collect();
            if pods
                .windows(2)
                .any(|pair| pair.first().map(|p| &p.1) != pair.get(1).map(|p| &p.1))
            {
                gaps.push(tiers::LabelGap {
                    workload: w.id.clone(),
                    pods,
                });
            }
        }
        gaps
    }

    /// Per workload: whether `choice` selects it.
    fn choose(&self, choice: &PodChoice) -> Vec<bool> {
        let mut chosen = vec![false; self.workloads.len()];
        for (ns, labels) in &self.namespaces {
            for w in self.namespace_workloads.get(ns).into_iter().flatten() {
                let matches = self
                    .workloads
                    .get(*w)
                    .is_some_and(|workload| choice.selects(labels, &workload.labels));
                if let Some(flag) = chosen.get_mut(*w) {
                    *flag = matches;
                }
            }
        }
        chosen
    }

    /// Whether the object is (or was, in this evaluation) a cluster policy.
    pub(super) fn is_tier_object(&self, id: ObjectId) -> bool {
        self.tiers.iter().any(|t| t.policy.object == id)
            || self
                .errors
                .get(&id)
                .into_iter()
                .flatten()
                .any(|e| e.kind != "NetworkPolicy")
    }

    /// Re-evaluates after the cluster policies `changed` were added, edited or removed.
    pub(super) fn update_tiers(&mut self, model: &Model, changed: &[ObjectId]) {
        let n = self.workloads.len();
        let mut affected = vec![false; n];
        let mut mark = |tiers: &[TierEntry]| {
            for entry in tiers.iter().filter(|t| changed.contains(&t.policy.object)) {
                for (flag, hit) in affected.iter_mut().zip(&entry.subjects) {
                    *flag |= *hit;
                }
            }
        };
        mark(&self.tiers);
        // Every tier policy is compiled again (their order depends on all of them); their errors
        // are the ones not about a NetworkPolicy.
        self.errors
            .retain(|_, list| list.iter().all(|e| e.kind == Kind::NetworkPolicy.as_str()));
        self.add_tiers(model);
        mark(&self.tiers);
        let touched: Vec<usize> = (0..n).filter(|w| affected.get(*w) == Some(&true)).collect();
        for w in &touched {
            self.compute_row(Direction::Ingress, *w);
            self.compute_row(Direction::Egress, *w);
        }
        for src in &touched {
            self.compute_matrix_row(*src);
        }
        for dst in &touched {
            for src in 0..n {
                self.compute_cell(src, *dst);
            }
        }
    }

    /// Combines workload `w`'s NetworkPolicy row and external ranges for `direction` with the
    /// cluster-tier rules that apply to it.
    pub(super) fn apply_tiers(&mut self, direction: Direction, w: usize) {
        // (tier, action, rule, peer flags) of the rules that apply, in evaluation order.
        let applicable: Vec<(Tier, &tiers::TierRule, &Vec<bool>)> = self
            .tiers
            .iter()
            .filter(|t| t.subjects.get(w).copied().unwrap_or(false))
            .flat_map(|t| {
                t.policy
                    .rules(direction)
                    .iter()
                    .zip(t.peers(direction))
                    .map(move |(rule, peers)| (t.policy.tier, rule, peers))
            })
            .collect();
        if applicable.is_empty() {
            return;
        }
        let n = self.workloads.len();
        let np_row = self.rows.get(direction).get(w).cloned().flatten();
        let named = direction == Direction::Egress
            && applicable.iter().any(|(_, r, _)| r.has_named_ports());
        // Many peers see the same rules and the same NetworkPolicy verdict: decide each
        // combination once. The key is built in one reused buffer (the matched rules as bits,
        // then the NetworkPolicy verdict, then the destination's named-port class when named
        // ports matter) and copied only when a combination is new: a 2,000-workload design asks
        // millions of times.
        let words = applicable.len().div_ceil(64);
        let mut decided: HashMap<Vec<u64>, ConnId> = HashMap::new();
        let mut key: Vec<u64> = Vec::with_capacity(words + 2);
        let mut row = vec![ConnId::NONE; n];
        for (peer, cell) in row.iter_mut().enumerate() {
            key.clear();
            key.resize(words, 0);
            for (k, (_, _, peers)) in applicable.iter().enumerate() {
                if peers.get(peer).copied().unwrap_or(false)
                    && let Some(word) = key.get_mut(k / 64)
                {
                    *word |= 1 << (k % 64);
                }
            }
            let np = np_row
                .as_ref()
                .map(|r| r.get(peer).copied().unwrap_or(ConnId::NONE));
            key.push(np.map_or(u64::MAX, |id| u64::from(id.index())));
            key.push(if named {
                self.port_classes.get(peer).copied().unwrap_or(u64::MAX)
            } else {
                u64::MAX
            });
            if let Some(id) = decided.get(key.as_slice()) {
                *cell = *id;
                continue;
            }
            // Ports resolve on the destination: this workload for ingress, the peer for egress.
            let destination = match direction {
                Direction::Ingress => self.workloads.get(w),
                Direction::Egress => self.workloads.get(peer),
            };
            let conns: Vec<(Tier, tiers::Action, Conn)> = applicable
                .iter()
                .enumerate()
                .filter(|(k, _)| {
                    key.get(k / 64)
                        .is_some_and(|word| word & (1 << (k % 64)) != 0)
                })
                .map(|(_, (tier, rule, _))| (*tier, rule.action, rule.conn_for(destination)))
                .collect();
            let refs: Vec<(Tier, tiers::Action, &Conn)> =
                conns.iter().map(|(t, a, c)| (*t, *a, c)).collect();
            let lower = np.map(|id| self.conns.get(id).clone());
            let id = self.conns.intern(tiers::decide(&refs, lower.as_ref()));
            decided.insert(key.clone(), id);
            *cell = id;
        }
        let np_ranges = self
            .addresses
            .get(direction)
            .get(w)
            .cloned()
            .unwrap_or_default();
        let painted = paint_addresses(
            &mut self.conns,
            &applicable,
            np_row.is_some().then_some(np_ranges.as_slice()),
        );
        set(self.rows.get_mut(direction), w, Some(row));
        set(self.addresses.get_mut(direction), w, painted);
    }

    /// The valid cluster policies, in evaluation order (Admin tier by priority, then Baseline).
    pub fn tier_policies(&self) -> impl Iterator<Item = &CompiledTierPolicy> {
        self.tiers.iter().map(|t| &t.policy)
    }

    /// Whether the subject of the cluster policy at `index` (of [`Reachability::tier_policies`])
    /// selects workload `w`.
    #[must_use]
    pub fn tier_selects(&self, index: usize, w: usize) -> bool {
        self.tiers
            .get(index)
            .and_then(|t| t.subjects.get(w))
            .copied()
            .unwrap_or(false)
    }

    /// Whether a workload peer of rule `rule` (in `direction`) of the cluster policy at `index`
    /// matches workload `w`.
    #[must_use]
    pub fn tier_rule_matches(
        &self,
        index: usize,
        direction: Direction,
        rule: usize,
        w: usize,
    ) -> bool {
        self.tiers
            .get(index)
            .and_then(|t| t.peers(direction).get(rule))
            .and_then(|flags| flags.get(w))
            .copied()
            .unwrap_or(false)
    }
}

/// The external ranges of one side with the tiers applied: the address space cut at every
/// boundary of the NetworkPolicy ranges (`network_policies`, `None` when no NetworkPolicy isolates
/// the side) and of the rules' networks, each elementary range decided at its first address.
/// Ranges with nothing allowed are left out; adjacent equal ranges are merged.
fn paint_addresses(
    conns: &mut ConnTable,
    applicable: &[(Tier, &tiers::TierRule, &Vec<bool>)],
    network_policies: Option<&[(IpRange, ConnId)]>,
) -> Vec<(IpRange, ConnId)> {
    let mut cuts: Vec<u64> = vec![0, 1 << 32];
    for (range, _) in network_policies.into_iter().flatten() {
        cuts.extend([u64::from(range.first), u64::from(range.last) + 1]);
    }
    for (_, rule, _) in applicable {
        for range in rule.addresses.ranges() {
            cuts.extend([u64::from(range.first), u64::from(range.last) + 1]);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut painted: Vec<(IpRange, ConnId)> = Vec::new();
    for pair in cuts.windows(2) {
        let (Some(&start), Some(&end)) = (pair.first(), pair.get(1)) else {
            continue;
        };
        let (Ok(first), Ok(last)) = (u32::try_from(start), u32::try_from(end - 1)) else {
            continue;
        };
        let matched: Vec<(Tier, tiers::Action, Conn)> = applicable
            .iter()
            .filter(|(_, rule, _)| rule.addresses.contains(first))
            .map(|(tier, rule, _)| (*tier, rule.action, rule.conn_for(None)))
            .collect();
        let refs: Vec<(Tier, tiers::Action, &Conn)> =
            matched.iter().map(|(t, a, c)| (*t, *a, c)).collect();
        let lower = network_policies.map(|ranges| {
            ranges
                .iter()
                .find(|(range, _)| range.contains(first))
                .map_or_else(Conn::none, |(_, id)| conns.get(*id).clone())
        });
        let id = conns.intern(tiers::decide(&refs, lower.as_ref()));
        if id == ConnId::NONE {
            continue;
        }
        match painted.last_mut() {
            Some((range, c)) if *c == id && u64::from(range.last) + 1 == start => {
                range.last = last;
            }
            _ => painted.push((IpRange { first, last }, id)),
        }
    }
    painted
}
