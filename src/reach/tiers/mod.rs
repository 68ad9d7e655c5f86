//! The cluster-wide policy tiers compiled for evaluation: AdminNetworkPolicy,
//! BaselineAdminNetworkPolicy and ClusterNetworkPolicy, with every problem the API server (or the
//! conventions of `tests/fixtures/netpol-cases-admin/`) would reject reported with its field.
//!
//! # Order of evaluation (per direction, per protocol and port)
//! 1. Admin tier: the Admin-tier policies whose subject selects the pod, by ascending priority,
//!    rules in list order; the first matching rule decides: Accept (Allow in `v1alpha1`) or Deny is
//!    final, Pass hands the traffic to the next tier. No matching rule is the same as Pass: the
//!    cluster tiers never isolate by themselves.
//! 2. NetworkPolicies: when one selects the pod for the direction, their union is final.
//! 3. Baseline tier: as the Admin tier; Pass or no match falls to the default.
//! 4. Default: allowed.
//!
//! Peers: `namespaces` and `pods` match workloads only; `networks` (egress) external IPv4 addresses
//! only (IPv6 CIDRs are ignored); `nodes` and `domainNames` match nothing here, because a design has
//! no node addresses and no DNS answers.

mod compile;
mod label_gaps;
mod ports;

use super::ipset::IpSet;
use super::policy::Direction;
use super::ports::{Conn, PortSet};
use super::workload::Workload;
use crate::model::cluster_policy::ClusterPolicyKind;
use crate::model::{ObjectId, Protocol};

pub use compile::{MAX_PRIORITY, compile_all};
pub use label_gaps::{LabelGap, label_gap_errors};

/// The tier a cluster policy belongs to (decided in the model).
pub use crate::model::cluster_policy::Tier;

/// What a matching rule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// `Accept` (`Allow` in `v1alpha1`): allowed, final.
    Accept,
    /// Denied, final.
    Deny,
    /// Decided by the next tier.
    Pass,
}

impl Action {
    /// The action as the policy's kind spells it (`Allow` for the `v1alpha1` kinds).
    #[must_use]
    pub fn spelled(self, kind: ClusterPolicyKind) -> &'static str {
        match (self, kind) {
            (Action::Accept, ClusterPolicyKind::Cluster) => "Accept",
            (Action::Accept, _) => "Allow",
            (Action::Deny, _) => "Deny",
            (Action::Pass, _) => "Pass",
        }
    }
}

/// The pods a subject or a pod peer chooses (decided in the model, which draws the subjects'
/// relations with the same meaning).
pub use crate::model::cluster_policy::PodChoice;

/// One peer of a rule.
#[derive(Clone, Debug, PartialEq)]
pub enum TierPeer {
    /// Workloads (never external addresses).
    Workloads(PodChoice),
    /// External IPv4 addresses (never pods).
    Networks {
        cidrs: Vec<String>,
        addresses: IpSet,
    },
    /// Nodes: a design has no node addresses, so this matches nothing.
    Nodes,
    /// DNS names: a design resolves none, so this matches nothing.
    DomainNames(Vec<String>),
}

/// One port entry (`ports` in `v1alpha1`, `protocols` in `v1alpha2`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TierPort {
    /// An inclusive range (one port: first = last) of one protocol.
    Range(Protocol, u16, u16),
    /// A container port name on the destination, with the protocol declared there.
    Named(String),
}

impl TierPort {
    /// What this entry matches towards `destination` (`None`: an external address, where named
    /// ports match nothing).
    #[must_use]
    pub fn conn_for(&self, destination: Option<&Workload>) -> Conn {
        match self {
            TierPort::Range(protocol, first, last) => {
                Conn::of(*protocol, PortSet::range(*first, *last))
            }
            TierPort::Named(name) => destination
                .into_iter()
                .flat_map(|w| &w.named_ports)
                .filter(|(n, _, _)| n == name)
                .fold(Conn::none(), |acc, (_, protocol, number)| {
                    acc.union(&Conn::of(*protocol, PortSet::single(*number)))
                }),
        }
    }

    /// `TCP 80`, `UDP 53-60`, `named port dns`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            TierPort::Range(protocol, a, b) if a == b => format!("{} {a}", protocol.as_str()),
            TierPort::Range(protocol, a, b) => format!("{} {a}-{b}", protocol.as_str()),
            TierPort::Named(name) => format!("named port {name}"),
        }
    }
}

/// One ingress or egress rule of a cluster policy.
#[derive(Clone, Debug, PartialEq)]
pub struct TierRule {
    /// `name`, when the rule has one.
    pub name: Option<String>,
    pub action: Action,
    pub peers: Vec<TierPeer>,
    /// `None`: every port of every protocol.
    pub ports: Option<Vec<TierPort>>,
    /// The external addresses the rule's peers match.
    pub addresses: IpSet,
}

impl TierRule {
    /// What the rule matches towards `destination` (`None`: an external address).
    #[must_use]
    pub fn conn_for(&self, destination: Option<&Workload>) -> Conn {
        match &self.ports {
            None => Conn::all(),
            Some(ports) => ports.iter().fold(Conn::none(), |acc, port| {
                acc.union(&port.conn_for(destination))
            }),
        }
    }

    /// Whether the rule's ports depend on the destination (named ports).
    #[must_use]
    pub fn has_named_ports(&self) -> bool {
        self.ports
            .iter()
            .flatten()
            .any(|p| matches!(p, TierPort::Named(_)))
    }
}

/// A valid cluster policy ready for evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledTierPolicy {
    pub object: ObjectId,
    pub kind: ClusterPolicyKind,
    pub name: String,
    pub tier: Tier,
    /// `spec.priority` (0 for a BaselineAdminNetworkPolicy, which has none).
    pub priority: i64,
    pub subject: PodChoice,
    pub ingress: Vec<TierRule>,
    pub egress: Vec<TierRule>,
}

impl CompiledTierPolicy {
    /// The rules of one direction.
    #[must_use]
    pub fn rules(&self, direction: Direction) -> &[TierRule] {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }

    /// `ClusterNetworkPolicy monitoring`.
    #[must_use]
    pub fn id(&self) -> String {
        format!("{} {}", self.kind.as_str(), self.name)
    }
}

/// The order policies of one tier are evaluated in: ascending priority, then kind and name, so
/// that policies of equal priority (undefined upstream) still give one deterministic answer.
#[must_use]
pub fn evaluation_order(a: &CompiledTierPolicy, b: &CompiledTierPolicy) -> std::cmp::Ordering {
    (a.tier, a.priority, a.kind, &a.name).cmp(&(b.tier, b.priority, b.kind, &b.name))
}

/// The verdict of the tiers for one side, given the rules that match the other end in
/// evaluation order (Admin rules first, then Baseline rules, each with the ports they match) and
/// the NetworkPolicy verdict (`None` when no NetworkPolicy selects the pod for the direction).
#[must_use]
pub fn decide(matched: &[(Tier, Action, &Conn)], network_policies: Option<&Conn>) -> Conn {
    let mut remaining = Conn::all();
    let (mut accepted, mut passed) = (Conn::none(), Conn::none());
    let mut baseline = Vec::new();
    for (tier, action, conn) in matched {
        if *tier == Tier::Baseline {
            baseline.push((*action, *conn));
            continue;
        }
        let hit = conn.intersect(&remaining);
        if hit.is_empty() {
            continue;
        }
        match action {
            Action::Accept => accepted = accepted.union(&hit),
            Action::Pass => passed = passed.union(&hit),
            Action::Deny => {}
        }
        remaining = remaining.difference(&hit);
    }
    let passed = passed.union(&remaining);
    if passed.is_empty() {
        return accepted;
    }
    let lower = if let Some(conn) = network_policies {
        conn.clone()
    } else {
        let mut remaining = Conn::all();
        let mut allowed = Conn::none();
        for (action, conn) in baseline {
            let hit = conn.intersect(&remaining);
            if action != Action::Deny {
                allowed = allowed.union(&hit);
            }
            remaining = remaining.difference(&hit);
        }
        allowed.union(&remaining)
    };
    accepted.union(&passed.intersect(&lower))
}

/// What falls through every tier to the default allow on a side no NetworkPolicy isolates, given
/// the rules that match the other end in evaluation order (as for [`decide`]): traffic no Admin
/// rule accepted or denied (a Pass hands it on) and no Baseline rule accepted or denied.
#[must_use]
pub fn falls_to_default(matched: &[(Tier, Action, &Conn)]) -> Conn {
    let mut remaining = Conn::all();
    let mut passed = Conn::none();
    for (_, action, conn) in matched.iter().filter(|(t, _, _)| *t == Tier::Admin) {
        let hit = conn.intersect(&remaining);
        if *action == Action::Pass {
            passed = passed.union(&hit);
        }
        remaining = remaining.difference(&hit);
    }
    let mut lower = remaining.union(&passed);
    for (_, action, conn) in matched.iter().filter(|(t, _, _)| *t == Tier::Baseline) {
        if *action != Action::Pass {
            lower = lower.difference(conn);
        }
    }
    lower
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_decide_in_order() {
        let tcp80 = Conn::of(Protocol::Tcp, PortSet::single(80));
        let all = Conn::all();
        // Admin Pass on TCP 80, then Admin Deny all: only TCP 80 reaches the lower tiers.
        let matched = [
            (Tier::Admin, Action::Pass, &tcp80),
            (Tier::Admin, Action::Deny, &all),
        ];
        assert_eq!(decide(&matched, None), tcp80);
        // ... where a NetworkPolicy allowing nothing denies it.
        assert!(decide(&matched, Some(&Conn::none())).is_empty());
        // A Baseline Deny applies only without NetworkPolicies.
        let matched = [(Tier::Baseline, Action::Deny, &tcp80)];
        assert_eq!(decide(&matched, None), all.difference(&tcp80));
        assert_eq!(decide(&matched, Some(&all)), all);
        // Admin Accept overrides a NetworkPolicy that allows nothing.
        let matched = [(Tier::Admin, Action::Accept, &tcp80)];
        assert_eq!(decide(&matched, Some(&Conn::none())), tcp80);
        // No rule at all: the NetworkPolicy verdict, or the default allow.
        assert_eq!(decide(&[], Some(&tcp80)), tcp80);
        assert_eq!(decide(&[], None), all);
    }

    #[test]
    fn what_falls_to_the_default() {
        let tcp80 = Conn::of(Protocol::Tcp, PortSet::single(80));
        let all = Conn::all();
        // Nothing matches: everything reaches the default allow.
        assert_eq!(falls_to_default(&[]), all);
        // A Baseline Deny of everything leaves nothing to it.
        assert!(falls_to_default(&[(Tier::Baseline, Action::Deny, &all)]).is_empty());
        // An Admin Pass of TCP 80 before an Admin Deny of everything: TCP 80 goes on, and
        // reaches the default unless a Baseline rule takes it.
        let matched = [
            (Tier::Admin, Action::Pass, &tcp80),
            (Tier::Admin, Action::Deny, &all),
        ];
        assert_eq!(falls_to_default(&matched), tcp80);
        let matched = [
            (Tier::Admin, Action::Pass, &tcp80),
            (Tier::Admin, Action::Deny, &all),
            (Tier::Baseline, Action::Accept, &tcp80),
        ];
        assert!(falls_to_default(&matched).is_empty());
    }
}
