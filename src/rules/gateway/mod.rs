//! Gateway API (`K8S-GW-*`): routes that attach nowhere or reach no backend, references no
//! ReferenceGrant permits, listeners without certificates or in conflict, matches that never win,
//! and Gateways without a class.
//!
//! The rules read the answers of [`crate::model::gateway`] (attachment, backends, certificates,
//! permission) from the context's [`GatewayIndex`]; they never decide Gateway API meaning
//! themselves. A design without Gateway API objects never builds the index: every rule first
//! asks whether the context holds objects of its kinds.

pub mod backend_weights_all_zero;
pub mod conflicting_listeners;
pub mod duplicate_route_match;
pub mod gateway_class_missing;
pub mod http_listener_without_redirect;
pub mod listener_certificate_missing;
pub mod reference_not_granted;
pub mod route_backend_missing;
pub mod route_not_admitted;
pub mod route_parent_missing;

use crate::model::gateway::relations::{GatewayIndex, RouteEntry};
use crate::model::gateway::{Gateway, read};
use crate::model::{Kind, Object, ObjectId, Resource};
use crate::rules::context::Context;

/// The kind names of the route kinds, as `Context::of_kind` files them.
const ROUTE_KIND_NAMES: [&str; 5] = ["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"];

/// The routes of the context (Gateway API group only: another group's `HTTPRoute` is not one),
/// with their index entries, in id order (the engine sorts the findings). Empty, without building the
/// index, when the context holds no route.
pub(crate) fn routes<'c>(ctx: &'c Context<'_>) -> Vec<(&'c RouteEntry, &'c Object)> {
    let found: Vec<(ObjectId, &Object)> = ROUTE_KIND_NAMES
        .iter()
        .flat_map(|name| ctx.of_kind(name).iter().copied())
        .filter(|(_, object)| object.kind().is_route())
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let index = ctx.gateway_index();
    found
        .into_iter()
        .filter_map(|(id, object)| Some((index.route(id)?, object)))
        .collect()
}

/// A Gateway of the context with its typed view and namespace.
pub(crate) struct GatewayAt<'m> {
    pub id: ObjectId,
    pub object: &'m Object,
    pub namespace: &'m str,
    pub gateway: Gateway,
}

/// The Gateways of the context (Gateway API group only: an Istio `Gateway` is not one) whose
/// view reads; those that do not read are reported by the validation of the object.
pub(crate) fn gateways<'m>(ctx: &Context<'m>) -> Vec<GatewayAt<'m>> {
    ctx.of_kind("Gateway")
        .iter()
        .filter(|(_, object)| object.kind() == Kind::Gateway)
        .filter_map(|&(id, object)| {
            let Resource::Other(other) = object.resource() else {
                return None;
            };
            Some(GatewayAt {
                id,
                object,
                namespace: object.effective_namespace().unwrap_or("default"),
                gateway: read::<Gateway>(other).ok()?,
            })
        })
        .collect()
}

/// The index of the whole model, for rules that hold a route or Gateway of the context.
pub(crate) fn index<'c>(ctx: &'c Context<'_>) -> &'c GatewayIndex {
    ctx.gateway_index()
}

/// What the Gateway API rules read of objects in other namespaces: every Gateway API object
/// (its whole body), and the names and ports of Services, Secrets and Namespaces they refer to.
pub(crate) fn reads(object: &Object) -> Option<String> {
    let kind = object.kind();
    if kind.is_gateway_api() {
        let body = match object.resource() {
            Resource::Other(other) => serde_json::to_string(&other.body).unwrap_or_default(),
            _ => String::new(),
        };
        return Some(format!("{} {body}", object.display_id()));
    }
    match object.resource() {
        Resource::Service(service) => Some(format!(
            "{} {:?}",
            object.display_id(),
            service.spec.as_ref().map(|s| &s.ports)
        )),
        _ if matches!(kind, Kind::Secret | Kind::Namespace) => Some(format!(
            "{} {:?}",
            object.display_id(),
            object.metadata().labels
        )),
        _ => None,
    }
}

/// `spec.parentRefs[i]`.
pub(crate) fn parent_field(index: usize) -> String {
    format!("spec.parentRefs[{index}]")
}

/// `spec.rules[r].backendRefs[i]`.
pub(crate) fn backend_field(rule: usize, index: usize) -> String {
    format!("spec.rules[{rule}].backendRefs[{index}]")
}

/// `ns/name` of a Gateway.
pub(crate) fn gateway_display(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}
