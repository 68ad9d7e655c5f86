//! The 66 netpol-analyzer conformance cases (tests/fixtures/netpol-cases, Apache-2.0 data):
//! every case's workloads, workload pairs and external ranges must agree by meaning.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kubedraft::manifest::import::ReadOptions;
use kubedraft::model::Protocol;
use kubedraft::reach::{Conn, Direction, IpRange, PortSet, Reachability, ipset::parse_ip_range};
use serde_json::Value;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/netpol-cases")
}

fn parse_conn(value: &Value) -> Conn {
    if value.as_str() == Some("all") {
        return Conn::all();
    }
    let mut conn = Conn::none();
    for (protocol, ports) in value.as_object().expect("conn map") {
        let protocol = Protocol::parse(protocol).expect("protocol");
        let ranges = ports.as_array().expect("port list").iter().map(|p| {
            let text = p.as_str().expect("port string");
            let (first, last) = text.split_once('-').unwrap_or((text, text));
            (first.parse::<u16>().unwrap(), last.parse::<u16>().unwrap())
        });
        conn = conn.union(&Conn::of(protocol, PortSet::from_ranges(ranges)));
    }
    conn
}

/// Pairs and external ranges of one side (expected or actual).
#[derive(Default, Debug)]
struct Connectivity {
    workloads: BTreeSet<(String, String)>,
    pairs: BTreeMap<(String, String), Conn>,
    /// (workload, direction) → ranges.
    external: BTreeMap<(String, Direction), Vec<(IpRange, Conn)>>,
}

fn from_allowed(workloads: &Value, allowed: &Value) -> Connectivity {
    let mut c = Connectivity::default();
    for w in workloads.as_array().expect("workloads") {
        c.workloads.insert((
            w["id"].as_str().unwrap().to_owned(),
            w["kind"].as_str().unwrap().to_owned(),
        ));
    }
    for entry in allowed.as_array().expect("allowed") {
        let from = entry["from"].as_str().unwrap();
        let to = entry["to"].as_str().unwrap();
        let conn = parse_conn(&entry["conn"]);
        match (parse_ip_range(from), parse_ip_range(to)) {
            (Some(range), None) => c
                .external
                .entry((to.to_owned(), Direction::Ingress))
                .or_default()
                .push((range, conn)),
            (None, Some(range)) => c
                .external
                .entry((from.to_owned(), Direction::Egress))
                .or_default()
                .push((range, conn)),
            (None, None) => {
                assert!(
                    c.pairs
                        .insert((from.to_owned(), to.to_owned()), conn)
                        .is_none(),
                    "pair listed twice: {from} => {to}"
                );
            }
            (Some(_), Some(_)) => panic!("IP-to-IP entry {from} => {to}"),
        }
    }
    c
}

fn conn_at(ranges: &[(IpRange, Conn)], address: u32) -> Conn {
    ranges
        .iter()
        .filter(|(r, _)| r.contains(address))
        .fold(Conn::none(), |acc, (_, c)| acc.union(c))
}

/// Compares two piecewise maps on every elementary interval of their joint boundaries.
fn same_ranges(a: &[(IpRange, Conn)], b: &[(IpRange, Conn)]) -> Result<(), String> {
    let mut cuts: BTreeSet<u64> = BTreeSet::from([0, 1 << 32]);
    for (r, _) in a.iter().chain(b) {
        cuts.insert(u64::from(r.first));
        cuts.insert(u64::from(r.last) + 1);
    }
    let cuts: Vec<u64> = cuts.into_iter().collect();
    for pair in cuts.windows(2) {
        let first = u32::try_from(pair[0]).unwrap();
        let (x, y) = (conn_at(a, first), conn_at(b, first));
        if x != y {
            let range = IpRange {
                first,
                last: u32::try_from(pair[1] - 1).unwrap(),
            };
            return Err(format!("{range}: expected {x}, got {y}"));
        }
    }
    Ok(())
}

pub(crate) fn check_case(dir: &Path) -> Result<(), String> {
    check_case_input(dir, &dir.join("input.yaml"))
}

/// [`check_case`] with another input for the case's expected connectivity (a translation of it).
pub(crate) fn check_case_input(dir: &Path, input: &Path) -> Result<(), String> {
    let expected_text = std::fs::read_to_string(dir.join("expected.yaml")).unwrap();
    let expected: Value = serde_saphyr::from_str(&expected_text).unwrap();
    let expected = from_allowed(&expected["workloads"], &expected["allowed"]);

    let loaded = kubedraft::io::load_with(
        &[input.to_path_buf()],
        ReadOptions {
            lenient_selector_values: true,
        },
    )
    .unwrap();
    if !loaded.skipped.is_empty() {
        return Err(format!("skipped documents: {:?}", loaded.skipped));
    }
    let reach = Reachability::compute(&loaded.document.model);
    if !reach.errors().is_empty() {
        return Err(format!("policy errors: {:?}", reach.errors()));
    }
    let json = kubedraft::reach::report::to_json(&reach);
    let actual = from_allowed(&json["workloads"], &json["allowed"]);

    if expected.workloads != actual.workloads {
        return Err(format!(
            "workloads differ:\n expected {:?}\n actual   {:?}",
            expected.workloads, actual.workloads
        ));
    }
    let keys: BTreeSet<_> = expected.pairs.keys().chain(actual.pairs.keys()).collect();
    let none = Conn::none();
    let mut problems = Vec::new();
    for key in keys {
        let (e, a) = (
            expected.pairs.get(key).unwrap_or(&none),
            actual.pairs.get(key).unwrap_or(&none),
        );
        if e != a {
            problems.push(format!("{} => {}: expected {e}, got {a}", key.0, key.1));
        }
    }
    let keys: BTreeSet<_> = expected
        .external
        .keys()
        .chain(actual.external.keys())
        .collect();
    for key in keys {
        let empty = Vec::new();
        let e = expected.external.get(key).unwrap_or(&empty);
        let a = actual.external.get(key).unwrap_or(&empty);
        if let Err(problem) = same_ranges(e, a) {
            problems.push(format!("{} {:?}: {problem}", key.0, key.1));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.truncate(10);
        Err(problems.join("\n  "))
    }
}

#[test]
fn all_netpol_analyzer_cases_agree() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected.yaml").exists())
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 66, "the corpus has 66 cases");
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|dir| {
            check_case(dir)
                .err()
                .map(|e| format!("{}:\n  {e}", dir.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of 66 cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The checker itself: ranges split at different points but equal in meaning compare equal, and
/// a difference inside one elementary interval is found.
#[test]
fn range_comparison_is_by_meaning() {
    let r = |a: &str| parse_ip_range(a).unwrap();
    let split = vec![
        (r("ip:0.0.0.0-9.255.255.255"), Conn::all()),
        (r("ip:10.0.0.0-255.255.255.255"), Conn::all()),
    ];
    let whole = vec![(r("ip:0.0.0.0-255.255.255.255"), Conn::all())];
    assert!(same_ranges(&split, &whole).is_ok());
    let hole = vec![
        (r("ip:0.0.0.0-9.255.255.255"), Conn::all()),
        (r("ip:10.0.0.1-255.255.255.255"), Conn::all()),
    ];
    assert!(same_ranges(&hole, &whole).is_err());
}

/// The command line streams its report pair by pair in the order it computes them; on every
/// case (external ranges both ways, several protocols, named ports) that order is the sorted one
/// and the streamed JSON is byte for byte what `serde_json` prints for the report as a value.
#[test]
fn streamed_reports_equal_the_sorted_report_on_every_case() {
    let mut checked = 0;
    let mut pairs = 0;
    for entry in std::fs::read_dir(cases_dir()).unwrap().flatten() {
        let input = entry.path().join("input.yaml");
        if !input.exists() {
            continue;
        }
        let loaded = kubedraft::io::load_with(
            std::slice::from_ref(&input),
            ReadOptions {
                lenient_selector_values: true,
            },
        )
        .unwrap();
        let reach = Reachability::compute(&loaded.document.model);
        let allowed = kubedraft::reach::allowed(&reach);
        let mut sorted = allowed.clone();
        sorted.sort();
        assert_eq!(allowed, sorted, "{}: pairs out of order", input.display());
        pairs += allowed.len();

        let mut json = Vec::new();
        kubedraft::reach::report::write_json(&reach, &mut json).unwrap();
        let value = kubedraft::reach::report::to_json(&reach);
        let expected = format!("{}\n", serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(
            String::from_utf8(json).unwrap(),
            expected,
            "{}",
            input.display()
        );

        let mut text = String::new();
        for a in &sorted {
            writeln!(text, "{} => {} : {}", a.from, a.to, a.conn).unwrap();
        }
        assert_eq!(kubedraft::reach::report::to_text(&reach), text);
        checked += 1;
    }
    assert_eq!(checked, 66);
    // Enough pairs that the order means something (about 3,000 when written).
    assert!(pairs > 1000, "{pairs} pairs");
}
