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

use super::field_notes::At;
use super::selector_form;
use crate::ui::inspector::form::{self, apply_op};

/// A Service's ports: name, port, target port, protocol.
pub(super) fn service_ports(ui: &mut Ui, ports: &mut Vec<ServicePort>, at: &At<'_>) -> bool {
    let spec = form::ListSpec::separated("service_port", "port", "Add port");
    let new_port = |_| ServicePort {
        port: 80,
        protocol: Some("TCP".to_owned()),
        ..ServicePort::default()
    };
    let changed = form::list_editor(ui, &spec, ports, new_port, |ui, index, port| {
        let at = at.item(index);
        let mut changed = form::optional_text(ui, "Port name", &mut port.name);
        at.field("name").show(ui);
        changed |= form::number(
            ui,
            "Port",
            &mut port.port,
            crate::model::validation::PORT_NUMBERS,
        );
        at.field("port").show(ui);
        changed |= form::optional_int_or_string(ui, "Target port", &mut port.target_port);
        at.field("targetPort").show(ui);
        changed |= form::choice(
            ui,
            "Protocol",
            &mut port.protocol,
            &crate::model::validation::PROTOCOLS,
        );
        at.field("protocol").show(ui);
        // What is not about one field of the port (a duplicate, a missing name among several).
        at.show(ui);
        at.field("nodePort").show(ui);
        changed
    });
    at.show(ui);
    changed
}

/// An Ingress's rules: per host, the paths and the Service each one goes to.
pub(super) fn ingress_rules(ui: &mut Ui, rules: &mut Vec<IngressRule>, at: &At<'_>) -> bool {
    let mut changed = false;
    let mut op = None;
    let len = rules.len();
    for (index, rule) in rules.iter_mut().enumerate() {
        ui.push_id(("rule", index), |ui| {
            let at = at.item(index);
            ui.group(|ui| {
                changed |= form::optional_text(ui, "Host", &mut rule.host);
                at.field("host").show(ui);
                let paths_at = at.field("http.paths");
                let http = rule.http.get_or_insert_with(HTTPIngressRuleValue::default);
                let mut path_op = None;
                let paths = http.paths.len();
                for (p, path) in http.paths.iter_mut().enumerate() {
                    ui.push_id(("path", p), |ui| {
                        let at = paths_at.item(p);
                        changed |= form::optional_text(ui, "Path", &mut path.path);
                        at.field("path").show(ui);
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
                        at.show(ui);
                        at.field("backend").show_all(ui);
                        path_op = form::list_buttons(ui, "path", p, paths).or(path_op);
                    });
                }
                if let Some(op) = path_op {
                    apply_op(&mut http.paths, op);
                    changed = true;
                }
                paths_at.show(ui);
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
pub(super) fn ingress_tls(ui: &mut Ui, tls: &mut Vec<IngressTLS>, at: &At<'_>) -> bool {
    let spec = form::ListSpec::compact("tls", "TLS entry", "Add TLS entry");
    form::list_editor(
        ui,
        &spec,
        tls,
        |_| IngressTLS::default(),
        |ui, index, entry| {
            let at = at.item(index);
            let mut changed = form::comma_list(ui, "Hosts", &mut entry.hosts, None);
            at.field("hosts").show_all(ui);
            changed |= form::optional_text(ui, "Secret", &mut entry.secret_name);
            at.field("secretName").show(ui);
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

fn peers(ui: &mut Ui, peers: &mut Vec<NetworkPolicyPeer>, at: &At<'_>) -> bool {
    let spec = form::ListSpec::separated("peer", "peer", "Add peer");
    let new_peer = |_| NetworkPolicyPeer {
        pod_selector: Some(LabelSelector::default()),
        ..NetworkPolicyPeer::default()
    };
    form::list_editor(ui, &spec, peers, new_peer, |ui, index, p| {
        peer(ui, p, &at.item(index))
    })
}

/// One peer: pods (and namespaces) chosen by labels, or an IP block. The API server refuses a peer
/// that mixes the two, so switching replaces the peer.
fn peer(ui: &mut Ui, peer: &mut NetworkPolicyPeer, at: &At<'_>) -> bool {
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
    // No peer, or an IP block mixed with selectors.
    at.show(ui);
    if let Some(block) = peer.ip_block.as_mut() {
        changed |= form::text(ui, "CIDR", &mut block.cidr, None);
        at.field("ipBlock.cidr").show(ui);
        changed |= form::comma_list(ui, "Except", &mut block.except, None);
        at.field("ipBlock.except").show_all(ui);
        return changed;
    }
    ui.label("Pods with labels");
    changed |= selector_form::label_selector(
        ui,
        "pod label",
        peer.pod_selector.get_or_insert_with(Default::default),
        &at.field("podSelector"),
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
        changed |= selector_form::label_selector(
            ui,
            "namespace label",
            namespaces,
            &at.field("namespaceSelector"),
        );
    }
    changed
}

fn policy_ports(ui: &mut Ui, ports: &mut Vec<NetworkPolicyPort>, at: &At<'_>) -> bool {
    let spec = form::ListSpec::compact("policy_port", "port", "Add port");
    let new_port = |_| NetworkPolicyPort {
        port: Some(IntOrString::Int(8080)),
        protocol: Some("TCP".to_owned()),
        end_port: None,
    };
    form::list_editor(ui, &spec, ports, new_port, |ui, index, port| {
        let at = at.item(index);
        let mut changed = form::optional_int_or_string(ui, "Port", &mut port.port);
        at.field("port").show(ui);
        changed |= form::choice(
            ui,
            "Protocol",
            &mut port.protocol,
            &crate::model::validation::PROTOCOLS,
        );
        at.field("protocol").show(ui);
        at.show(ui);
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
    /// The peer list's field name (`from`, `to`).
    const PEERS_FIELD: &'static str;
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
    const PEERS_FIELD: &'static str = "from";
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
    const PEERS_FIELD: &'static str = "to";
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
pub(super) fn policy_rules<R: PolicyRule>(ui: &mut Ui, rules: &mut Vec<R>, at: &At<'_>) -> bool {
    let mut changed = false;
    let mut op = None;
    let len = rules.len();
    for (index, rule) in rules.iter_mut().enumerate() {
        ui.push_id((R::ID, index), |ui| {
            let at = at.item(index);
            ui.group(|ui| {
                ui.strong(format!("{}, rule {}", R::TITLE, index + 1));
                at.show(ui);
                let (rule_peers, rule_ports) = rule.peers_and_ports();
                ui.label(R::PEERS);
                let list = rule_peers.get_or_insert_with(Vec::new);
                changed |= peers(ui, list, &at.field(R::PEERS_FIELD));
                at.field(R::PEERS_FIELD).show(ui);
                if list.is_empty() {
                    *rule_peers = None;
                    ui.weak(R::ANY_PEER);
                }
                ui.label("Ports");
                let ports = rule_ports.get_or_insert_with(Vec::new);
                changed |= policy_ports(ui, ports, &at.field("ports"));
                at.field("ports").show(ui);
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
