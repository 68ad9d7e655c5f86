//! Interned connection sets: the matrix stores a small id per pair instead of a [`Conn`], and
//! unions/intersections of ids are memoised. Real clusters have few distinct port sets, so this keeps
//! a 2,000 × 2,000 matrix at 16 MB and most pair operations at a table look-up.

use std::collections::HashMap;

use super::ports::Conn;

/// Index of an interned [`Conn`] in a [`ConnTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(u32);

impl ConnId {
    /// Nothing allowed (always id 0).
    pub const NONE: ConnId = ConnId(0);
    /// Everything allowed (always id 1).
    pub const ALL: ConnId = ConnId(1);
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
}
