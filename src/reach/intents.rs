//! Drawn traffic against computed reachability: which intents the policies block, and which
//! allowed connections nobody intended (for the overlay's colours).

use super::engine::Reachability;
use super::ports::{Conn, PortSet};
use crate::model::TrafficIntent;

/// The comparison of intents with what the policies allow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntentCheck {
    /// Intents whose port is not allowed (or whose ends are not workloads of the design).
    pub blocked: Vec<TrafficIntent>,
    /// Workload pairs (source index, destination index) with allowed traffic beyond the intents,
    /// and that extra part.
    pub unintended: Vec<(usize, usize, Conn)>,
}

/// Compares `intents`, and the traffic of the design's Gateway API routes
/// ([`Reachability::routed`]), with `reach`. Pairs are workload indices of `reach`.
#[must_use]
pub fn check_intents(reach: &Reachability, intents: &[TrafficIntent]) -> IntentCheck {
    let n = reach.workloads().len();
    let mut intended: Vec<Conn> = vec![Conn::none(); n * n];
    let mut result = IntentCheck::default();
    for intent in intents.iter().chain(reach.routed()) {
        let ends = (reach.workload_of(intent.from), reach.workload_of(intent.to));
        let (Some(src), Some(dst)) = ends else {
            result.blocked.push(*intent);
            continue;
        };
        if !reach.conn(src, dst).allows(intent.port, intent.protocol) {
            result.blocked.push(*intent);
        }
        if let Some(slot) = intended.get_mut(src * n + dst) {
            *slot = slot.union(&Conn::of(intent.protocol, PortSet::single(intent.port)));
        }
    }
    for src in 0..n {
        for dst in 0..n {
            let allowed = reach.conn(src, dst);
            if allowed.is_empty() {
                continue;
            }
            let extra = intended
                .get(src * n + dst)
                .map_or_else(|| allowed.clone(), |i| allowed.difference(i));
            if !extra.is_empty() {
                result.unintended.push((src, dst, extra));
            }
        }
    }
    result
}
