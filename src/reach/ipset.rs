//! External IPv4 addresses as sets of inclusive `u32` intervals, and CIDR parsing.
//!
//! IPv6 blocks are parsed and validated (a policy with a broken IPv6 block is still invalid) but
//! contribute no addresses: the analysis covers the IPv4 address space only.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

use super::intervals;

/// An inclusive range of IPv4 addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IpRange {
    pub first: u32,
    pub last: u32,
}

impl IpRange {
    /// The whole IPv4 address space.
    pub const ALL: IpRange = IpRange {
        first: 0,
        last: u32::MAX,
    };

    #[must_use]
    pub fn contains(self, address: u32) -> bool {
        self.first <= address && address <= self.last
    }
}

impl fmt::Display for IpRange {
    /// `ip:A.B.C.D-E.F.G.H`, as netpol-analyzer's cases write external ranges.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ip:{}-{}",
            Ipv4Addr::from(self.first),
            Ipv4Addr::from(self.last)
        )
    }
}

/// Parses `ip:A.B.C.D-E.F.G.H` (the form [`IpRange`] displays).
#[must_use]
pub fn parse_ip_range(text: &str) -> Option<IpRange> {
    let (first, last) = text.strip_prefix("ip:")?.split_once('-')?;
    let first = u32::from(first.parse::<Ipv4Addr>().ok()?);
    let last = u32::from(last.parse::<Ipv4Addr>().ok()?);
    (first <= last).then_some(IpRange { first, last })
}

/// A set of IPv4 addresses: sorted, disjoint, non-adjacent ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IpSet {
    ranges: Vec<IpRange>,
}

impl IpSet {
    #[must_use]
    pub fn empty() -> Self {
        IpSet::default()
    }

    #[must_use]
    pub fn all() -> Self {
        IpSet {
            ranges: vec![IpRange::ALL],
        }
    }

    /// Builds a set from any ranges.
    #[must_use]
    pub fn from_ranges(ranges: impl IntoIterator<Item = IpRange>) -> Self {
        let mut list: Vec<IpRange> = ranges.into_iter().collect();
        list.sort_unstable();
        let mut merged: Vec<IpRange> = Vec::with_capacity(list.len());
        for range in list {
            match merged.last_mut() {
                Some(previous) if u64::from(range.first) <= u64::from(previous.last) + 1 => {
                    previous.last = previous.last.max(range.last);
                }
                _ => merged.push(range),
            }
        }
        IpSet { ranges: merged }
    }

    #[must_use]
    pub fn ranges(&self) -> &[IpRange] {
        &self.ranges
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    #[must_use]
    pub fn contains(&self, address: u32) -> bool {
        self.ranges.iter().any(|r| r.contains(address))
    }

    #[must_use]
    pub fn union(&self, other: &IpSet) -> IpSet {
        IpSet::from_ranges(self.ranges.iter().chain(&other.ranges).copied())
    }

    /// The addresses of `self` outside `other`.
    #[must_use]
    pub fn difference(&self, other: &IpSet) -> IpSet {
        let widen = |r: &IpRange| (u64::from(r.first), u64::from(r.last));
        let out = intervals::difference(
            self.ranges.iter().map(widen),
            &other.ranges.iter().map(widen),
        );
        IpSet {
            ranges: out
                .into_iter()
                .filter_map(|(a, b)| {
                    Some(IpRange {
                        first: u32::try_from(a).ok()?,
                        last: u32::try_from(b).ok()?,
                    })
                })
                .collect(),
        }
    }
}

/// A parsed CIDR block: its family and inclusive address range (IPv6 as `u128`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cidr {
    V4(IpRange),
    V6 { first: u128, last: u128 },
}

impl Cidr {
    /// Parses `A.B.C.D/N` or an IPv6 `addr/N`. Host bits may be set (the API server accepts
    /// them); they are masked off.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let (address, bits) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not a CIDR (expected address/prefix)"))?;
        let address: IpAddr = address
            .parse()
            .map_err(|_| format!("`{text}`: `{address}` is not an IP address"))?;
        let bits: u32 = bits
            .parse()
            .map_err(|_| format!("`{text}`: prefix length `{bits}` is not a number"))?;
        match address {
            IpAddr::V4(v4) => {
                if bits > 32 {
                    return Err(format!("`{text}`: prefix length {bits} is over 32"));
                }
                let host = u32::MAX.checked_shr(bits).unwrap_or(0);
                let first = u32::from(v4) & !host;
                Ok(Cidr::V4(IpRange {
                    first,
                    last: first | host,
                }))
            }
            IpAddr::V6(v6) => {
                if bits > 128 {
                    return Err(format!("`{text}`: prefix length {bits} is over 128"));
                }
                let host = u128::MAX.checked_shr(bits).unwrap_or(0);
                let first = u128::from(v6) & !host;
                Ok(Cidr::V6 {
                    first,
                    last: first | host,
                })
            }
        }
    }

    /// Whether `inner` lies inside `self` and is smaller (what the API requires of `except`).
    #[must_use]
    pub fn strictly_contains(self, inner: Cidr) -> bool {
        match (self, inner) {
            (Cidr::V4(outer), Cidr::V4(inner)) => {
                outer.first <= inner.first
                    && inner.last <= outer.last
                    && (outer.first, outer.last) != (inner.first, inner.last)
            }
            (
                Cidr::V6 { first, last },
                Cidr::V6 {
                    first: inner_first,
                    last: inner_last,
                },
            ) => {
                first <= inner_first
                    && inner_last <= last
                    && (first, last) != (inner_first, inner_last)
            }
            _ => false,
        }
    }

    /// The IPv4 addresses of the block (none for IPv6).
    #[must_use]
    pub fn ipv4(self) -> IpSet {
        match self {
            Cidr::V4(range) => IpSet {
                ranges: vec![range],
            },
            Cidr::V6 { .. } => IpSet::empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> IpRange {
        match Cidr::parse(text) {
            Ok(Cidr::V4(r)) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_cidrs() {
        assert_eq!(
            range("10.0.0.0/8").to_string(),
            "ip:10.0.0.0-10.255.255.255"
        );
        assert_eq!(range("0.0.0.0/0"), IpRange::ALL);
        assert_eq!(range("1.2.3.4/32").to_string(), "ip:1.2.3.4-1.2.3.4");
        // Host bits are masked, as the API server's parser does.
        assert_eq!(range("10.1.2.3/16").to_string(), "ip:10.1.0.0-10.1.255.255");
        assert!(Cidr::parse("10.0.0.0").is_err());
        assert!(Cidr::parse("10.0.0.0/33").is_err());
        assert!(Cidr::parse("10.0.0.300/8").is_err());
        assert!(Cidr::parse("fd00::/8").is_ok());
    }

    #[test]
    fn strict_subset() {
        let outer = Cidr::parse("10.0.0.0/8").unwrap_or(Cidr::V4(IpRange::ALL));
        let inner = Cidr::parse("10.1.0.0/16").unwrap_or(Cidr::V4(IpRange::ALL));
        assert!(outer.strictly_contains(inner));
        assert!(!inner.strictly_contains(outer));
        assert!(!outer.strictly_contains(outer));
    }

    #[test]
    fn difference_splits() {
        let all = IpSet::all();
        let cut = Cidr::parse("10.0.0.0/8")
            .map(Cidr::ipv4)
            .unwrap_or_default();
        let rest = all.difference(&cut);
        let text: Vec<String> = rest.ranges().iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            ["ip:0.0.0.0-9.255.255.255", "ip:11.0.0.0-255.255.255.255"]
        );
        assert_eq!(rest.union(&cut), IpSet::all());
        assert_eq!(
            parse_ip_range("ip:1.0.0.0-1.0.0.255"),
            Some(IpRange {
                first: 0x0100_0000,
                last: 0x0100_00ff
            })
        );
    }
}
