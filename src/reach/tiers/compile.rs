//! Compiling cluster policies: defaults applied, ports and CIDRs parsed, and each problem reported
//! with the field that holds it. The problems are those the CRD validation rejects plus the
//! conventions of netpol-analyzer for `v1alpha1` (two AdminNetworkPolicies with one priority, more
//! than one BaselineAdminNetworkPolicy, one not named `default`).

use std::collections::{BTreeMap, HashMap};

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::{Action, CompiledTierPolicy, PodChoice, Tier, TierPeer, TierRule};
use crate::model::cluster_policy::{
    self, ClusterPolicyKind, ClusterPolicyPeer, ClusterPolicyRule, NamespacedPods,
};
use crate::model::validation::requirement_problem_of;
use crate::model::{Model, ObjectId, Resource};
use crate::reach::ipset::{Cidr, IpSet};
use crate::reach::policy::{Direction, PolicyError};

/// The highest priority value the API accepts (the lowest is 0).
pub const MAX_PRIORITY: i64 = 1000;

/// Collects the problems of one policy.
pub(super) struct Checker {
    pub(super) kind: ClusterPolicyKind,
    pub(super) name: String,
    pub(super) object: ObjectId,
    pub(super) errors: Vec<PolicyError>,
}

impl Checker {
    pub(super) fn error(
        &mut self,
        rule: Option<(Direction, usize)>,
        field: String,
        message: String,
    ) {
        self.errors.push(PolicyError {
            kind: self.kind.as_str(),
            policy: self.name.clone(),
            object: self.object,
            rule,
            field,
            message,
        });
    }

    fn selector(
        &mut self,
        rule: Option<(Direction, usize)>,
        field: &str,
        selector: &LabelSelector,
    ) {
        for (i, requirement) in selector.match_expressions.iter().flatten().enumerate() {
            let has_values = requirement.values.as_ref().is_some_and(|v| !v.is_empty());
            if let Some(problem) = requirement_problem_of(&requirement.operator, has_values) {
                self.error(
                    rule,
                    format!("{field}.matchExpressions[{i}].operator"),
                    format!("operator `{}` {}", requirement.operator, problem.describe()),
                );
            }
        }
    }

    fn pods(
        &mut self,
        rule: Option<(Direction, usize)>,
        field: &str,
        pods: &NamespacedPods,
    ) -> PodChoice {
        let namespaces = pods.namespace_selector.clone().unwrap_or_default();
        let selector = pods.pod_selector.clone().unwrap_or_default();
        self.selector(rule, &format!("{field}.namespaceSelector"), &namespaces);
        self.selector(rule, &format!("{field}.podSelector"), &selector);
        PodChoice::Pods {
            namespaces,
            pods: selector,
        }
    }

    fn subject(&mut self, subject: Option<&cluster_policy::ClusterPolicySubject>) -> PodChoice {
        match subject.map(|s| (&s.namespaces, &s.pods)) {
            Some((Some(namespaces), None)) => {
                self.selector(None, "spec.subject.namespaces", namespaces);
                PodChoice::Namespaces(namespaces.clone())
            }
            Some((None, Some(pods))) => self.pods(None, "spec.subject.pods", pods),
            _ => {
                self.error(
                    None,
                    "spec.subject".to_owned(),
                    "exactly one field must be set in a subject (namespaces or pods)".to_owned(),
                );
                PodChoice::Namespaces(LabelSelector::default())
            }
        }
    }

    fn peer(
        &mut self,
        rule: (Direction, usize),
        field: &str,
        peer: &ClusterPolicyPeer,
    ) -> Option<TierPeer> {
        let set = [
            peer.namespaces.is_some(),
            peer.pods.is_some(),
            peer.nodes.is_some(),
            peer.networks.is_some(),
            peer.domain_names.is_some(),
        ];
        if set.iter().filter(|s| **s).count() != 1 {
            self.error(
                Some(rule),
                field.to_owned(),
                "exactly one field must be set in a rule peer (namespaces, pods, nodes, networks \
                 or domainNames)"
                    .to_owned(),
            );
            return None;
        }
        let egress_only = |this: &mut Self, name: &str| {
            if rule.0 == Direction::Ingress {
                this.error(
                    Some(rule),
                    format!("{field}.{name}"),
                    format!("`{name}` is an egress peer; ingress rules take namespaces or pods"),
                );
            }
        };
        if let Some(namespaces) = &peer.namespaces {
            self.selector(Some(rule), &format!("{field}.namespaces"), namespaces);
            return Some(TierPeer::Workloads(PodChoice::Namespaces(
                namespaces.clone(),
            )));
        }
        if let Some(pods) = &peer.pods {
            let choice = self.pods(Some(rule), &format!("{field}.pods"), pods);
            return Some(TierPeer::Workloads(choice));
        }
        if let Some(nodes) = &peer.nodes {
            egress_only(self, "nodes");
            self.selector(Some(rule), &format!("{field}.nodes"), nodes);
            return Some(TierPeer::Nodes);
        }
        if let Some(names) = &peer.domain_names {
            egress_only(self, "domainNames");
            return Some(TierPeer::DomainNames(names.clone()));
        }
        let cidrs = peer.networks.clone().unwrap_or_default();
        egress_only(self, "networks");
        if cidrs.is_empty() {
            self.error(
                Some(rule),
                format!("{field}.networks"),
                "networks must hold at least one CIDR".to_owned(),
            );
        }
        let mut addresses = IpSet::empty();
        for (i, cidr) in cidrs.iter().enumerate() {
            match Cidr::parse(cidr) {
                // IPv6 blocks add no IPv4 addresses: only IPv4 is analysed.
                Ok(block) => addresses = addresses.union(&block.ipv4()),
                Err(message) => self.error(
                    Some(rule),
                    format!("{field}.networks[{i}]"),
                    format!("invalid CIDR address: {message}"),
                ),
            }
        }
        Some(TierPeer::Networks { cidrs, addresses })
    }

    fn action(
        &mut self,
        rule: (Direction, usize),
        field: String,
        action: Option<&str>,
    ) -> Option<Action> {
        let allowed: &[(&str, Action)] = match self.kind {
            ClusterPolicyKind::Admin => &[
                ("Allow", Action::Accept),
                ("Deny", Action::Deny),
                ("Pass", Action::Pass),
            ],
            ClusterPolicyKind::Baseline => &[("Allow", Action::Accept), ("Deny", Action::Deny)],
            ClusterPolicyKind::Cluster => &[
                ("Accept", Action::Accept),
                ("Deny", Action::Deny),
                ("Pass", Action::Pass),
            ],
        };
        let found = action.and_then(|a| allowed.iter().find(|(name, _)| *name == a));
        if found.is_none() {
            let names: Vec<&str> = allowed.iter().map(|(name, _)| *name).collect();
            self.error(
                Some(rule),
                field,
                format!(
                    "unrecognized action `{}`: a {} rule takes {}",
                    action.unwrap_or(""),
                    self.kind.as_str(),
                    names.join(", ")
                ),
            );
        }
        found.map(|(_, a)| *a)
    }

    fn rule(
        &mut self,
        direction: Direction,
        index: usize,
        rule: &ClusterPolicyRule,
    ) -> Option<TierRule> {
        let at = (direction, index);
        let base = format!("spec.{}[{index}]", direction.field());
        let action = self.action(at, format!("{base}.action"), rule.action.as_deref());
        let peers_field = direction.peers_field();
        let peers = match direction {
            Direction::Ingress => rule.from.as_ref(),
            Direction::Egress => rule.to.as_ref(),
        };
        let peers: Vec<TierPeer> = match peers.filter(|p| !p.is_empty()) {
            None => {
                self.error(
                    Some(at),
                    format!("{base}.{peers_field}"),
                    format!("{peers_field} field must be defined and contain at least one item"),
                );
                Vec::new()
            }
            Some(peers) => peers
                .iter()
                .enumerate()
                .filter_map(|(i, p)| self.peer(at, &format!("{base}.{peers_field}[{i}]"), p))
                .collect(),
        };
        let ports = if self.kind == ClusterPolicyKind::Cluster {
            if rule.ports.is_some() {
                self.error(
                    Some(at),
                    format!("{base}.ports"),
                    "a ClusterNetworkPolicy rule names its ports in `protocols`".to_owned(),
                );
            }
            rule.protocols.as_ref().map(|list| {
                list.iter()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        self.protocol_entry(at, &format!("{base}.protocols[{i}]"), p)
                    })
                    .collect::<Vec<_>>()
            })
        } else {
            if rule.protocols.is_some() {
                self.error(
                    Some(at),
                    format!("{base}.protocols"),
                    format!("an {} rule names its ports in `ports`", self.kind.as_str()),
                );
            }
            rule.ports.as_ref().map(|list| {
                list.iter()
                    .enumerate()
                    .filter_map(|(i, p)| self.port(at, &format!("{base}.ports[{i}]"), p))
                    .collect::<Vec<_>>()
            })
        };
        let addresses = peers.iter().fold(IpSet::empty(), |acc, peer| match peer {
            TierPeer::Networks { addresses, .. } => acc.union(addresses),
            _ => acc,
        });
        Some(TierRule {
            name: rule.name.clone(),
            action: action?,
            peers,
            ports,
            addresses,
        })
    }
}

/// Compiles one cluster policy, or returns every problem found in it (cross-policy problems are
/// [`compile_all`]'s).
fn compile(
    object: ObjectId,
    kind: ClusterPolicyKind,
    other: &crate::model::OtherObject,
) -> Result<CompiledTierPolicy, Vec<PolicyError>> {
    let name = other.metadata.name.clone().unwrap_or_default();
    let mut checker = Checker {
        kind,
        name: name.clone(),
        object,
        errors: Vec::new(),
    };
    let view = match cluster_policy::read(other) {
        Ok(view) => view,
        Err(error) => {
            checker.error(None, "(object)".to_owned(), error.to_string());
            return Err(checker.errors);
        }
    };
    let spec = view.spec.unwrap_or_default();
    let tier = cluster_policy::tier_of(kind, spec.tier.as_deref()).unwrap_or_else(|| {
        checker.error(
            None,
            "spec.tier".to_owned(),
            format!(
                "`{}` is not Admin or Baseline",
                spec.tier.as_deref().unwrap_or("")
            ),
        );
        Tier::Admin
    });
    let priority = match (kind, spec.priority) {
        (ClusterPolicyKind::Baseline, _) => 0,
        (_, Some(p)) if (0..=MAX_PRIORITY).contains(&p) => p,
        (_, Some(p)) => {
            checker.error(
                None,
                "spec.priority".to_owned(),
                format!(
                    "Invalid Priority Value: {p} in {}: \"{name}\"; Priority value must be between 0-{MAX_PRIORITY}",
                    kind.as_str()
                ),
            );
            0
        }
        (_, None) => {
            checker.error(
                None,
                "spec.priority".to_owned(),
                format!("a priority (0-{MAX_PRIORITY}) is required"),
            );
            0
        }
    };
    let subject = checker.subject(spec.subject.as_ref());
    let mut rules =
        |direction: Direction, list: Option<&Vec<ClusterPolicyRule>>| -> Vec<TierRule> {
            list.into_iter()
                .flatten()
                .enumerate()
                .filter_map(|(i, r)| checker.rule(direction, i, r))
                .collect()
        };
    let ingress = rules(Direction::Ingress, spec.ingress.as_ref());
    let egress = rules(Direction::Egress, spec.egress.as_ref());
    if !checker.errors.is_empty() {
        return Err(checker.errors);
    }
    Ok(CompiledTierPolicy {
        object,
        kind,
        name,
        tier,
        priority,
        subject,
        ingress,
        egress,
    })
}

/// Compiles every cluster policy of a design: the valid ones in evaluation order, and the
/// problems of the others by object.
#[must_use]
pub fn compile_all(
    model: &Model,
) -> (
    Vec<CompiledTierPolicy>,
    BTreeMap<ObjectId, Vec<PolicyError>>,
) {
    let mut errors: BTreeMap<ObjectId, Vec<PolicyError>> = BTreeMap::new();
    let mut valid = Vec::new();
    let mut seen_names: HashMap<(ClusterPolicyKind, String), ObjectId> = HashMap::new();
    let mut baseline_seen = false;
    for (id, object) in model.objects_sorted() {
        let Resource::Other(other) = object.resource() else {
            continue;
        };
        let Some(kind) = ClusterPolicyKind::of(&other.api_version, &other.kind) else {
            continue;
        };
        let name = other.metadata.name.clone().unwrap_or_default();
        let mut problems = Vec::new();
        let problem = |field: &str, message: String| PolicyError {
            kind: kind.as_str(),
            policy: name.clone(),
            object: id,
            rule: None,
            field: field.to_owned(),
            message,
        };
        if seen_names.insert((kind, name.clone()), id).is_some() {
            problems.push(problem(
                "metadata.name",
                format!(
                    "an {} \"{name}\" is already exists. Only one object of a given kind can have \
                     a given name at a time.",
                    kind.as_str()
                ),
            ));
        }
        if kind == ClusterPolicyKind::Baseline {
            if baseline_seen {
                problems.push(problem(
                    "metadata.name",
                    "only one baseline admin network policy may be provided in input resources; \
                     one already exists"
                        .to_owned(),
                ));
            } else if name != "default" {
                problems.push(problem(
                    "metadata.name",
                    "only one baseline admin network policy with metadata.name=default can be \
                     created in the cluster"
                        .to_owned(),
                ));
            }
            baseline_seen = true;
        }
        match compile(id, kind, other) {
            Ok(policy) if problems.is_empty() => valid.push(policy),
            Ok(_) => {
                errors.insert(id, problems);
            }
            Err(mut found) => {
                problems.append(&mut found);
                errors.insert(id, problems);
            }
        }
    }
    // Two AdminNetworkPolicies with one priority have no defined order (netpol-analyzer refuses
    // them); ClusterNetworkPolicies of equal priority are evaluated by name (see
    // `evaluation_order`) and left to the rules to warn about.
    let mut by_priority: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (index, policy) in valid.iter().enumerate() {
        if policy.kind == ClusterPolicyKind::Admin {
            by_priority.entry(policy.priority).or_default().push(index);
        }
    }
    let mut conflicting = vec![false; valid.len()];
    for (priority, indices) in by_priority.iter().filter(|(_, list)| list.len() > 1) {
        let names: Vec<&str> = indices
            .iter()
            .filter_map(|i| valid.get(*i).map(|p| p.name.as_str()))
            .collect();
        for index in indices {
            let Some(policy) = valid.get(*index) else {
                continue;
            };
            errors.entry(policy.object).or_default().push(PolicyError {
                kind: policy.kind.as_str(),
                policy: policy.name.clone(),
                object: policy.object,
                rule: None,
                field: "spec.priority".to_owned(),
                message: format!(
                    "priority {priority} is shared by {}. Two policies are considered to be \
                     conflicting if they are assigned the same priority.",
                    names.join(", ")
                ),
            });
            if let Some(flag) = conflicting.get_mut(*index) {
                *flag = true;
            }
        }
    }
    let mut valid: Vec<CompiledTierPolicy> = valid
        .into_iter()
        .zip(conflicting)
        .filter_map(|(policy, bad)| (!bad).then_some(policy))
        .collect();
    valid.sort_by(super::evaluation_order);
    (valid, errors)
}
