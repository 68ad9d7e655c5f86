//! NetworkPolicies compiled for evaluation: defaults applied, ports and CIDRs parsed, and every
//! problem the API server would reject reported with the field that holds it.

use std::fmt;

use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::ipset::{Cidr, IpSet};
use super::ports::{Conn, PortSet};
use super::workload::Workload;
use crate::model::validation::requirement_problem_of;
use crate::model::{ObjectId, Protocol};

/// The direction of a rule, seen from the pods the policy selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    /// `ingress` or `egress`, the field name in a policy spec.
    #[must_use]
    pub fn field(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }

    /// `from` or `to`, the peer list's field name.
    #[must_use]
    pub fn peers_field(self) -> &'static str {
        match self {
            Direction::Ingress => "from",
            Direction::Egress => "to",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field())
    }
}

/// A policy the API server would reject; it is left out of the analysis.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind} {policy}: field `{field}`: {message}")]
pub struct PolicyError {
    /// `NetworkPolicy`, `AdminNetworkPolicy`, `ClusterNetworkPolicy`…
    pub kind: &'static str,
    /// `namespace/name` of the policy (`name` for the cluster-scoped kinds).
    pub policy: String,
    pub object: ObjectId,
    /// The rule holding the problem, when it is inside one.
    pub rule: Option<(Direction, usize)>,
    /// Dotted path of the field, e.g. `spec.ingress[0].from[1].ipBlock.except[0]`.
    pub field: String,
    pub message: String,
}

/// One peer of a rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Peer {
    /// Pods chosen by selectors. `namespace: None` means the policy's own namespace; `pods: None`
    /// means every pod of the chosen namespaces.
    Pods {
        namespace: Option<LabelSelector>,
        pods: Option<LabelSelector>,
    },
    /// External addresses: `cidr` minus `except` (never pods).
    IpBlock {
        cidr: String,
        except: Vec<String>,
        addresses: IpSet,
    },
}

/// What one `ports` entry names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortSpec {
    /// No `port`: every port of the protocol.
    Any,
    /// `port` (and `endPort`), inclusive.
    Range(u16, u16),
    /// A container port name, resolved on the destination pod.
    Named(String),
}

/// One `ports` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortRule {
    pub protocol: Protocol,
    pub port: PortSpec,
}

impl PortRule {
    /// The ports this entry allows towards `destination` (`None`: an external address, where
    /// named ports match nothing).
    #[must_use]
    pub fn conn_for(&self, destination: Option<&Workload>) -> Conn {
        let ports = match &self.port {
            PortSpec::Any => PortSet::all(),
            PortSpec::Range(a, b) => PortSet::range(*a, *b),
            PortSpec::Named(name) => destination
                .and_then(|w| w.resolve_port(name, self.protocol))
                .map_or_else(PortSet::empty, PortSet::single),
        };
        Conn::of(self.protocol, ports)
    }

    /// `TCP 80`, `UDP 53-60`, `TCP http`, `SCTP (all ports)`.
    #[must_use]
    pub fn describe(&self) -> String {
        match &self.port {
            PortSpec::Any => format!("{} (all ports)", self.protocol.as_str()),
            PortSpec::Range(a, b) if a == b => format!("{} {a}", self.protocol.as_str()),
            PortSpec::Range(a, b) => format!("{} {a}-{b}", self.protocol.as_str()),
            PortSpec::Named(name) => format!("{} {name}", self.protocol.as_str()),
        }
    }
}

/// One ingress or egress rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// `None`: `from`/`to` missing or empty, any peer (every pod and every address).
    pub peers: Option<Vec<Peer>>,
    /// `None`: `ports` missing or empty, every port of every protocol.
    pub ports: Option<Vec<PortRule>>,
    /// What the rule allows regardless of the destination (everything but named ports).
    static_conn: Conn,
    has_named_ports: bool,
}

impl Rule {
    /// The connections this rule allows towards `destination` (`None`: an external address).
    #[must_use]
    pub fn conn_for(&self, destination: Option<&Workload>) -> Conn {
        let Some(ports) = &self.ports else {
            return Conn::all();
        };
        if !self.has_named_ports || destination.is_none() {
            return self.static_conn.clone();
        }
        ports
            .iter()
            .filter(|p| matches!(p.port, PortSpec::Named(_)))
            .fold(self.static_conn.clone(), |acc, p| {
                acc.union(&p.conn_for(destination))
            })
    }

    /// Whether the rule's ports depend on the destination (named ports).
    #[must_use]
    pub fn has_named_ports(&self) -> bool {
        self.has_named_ports
    }

    /// The addresses the rule admits: all for "any peer", else the union of its ipBlocks.
    #[must_use]
    pub fn addresses(&self) -> IpSet {
        match &self.peers {
            None => IpSet::all(),
            Some(peers) => peers.iter().fold(IpSet::empty(), |acc, peer| match peer {
                Peer::IpBlock { addresses, .. } => acc.union(addresses),
                Peer::Pods { .. } => acc,
            }),
        }
    }
}

/// A valid NetworkPolicy ready for evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledPolicy {
    pub object: ObjectId,
    pub namespace: String,
    pub name: String,
    pub pod_selector: LabelSelector,
    /// `Some` when the policy isolates its pods for ingress (policyTypes, defaulted).
    pub ingress: Option<Vec<Rule>>,
    /// `Some` when the policy isolates its pods for egress.
    pub egress: Option<Vec<Rule>>,
}

impl CompiledPolicy {
    /// `namespace/name`.
    #[must_use]
    pub fn id(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// The rules of one direction (`None` when the policy does not isolate that direction).
    #[must_use]
    pub fn rules(&self, direction: Direction) -> Option<&[Rule]> {
        match direction {
            Direction::Ingress => self.ingress.as_deref(),
            Direction::Egress => self.egress.as_deref(),
        }
    }
}

/// Where in a policy a problem is. Its dotted path is written only when a problem is reported:
/// compiling a valid policy (the common case, and once per policy per rule pass) builds no
/// strings.
#[derive(Clone, Copy)]
enum At {
    /// `spec`.
    Spec,
    /// `spec.ingress[rule].from[peer]` (or `egress` / `to`).
    Peer(Direction, usize, usize),
    /// `spec.ingress[rule].ports[port]`.
    Port(Direction, usize, usize),
}

impl At {
    /// The path of the field `below` (`.ipBlock.cidr`; empty for the item itself).
    fn path(self, below: &str) -> String {
        match self {
            At::Spec => format!("spec{below}"),
            At::Peer(direction, rule, peer) => format!(
                "spec.{}[{rule}].{}[{peer}]{below}",
                direction.field(),
                direction.peers_field()
            ),
            At::Port(direction, rule, port) => {
                format!("spec.{}[{rule}].ports[{port}]{below}", direction.field())
            }
        }
    }
}

/// Collects problems while compiling one policy.
struct Checker<'a> {
    namespace: &'a str,
    name: &'a str,
    object: ObjectId,
    errors: Vec<PolicyError>,
}

impl Checker<'_> {
    fn error(&mut self, rule: Option<(Direction, usize)>, field: String, message: String) {
        self.errors.push(PolicyError {
            kind: "NetworkPolicy",
            policy: format!("{}/{}", self.namespace, self.name),
            object: self.object,
            rule,
            field,
            message,
        });
    }

    fn selector(
        &mut self,
        rule: Option<(Direction, usize)>,
        at: At,
        below: &str,
        selector: &LabelSelector,
    ) {
        for (i, requirement) in selector.match_expressions.iter().flatten().enumerate() {
            let has_values = requirement.values.as_ref().is_some_and(|v| !v.is_empty());
            if let Some(problem) = requirement_problem_of(&requirement.operator, has_values) {
                self.error(
                    rule,
                    at.path(&format!("{below}.matchExpressions[{i}].operator")),
                    format!("operator `{}` {}", requirement.operator, problem.describe()),
                );
            }
        }
    }

    fn peer(&mut self, rule: (Direction, usize), at: At, peer: &NetworkPolicyPeer) -> Option<Peer> {
        let has_selector = peer.pod_selector.is_some() || peer.namespace_selector.is_some();
        match &peer.ip_block {
            Some(_) if has_selector => {
                self.error(
                    Some(rule),
                    at.path(""),
                    "ipBlock cannot be combined with podSelector or namespaceSelector".to_owned(),
                );
                None
            }
            Some(block) => {
                let cidr = match Cidr::parse(&block.cidr) {
                    Ok(cidr) => cidr,
                    Err(message) => {
                        self.error(Some(rule), at.path(".ipBlock.cidr"), message);
                        return None;
                    }
                };
                let mut addresses = cidr.ipv4();
                let mut valid = true;
                for (i, except) in block.except.iter().flatten().enumerate() {
                    let except_field = || at.path(&format!(".ipBlock.except[{i}]"));
                    match Cidr::parse(except) {
                        Ok(inner) if cidr.strictly_contains(inner) => {
                            addresses = addresses.difference(&inner.ipv4());
                        }
                        Ok(_) => {
                            self.error(
                                Some(rule),
                                except_field(),
                                format!(
                                    "`{except}` is not a strict subset of cidr `{}`",
                                    block.cidr
                                ),
                            );
                            valid = false;
                        }
                        Err(message) => {
                            self.error(Some(rule), except_field(), message);
                            valid = false;
                        }
                    }
                }
                valid.then(|| Peer::IpBlock {
                    cidr: block.cidr.clone(),
                    except: block.except.clone().unwrap_or_default(),
                    addresses,
                })
            }
            None if !has_selector => {
                self.error(
                    Some(rule),
                    at.path(""),
                    "the peer is empty: set podSelector, namespaceSelector or ipBlock".to_owned(),
                );
                None
            }
            None => {
                let before = self.errors.len();
                if let Some(s) = &peer.pod_selector {
                    self.selector(Some(rule), at, ".podSelector", s);
                }
                if let Some(s) = &peer.namespace_selector {
                    self.selector(Some(rule), at, ".namespaceSelector", s);
                }
                (self.errors.len() == before).then(|| Peer::Pods {
                    namespace: peer.namespace_selector.clone(),
                    pods: peer.pod_selector.clone(),
                })
            }
        }
    }

    fn port(
        &mut self,
        rule: (Direction, usize),
        at: At,
        port: &NetworkPolicyPort,
    ) -> Option<PortRule> {
        let protocol_name = port.protocol.as_deref().unwrap_or("TCP");
        let Some(protocol) = Protocol::parse(protocol_name) else {
            self.error(
                Some(rule),
                at.path(".protocol"),
                format!("`{protocol_name}` is not TCP, UDP or SCTP"),
            );
            return None;
        };
        let number = |this: &mut Self, value: i32, name: &str| match u16::try_from(value) {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                this.error(
                    Some(rule),
                    at.path(&format!(".{name}")),
                    format!("{value} is not a port number (1-65535)"),
                );
                None
            }
        };
        let spec = match (&port.port, port.end_port) {
            (None, None) => PortSpec::Any,
            (None, Some(_)) => {
                self.error(
                    Some(rule),
                    at.path(".endPort"),
                    "endPort needs a numeric port".to_owned(),
                );
                return None;
            }
            (Some(IntOrString::String(name)), Some(_)) => {
                self.error(
                    Some(rule),
                    at.path(".endPort"),
                    format!("endPort cannot be used with the named port `{name}`"),
                );
                return None;
            }
            (Some(IntOrString::String(name)), None) => {
                if name.is_empty() {
                    self.error(
                        Some(rule),
                        at.path(".port"),
                        "the port name is empty".to_owned(),
                    );
                    return None;
                }
                PortSpec::Named(name.clone())
            }
            (Some(IntOrString::Int(first)), end) => {
                let first = number(self, *first, "port")?;
                let last = match end {
                    Some(end) => number(self, end, "endPort")?,
                    None => first,
                };
                if last < first {
                    self.error(
                        Some(rule),
                        at.path(".endPort"),
                        format!("endPort {last} is below port {first}"),
                    );
                    return None;
                }
                PortSpec::Range(first, last)
            }
        };
        Some(PortRule {
            protocol,
            port: spec,
        })
    }

    fn rule(
        &mut self,
        direction: Direction,
        index: usize,
        peers: Option<&Vec<NetworkPolicyPeer>>,
        ports: Option<&Vec<NetworkPolicyPort>>,
    ) -> Rule {
        let at = (direction, index);
        let peers = peers.filter(|p| !p.is_empty()).map(|peers| {
            peers
                .iter()
                .enumerate()
                .filter_map(|(i, peer)| self.peer(at, At::Peer(direction, index, i), peer))
                .collect()
        });
        let ports: Option<Vec<PortRule>> = ports.filter(|p| !p.is_empty()).map(|ports| {
            ports
                .iter()
                .enumerate()
                .filter_map(|(i, port)| self.port(at, At::Port(direction, index, i), port))
                .collect()
        });
        let static_conn = ports.iter().flatten().fold(Conn::none(), |acc, p| {
            if matches!(p.port, PortSpec::Named(_)) {
                acc
            } else {
                acc.union(&p.conn_for(None))
            }
        });
        let has_named_ports = ports
            .iter()
            .flatten()
            .any(|p| matches!(p.port, PortSpec::Named(_)));
        Rule {
            peers,
            ports,
            static_conn,
            has_named_ports,
        }
    }
}

/// Compiles one NetworkPolicy, or returns every problem found in it.
pub fn compile(
    object: ObjectId,
    policy: &NetworkPolicy,
    default_namespace: &str,
) -> Result<CompiledPolicy, Vec<PolicyError>> {
    let namespace = policy
        .metadata
        .namespace
        .clone()
        .filter(|ns| !ns.is_empty())
        .unwrap_or_else(|| default_namespace.to_owned());
    let name = policy.metadata.name.clone().unwrap_or_default();
    let mut checker = Checker {
        namespace: &namespace,
        name: &name,
        object,
        errors: Vec::new(),
    };
    let no_spec = NetworkPolicySpec::default();
    let spec = policy.spec.as_ref().unwrap_or(&no_spec);
    let pod_selector = spec.pod_selector.clone().unwrap_or_default();
    checker.selector(None, At::Spec, ".podSelector", &pod_selector);
    let (mut isolates_ingress, mut isolates_egress) =
        (true, spec.egress.as_ref().is_some_and(|e| !e.is_empty()));
    if let Some(types) = spec.policy_types.as_ref().filter(|t| !t.is_empty()) {
        isolates_ingress = false;
        isolates_egress = false;
        for (i, kind) in types.iter().enumerate() {
            match kind.as_str() {
                "Ingress" => isolates_ingress = true,
                "Egress" => isolates_egress = true,
                other => checker.error(
                    None,
                    format!("spec.policyTypes[{i}]"),
                    format!("`{other}` is not Ingress or Egress"),
                ),
            }
        }
    }
    let ingress: Vec<Rule> = spec
        .ingress
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| checker.rule(Direction::Ingress, i, r.from.as_ref(), r.ports.as_ref()))
        .collect();
    let egress: Vec<Rule> = spec
        .egress
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| checker.rule(Direction::Egress, i, r.to.as_ref(), r.ports.as_ref()))
        .collect();
    if !checker.errors.is_empty() {
        return Err(checker.errors);
    }
    Ok(CompiledPolicy {
        object,
        namespace,
        name,
        pod_selector,
        ingress: isolates_ingress.then_some(ingress),
        egress: isolates_egress.then_some(egress),
    })
}
