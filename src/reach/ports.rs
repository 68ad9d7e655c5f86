//! Sets of ports per protocol: the "what" of an allowed connection.
//!
//! A [`PortSet`] is a sorted list of disjoint, non-adjacent inclusive ranges inside 1-65535, so two
//! sets are equal exactly when they allow the same ports. A [`Conn`] holds one set per protocol.

use std::fmt;

use super::intervals;

use crate::model::Protocol;

/// The lowest and highest port a NetworkPolicy can name.
pub const MIN_PORT: u16 = 1;
pub const MAX_PORT: u16 = 65535;

/// Ports of one protocol as sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortSet {
    ranges: Vec<(u16, u16)>,
}

impl PortSet {
    /// No port.
    #[must_use]
    pub fn empty() -> Self {
        PortSet::default()
    }

    /// Every port, 1-65535.
    #[must_use]
    pub fn all() -> Self {
        PortSet {
            ranges: vec![(MIN_PORT, MAX_PORT)],
        }
    }

    /// The inclusive range `first..=last`, clipped to 1-65535 (empty when `first > last`).
    #[must_use]
    pub fn range(first: u16, last: u16) -> Self {
        let first = first.max(MIN_PORT);
        if first > last {
            return PortSet::empty();
        }
        PortSet {
            ranges: vec![(first, last)],
        }
    }

    /// A single port.
    #[must_use]
    pub fn single(port: u16) -> Self {
        PortSet::range(port, port)
    }

    /// Builds a set from any ranges (overlapping, unsorted, adjacent).
    #[must_use]
    pub fn from_ranges(ranges: impl IntoIterator<Item = (u16, u16)>) -> Self {
        let mut list: Vec<(u16, u16)> = ranges
            .into_iter()
            .map(|(a, b)| (a.max(MIN_PORT), b))
            .filter(|(a, b)| a <= b)
            .collect();
        list.sort_unstable();
        let mut merged: Vec<(u16, u16)> = Vec::with_capacity(list.len());
        for (a, b) in list {
            match merged.last_mut() {
                Some(previous) if u32::from(a) <= u32::from(previous.1) + 1 => {
                    previous.1 = previous.1.max(b);
                }
                _ => merged.push((a, b)),
            }
        }
        PortSet { ranges: merged }
    }

    /// The ranges, sorted, disjoint and non-adjacent.
    #[must_use]
    pub fn ranges(&self) -> &[(u16, u16)] {
        &self.ranges
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    #[must_use]
    pub fn is_all(&self) -> bool {
        self.ranges == [(MIN_PORT, MAX_PORT)]
    }

    #[must_use]
    pub fn contains(&self, port: u16) -> bool {
        self.ranges.iter().any(|(a, b)| *a <= port && port <= *b)
    }

    #[must_use]
    pub fn union(&self, other: &PortSet) -> PortSet {
        PortSet::from_ranges(self.ranges.iter().chain(&other.ranges).copied())
    }

    #[must_use]
    pub fn intersect(&self, other: &PortSet) -> PortSet {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while let (Some(&(a1, b1)), Some(&(a2, b2))) = (self.ranges.get(i), other.ranges.get(j)) {
            let (a, b) = (a1.max(a2), b1.min(b2));
            if a <= b {
                out.push((a, b));
            }
            if b1 < b2 {
                i += 1;
            } else {
                j += 1;
            }
        }
        PortSet { ranges: out }
    }

    /// The ports of `self` that are not in `other`.
    #[must_use]
    pub fn difference(&self, other: &PortSet) -> PortSet {
        let widen = |&(a, b): &(u16, u16)| (u64::from(a), u64::from(b));
        let out = intervals::difference(
            self.ranges.iter().map(widen),
            &other.ranges.iter().map(widen),
        );
        PortSet {
            ranges: out
                .into_iter()
                .filter_map(|(a, b)| Some((u16::try_from(a).ok()?, u16::try_from(b).ok()?)))
                .collect(),
        }
    }

    /// The ranges as manifests and netpol-analyzer write them: `"80"`, `"8080-8090"`.
    #[must_use]
    pub fn to_strings(&self) -> Vec<String> {
        self.ranges
            .iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                }
            })
            .collect()
    }
}

/// Allowed ports per protocol (TCP, UDP, SCTP).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Conn {
    ports: [PortSet; 3],
}

fn slot(protocol: Protocol) -> usize {
    match protocol {
        Protocol::Tcp => 0,
        Protocol::Udp => 1,
        Protocol::Sctp => 2,
    }
}

impl Conn {
    /// Nothing allowed.
    #[must_use]
    pub fn none() -> Self {
        Conn::default()
    }

    /// Every port of every protocol.
    #[must_use]
    pub fn all() -> Self {
        Conn {
            ports: [PortSet::all(), PortSet::all(), PortSet::all()],
        }
    }

    /// `ports` of one protocol.
    #[must_use]
    pub fn of(protocol: Protocol, ports: PortSet) -> Self {
        let mut conn = Conn::none();
        conn.ports[slot(protocol)] = ports;
        conn
    }

    /// The allowed ports of one protocol.
    #[must_use]
    pub fn ports(&self, protocol: Protocol) -> &PortSet {
        &self.ports[slot(protocol)]
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ports.iter().all(PortSet::is_empty)
    }

    #[must_use]
    pub fn is_all(&self) -> bool {
        self.ports.iter().all(PortSet::is_all)
    }

    /// Whether `port` of `protocol` is allowed.
    #[must_use]
    pub fn allows(&self, port: u16, protocol: Protocol) -> bool {
        self.ports(protocol).contains(port)
    }

    #[must_use]
    pub fn union(&self, other: &Conn) -> Conn {
        Conn {
            ports: std::array::from_fn(|i| self.ports[i].union(&other.ports[i])),
        }
    }

    #[must_use]
    pub fn intersect(&self, other: &Conn) -> Conn {
        Conn {
            ports: std::array::from_fn(|i| self.ports[i].intersect(&other.ports[i])),
        }
    }

    /// What `self` allows and `other` does not.
    #[must_use]
    pub fn difference(&self, other: &Conn) -> Conn {
        Conn {
            ports: std::array::from_fn(|i| self.ports[i].difference(&other.ports[i])),
        }
    }

    /// Protocols with at least one allowed port, with their ports.
    pub fn protocols(&self) -> impl Iterator<Item = (Protocol, &PortSet)> {
        Protocol::ALL
            .into_iter()
            .map(|p| (p, self.ports(p)))
            .filter(|(_, ports)| !ports.is_empty())
    }
}

impl fmt::Display for Conn {
    /// `All Connections`, `No Connections`, or `TCP 80,8080-8090 UDP 53`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_all() {
            return f.write_str("All Connections");
        }
        if self.is_empty() {
            return f.write_str("No Connections");
        }
        let parts: Vec<String> = self
            .protocols()
            .map(|(p, ports)| format!("{} {}", p.as_str(), ports.to_strings().join(",")))
            .collect();
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_ranges_merges_overlaps_and_neighbours() {
        let set = PortSet::from_ranges([(90, 100), (80, 80), (81, 85), (99, 120), (0, 0)]);
        assert_eq!(set.ranges(), &[(80, 85), (90, 120)]);
        assert_eq!(set.to_strings(), ["80-85", "90-120"]);
    }

    #[test]
    fn intersect_and_difference() {
        let a = PortSet::from_ranges([(1, 100), (200, 300)]);
        let b = PortSet::from_ranges([(50, 250)]);
        assert_eq!(a.intersect(&b).ranges(), &[(50, 100), (200, 250)]);
        assert_eq!(a.difference(&b).ranges(), &[(1, 49), (251, 300)]);
        assert_eq!(b.difference(&a).ranges(), &[(101, 199)]);
        assert!(PortSet::all().difference(&PortSet::all()).is_empty());
        assert_eq!(
            PortSet::all().difference(&PortSet::single(1)).ranges(),
            &[(2, 65535)]
        );
        assert_eq!(
            PortSet::all().difference(&PortSet::single(65535)).ranges(),
            &[(1, 65534)]
        );
    }

    #[test]
    fn conn_display_and_all() {
        assert_eq!(Conn::all().to_string(), "All Connections");
        let c = Conn::of(
            Protocol::Tcp,
            PortSet::from_ranges([(80, 80), (8080, 8090)]),
        )
        .union(&Conn::of(Protocol::Udp, PortSet::single(53)));
        assert_eq!(c.to_string(), "TCP 80,8080-8090 UDP 53");
        assert!(c.allows(8085, Protocol::Tcp));
        assert!(!c.allows(8085, Protocol::Udp));
        assert!(!c.is_all());
        let full = Conn::of(Protocol::Tcp, PortSet::all())
            .union(&Conn::of(Protocol::Udp, PortSet::all()))
            .union(&Conn::of(Protocol::Sctp, PortSet::all()));
        assert!(full.is_all());
    }
}
