//! The allowed connections as a flat, sorted edge list, and its JSON and text forms.

use std::fmt::{self, Write as _};
use std::net::Ipv4Addr;

use serde_json::{Map, Value, json};

use super::engine::Reachability;
use super::ipset::{IpRange, parse_ip_range};
use super::policy::Direction;
use super::ports::Conn;

/// One end of a connection.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    /// A workload, `namespace/name`.
    Workload(String),
    /// External IPv4 addresses.
    Ip(IpRange),
}

impl Endpoint {
    /// Reads `namespace/name`, `ip:A-B`, or a single address `A.B.C.D`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Endpoint> {
        if let Ok(address) = text.parse::<Ipv4Addr>() {
            let address = u32::from(address);
            return Some(Endpoint::Ip(IpRange {
                first: address,
                last: address,
            }));
        }
        if text.starts_with("ip:") {
            return parse_ip_range(text).map(Endpoint::Ip);
        }
        let (namespace, name) = text.split_once('/')?;
        (!namespace.is_empty() && !name.is_empty() && !name.contains('/'))
            .then(|| Endpoint::Workload(text.to_owned()))
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Workload(id) => f.write_str(id),
            Endpoint::Ip(range) => range.fmt(f),
        }
    }
}

/// A pair with some allowed traffic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Allowed {
    pub from: Endpoint,
    pub to: Endpoint,
    pub conn: Conn,
}

/// Every pair with allowed traffic: workload pairs (never a workload to itself) and workload ↔
/// external range pairs, sorted by source then destination (workloads by id before ranges).
#[must_use]
pub fn allowed(reach: &Reachability) -> Vec<Allowed> {
    let workloads = reach.workloads();
    let mut list = Vec::new();
    for (src, from) in workloads.iter().enumerate() {
        for (dst, to) in workloads.iter().enumerate() {
            let conn = reach.conn(src, dst);
            if src != dst && !conn.is_empty() {
                list.push(Allowed {
                    from: Endpoint::Workload(from.id.clone()),
                    to: Endpoint::Workload(to.id.clone()),
                    conn: conn.clone(),
                });
            }
        }
        for (range, conn) in reach.external(src, Direction::Egress) {
            list.push(Allowed {
                from: Endpoint::Workload(from.id.clone()),
                to: Endpoint::Ip(range),
                conn: conn.clone(),
            });
        }
        for (range, conn) in reach.external(src, Direction::Ingress) {
            list.push(Allowed {
                from: Endpoint::Ip(range),
                to: Endpoint::Workload(from.id.clone()),
                conn: conn.clone(),
            });
        }
    }
    list.sort();
    list
}

/// `"all"` or `{"TCP": ["80", "8080-8090"], "UDP": ["53"]}`.
#[must_use]
pub fn conn_json(conn: &Conn) -> Value {
    if conn.is_all() {
        return Value::String("all".to_owned());
    }
    let map: Map<String, Value> = conn
        .protocols()
        .map(|(p, ports)| (p.as_str().to_owned(), json!(ports.to_strings())))
        .collect();
    Value::Object(map)
}

/// The JSON report, shaped like the conformance cases' `expected.yaml`:
/// `{"workloads": [{"id", "kind"}], "allowed": [{"from", "to", "conn"}]}`.
#[must_use]
pub fn to_json(reach: &Reachability) -> Value {
    let workloads: Vec<Value> = reach
        .workloads()
        .iter()
        .map(|w| json!({"id": w.id, "kind": w.kind}))
        .collect();
    let allowed: Vec<Value> = allowed(reach)
        .iter()
        .map(|a| json!({"from": a.from.to_string(), "to": a.to.to_string(), "conn": conn_json(&a.conn)}))
        .collect();
    json!({"workloads": workloads, "allowed": allowed})
}

/// One line per allowed pair: `shop/web => shop/api : TCP 8080`.
#[must_use]
pub fn to_text(reach: &Reachability) -> String {
    let mut out = String::new();
    for a in allowed(reach) {
        let _ = writeln!(out, "{} => {} : {}", a.from, a.to, a.conn);
    }
    out
}
