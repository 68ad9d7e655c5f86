//! The networking part of the inspector's form: a Service's ports, an Ingress's rules and TLS,
//! and a NetworkPolicy's types, peers, ports and rules.

use k8s_openapi::api::core::v1::ServicePort;
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, IPBlock, IngressBackend, IngressRule,
    IngressServiceBackend, IngressTLS, NetworkPolicyEgressRule, NetworkPolicyIngressRule,
    NetworkPolicyPeer, NetworkPolicyPort, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use egui::Ui;

use crate::rules::api::invalid_network_policy_peer::ip_block_problems;

use super::selector_form;
use crate::ui::inspector::form::{self, apply_op};

/// A Service's ports: name, port, target port, protocol.
pub(super) fn service_ports(ui: &mut Ui, ports: &mut Vec<ServicePort>) -> bool {
    let spec = form::ListSpec::separated("service_port", "port", "Add port");
    let new_port = |_| ServicePort {
        port: 80,
        protocol: Some("TCP".to_owned()),
        ..ServicePort::default()
    };
    form::list_editor(ui, &spec, ports, new_port, |ui, port| {
        let mut changed = form::optional_text(ui, "Port name", &mut port.name);
        changed |= form::number(
            ui,
            "Port",
            &mut port.port,
            crate::model::validation::PORT_NUMBERS,
        );
        changed |= form::optional_int_or_string(ui, "Target port", &mut port.target_port);
        changed |= form::choice(
            ui,
            "Protocol",
            &mut port.protocol,
            &crate::model::validation::PROTOCOLS,
        );
        changed
    })
}

/// An Ingress's rules: per host, the paths and the Service each one goes to.
pub(super) fn ingress_rules(ui: &mut Ui, rules: &mut Vec<IngressRule>) -> bool {
    let mut changed = false;
    let mut op = None;
    let len = rules.len();
    for (index, rule) in rules.iter_mut().enumerate() {
        ui.push_id(("rule", index), |ui| {
            ui.group(|ui| {
                changed |= form::optional_text(ui, "Host", &mut rule.host);
                let http = rule.http.get_or_insert_with(HTTPIngressRuleValue::default);
                let mut path_op = None;
                let paths = http.paths.len();
                for (p, path) in http.paths.iter_mut().enumerate() {
                    ui.push_id(("path", p), |ui| {
                        changed |= form::optional_text(ui, "Path", &mut path.path);
                        let mut kind = Some(path.path_type.clone());
                        if form::choice(
                            ui,
                            "Path type",
                            &mut kind,
                            &["Prefix", "Exact", "ImplementationSpecific"],
                        ) {
                            path.path_type = kind.unwrap_or_else(|| "Prefix".to_owned());
                            changed = true;
                        }
                        let backend = path
                            .backend
                            .service
                            .get_or_insert_with(IngressServiceBackend::default);
                        changed |= form::text(ui, "Service", &mut backend.name, None);
                        let port = backend.port.get_or_insert_with(ServiceBackendPort::default);
                        let mut value = match (&port.name, port.number) {
                            (Some(name), _) => Some(IntOrString::String(name.clone())),
                            (None, Some(n)) => Some(IntOrString::Int(n)),
                            (None, None) => None,
                        };
                        if form::optional_int_or_string(ui, "Service port", &mut value) {
                            (port.name, port.number) = match value {
                                Some(IntOrString::String(name)) => (Some(name), None),
                                Some(IntOrString::Int(n)) => (None, Some(n)),
                                None => (None, None),
                            };
                            changed = true;
                        }
                        path_op = form::list_buttons(ui, "path", p, paths).or(path_op);
                    });
                }
                if let Some(op) = path_op {
                    apply_op(&mut http.paths, op);
                    changed = true;
                }
                if ui.small_button("Add path").clicked() {
                    http.paths.push(HTTPIngressPath {
                        path: Some("/".to_owned()),
                        path_type: "Prefix".to_owned(),
                        backend: IngressBackend::default(),
                    });
                    changed = true;
                }
                op = form::list_buttons(ui, "rule", index, len).or(op);
            });
        });
    }
    if let Some(op) = op {
        apply_op(rules, op);
        changed = true;
    }
    if ui.small_button("Add rule").clicked() {
        rules.push(IngressRule::default());
        changed = true;
    }
    changed
}

/// An Ingress's TLS entries: hosts and the Secret holding their certificate.
pub(super) fn ingress_tls(ui: &mut Ui, tls: &mut Vec<IngressTLS>) -> bool {
    let spec = form::ListSpec::compact("tls", "TLS entry", "Add TLS entry");
    form::list_editor(
        ui,
        &spec,
        tls,
        |_| IngressTLS::default(),
        |ui, entry| {
            let mut changed = form::comma_list(ui, "Hosts", &mut entry.hosts, None);
            changed |= form::optional_text(ui, "Secret", &mut entry.secret_name);
            changed
        },
    )
}

/// A NetworkPolicy's policy types (Ingress, Egress).
pub(super) fn policy_types(ui: &mut Ui, types: &mut Option<Vec<String>>) -> bool {
    let mut changed = false;
    for kind in ["Ingress", "Egress"] {
        let mut on = types.as_ref().is_some_and(|t| t.iter().any(|x| x == kind));
        if ui.checkbox(&mut on, kind).changed() {
            let list = types.get_or_insert_with(Vec::new);
            list.retain(|x| x != kind);
            if on {
                list.push(kind.to_owned());
                list.sort_by_key(|x| x != "Ingress");
            }
            if list.is_empty() {
                *types = None;
            }
            changed = true;
        }
    }
    changed
}

const SELECTED_PEER: &str = "Pods and namespaces";
const IP_BLOCK_PEER: &str = "IP block";

fn peers(ui: &mut Ui, peers: &mut Vec<NetworkPolicyPeer>) -> bool {
    let spec = form::ListSpec::separated("peer", "peer", "Add peer");
    let new_peer = |_| NetworkPolicyPeer {
        pod_selector: Some(LabelSelector::default()),
        ..NetworkPolicyPeer::default()
    };
    form::list_editor(ui, &spec, peers, new_peer, peer)
}

/// One peer: pods (and namespaces) chosen by labels, or an IP block. The API server refuses a peer
/// that mixes the two, so switching replaces the peer.
fn peer(ui: &mut Ui, peer: &mut NetworkPolicyPeer) -> bool {
    let current = if peer.ip_block.is_some() {
        IP_BLOCK_PEER
    } else {
        SELECTED_PEER
    };
    let mut kind = current.to_owned();
    let mut changed = false;
    if form::required_choice(ui, "Peer", &mut kind, &[SELECTED_PEER, IP_BLOCK_PEER])
        && kind != current
    {
        *peer = if kind == IP_BLOCK_PEER {
            NetworkPolicyPeer {
                ip_block: Some(IPBlock {
                    cidr: "10.0.0.0/8".to_owned(),
                    except: None,
                }),
                ..NetworkPolicyPeer::default()
            }
        } else {
            NetworkPolicyPeer {
                pod_selector: Some(LabelSelector::default()),
                ..NetworkPolicyPeer::default()
            }
        };
        changed = true;
    }
    if let Some(block) = peer.ip_block.as_mut() {
        let problems = ip_block_problems(block);
        changed |= form::text(ui, "CIDR", &mut block.cidr, problems.cidr.as_deref());
        let except_problem = problems.except.first().map(|(_, problem)| problem.as_str());
        changed |= form::comma_list(ui, "Except", &mut block.except, except_problem);
        let mixed = peer.pod_selector.is_some() || peer.namespace_selector.is_some();
        form::problem(
            ui,
            mixed.then_some("an IP block may not be combined with pod or namespace selectors"),
        );
        return changed;
    }
    ui.label("Pods with labels");
    changed |= selector_form::label_selector(
        ui,
        "pod label",
        peer.pod_selector.get_or_insert_with(Default::default),
    );
    let mut any_namespace = peer.namespace_selector.is_some();
    if ui
        .checkbox(&mut any_namespace, "In other namespaces with labels")
        .changed()
    {
        peer.namespace_selector = any_namespace.then(LabelSelector::default);
        changed = true;
    }
    if let Some(namespaces) = peer.namespace_selector.as_mut() {
        changed |= selector_form::label_selector(ui, "namespace label", namespaces);
    }
    changed
}

fn policy_ports(ui: &mut Ui, ports: &mut Vec<NetworkPolicyPort>) -> bool {
    let spec = form::ListSpec::compact("policy_port", "port", "Add port");
    let new_port = |_| NetworkPolicyPort {
        port: Some(IntOrString::Int(8080)),
        protocol: Some("TCP".to_owned()),
        end_port: None,
    };
    form::list_editor(ui, &spec, ports, new_port, |ui, port| {
        let mut changed = form::optional_int_or_string(ui, "Port", &mut port.port);
        changed |= form::choice(
            ui,
            "Protocol",
            &mut port.protocol,
            &crate::model::validation::PROTOCOLS,
        );
        changed
    })
}

/// What the form shows for one direction of NetworkPolicy rules: ingress and egress rules have
/// the same shape (peers and ports) under different field names and wording.
pub(super) trait PolicyRule: Default {
    /// Salt for the egui ids of the rules' widgets.
    const ID: &'static str;
    /// Group heading before the rule's number.
    const TITLE: &'static str;
    /// Label of the peer list.
    const PEERS: &'static str;
    /// Shown when the peer list is empty (any peer is allowed).
    const ANY_PEER: &'static str;
    /// The button that appends a rule.
    const ADD: &'static str;

    /// The rule's peers and ports, both optional (absent means "all").
    fn peers_and_ports(
        &mut self,
    ) -> (
        &mut Option<Vec<NetworkPolicyPeer>>,
        &mut Option<Vec<NetworkPolicyPort>>,
    );
}

impl PolicyRule for NetworkPolicyIngressRule {
    const ID: &'static str = "ingress_rule";
    const TITLE: &'static str = "Allow in";
    const PEERS: &'static str = "From";
    const ANY_PEER: &'static str = "(any source)";
    const ADD: &'static str = "Add ingress rule";

    fn peers_and_ports(
        &mut self,
    ) -> (
        &mut Option<Vec<NetworkPolicyPeer>>,
        &mut Option<Vec<NetworkPolicyPort>>,
    ) {
        (&mut self.from, &mut self.ports)
    }
}

impl PolicyRule for NetworkPolicyEgressRule {
    const ID: &'static str = "egress_rule";
    const TITLE: &'static str = "Allow out";
    const PEERS: &'static str = "To";
    const ANY_PEER: &'static str = "(any destination)";
    const ADD: &'static str = "Add egress rule";

    fn peers_and_ports(
        &mut self,
    ) -> (
        &mut Option<Vec<NetworkPolicyPeer>>,
        &mut Option<Vec<NetworkPolicyPort>>,
    ) {
        (&mut self.to, &mut self.ports)
    }
}

/// One direction of a NetworkPolicy's rules, each with its peers and ports.
pub(super) fn policy_rules<R: PolicyRule>(ui: &mut Ui, rules: &mut Vec<R>) -> bool {
    let mut changed = false;
    let mut op = None;
    let len = rules.len();
    for (index, rule) in rules.iter_mut().enumerate() {
        ui.push_id((R::ID, index), |ui| {
            ui.group(|ui| {
                ui.strong(format!("{}, rule {}", R::TITLE, index + 1));
                let (rule_peers, rule_ports) = rule.peers_and_ports();
                ui.label(R::PEERS);
                let list = rule_peers.get_or_insert_with(Vec::new);
                changed |= peers(ui, list);
                if list.is_empty() {
                    *rule_peers = None;
                    ui.weak(R::ANY_PEER);
                }
                ui.label("Ports");
                let ports = rule_ports.get_or_insert_with(Vec::new);
                changed |= policy_ports(ui, ports);
                if ports.is_empty() {
                    *rule_ports = None;
                }
                op = form::list_buttons(ui, "rule", index, len).or(op);
            });
        });
    }
    if let Some(op) = op {
        apply_op(rules, op);
        changed = true;
    }
    if ui.small_button(R::ADD).clicked() {
        rules.push(R::default());
        changed = true;
    }
    changed
}
