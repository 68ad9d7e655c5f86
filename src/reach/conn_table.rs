//! Interned connection sets: the matrix stores a small id per pair instead of a [`Conn`], and
//! unions/intersections of ids are memoised. Real clusters have few distinct port sets, so this keeps
//! a 2,000 × 2,000 matrix at 16 MB and most pair operations at a table look-up.

use std::collections::HashMap;

use super::ipset::{IpRange, IpSet};
use super::ports::Conn;

/// Index of an interned [`Conn`] in a [`ConnTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(u32);

impl ConnId {
    /// Nothing allowed (always id 0).
    pub const NONE: ConnId = ConnId(0);
    /// Everything allowed (always id 1).
    pub const ALL: ConnId = ConnId(1);

    /// The id as a number (for compact keys).
    #[must_use]
    pub(crate) fn index(self) -> u32 {
        self.0
    }
}

/// Interner of connection sets with memoised set operations.
#[derive(Clone, Debug)]
pub struct ConnTable {
    conns: Vec<Conn>,
    ids: HashMap<Conn, ConnId>,
    unions: HashMap<(ConnId, ConnId), ConnId>,
    intersections: HashMap<(ConnId, ConnId), ConnId>,
}

impl Default for ConnTable {
    fn default() -> Self {
        let mut table = ConnTable {
            conns: Vec::new(),
            ids: HashMap::new(),
            unions: HashMap::new(),
            intersections: HashMap::new(),
        };
        table.intern(Conn::none());
        table.intern(Conn::all());
        table
    }
}

impl ConnTable {
    /// The id of `conn`, adding it when new.
    pub fn intern(&mut self, conn: Conn) -> ConnId {
        if let Some(id) = self.ids.get(&conn) {
            return *id;
        }
        // More than 4 billion distinct port sets cannot occur: each comes from a policy rule.
        let id = ConnId(u32::try_from(self.conns.len()).unwrap_or(u32::MAX));
        self.conns.push(conn.clone());
        self.ids.insert(conn, id);
        id
    }

    /// The set behind an id (nothing for an id from another table).
    #[must_use]
    pub fn get(&self, id: ConnId) -> &Conn {
        static NONE: std::sync::LazyLock<Conn> = std::sync::LazyLock::new(Conn::none);
        usize::try_from(id.0)
            .ok()
            .and_then(|i| self.conns.get(i))
            .unwrap_or(&NONE)
    }

    pub fn union(&mut self, a: ConnId, b: ConnId) -> ConnId {
        if a == b || b == ConnId::NONE || a == ConnId::ALL {
            return a;
        }
        if a == ConnId::NONE || b == ConnId::ALL {
            return b;
        }
        let key = if a < b { (a, b) } else { (b, a) };
        if let Some(id) = self.unions.get(&key) {
            return *id;
        }
        let conn = self.get(a).union(self.get(b));
        let id = self.intern(conn);
        self.unions.insert(key, id);
        id
    }

    pub fn intersect(&mut self, a: ConnId, b: ConnId) -> ConnId {
        if a == b || b == ConnId::ALL || a == ConnId::NONE {
            return a;
        }
        if a == ConnId::ALL || b == ConnId::NONE {
            return b;
        }
        let key = if a < b { (a, b) } else { (b, a) };
        if let Some(id) = self.intersections.get(&key) {
            return *id;
        }
        let conn = self.get(a).intersect(self.get(b));
        let id = self.intern(conn);
        self.intersections.insert(key, id);
        id
    }

    /// Splits the address space at every boundary of `pieces` and unions, per elementary range, the
    /// connections of the pieces covering it. Adjacent ranges with the same connection are merged and
    /// ranges with nothing allowed are left out.
    pub fn paint(&mut self, pieces: &[(&IpSet, ConnId)]) -> Vec<(IpRange, ConnId)> {
        // (position, piece, +1 start / -1 end); positions are u64 so the end of 255.255.255.255 fits.
        let mut events: Vec<(u64, usize, i32)> = Vec::new();
        for (k, (set, _)) in pieces.iter().enumerate() {
            for range in set.ranges() {
                events.push((u64::from(range.first), k, 1));
                events.push((u64::from(range.last) + 1, k, -1));
            }
        }
        events.sort_unstable();
        let mut active = vec![0_i32; pieces.len()];
        let mut out: Vec<(IpRange, ConnId)> = Vec::new();
        let mut events = events.into_iter().peekable();
        while let Some((position, piece, delta)) = events.next() {
            if let Some(count) = active.get_mut(piece) {
                *count += delta;
            }
            let Some(&(next, _, _)) = events.peek() else {
                break;
            };
            if next == position {
                // More events at this position: apply them all before painting.
                continue;
            }
            let mut conn = ConnId::NONE;
            for ((_, piece_conn), count) in pieces.iter().zip(&active) {
                if *count > 0 {
                    conn = self.union(conn, *piece_conn);
                }
            }
            if conn == ConnId::NONE {
                continue;
            }
            let (Ok(first), Ok(last)) = (u32::try_from(position), u32::try_from(next - 1)) else {
                continue;
            };
            match out.last_mut() {
                Some((range, c)) if *c == conn && u64::from(range.last) + 1 == position => {
                    range.last = last;
                }
                _ => out.push((IpRange { first, last }, conn)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;
    use crate::reach::ipset::Cidr;
    use crate::reach::ports::PortSet;

    #[test]
    fn paint_unions_overlapping_pieces() {
        let mut table = ConnTable::default();
        let tcp = table.intern(Conn::of(Protocol::Tcp, PortSet::single(80)));
        let udp = table.intern(Conn::of(Protocol::Udp, PortSet::single(53)));
        let wide = Cidr::parse("10.0.0.0/8").unwrap().ipv4();
        let narrow = Cidr::parse("10.1.0.0/16").unwrap().ipv4();
        let painted = table.paint(&[(&wide, tcp), (&narrow, udp)]);
        let text: Vec<String> = painted
            .iter()
            .map(|(r, c)| format!("{r} {}", table.get(*c)))
            .collect();
        assert_eq!(
            text,
            [
                "ip:10.0.0.0-10.0.255.255 TCP 80",
                "ip:10.1.0.0-10.1.255.255 TCP 80 UDP 53",
                "ip:10.2.0.0-10.255.255.255 TCP 80",
            ]
        );
        // The top of the address space is reachable.
        let all = IpSet::all();
        assert_eq!(
            table.paint(&[(&all, ConnId::ALL)]),
            [(IpRange::ALL, ConnId::ALL)]
        );
        assert!(table.paint(&[]).is_empty());
    }
}
