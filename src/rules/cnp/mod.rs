//! Cluster policy tiers (`K8S-CNP-*`): AdminNetworkPolicy, BaselineAdminNetworkPolicy and
//! ClusterNetworkPolicy that are invalid, ordered by chance, never decide, hand traffic to the
//! default allow, select nothing, override a namespace's default deny, or cut pods off from DNS.
//!
//! The rules read the tiers as `reach` compiles them ([`ClusterTiers`], built once per pass): the
//! same fields, actions, ports and selections as the reachability matrix, never derived again. A
//! design without cluster policies builds nothing: every rule first asks whether the context
//! holds one.

pub mod admin_accept_overrides_default_deny;
pub mod baseline_deny_without_dns;
pub mod coverage;
pub mod invalid_cluster_policy;
pub mod pass_falls_to_default_allow;
pub mod same_priority_policies;
pub mod shadowed_cluster_policy_rule;
pub mod subject_selects_nothing;

use std::collections::HashSet;

use crate::model::{Object, ObjectId, Resource};
use crate::reach::tiers::{CompiledTierPolicy, TierPeer};
use crate::reach::{Conn, Direction};
use crate::rules::context::{ClusterTiers, Context};

/// The kind names of the cluster policy kinds, as `Context::of_kind` files them.
const KIND_NAMES: [&str; 3] = [
    "AdminNetworkPolicy",
    "BaselineAdminNetworkPolicy",
    "ClusterNetworkPolicy",
];

/// The cluster policies of the context (the network-policy-api group only), in id order.
pub(crate) fn policies_in<'m>(ctx: &Context<'m>) -> Vec<(ObjectId, &'m Object)> {
    KIND_NAMES
        .iter()
        .flat_map(|name| ctx.of_kind(name).iter().copied())
        .filter(|(_, object)| object.kind().is_cluster_policy())
        .collect()
}

/// The tiers and the positions of the context's valid cluster policies in them, when the
/// context holds a cluster policy. Their findings depend on the whole design (workloads,
/// NetworkPolicies, namespaces): noted for the cluster-scoped group.
pub(crate) fn valid_in<'c>(ctx: &'c Context<'_>) -> Option<(&'c ClusterTiers, Vec<usize>)> {
    let here = policies_in(ctx);
    if here.is_empty() {
        return None;
    }
    ctx.note_design_read(None);
    let tiers = ctx.cluster_tiers()?;
    let positions = here
        .iter()
        .filter_map(|(id, _)| tiers.position(*id))
        .collect();
    Some((tiers, positions))
}

/// What the design-scoped CNP rules read of every object: cluster policies and NetworkPolicies
/// whole, and the labels and named ports of objects that run pods.
pub(crate) fn reads(object: &Object) -> Option<String> {
    if object.kind().is_cluster_policy() {
        let body = match object.resource() {
            Resource::Other(other) => serde_json::to_string(&other.body).unwrap_or_default(),
            _ => String::new(),
        };
        return Some(format!("{} {body}", object.display_id()));
    }
    if let Resource::NetworkPolicy(policy) = object.resource() {
        return Some(format!("{} {:?}", object.display_id(), policy.spec));
    }
    let labels = object.pod_labels()?;
    let ports: Vec<_> = object
        .pod_spec()
        .map(|spec| crate::rules::context::container_ports(spec).collect())
        .unwrap_or_default();
    Some(format!("{} {labels:?} {ports:?}", object.display_id()))
}

/// What the NetworkPolicy rules that ask the tiers (NP-002, NP-003) read of objects in other
/// namespaces: what the CNP rules read, less the NetworkPolicies (they read only their own
/// namespace's, which a namespace-scoped re-run covers).
pub(crate) fn reads_without_network_policies(object: &Object) -> Option<String> {
    if matches!(object.resource(), Resource::NetworkPolicy(_)) {
        None
    } else {
        reads(object)
    }
}

/// `spec.ingress[2]`.
pub(crate) fn rule_field(direction: Direction, rule: usize) -> String {
    format!("spec.{}[{rule}]", direction.field())
}

/// `ClusterNetworkPolicy allow-monitoring (priority 10) ingress rule 0 "scrape"`.
pub(crate) fn describe_rule(
    policy: &CompiledTierPolicy,
    direction: Direction,
    rule: usize,
) -> String {
    let name = policy
        .rules(direction)
        .get(rule)
        .and_then(|r| r.name.as_deref())
        .map_or_else(String::new, |n| format!(" \"{n}\""));
    format!(
        "{} {} {direction} rule {rule}{name}",
        policy.id(),
        describe_priority(policy)
    )
}

/// `(priority 10)`, or `(Baseline)` for a BaselineAdminNetworkPolicy, which has none.
pub(crate) fn describe_priority(policy: &CompiledTierPolicy) -> String {
    if policy.kind == crate::model::cluster_policy::ClusterPolicyKind::Baseline {
        "(Baseline)".to_owned()
    } else {
        format!(
            "({} tier, priority {})",
            policy.tier.as_str(),
            policy.priority
        )
    }
}

/// The other end of a connection, for one subject workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum End {
    /// A workload of the design (the subject itself too: its pods talk to each other).
    Workload(usize),
    /// A pod outside the design, in a namespace outside it: only peers that choose every pod
    /// of every namespace match it.
    Outside,
    /// An external address (egress), standing for the elementary range it starts.
    Address(u32),
}

/// A rule, named by policy position, direction and rule index.
pub(crate) type RuleAt = (usize, Direction, usize);

/// The Admin-tier rules of `direction` evaluated before rule `r` of policy `p` (the policies are
/// in evaluation order): they decide first.
pub(crate) fn admin_rules_before(
    tiers: &ClusterTiers,
    p: usize,
    direction: Direction,
    r: usize,
) -> Vec<RuleAt> {
    tiers
        .policies
        .iter()
        .enumerate()
        .filter(|(_, other)| other.tier == crate::reach::tiers::Tier::Admin)
        .flat_map(|(q, other)| (0..other.rules(direction).len()).map(move |k| (q, direction, k)))
        .filter(|&(q, _, k)| q < p || (q == p && k < r))
        .collect()
}

/// The source and destination of a connection of `subject` (a workload id) with `end`, as the
/// rule's direction orders them.
pub(crate) fn ends_in_order(
    tiers: &ClusterTiers,
    direction: Direction,
    subject: &str,
    end: End,
) -> (String, String) {
    match direction {
        Direction::Ingress => (describe_end(tiers, end), subject.to_owned()),
        Direction::Egress => (subject.to_owned(), describe_end(tiers, end)),
    }
}

/// What rule `at` matches towards `end` for subject workload `subject` (`None`: not `end`).
/// Ports resolve on the destination: the subject for ingress, the workload for egress.
pub(crate) fn conn_towards(
    tiers: &ClusterTiers,
    at: RuleAt,
    subject: usize,
    end: End,
) -> Option<Conn> {
    let (p, direction, r) = at;
    let rule = tiers.policies.get(p)?.rules(direction).get(r)?;
    let hit = match end {
        End::Workload(w) => tiers.rule_matches(p, direction, r, w),
        End::Outside => rule
            .peers
            .iter()
            .any(|peer| matches!(peer, TierPeer::Workloads(choice) if choice.is_everything())),
        End::Address(address) => rule.addresses.contains(address),
    };
    if !hit {
        return None;
    }
    let destination = match (direction, end) {
        (Direction::Ingress, _) => tiers.workloads.get(subject),
        (Direction::Egress, End::Workload(w)) => tiers.workloads.get(w),
        (Direction::Egress, _) => None,
    };
    Some(rule.conn_for(destination))
}

/// One subject and end rule `at` meets, with what it matches there and what each of the `others`
/// rules that apply to the subject match there (in the order given; empty conns left out).
#[derive(Debug)]
pub(crate) struct Meeting {
    pub subject: usize,
    pub end: End,
    pub conn: Conn,
    pub others: Vec<(RuleAt, Conn)>,
}

/// Every subject (that `keep` keeps) and end where rule `at` matches something, compared with
/// the `others` rules (same direction). Subjects and ends that no rule tells apart give the same
/// answer, so only one of each such class is listed (named ports keep theirs apart).
pub(crate) fn meetings(
    tiers: &ClusterTiers,
    at: RuleAt,
    others: &[RuleAt],
    keep: impl Fn(usize) -> bool,
) -> Vec<Meeting> {
    let (p, direction, r) = at;
    let Some(rule) = tiers
        .policies
        .get(p)
        .and_then(|policy| policy.rules(direction).get(r))
    else {
        return Vec::new();
    };
    let named = |at: &RuleAt| {
        tiers
            .policies
            .get(at.0)
            .and_then(|policy| policy.rules(at.1).get(at.2))
            .is_some_and(crate::reach::tiers::TierRule::has_named_ports)
    };
    let any_named = named(&at) || others.iter().any(named);
    let mut found = Vec::new();
    let mut seen_subjects: HashSet<(Vec<usize>, usize)> = HashSet::new();
    for subject in tiers.subjects(p).into_iter().filter(|s| keep(*s)) {
        let applying: Vec<RuleAt> = others
            .iter()
            .copied()
            .filter(|(q, _, _)| tiers.selects(*q, subject))
            .collect();
        let applying_key: Vec<usize> = others
            .iter()
            .enumerate()
            .filter_map(|(i, (q, _, _))| tiers.selects(*q, subject).then_some(i))
            .collect();
        let own = if any_named && direction == Direction::Ingress {
            subject
        } else {
            usize::MAX
        };
        if !seen_subjects.insert((applying_key, own)) {
            continue;
        }
        let mut ends: Vec<End> = (0..tiers.workloads.len()).map(End::Workload).collect();
        ends.push(End::Outside);
        // External addresses: cut at every boundary of this rule's and the others' networks.
        let mut cuts: Vec<u64> = Vec::new();
        for (q, d, k) in std::iter::once(at).chain(applying.iter().copied()) {
            if let Some(other) = tiers.policies.get(q).and_then(|x| x.rules(d).get(k)) {
                for range in other.addresses.ranges() {
                    cuts.extend([u64::from(range.first), u64::from(range.last) + 1]);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        ends.extend(
            cuts.iter()
                .filter_map(|&start| u32::try_from(start).ok())
                .filter(|&address| rule.addresses.contains(address))
                .map(End::Address),
        );
        let mut seen_ends: HashSet<(Vec<usize>, usize)> = HashSet::new();
        for end in ends {
            let Some(conn) = conn_towards(tiers, at, subject, end).filter(|c| !c.is_empty()) else {
                continue;
            };
            let matched: Vec<(RuleAt, Conn)> = applying
                .iter()
                .filter_map(|&other| {
                    conn_towards(tiers, other, subject, end)
                        .filter(|c| !c.is_empty())
                        .map(|c| (other, c))
                })
                .collect();
            if let End::Workload(w) = end {
                let key: Vec<usize> = applying
                    .iter()
                    .enumerate()
                    .filter_map(|(i, other)| matched.iter().any(|(m, _)| m == other).then_some(i))
                    .collect();
                let tell = if any_named && direction == Direction::Egress {
                    w
                } else {
                    usize::MAX
                };
                if !seen_ends.insert((key, tell)) {
                    continue;
                }
            }
            found.push(Meeting {
                subject,
                end,
                conn,
                others: matched,
            });
        }
    }
    found
}

/// `shop/web`, `a pod outside the design`, `10.0.0.1`.
pub(crate) fn describe_end(tiers: &ClusterTiers, end: End) -> String {
    match end {
        End::Workload(w) => tiers
            .workloads
            .get(w)
            .map_or_else(String::new, |workload| workload.id.clone()),
        End::Outside => "a pod outside the design".to_owned(),
        End::Address(address) => std::net::Ipv4Addr::from(address).to_string(),
    }
}

/// The union of what the rules matched.
pub(crate) fn union(list: &[(RuleAt, Conn)]) -> Conn {
    list.iter()
        .fold(Conn::none(), |acc, (_, conn)| acc.union(conn))
}
