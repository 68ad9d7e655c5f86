//! The allowed connections as a flat, sorted edge list, and its JSON and text forms.

use std::fmt;
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

/// One end of an allowed pair, borrowed from the evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End<'a> {
    /// A workload, `namespace/name`.
    Workload(&'a str),
    /// External IPv4 addresses.
    Ip(IpRange),
}

impl End<'_> {
    fn to_endpoint(self) -> Endpoint {
        match self {
            End::Workload(id) => Endpoint::Workload(id.to_owned()),
            End::Ip(range) => Endpoint::Ip(range),
        }
    }
}

impl fmt::Display for End<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            End::Workload(id) => f.write_str(id),
            End::Ip(range) => range.fmt(f),
        }
    }
}

/// Visits every pair with allowed traffic in the order of [`allowed`], without collecting them
/// (a large cluster has millions: collected and sorted, they took gigabytes). The workloads are
/// unique and sorted by id, so workload pairs come out of two loops in order; only the pairs from
/// external ranges to workloads, which sort after every pair from a workload, are gathered first.
///
/// # Errors
/// The first error `visit` returns, which stops the walk.
pub fn each_allowed<E>(
    reach: &Reachability,
    mut visit: impl FnMut(End<'_>, End<'_>, &Conn) -> Result<(), E>,
) -> Result<(), E> {
    let workloads = reach.workloads();
    let mut from_outside = Vec::new();
    for (src, from) in workloads.iter().enumerate() {
        let from_end = End::Workload(&from.id);
        for (dst, to) in workloads.iter().enumerate() {
            let conn = reach.conn(src, dst);
            if src != dst && !conn.is_empty() {
                visit(from_end, End::Workload(&to.id), conn)?;
            }
        }
        let mut outside = reach.external(src, Direction::Egress);
        outside.sort();
        for (range, conn) in outside {
            visit(from_end, End::Ip(range), conn)?;
        }
        from_outside.extend(
            reach
                .external(src, Direction::Ingress)
                .into_iter()
                .map(|(range, conn)| (range, src, conn)),
        );
    }
    from_outside.sort();
    for (range, dst, conn) in from_outside {
        if let Some(to) = workloads.get(dst) {
            visit(End::Ip(range), End::Workload(&to.id), conn)?;
        }
    }
    Ok(())
}

/// Every pair with allowed traffic: workload pairs (never a workload to itself) and workload ↔
/// external range pairs, sorted by source then destination (workloads by id before ranges).
#[must_use]
pub fn allowed(reach: &Reachability) -> Vec<Allowed> {
    let mut list = Vec::new();
    let _ = each_allowed(reach, |from, to, conn| {
        list.push(Allowed {
            from: from.to_endpoint(),
            to: to.to_endpoint(),
            conn: conn.clone(),
        });
        Ok::<(), std::convert::Infallible>(())
    });
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
/// `{"allowed": [{"conn", "from", "to"}], "workloads": [{"id", "kind"}]}`, as a value (for
/// tests and small designs; the command line streams it with [`write_json`]).
#[must_use]
pub fn to_json(reach: &Reachability) -> Value {
    let workloads: Vec<Value> = reach.workloads().iter().map(workload_json).collect();
    let allowed: Vec<Value> = allowed(reach)
        .iter()
        .map(|a| pair_json(End::from(&a.from), End::from(&a.to), &a.conn))
        .collect();
    json!({"workloads": workloads, "allowed": allowed})
}

impl<'a> From<&'a Endpoint> for End<'a> {
    fn from(endpoint: &'a Endpoint) -> Self {
        match endpoint {
            Endpoint::Workload(id) => End::Workload(id),
            Endpoint::Ip(range) => End::Ip(*range),
        }
    }
}

fn workload_json(w: &super::workload::Workload) -> Value {
    json!({"id": w.id, "kind": w.kind})
}

fn pair_json(from: End<'_>, to: End<'_>, conn: &Conn) -> Value {
    json!({"from": from.to_string(), "to": to.to_string(), "conn": conn_json(conn)})
}

/// Writes the JSON report exactly as `serde_json::to_string_pretty` prints [`to_json`], plus a
/// line end, one pair at a time: the report of a large cluster is never held in memory.
///
/// # Errors
/// A failed write.
pub fn write_json(reach: &Reachability, out: &mut impl std::io::Write) -> std::io::Result<()> {
    out.write_all(b"{\n  \"allowed\": ")?;
    let mut first = true;
    each_allowed(reach, |from, to, conn| {
        out.write_all(if first { b"[\n" } else { b",\n" })?;
        first = false;
        write_pair(out, from, to, conn)
    })?;
    close_array(out, first)?;
    out.write_all(b",\n  \"workloads\": ")?;
    let mut first = true;
    for w in reach.workloads() {
        write_element(out, &workload_json(w), &mut first)?;
    }
    close_array(out, first)?;
    out.write_all(b"\n}\n")
}

/// One pair as `serde_json::to_string_pretty` prints [`pair_json`] at its depth, written
/// directly (millions of pairs: no value built per pair). Keys in `serde_json`'s order.
fn write_pair(
    out: &mut impl std::io::Write,
    from: End<'_>,
    to: End<'_>,
    conn: &Conn,
) -> std::io::Result<()> {
    let string = |out: &mut dyn std::io::Write, text: &str| {
        serde_json::to_writer(out, text).map_err(std::io::Error::other)
    };
    out.write_all(b"    {\n      \"conn\": ")?;
    if conn.is_all() {
        out.write_all(b"\"all\"")?;
    } else {
        out.write_all(b"{")?;
        // A JSON map's keys in sorted order, as `serde_json` prints them.
        let mut protocols: Vec<_> = conn.protocols().collect();
        protocols.sort_by_key(|(protocol, _)| protocol.as_str());
        for (index, (protocol, ports)) in protocols.iter().enumerate() {
            out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
            out.write_all(b"        ")?;
            string(out, protocol.as_str())?;
            out.write_all(b": [")?;
            let ports = ports.to_strings();
            for (index, port) in ports.iter().enumerate() {
                out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
                out.write_all(b"          ")?;
                string(out, port)?;
            }
            out.write_all(if ports.is_empty() {
                b"]"
            } else {
                b"\n        ]"
            })?;
        }
        out.write_all(if protocols.is_empty() {
            b"}"
        } else {
            b"\n      }"
        })?;
    }
    out.write_all(b",\n      \"from\": ")?;
    string(out, &from.to_string())?;
    out.write_all(b",\n      \"to\": ")?;
    string(out, &to.to_string())?;
    out.write_all(b"\n    }")
}

/// One element of a top-level array, pretty-printed at its depth (four spaces).
fn write_element(
    out: &mut impl std::io::Write,
    value: &Value,
    first: &mut bool,
) -> std::io::Result<()> {
    out.write_all(if *first { b"[\n" } else { b",\n" })?;
    *first = false;
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"    ")?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn close_array(out: &mut impl std::io::Write, empty: bool) -> std::io::Result<()> {
    out.write_all(if empty { b"[]" } else { b"\n  ]" })
}

/// One line per allowed pair: `shop/web => shop/api : TCP 8080`.
#[must_use]
pub fn to_text(reach: &Reachability) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and only `str`s are written.
    let _ = write_text(reach, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`to_text`] one pair at a time.
///
/// # Errors
/// A failed write.
pub fn write_text(reach: &Reachability, out: &mut impl std::io::Write) -> std::io::Result<()> {
    each_allowed(reach, |from, to, conn| {
        writeln!(out, "{from} => {to} : {conn}")
    })
}
