//! Why a connection is allowed or denied: the rules that allow it, or the isolation that denies it
//! and the rule that came closest, with what did not match.

mod render;
mod tiers;

use std::fmt;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::engine::Reachability;
use super::policy::{Direction, Peer, PortRule, Rule};
use super::ports::Conn;
use super::report::Endpoint;
use super::tiers::Tier;
use super::workload::Workload;
use crate::model::selector::requirement_matches;
use crate::model::{Labels, ObjectId, Protocol};

pub use tiers::TierRuleRef;

/// A rule (and the peer and port entry inside it) that allows the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleRef {
    /// `namespace/name` of the policy.
    pub policy: String,
    pub object: ObjectId,
    pub direction: Direction,
    /// Index of the rule in `spec.ingress` / `spec.egress`.
    pub rule: usize,
    /// Index of the matching peer; `None` when the rule has no peers (any peer).
    pub peer: Option<usize>,
    /// Index of the matching `ports` entry; `None` when the rule has no ports (all ports) or no
    /// single port was asked about.
    pub port: Option<usize>,
    /// What this rule allows between the two ends.
    pub conn: Conn,
}

impl fmt::Display for RuleRef {
    /// `policy shop/allow-web ingress rule #1 peer #0 port #2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "policy {} {} rule #{}",
            self.policy, self.direction, self.rule
        )?;
        match self.peer {
            Some(peer) => write!(f, " peer #{peer}")?,
            None => write!(f, " (any peer)")?,
        }
        if let Some(port) = self.port {
            write!(f, " port #{port}")?;
        }
        write!(f, " allows {}", self.conn)
    }
}

/// A rule that did not allow the connection, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub policy: String,
    pub object: ObjectId,
    pub direction: Direction,
    pub rule: usize,
    /// Human-readable reasons: wrong label (named), wrong namespace, wrong port.
    pub reasons: Vec<String>,
}

/// The verdict of one side (the source's egress, or the destination's ingress).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Side {
    /// This end is an external address: no NetworkPolicy applies on its side.
    External,
    /// No policy selects the workload for this direction: everything passes.
    NotIsolated,
    /// The workload is isolated and these rules allow the connection.
    Allowed(Vec<RuleRef>),
    /// The workload is isolated by `policies` and none of their rules allows the connection;
    /// `closest` is the rule with the fewest mismatches (none when the policies have no rules).
    Denied {
        policies: Vec<String>,
        closest: Option<Miss>,
    },
    /// A cluster-tier rule decided: an Admin-tier Accept or Deny, or the Baseline-tier rule that
    /// matched after no NetworkPolicy selected the workload.
    Tier(TierRuleRef),
    /// An Admin-tier Pass handed the connection to the next tier; `then` is that tier's verdict
    /// (NetworkPolicies, the Baseline tier, or not isolated: the default allow).
    Passed { by: TierRuleRef, then: Box<Side> },
}

impl Side {
    /// Whether this side lets the connection through.
    #[must_use]
    pub fn passes(&self) -> bool {
        match self {
            Side::Denied { .. } => false,
            Side::Tier(rule) => rule.passes(),
            Side::Passed { then, .. } => then.passes(),
            Side::External | Side::NotIsolated | Side::Allowed(_) => true,
        }
    }
}

impl Side {
    /// The cluster tier whose rule decided this side, if one did (after any Passes): `None` when
    /// NetworkPolicies decided, nothing isolated it (the default allow), or it is an address.
    #[must_use]
    pub fn deciding_tier(&self) -> Option<Tier> {
        match self {
            Side::Tier(rule) => Some(rule.tier),
            Side::Passed { then, .. } => then.deciding_tier(),
            Side::External | Side::NotIsolated | Side::Allowed(_) | Side::Denied { .. } => None,
        }
    }

    /// Who decided this side, for people: `the Admin tier (ClusterNetworkPolicy x, priority 10,
    /// ingress rule 0)`, `NetworkPolicies`, `the default allow`, `no policy (an address)`.
    #[must_use]
    pub fn decided_by(&self) -> String {
        match self {
            Side::External => "no policy (an address)".to_owned(),
            Side::NotIsolated => "the default allow (not isolated)".to_owned(),
            Side::Allowed(_) | Side::Denied { .. } => "NetworkPolicies".to_owned(),
            Side::Tier(rule) => {
                let priority = rule
                    .priority
                    .map_or_else(String::new, |p| format!(", priority {p}"));
                format!(
                    "the {} tier ({} {}{priority}, {} rule {})",
                    rule.tier.as_str(),
                    rule.kind,
                    rule.policy,
                    rule.direction.field(),
                    rule.rule
                )
            }
            Side::Passed { then, .. } => format!("{} after a Pass", then.decided_by()),
        }
    }
}

/// The answer to "may `src` connect to `dst` (on this port), and why".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub src: Endpoint,
    pub dst: Endpoint,
    pub port: Option<(u16, Protocol)>,
    pub allowed: bool,
    /// Everything allowed between the two ends (all ports).
    pub conn: Conn,
    /// The source's egress side.
    pub egress: Side,
    /// The destination's ingress side.
    pub ingress: Side,
}

impl Explanation {
    /// The cluster tier that decided the pair, if one did: for a denied pair the tier of a side
    /// that denied it, for an allowed one the tier of a side that accepted it (the Admin tier
    /// first). `None` when only NetworkPolicies and the default decided.
    #[must_use]
    pub fn deciding_tier(&self) -> Option<Tier> {
        let sides = [&self.egress, &self.ingress];
        if self.allowed {
            let tiers: Vec<Tier> = sides.iter().filter_map(|s| s.deciding_tier()).collect();
            tiers.iter().copied().min()
        } else {
            sides
                .iter()
                .filter(|s| !s.passes())
                .find_map(|s| s.deciding_tier())
        }
    }
}

/// Why an explanation could not be given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    #[error("no workload `{0}` in the design")]
    UnknownWorkload(String),
    #[error("both ends are external addresses; policies govern pods only")]
    NoWorkload,
}

/// One end resolved against the evaluation.
#[derive(Clone, Copy)]
enum End<'a> {
    Workload(usize, &'a Workload),
    Address(u32),
}

/// Explains the connection from `src` to `dst`, for one port and protocol or (`None`) for any.
/// An IP range endpoint is explained at its first address.
pub fn explain(
    reach: &Reachability,
    src: &Endpoint,
    dst: &Endpoint,
    port: Option<(u16, Protocol)>,
) -> Result<Explanation, ExplainError> {
    let resolve = |endpoint: &Endpoint| -> Result<End<'_>, ExplainError> {
        match endpoint {
            Endpoint::Ip(range) => Ok(End::Address(range.first)),
            Endpoint::Workload(id) => reach
                .workload_index(id)
                .and_then(|i| Some(End::Workload(i, reach.workloads().get(i)?)))
                .ok_or_else(|| ExplainError::UnknownWorkload(id.clone())),
        }
    };
    let (from, to) = (resolve(src)?, resolve(dst)?);
    let conn = match (from, to) {
        // Between pods of one workload the matrix holds nothing (self-pairs are not listed);
        // the two sides still decide.
        (End::Workload(s, _), End::Workload(d, _)) if s == d => reach
            .one_side(s, Direction::Egress, s)
            .intersect(reach.one_side(s, Direction::Ingress, s)),
        (End::Workload(s, _), End::Workload(d, _)) => reach.conn(s, d).clone(),
        (End::Workload(s, _), End::Address(a)) => external_at(reach, s, Direction::Egress, a),
        (End::Address(a), End::Workload(d, _)) => external_at(reach, d, Direction::Ingress, a),
        (End::Address(_), End::Address(_)) => return Err(ExplainError::NoWorkload),
    };
    let destination = match to {
        End::Workload(_, w) => Some(w),
        End::Address(_) => None,
    };
    let egress = match from {
        End::Workload(s, _) => side(reach, s, Direction::Egress, to, destination, port),
        End::Address(_) => Side::External,
    };
    let ingress = match to {
        End::Workload(d, _) => side(reach, d, Direction::Ingress, from, destination, port),
        End::Address(_) => Side::External,
    };
    let allowed = match port {
        Some((number, protocol)) => conn.allows(number, protocol),
        None => !conn.is_empty(),
    };
    Ok(Explanation {
        src: src.clone(),
        dst: dst.clone(),
        port,
        allowed,
        conn,
        egress,
        ingress,
    })
}

fn external_at(reach: &Reachability, workload: usize, direction: Direction, address: u32) -> Conn {
    reach
        .external(workload, direction)
        .into_iter()
        .find(|(range, _)| range.contains(address))
        .map_or_else(Conn::none, |(_, conn)| conn.clone())
}

/// The verdict of `workload`'s side in `direction` about `peer`: its NetworkPolicies, within the
/// cluster tiers when cluster policies exist.
fn side(
    reach: &Reachability,
    workload: usize,
    direction: Direction,
    peer: End<'_>,
    destination: Option<&Workload>,
    port: Option<(u16, Protocol)>,
) -> Side {
    let network_policies = policy_side(reach, workload, direction, peer, destination, port);
    if reach.tier_policies().next().is_none() {
        return network_policies;
    }
    tiers::tiered_side(
        reach,
        workload,
        direction,
        peer,
        destination,
        port,
        network_policies,
    )
}

/// The verdict of `workload`'s NetworkPolicies in `direction` about `peer`.
fn policy_side(
    reach: &Reachability,
    workload: usize,
    direction: Direction,
    peer: End<'_>,
    destination: Option<&Workload>,
    port: Option<(u16, Protocol)>,
) -> Side {
    let policy_ids = reach.policies_selecting(workload, direction);
    if policy_ids.is_empty() {
        return Side::NotIsolated;
    }
    let mut allowed = Vec::new();
    let mut closest: Option<(usize, Miss)> = None;
    let mut names = Vec::new();
    for id in policy_ids {
        let Some(policy) = reach.policy(*id) else {
            continue;
        };
        names.push(policy.id());
        for (index, rule) in policy
            .rules(direction)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let peer_match = match_peers(reach, &policy.namespace, rule, peer);
            let port_match = match_ports(rule, destination, port);
            if let (Ok(peer_index), Ok(port_index)) = (&peer_match, &port_match) {
                allowed.push(RuleRef {
                    policy: policy.id(),
                    object: *id,
                    direction,
                    rule: index,
                    peer: *peer_index,
                    port: *port_index,
                    conn: rule.conn_for(destination),
                });
                continue;
            }
            let (peer_distance, peer_reasons) = peer_match.err().unwrap_or_default();
            let port_reasons = port_match.err().unwrap_or_default();
            let distance = peer_distance + port_reasons.len();
            let reasons: Vec<String> = peer_reasons.into_iter().chain(port_reasons).collect();
            if closest.as_ref().is_none_or(|(score, _)| distance < *score) {
                closest = Some((
                    distance,
                    Miss {
                        policy: policy.id(),
                        object: *id,
                        direction,
                        rule: index,
                        reasons,
                    },
                ));
            }
        }
    }
    if allowed.is_empty() {
        Side::Denied {
            policies: names,
            closest: closest.map(|(_, miss)| miss),
        }
    } else {
        Side::Allowed(allowed)
    }
}

/// The first matching peer (`Ok(None)`: the rule has no peers), or the distance and reasons of
/// the closest peer.
fn match_peers(
    reach: &Reachability,
    policy_namespace: &str,
    rule: &Rule,
    peer: End<'_>,
) -> Result<Option<usize>, (usize, Vec<String>)> {
    let Some(peers) = &rule.peers else {
        return Ok(None);
    };
    let mut best: Option<(usize, Vec<String>)> = None;
    for (index, candidate) in peers.iter().enumerate() {
        let reasons = peer_mismatches(reach, policy_namespace, index, candidate, peer);
        if reasons.is_empty() {
            return Ok(Some(index));
        }
        // A peer of the wrong kind (ipBlock for a pod, selectors for an address) is far from
        // matching, whatever its labels: rank it behind any label or namespace mismatch.
        let kind_mismatch = matches!(
            (candidate, peer),
            (Peer::IpBlock { .. }, End::Workload(..)) | (Peer::Pods { .. }, End::Address(_))
        );
        let distance = if kind_mismatch {
            KIND_MISMATCH
        } else {
            reasons.len()
        };
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, reasons));
        }
    }
    Err(best.unwrap_or_default())
}

/// The distance of a peer of the wrong kind (see [`match_peers`]).
const KIND_MISMATCH: usize = 100;

fn peer_mismatches(
    reach: &Reachability,
    policy_namespace: &str,
    index: usize,
    candidate: &Peer,
    peer: End<'_>,
) -> Vec<String> {
    match (candidate, peer) {
        (Peer::IpBlock { .. }, End::Workload(_, w)) => vec![format!(
            "peer #{index} is an ipBlock, which matches external addresses only, not pod {}",
            w.id
        )],
        (Peer::Pods { .. }, End::Address(address)) => vec![format!(
            "peer #{index} selects pods, not the external address {}",
            std::net::Ipv4Addr::from(address)
        )],
        (
            Peer::IpBlock {
                cidr,
                except,
                addresses,
            },
            End::Address(address),
        ) => {
            if addresses.contains(address) {
                Vec::new()
            } else {
                let shown = std::net::Ipv4Addr::from(address);
                let in_cidr =
                    super::ipset::Cidr::parse(cidr).is_ok_and(|c| c.ipv4().contains(address));
                if in_cidr {
                    vec![format!(
                        "peer #{index}: {shown} is in cidr {cidr} but inside except {}",
                        except.join(", ")
                    )]
                } else {
                    vec![format!("peer #{index}: {shown} is outside cidr {cidr}")]
                }
            }
        }
        (Peer::Pods { namespace, pods }, End::Workload(_, w)) => {
            let mut reasons = Vec::new();
            match namespace {
                None if w.namespace != policy_namespace => reasons.push(format!(
                    "peer #{index}: wrong namespace: {} is in `{}`, and a podSelector alone selects only the policy's namespace `{policy_namespace}`",
                    w.id, w.namespace
                )),
                None => {}
                Some(selector) => {
                    let empty = Labels::new();
                    let labels = reach.namespace_labels(&w.namespace).unwrap_or(&empty);
                    for failure in selector_failures(selector, labels) {
                        reasons.push(format!(
                            "peer #{index}: wrong namespace: namespace `{}` {failure}",
                            w.namespace
                        ));
                    }
                }
            }
            if let Some(selector) = pods {
                for failure in selector_failures(selector, &w.labels) {
                    reasons.push(format!(
                        "peer #{index}: wrong label: pod {} {failure}",
                        w.id
                    ));
                }
            }
            reasons
        }
    }
}

fn show_labels(labels: &Labels, key: &str) -> String {
    labels.get(key).map_or_else(
        || format!("has no label `{key}`"),
        |v| format!("has `{key}={v}`"),
    )
}

/// Each requirement of `selector` that `labels` fail, described ("needs `app=web` but has
/// `app=api`").
fn selector_failures(selector: &LabelSelector, labels: &Labels) -> Vec<String> {
    let mut failures = Vec::new();
    for (key, value) in selector.match_labels.iter().flatten() {
        if labels.get(key) != Some(value) {
            failures.push(format!(
                "needs `{key}={value}` but {}",
                show_labels(labels, key)
            ));
        }
    }
    for requirement in selector.match_expressions.iter().flatten() {
        if !requirement_matches(requirement, labels) {
            let values = requirement.values.as_deref().unwrap_or_default().join(", ");
            let key = &requirement.key;
            let wanted = match requirement.operator.as_str() {
                "In" => format!("`{key}` in ({values})"),
                "NotIn" => format!("`{key}` not in ({values})"),
                "Exists" => format!("a label `{key}`"),
                "DoesNotExist" => format!("no label `{key}`"),
                other => format!("`{key}` {other} ({values})"),
            };
            failures.push(format!("needs {wanted} but {}", show_labels(labels, key)));
        }
    }
    failures
}

/// The first port entry allowing the asked port (`Ok(None)`: the rule allows all ports, or no
/// port was asked and something is allowed), or why none does.
fn match_ports(
    rule: &Rule,
    destination: Option<&Workload>,
    port: Option<(u16, Protocol)>,
) -> Result<Option<usize>, Vec<String>> {
    let Some(entries) = &rule.ports else {
        return Ok(None);
    };
    match port {
        None => {
            if rule.conn_for(destination).is_empty() {
                Err(vec![wrong_port_reason(entries, destination, "any port")])
            } else {
                Ok(None)
            }
        }
        Some((number, protocol)) => {
            for (index, entry) in entries.iter().enumerate() {
                if entry.conn_for(destination).allows(number, protocol) {
                    return Ok(Some(index));
                }
            }
            let asked = format!("{} {number}", protocol.as_str());
            Err(vec![wrong_port_reason(entries, destination, &asked)])
        }
    }
}

fn wrong_port_reason(entries: &[PortRule], destination: Option<&Workload>, asked: &str) -> String {
    let listed: Vec<String> = entries
        .iter()
        .map(|entry| match (&entry.port, destination) {
            (super::policy::PortSpec::Named(name), Some(w)) => {
                match w.resolve_port(name, entry.protocol) {
                    Some(n) => format!("{} (= {n} on {})", entry.describe(), w.id),
                    None => format!(
                        "{} (no {} container port named `{name}` on {})",
                        entry.describe(),
                        entry.protocol.as_str(),
                        w.id
                    ),
                }
            }
            (super::policy::PortSpec::Named(_), None) => {
                format!(
                    "{} (named ports never match external addresses)",
                    entry.describe()
                )
            }
            _ => entry.describe(),
        })
        .collect();
    format!(
        "wrong port: {asked} is not among the rule's ports: {}",
        listed.join(", ")
    )
}
