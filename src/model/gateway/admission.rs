//! Whether a Gateway accepts a route: which listeners a `parentRef` selects (by `sectionName` and
//! `port`), and whether each admits the route by kind (`allowedRoutes.kinds`, else the kinds its
//! protocol carries), by namespace (`allowedRoutes.namespaces`) and by hostname.
//!
//! The relations draw an attachment only where the Gateway would accept the route; the rules
//! report the refusals with the same answers.

use super::GROUP;
use super::gateways::{Gateway, Listener};
use super::hostname::{HostnameMatch, listener_route_match};
use super::refs::ParentReference;
use crate::model::selector::selector_matches;
use crate::model::{Kind, Labels};

/// The route as admission sees it.
#[derive(Clone, Copy, Debug)]
pub struct RouteFacts<'a> {
    /// One of [`Kind::ROUTES`].
    pub kind: Kind,
    pub namespace: &'a str,
    /// The labels of the route's namespace (with `kubernetes.io/metadata.name`).
    pub namespace_labels: &'a Labels,
    /// The hostnames that take part in matching (none for TCP and UDP routes).
    pub hostnames: &'a [String],
}

/// Why a listener does not admit a route.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListenerRefusal {
    /// The route's kind is not among the kinds the listener allows (or its protocol carries).
    Kind,
    /// The route's namespace is not one `allowedRoutes.namespaces` admits.
    Namespace,
    /// The route's hostnames and the listener's hostname do not intersect.
    Hostname,
}

/// A listener that admits the route, and the hostnames the route serves through it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedListener {
    pub name: String,
    pub hostnames: HostnameMatch,
}

/// How one `parentRef` fares at one Gateway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attachment {
    /// The listeners that admit the route, in the Gateway's order (at least one).
    Accepted(Vec<AcceptedListener>),
    /// `sectionName` or `port` selects no listener of the Gateway.
    NoMatchingListener,
    /// Every selected listener refuses the route, each for the reason given.
    NotAllowed(Vec<(String, ListenerRefusal)>),
}

/// The route kinds a listener's protocol carries, `None` for a protocol Gateway API does not
/// define (an implementation's own, `example.com/proto`), which only the implementation knows.
#[must_use]
pub fn protocol_route_kinds(listener: &Listener) -> Option<&'static [Kind]> {
    match listener.protocol.as_str() {
        "HTTP" | "HTTPS" => Some(&[Kind::HttpRoute, Kind::GrpcRoute]),
        "TLS" if listener.tls_mode() == Some("Passthrough") => Some(&[Kind::TlsRoute]),
        // TLS terminated at the Gateway: the decrypted stream goes on as TCP.
        "TLS" => Some(&[Kind::TlsRoute, Kind::TcpRoute]),
        "TCP" => Some(&[Kind::TcpRoute]),
        "UDP" => Some(&[Kind::UdpRoute]),
        _ => None,
    }
}

/// Whether the listener admits routes of `kind`: among `allowedRoutes.kinds` when listed, and
/// always among the kinds the protocol carries (a listed kind the protocol cannot carry is
/// invalid and admits nothing).
#[must_use]
pub fn admits_kind(listener: &Listener, kind: Kind) -> bool {
    let listed = listener
        .allowed_routes
        .as_ref()
        .and_then(|allowed| allowed.kinds.as_deref())
        .filter(|kinds| !kinds.is_empty());
    let in_list = listed.is_none_or(|kinds| {
        kinds
            .iter()
            .any(|k| k.group() == GROUP && k.kind == kind.as_str())
    });
    let carried = protocol_route_kinds(listener).is_none_or(|kinds| kinds.contains(&kind));
    kind.is_route() && in_list && carried
}

/// Whether the listener admits routes from the route's namespace: `Same` (the default) admits the
/// Gateway's own namespace, `All` every namespace, `Selector` those whose labels match.
#[must_use]
pub fn admits_namespace(listener: &Listener, gateway_namespace: &str, route: &RouteFacts) -> bool {
    let namespaces = listener
        .allowed_routes
        .as_ref()
        .and_then(|allowed| allowed.namespaces.as_ref());
    match namespaces.and_then(|n| n.from.as_deref()).unwrap_or("Same") {
        "Same" => route.namespace == gateway_namespace,
        "All" => true,
        "Selector" => namespaces
            .and_then(|n| n.selector.as_ref())
            .is_some_and(|selector| selector_matches(selector, route.namespace_labels)),
        _ => false,
    }
}

/// Whether one listener admits the route, and with which hostnames.
pub fn listener_admits(
    listener: &Listener,
    gateway_namespace: &str,
    route: &RouteFacts,
) -> Result<HostnameMatch, ListenerRefusal> {
    if !admits_kind(listener, route.kind) {
        return Err(ListenerRefusal::Kind);
    }
    if !admits_namespace(listener, gateway_namespace, route) {
        return Err(ListenerRefusal::Namespace);
    }
    match listener_route_match(listener.hostname.as_deref(), route.hostnames) {
        HostnameMatch::Disjoint => Err(ListenerRefusal::Hostname),
        hosts => Ok(hosts),
    }
}

/// How `parent` (a `parentRef` of the route naming `gateway`) attaches.
#[must_use]
pub fn attach(
    parent: &ParentReference,
    gateway: &Gateway,
    gateway_namespace: &str,
    route: &RouteFacts,
) -> Attachment {
    let selected: Vec<&Listener> = gateway
        .listeners()
        .iter()
        .filter(|l| parent.section_name.as_deref().is_none_or(|s| s == l.name))
        .filter(|l| parent.port.is_none_or(|p| p == l.port))
        .collect();
    if selected.is_empty() {
        return Attachment::NoMatchingListener;
    }
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for listener in selected {
        match listener_admits(listener, gateway_namespace, route) {
            Ok(hostnames) => accepted.push(AcceptedListener {
                name: listener.name.clone(),
                hostnames,
            }),
            Err(reason) => refused.push((listener.name.clone(), reason)),
        }
    }
    if accepted.is_empty() {
        Attachment::NotAllowed(refused)
    } else {
        Attachment::Accepted(accepted)
    }
}

#[cfg(test)]
#[path = "admission_tests.rs"]
mod tests;
