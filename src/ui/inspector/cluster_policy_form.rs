//! The inspector's form for the cluster policy tiers (ClusterNetworkPolicy, AdminNetworkPolicy,
//! BaselineAdminNetworkPolicy): tier and priority, the subject, and each ingress and egress rule
//! with its action, peers and ports. It edits the typed view of `model::cluster_policy` and
//! writes it back keeping every field the view does not hold; what is valid is the engine's and
//! the rules' to say (their findings show at the fields).

use egui::Ui;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::model::cluster_policy::{
    ClusterPolicy, ClusterPolicyKind, ClusterPolicyPeer, ClusterPolicyPort, ClusterPolicyProtocol,
    ClusterPolicyRule, ClusterPolicySubject, DestinationPort, NamespacedPods, PortNumber,
    PortRange, ProtocolPorts,
};
use crate::model::{Object, Resource};

use super::field_notes::At;
use super::form::{self, ListSpec};
use super::other_kind_form::{edit_as, section};
use super::selector_form::label_selector;

const PROTOCOLS: [&str; 3] = ["TCP", "UDP", "SCTP"];

/// The form of a cluster policy object; returns whether it changed. Other objects: `false`.
pub fn cluster_policy_form(ui: &mut Ui, object: &mut Object, at: &At<'_>) -> bool {
    let Resource::Other(other) = object.resource_mut() else {
        return false;
    };
    let Some(kind) = ClusterPolicyKind::of(&other.api_version, &other.kind) else {
        return false;
    };
    edit_as(ui, other, |ui, policy: &mut ClusterPolicy| {
        sections(ui, kind, policy, at)
    })
}

/// The actions a rule of `kind` may take, in the kind's spelling.
fn actions(kind: ClusterPolicyKind) -> &'static [&'static str] {
    match kind {
        ClusterPolicyKind::Cluster => &["Accept", "Deny", "Pass"],
        ClusterPolicyKind::Admin => &["Allow", "Deny", "Pass"],
        ClusterPolicyKind::Baseline => &["Allow", "Deny"],
    }
}

fn sections(ui: &mut Ui, kind: ClusterPolicyKind, policy: &mut ClusterPolicy, at: &At<'_>) -> bool {
    let spec = policy.spec.get_or_insert_with(Default::default);
    let spec_at = at.field("spec");
    let mut changed = section(ui, "Tier and priority", |ui| {
        let mut changed = false;
        match kind {
            ClusterPolicyKind::Cluster => {
                changed |= form::choice(ui, "Tier", &mut spec.tier, &["Admin", "Baseline"]);
                spec_at.field("tier").show(ui);
            }
            ClusterPolicyKind::Admin => {
                ui.weak("Admin tier: decided before any NetworkPolicy.");
            }
            ClusterPolicyKind::Baseline => {
                ui.weak("Baseline tier: decided after the NetworkPolicies; one per cluster, named default.");
            }
        }
        if kind != ClusterPolicyKind::Baseline {
            let mut priority = i32::try_from(spec.priority.unwrap_or(0)).unwrap_or(i32::MAX);
            if form::number(ui, "Priority", &mut priority, 0..=1000) {
                spec.priority = Some(i64::from(priority));
                changed = true;
            }
            spec_at.field("priority").show(ui);
            ui.weak("Lower numbers are decided first (0–1000); two policies of one tier must not share one.");
        }
        changed
    });
    changed |= section(ui, "Subject", |ui| {
        let subject = spec.subject.get_or_insert_with(Default::default);
        subject_ui(ui, subject, &spec_at.field("subject"))
    });
    let kinds = actions(kind);
    for (title, egress) in [("Ingress rules", false), ("Egress rules", true)] {
        let field = if egress { "egress" } else { "ingress" };
        let rules_at = spec_at.field(field);
        let rules = if egress {
            &mut spec.egress
        } else {
            &mut spec.ingress
        };
        changed |= section(ui, title, |ui| {
            let list = rules.get_or_insert_with(Vec::new);
            let add = if egress {
                "Add egress rule"
            } else {
                "Add ingress rule"
            };
            let spec = ListSpec::separated(field, "rule", add);
            let changed = form::list_editor(
                ui,
                &spec,
                list,
                // A rule needs a peer: every namespace, to be narrowed.
                |_| {
                    let peers = Some(vec![ClusterPolicyPeer {
                        namespaces: Some(LabelSelector::default()),
                        ..ClusterPolicyPeer::default()
                    }]);
                    ClusterPolicyRule {
                        action: kinds.get(1).map(|a| (*a).to_owned()),
                        from: if egress { None } else { peers.clone() },
                        to: if egress { peers } else { None },
                        ..ClusterPolicyRule::default()
                    }
                },
                |ui, index, rule| rule_ui(ui, kind, egress, rule, &rules_at.item(index)),
            );
            if list.is_empty() {
                *rules = None;
            }
            changed
        });
    }
    changed
}

/// The subject: every pod of some namespaces, or some pods of some namespaces.
fn subject_ui(ui: &mut Ui, subject: &mut ClusterPolicySubject, at: &At<'_>) -> bool {
    let mut changed = false;
    let by_pods = subject.pods.is_some();
    ui.horizontal(|ui| {
        if ui.radio(!by_pods, "All pods of namespaces").clicked() && by_pods {
            subject.pods = None;
            subject.namespaces = Some(LabelSelector::default());
            changed = true;
        }
        if ui.radio(by_pods, "Pods").clicked() && !by_pods {
            subject.namespaces = None;
            subject.pods = Some(NamespacedPods::default());
            changed = true;
        }
    });
    at.show(ui);
    if let Some(pods) = &mut subject.pods {
        changed |= namespaced_pods_ui(ui, pods, &at.field("pods"));
    } else {
        let namespaces = subject.namespaces.get_or_insert_with(Default::default);
        ui.weak("Namespaces (empty: every namespace)");
        changed |= label_selector(ui, "namespace label", namespaces, &at.field("namespaces"));
    }
    changed
}

fn namespaced_pods_ui(ui: &mut Ui, pods: &mut NamespacedPods, at: &At<'_>) -> bool {
    ui.weak("Namespaces (empty: every namespace)");
    let namespaces = pods.namespace_selector.get_or_insert_with(Default::default);
    let mut changed = label_selector(
        ui,
        "namespace label",
        namespaces,
        &at.field("namespaceSelector"),
    );
    ui.weak("Pods in them (empty: every pod)");
    let selector = pods.pod_selector.get_or_insert_with(Default::default);
    changed |= label_selector(ui, "pod label", selector, &at.field("podSelector"));
    changed
}

fn rule_ui(
    ui: &mut Ui,
    kind: ClusterPolicyKind,
    egress: bool,
    rule: &mut ClusterPolicyRule,
    at: &At<'_>,
) -> bool {
    let mut changed = form::optional_text(ui, "Rule name", &mut rule.name);
    at.field("name").show(ui);
    let mut action = rule.action.clone().unwrap_or_default();
    if form::required_choice(ui, "Action", &mut action, actions(kind)) {
        rule.action = Some(action);
        changed = true;
    }
    at.field("action").show(ui);
    let (field, peers) = if egress {
        ("to", &mut rule.to)
    } else {
        ("from", &mut rule.from)
    };
    let peers_at = at.field(field);
    let list = peers.get_or_insert_with(Vec::new);
    let what = if egress { "destination" } else { "source" };
    let add = format!("Add {what}");
    let spec = ListSpec::compact(field, what, &add);
    changed |= form::list_editor(
        ui,
        &spec,
        list,
        |_| ClusterPolicyPeer {
            namespaces: Some(LabelSelector::default()),
            ..ClusterPolicyPeer::default()
        },
        |ui, index, peer| peer_ui(ui, egress, peer, &peers_at.item(index)),
    );
    peers_at.show(ui);
    if list.is_empty() {
        *peers = None;
    }
    changed |= if kind == ClusterPolicyKind::Cluster {
        protocols_ui(ui, &mut rule.protocols, &at.field("protocols"))
    } else {
        ports_ui(ui, &mut rule.ports, &at.field("ports"))
    };
    changed
}

/// Which field of a peer is set.
const PEER_KINDS: [&str; 5] = ["namespaces", "pods", "networks", "nodes", "domainNames"];

fn peer_kind(peer: &ClusterPolicyPeer) -> &'static str {
    if peer.pods.is_some() {
        "pods"
    } else if peer.networks.is_some() {
        "networks"
    } else if peer.nodes.is_some() {
        "nodes"
    } else if peer.domain_names.is_some() {
        "domainNames"
    } else {
        "namespaces"
    }
}

fn peer_ui(ui: &mut Ui, egress: bool, peer: &mut ClusterPolicyPeer, at: &At<'_>) -> bool {
    let mut changed = false;
    // Networks, nodes and domain names are egress peers only.
    let choices: &[&str] = if egress {
        &PEER_KINDS
    } else {
        &PEER_KINDS[..2]
    };
    let mut current = peer_kind(peer).to_owned();
    if form::required_choice(ui, "Peer", &mut current, choices) {
        *peer = match current.as_str() {
            "pods" => ClusterPolicyPeer {
                pods: Some(NamespacedPods::default()),
                ..ClusterPolicyPeer::default()
            },
            "networks" => ClusterPolicyPeer {
                networks: Some(Vec::new()),
                ..ClusterPolicyPeer::default()
            },
            "nodes" => ClusterPolicyPeer {
                nodes: Some(LabelSelector::default()),
                ..ClusterPolicyPeer::default()
            },
            "domainNames" => ClusterPolicyPeer {
                domain_names: Some(Vec::new()),
                ..ClusterPolicyPeer::default()
            },
            _ => ClusterPolicyPeer {
                namespaces: Some(LabelSelector::default()),
                ..ClusterPolicyPeer::default()
            },
        };
        changed = true;
    }
    at.show(ui);
    if let Some(pods) = &mut peer.pods {
        changed |= namespaced_pods_ui(ui, pods, &at.field("pods"));
    } else if let Some(networks) = &mut peer.networks {
        let mut list = (!networks.is_empty()).then(|| networks.clone());
        if form::comma_list(ui, "CIDRs", &mut list, None) {
            *networks = list.unwrap_or_default();
            changed = true;
        }
        at.field("networks").show_all(ui);
    } else if let Some(nodes) = &mut peer.nodes {
        changed |= label_selector(ui, "node label", nodes, &at.field("nodes"));
    } else if let Some(names) = &mut peer.domain_names {
        let mut list = (!names.is_empty()).then(|| names.clone());
        if form::comma_list(ui, "Domain names", &mut list, None) {
            *names = list.unwrap_or_default();
            changed = true;
        }
        at.field("domainNames").show_all(ui);
    } else {
        let namespaces = peer.namespaces.get_or_insert_with(Default::default);
        ui.weak("Every pod of the namespaces matching (empty: every namespace)");
        changed |= label_selector(ui, "namespace label", namespaces, &at.field("namespaces"));
    }
    changed
}

/// `v1alpha1` `ports`: a port number, a range, or a named port each.
fn ports_ui(ui: &mut Ui, ports: &mut Option<Vec<ClusterPolicyPort>>, at: &At<'_>) -> bool {
    let list = ports.get_or_insert_with(Vec::new);
    ui.weak("Ports (none: every port)");
    let spec = ListSpec::compact("ports", "port", "Add port");
    let changed = form::list_editor(
        ui,
        &spec,
        list,
        |_| ClusterPolicyPort {
            port_number: Some(PortNumber {
                protocol: Some("TCP".to_owned()),
                port: Some(80),
            }),
            ..ClusterPolicyPort::default()
        },
        |ui, index, port| {
            let mut changed = false;
            let kinds = ["portNumber", "portRange", "namedPort"];
            let mut current = if port.port_range.is_some() {
                "portRange"
            } else if port.named_port.is_some() {
                "namedPort"
            } else {
                "portNumber"
            }
            .to_owned();
            if form::required_choice(ui, "Port type", &mut current, &kinds) {
                *port = ClusterPolicyPort::default();
                match current.as_str() {
                    "portRange" => port.port_range = Some(PortRange::default()),
                    "namedPort" => port.named_port = Some(String::new()),
                    _ => port.port_number = Some(PortNumber::default()),
                }
                changed = true;
            }
            if let Some(range) = &mut port.port_range {
                changed |= range_ui(ui, range, true);
            } else if let Some(name) = &mut port.named_port {
                changed |= form::text(ui, "Port name", name, None);
            } else {
                let number = port.port_number.get_or_insert_with(Default::default);
                changed |= protocol_ui(ui, &mut number.protocol);
                changed |= port_number_ui(ui, "Port", &mut number.port);
            }
            at.item(index).show_all(ui);
            changed
        },
    );
    if list.is_empty() {
        *ports = None;
    }
    changed
}

/// `v1alpha2` `protocols`: TCP, UDP or SCTP with all ports, one port or a range, or a named port.
fn protocols_ui(
    ui: &mut Ui,
    protocols: &mut Option<Vec<ClusterPolicyProtocol>>,
    at: &At<'_>,
) -> bool {
    let list = protocols.get_or_insert_with(Vec::new);
    ui.weak("Protocols (none: every protocol and port)");
    let spec = ListSpec::compact("protocols", "protocol", "Add protocol");
    let changed = form::list_editor(
        ui,
        &spec,
        list,
        |_| ClusterPolicyProtocol {
            tcp: Some(ProtocolPorts {
                destination_port: Some(DestinationPort {
                    number: Some(80),
                    range: None,
                }),
            }),
            ..ClusterPolicyProtocol::default()
        },
        |ui, index, entry| {
            let mut changed = false;
            let kinds = ["TCP", "UDP", "SCTP", "named port"];
            let mut current = if entry.udp.is_some() {
                "UDP"
            } else if entry.sctp.is_some() {
                "SCTP"
            } else if entry.destination_named_port.is_some() {
                "named port"
            } else {
                "TCP"
            }
            .to_owned();
            if form::required_choice(ui, "Protocol", &mut current, &kinds) {
                let ports = Some(ProtocolPorts::default());
                *entry = ClusterPolicyProtocol::default();
                match current.as_str() {
                    "UDP" => entry.udp = ports,
                    "SCTP" => entry.sctp = ports,
                    "named port" => entry.destination_named_port = Some(String::new()),
                    _ => entry.tcp = ports,
                }
                changed = true;
            }
            if let Some(name) = &mut entry.destination_named_port {
                changed |= form::text(ui, "Destination port name", name, None);
            } else if let Some(ports) = entry
                .tcp
                .as_mut()
                .or(entry.udp.as_mut())
                .or(entry.sctp.as_mut())
            {
                changed |= destination_port_ui(ui, &mut ports.destination_port);
            }
            at.item(index).show_all(ui);
            changed
        },
    );
    if list.is_empty() {
        *protocols = None;
    }
    changed
}

fn destination_port_ui(ui: &mut Ui, port: &mut Option<DestinationPort>) -> bool {
    let kinds = ["every port", "one port", "range"];
    let mut current = match port {
        None => "every port",
        Some(DestinationPort { range: Some(_), .. }) => "range",
        Some(_) => "one port",
    }
    .to_owned();
    let mut changed = false;
    if form::required_choice(ui, "Ports", &mut current, &kinds) {
        *port = match current.as_str() {
            "one port" => Some(DestinationPort {
                number: Some(80),
                range: None,
            }),
            "range" => Some(DestinationPort {
                number: None,
                range: Some(PortRange {
                    protocol: None,
                    start: Some(8000),
                    end: Some(8100),
                }),
            }),
            _ => None,
        };
        changed = true;
    }
    match port {
        Some(DestinationPort {
            range: Some(range), ..
        }) => changed |= range_ui(ui, range, false),
        Some(destination) => changed |= port_number_ui(ui, "Port", &mut destination.number),
        None => {}
    }
    changed
}

fn protocol_ui(ui: &mut Ui, protocol: &mut Option<String>) -> bool {
    let mut current = protocol.clone().unwrap_or_else(|| "TCP".to_owned());
    if form::required_choice(ui, "Protocol", &mut current, &PROTOCOLS) {
        *protocol = Some(current);
        return true;
    }
    false
}

fn range_ui(ui: &mut Ui, range: &mut PortRange, with_protocol: bool) -> bool {
    let mut changed = false;
    if with_protocol {
        changed |= protocol_ui(ui, &mut range.protocol);
    }
    changed |= port_number_ui(ui, "From port", &mut range.start);
    changed |= port_number_ui(ui, "To port", &mut range.end);
    changed
}

fn port_number_ui(ui: &mut Ui, label: &str, port: &mut Option<i64>) -> bool {
    let mut value = i32::try_from(port.unwrap_or(1)).unwrap_or(1);
    if form::number(ui, label, &mut value, 1..=65535) {
        *port = Some(i64::from(value));
        return true;
    }
    false
}
