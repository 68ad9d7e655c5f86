//! What the cluster tiers leave to the default allow on a side no NetworkPolicy isolates: the
//! NetworkPolicy rules that speak of "not isolated" (K8S-NP-002, K8S-NP-003) ask it, so that a
//! pod an Admin or Baseline deny covers is not reported as open.
//!
//! The answer is `reach`'s ([`crate::reach::tiers::falls_to_default`] over the rules as `reach`
//! compiled them), asked once per class of ends that the rules cannot tell apart. The ends are
//! the design's workloads, a pod outside the design and, for egress, every external address
//! range the rules cut. Ingress from outside the cluster is not asked: a cluster-tier ingress
//! rule has no peer that could match it, so no tier can decide it.

use std::collections::HashSet;

use super::End;
use crate::reach::Direction;
use crate::reach::tiers::{Action, Tier, TierPeer, TierRule};
use crate::reach::{Conn, tiers};
use crate::rules::context::ClusterTiers;

/// The first end (workloads first, then a pod outside the design, then external addresses) some
/// of whose traffic in `direction` falls through every tier to the default allow, for a pod that
/// the policies at `policies` (positions in [`ClusterTiers::policies`], ascending) select and no
/// NetworkPolicy isolates; `None` when the tiers decide all of it. `subject` is the pod's
/// workload, whose named ports ingress rules resolve on; `None` stands for a pod not in the
/// design yet, on which named ports match nothing.
#[must_use]
pub(crate) fn left_to_default(
    tiers: &ClusterTiers,
    policies: &[usize],
    subject: Option<usize>,
    direction: Direction,
) -> Option<End> {
    let rules: Vec<(usize, usize, Tier, &TierRule)> = policies
        .iter()
        .filter_map(|&p| tiers.policies.get(p).map(|policy| (p, policy)))
        .flat_map(|(p, policy)| {
            policy
                .rules(direction)
                .iter()
                .enumerate()
                .map(move |(r, rule)| (p, r, policy.tier, rule))
        })
        .collect();
    let mut ends: Vec<End> = (0..tiers.workloads.len()).map(End::Workload).collect();
    ends.push(End::Outside);
    if direction == Direction::Egress {
        let mut cuts: Vec<u64> = vec![0];
        for (_, _, _, rule) in &rules {
            for range in rule.addresses.ranges() {
                cuts.extend([u64::from(range.first), u64::from(range.last) + 1]);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        ends.extend(
            cuts.into_iter()
                .filter_map(|start| u32::try_from(start).ok())
                .map(End::Address),
        );
    }
    // Egress named ports resolve on the other end, so each workload is its own class then.
    let named = direction == Direction::Egress && rules.iter().any(|r| r.3.has_named_ports());
    let mut decided: HashSet<(Vec<usize>, Option<End>)> = HashSet::new();
    for end in ends {
        let matched: Vec<usize> = rules
            .iter()
            .enumerate()
            .filter(|(_, (p, r, _, rule))| match end {
                End::Workload(w) => tiers.rule_matches(*p, direction, *r, w),
                End::Outside => rule.peers.iter().any(
                    |peer| matches!(peer, TierPeer::Workloads(choice) if choice.is_everything()),
                ),
                End::Address(address) => rule.addresses.contains(address),
            })
            .map(|(k, _)| k)
            .collect();
        let class = (
            matched,
            (named && matches!(end, End::Workload(_))).then_some(end),
        );
        if decided.contains(&class) {
            continue;
        }
        let destination = match (direction, end) {
            (Direction::Ingress, _) => subject.and_then(|s| tiers.workloads.get(s)),
            (Direction::Egress, End::Workload(w)) => tiers.workloads.get(w),
            (Direction::Egress, _) => None,
        };
        let conns: Vec<(Tier, Action, Conn)> = class
            .0
            .iter()
            .filter_map(|&k| rules.get(k))
            .map(|(_, _, tier, rule)| (*tier, rule.action, rule.conn_for(destination)))
            .collect();
        let refs: Vec<(Tier, Action, &Conn)> = conns.iter().map(|(t, a, c)| (*t, *a, c)).collect();
        if !tiers::falls_to_default(&refs).is_empty() {
            return Some(end);
        }
        decided.insert(class);
    }
    None
}
