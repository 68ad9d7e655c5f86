//! Why, when cluster policies apply: the Admin-tier rule that decided (or passed), then the
//! NetworkPolicies or the Baseline-tier rule that decided, as the engine evaluates them.

use std::fmt;

use super::{End, Side};
use crate::model::Protocol;
use crate::model::cluster_policy::ClusterPolicyKind;
use crate::reach::engine::Reachability;
use crate::reach::policy::Direction;
use crate::reach::ports::Conn;
use crate::reach::tiers::{Action, Tier};
use crate::reach::workload::Workload;

/// A cluster-tier rule that decided a side, or passed it to the next tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierRuleRef {
    pub tier: Tier,
    /// `AdminNetworkPolicy`, `BaselineAdminNetworkPolicy` or `ClusterNetworkPolicy`.
    pub kind: &'static str,
    /// The policy's name (cluster policies have no namespace).
    pub policy: String,
    pub object: crate::model::ObjectId,
    /// `spec.priority` (`None` for a BaselineAdminNetworkPolicy, which has none).
    pub priority: Option<i64>,
    pub direction: Direction,
    /// Index of the rule in `spec.ingress` / `spec.egress`.
    pub rule: usize,
    /// The rule's `name`, when it has one.
    pub rule_name: Option<String>,
    /// The action as the kind spells it (`Allow`, `Accept`, `Deny`, `Pass`).
    pub action: &'static str,
    /// What the rule matches between the two ends.
    pub conn: Conn,
}

impl TierRuleRef {
    /// Whether the rule lets the traffic through on its own (Accept/Allow, or a Baseline Pass,
    /// which falls to the default allow).
    #[must_use]
    pub fn passes(&self) -> bool {
        self.action != "Deny"
    }
}

impl fmt::Display for TierRuleRef {
    /// `Admin tier: ClusterNetworkPolicy monitoring (priority 5) ingress rule #0 "scrape": Accept TCP 9090`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} tier: {} {}",
            self.tier.as_str(),
            self.kind,
            self.policy
        )?;
        if let Some(priority) = self.priority {
            write!(f, " (priority {priority})")?;
        }
        write!(f, " {} rule #{}", self.direction, self.rule)?;
        if let Some(name) = &self.rule_name {
            write!(f, " \"{name}\"")?;
        }
        write!(f, ": {} {}", self.action, self.conn)
    }
}

/// The first rule of `tier` (in evaluation order) among the cluster policies selecting `workload`
/// that matches `peer` on the asked port (on any port when none was asked).
fn first_match(
    reach: &Reachability,
    tier: Tier,
    workload: usize,
    direction: Direction,
    peer: End<'_>,
    destination: Option<&Workload>,
    port: Option<(u16, Protocol)>,
) -> Option<TierRuleRef> {
    for (index, policy) in reach.tier_policies().enumerate() {
        if policy.tier != tier || !reach.tier_selects(index, workload) {
            continue;
        }
        for (r, rule) in policy.rules(direction).iter().enumerate() {
            let peer_matches = match peer {
                End::Workload(p, _) => reach.tier_rule_matches(index, direction, r, p),
                End::Address(address) => rule.addresses.contains(address),
            };
            let conn = rule.conn_for(destination);
            let port_matches = match port {
                Some((number, protocol)) => conn.allows(number, protocol),
                None => !conn.is_empty(),
            };
            if peer_matches && port_matches {
                return Some(TierRuleRef {
                    tier,
                    kind: policy.kind.as_str(),
                    policy: policy.name.clone(),
                    object: policy.object,
                    priority: (policy.kind != ClusterPolicyKind::Baseline)
                        .then_some(policy.priority),
                    direction,
                    rule: r,
                    rule_name: rule.name.clone(),
                    action: rule.action.spelled(policy.kind),
                    conn,
                });
            }
        }
    }
    None
}

/// The verdict of one side through the tiers: the Admin tier, then (after a Pass or no match)
/// `network_policies` when NetworkPolicies isolate the workload, else the Baseline tier, else the
/// default.
pub(super) fn tiered_side(
    reach: &Reachability,
    workload: usize,
    direction: Direction,
    peer: End<'_>,
    destination: Option<&Workload>,
    port: Option<(u16, Protocol)>,
    network_policies: Side,
) -> Side {
    let lower = |network_policies: Side| {
        if !matches!(network_policies, Side::NotIsolated) {
            return network_policies;
        }
        first_match(
            reach,
            Tier::Baseline,
            workload,
            direction,
            peer,
            destination,
            port,
        )
        .map_or(Side::NotIsolated, Side::Tier)
    };
    match first_match(
        reach,
        Tier::Admin,
        workload,
        direction,
        peer,
        destination,
        port,
    ) {
        Some(rule) if rule.action == Action::Pass.spelled(ClusterPolicyKind::Admin) => {
            Side::Passed {
                by: rule,
                then: Box::new(lower(network_policies)),
            }
        }
        Some(rule) => Side::Tier(rule),
        None => lower(network_policies),
    }
}
