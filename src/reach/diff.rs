//! Connectivity changes between two evaluations (two designs, or before and after an edit).

use std::collections::{BTreeMap, BTreeSet};

use super::engine::Reachability;
use super::ipset::IpRange;
use super::policy::Direction;
use super::ports::Conn;
use super::report::{Allowed, Endpoint};

/// What became allowed and what stopped being allowed. Each entry's `conn` holds only the changed
/// part (e.g. `TCP 443` gained where `TCP 80` was already allowed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReachDiff {
    pub gained: Vec<Allowed>,
    pub lost: Vec<Allowed>,
}

impl ReachDiff {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.gained.is_empty() && self.lost.is_empty()
    }
}

/// The external ranges of one workload and direction, as a piecewise map.
type Ranges = Vec<(IpRange, Conn)>;

fn external_maps(reach: &Reachability) -> BTreeMap<(String, Direction), Ranges> {
    let mut maps = BTreeMap::new();
    for (w, workload) in reach.workloads().iter().enumerate() {
        for direction in [Direction::Ingress, Direction::Egress] {
            let ranges = reach
                .external(w, direction)
                .into_iter()
                .map(|(r, c)| (r, c.clone()))
                .collect();
            maps.insert((workload.id.clone(), direction), ranges);
        }
    }
    maps
}

fn conn_at(ranges: &Ranges, address: u32) -> Option<&Conn> {
    ranges
        .iter()
        .find(|(r, _)| r.contains(address))
        .map(|(_, c)| c)
}

/// `b − a` per elementary range of both maps, merged where adjacent and equal.
fn ranges_minus(b: &Ranges, a: &Ranges) -> Ranges {
    let mut cuts: BTreeSet<u64> = BTreeSet::new();
    for (r, _) in a.iter().chain(b) {
        cuts.insert(u64::from(r.first));
        cuts.insert(u64::from(r.last) + 1);
    }
    let cuts: Vec<u64> = cuts.into_iter().collect();
    let none = Conn::none();
    let mut out: Ranges = Vec::new();
    for pair in cuts.windows(2) {
        let &[start, end] = pair else {
            continue;
        };
        let (Ok(first), Ok(last)) = (u32::try_from(start), u32::try_from(end - 1)) else {
            continue;
        };
        let left = conn_at(b, first).unwrap_or(&none);
        let right = conn_at(a, first).unwrap_or(&none);
        let change = left.difference(right);
        if change.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some((range, conn))
                if *conn == change && u64::from(range.last) + 1 == u64::from(first) =>
            {
                range.last = last;
            }
            _ => out.push((IpRange { first, last }, change)),
        }
    }
    out
}

fn pair_map(reach: &Reachability) -> BTreeMap<(String, String), Conn> {
    let workloads = reach.workloads();
    let mut map = BTreeMap::new();
    for (src, from) in workloads.iter().enumerate() {
        for (dst, to) in workloads.iter().enumerate() {
            let conn = reach.conn(src, dst);
            if src != dst && !conn.is_empty() {
                map.insert((from.id.clone(), to.id.clone()), conn.clone());
            }
        }
    }
    map
}

fn push_ranges(list: &mut Vec<Allowed>, workload: &str, direction: Direction, ranges: Ranges) {
    for (range, conn) in ranges {
        let (from, to) = match direction {
            Direction::Ingress => (Endpoint::Ip(range), Endpoint::Workload(workload.to_owned())),
            Direction::Egress => (Endpoint::Workload(workload.to_owned()), Endpoint::Ip(range)),
        };
        list.push(Allowed { from, to, conn });
    }
}

/// Connections gained and lost from `old` to `new`, matched by workload id (a workload only in
/// one of them gains or loses everything it had).
#[must_use]
pub fn diff(old: &Reachability, new: &Reachability) -> ReachDiff {
    let mut result = ReachDiff::default();
    let (old_pairs, new_pairs) = (pair_map(old), pair_map(new));
    let none = Conn::none();
    let keys: BTreeSet<&(String, String)> = old_pairs.keys().chain(new_pairs.keys()).collect();
    for key in keys {
        let before = old_pairs.get(key).unwrap_or(&none);
        let after = new_pairs.get(key).unwrap_or(&none);
        for (list, change) in [
            (&mut result.gained, after.difference(before)),
            (&mut result.lost, before.difference(after)),
        ] {
            if !change.is_empty() {
                list.push(Allowed {
                    from: Endpoint::Workload(key.0.clone()),
                    to: Endpoint::Workload(key.1.clone()),
                    conn: change,
                });
            }
        }
    }
    let (old_ext, new_ext) = (external_maps(old), external_maps(new));
    let empty = Vec::new();
    let keys: BTreeSet<&(String, Direction)> = old_ext.keys().chain(new_ext.keys()).collect();
    for key in keys {
        let before = old_ext.get(key).unwrap_or(&empty);
        let after = new_ext.get(key).unwrap_or(&empty);
        push_ranges(
            &mut result.gained,
            &key.0,
            key.1,
            ranges_minus(after, before),
        );
        push_ranges(&mut result.lost, &key.0, key.1, ranges_minus(before, after));
    }
    result.gained.sort();
    result.lost.sort();
    result
}
