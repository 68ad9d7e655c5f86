//! GRPCRoute, the stream routes (TCPRoute, TLSRoute, UDPRoute), and [`RouteView`]: what every
//! route kind has in common (parents, hostnames, weighted backends per rule), read without the
//! kind's matches and filters.

use serde::{Deserialize, Serialize};

use super::Envelope;

use super::http_route::{HttpRouteFilter, NameValueMatch};
use super::refs::{BackendRef, ParentReference};
use crate::model::Kind;

/// A GRPCRoute.
pub type GrpcRoute = Envelope<GrpcRouteSpec>;

/// `GRPCRoute.spec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrpcRouteSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_refs: Option<Vec<ParentReference>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostnames: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<GrpcRouteRule>>,
}

/// One gRPC rule: matches on service, method and headers, filters, weighted backends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrpcRouteRule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<GrpcRouteMatch>>,
    /// The header modifiers, mirror and extension filters (the HTTP filter shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<HttpRouteFilter>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_refs: Option<Vec<BackendRef<HttpRouteFilter>>>,
}

/// One gRPC match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrpcRouteMatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<GrpcMethodMatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<NameValueMatch>>,
}

/// A gRPC service and method match: `type` is `Exact` (the default) or `RegularExpression`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrpcMethodMatch {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub match_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
}

/// A TCPRoute, TLSRoute or UDPRoute: parents, (for TLS) SNI hostnames, and rules of backends.
pub type StreamRoute = Envelope<StreamRouteSpec>;

/// A TCPRoute (no hostnames).
pub type TcpRoute = StreamRoute;
/// A TLSRoute (hostnames match the TLS SNI).
pub type TlsRoute = StreamRoute;
/// A UDPRoute (no hostnames).
pub type UdpRoute = StreamRoute;

/// The spec of a stream route.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamRouteSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_refs: Option<Vec<ParentReference>>,
    /// TLSRoute only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostnames: Option<Vec<String>>,
    #[serde(default)]
    pub rules: Vec<StreamRouteRule>,
}

/// One stream rule: the backends connections are spread over.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamRouteRule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub backend_refs: Vec<BackendRef>,
}

/// What every route kind has in common, read from any of them: the relations and the rules need
/// only this, and reading it skips the matches and filters.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RouteView {
    #[serde(default)]
    pub spec: RouteViewSpec,
}

/// [`RouteView`]'s spec.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteViewSpec {
    #[serde(default)]
    pub parent_refs: Vec<ParentReference>,
    #[serde(default)]
    pub hostnames: Vec<String>,
    #[serde(default)]
    pub rules: Vec<RouteViewRule>,
}

/// [`RouteView`]'s rule: its backends.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteViewRule {
    #[serde(default)]
    pub backend_refs: Vec<BackendRef<serde::de::IgnoredAny>>,
}

impl RouteView {
    /// The hostnames that take part in listener matching: HTTP, gRPC and TLS routes have them;
    /// TCP and UDP routes match no hostname (their `hostnames` field, if any, means nothing).
    #[must_use]
    pub fn matched_hostnames(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::HttpRoute | Kind::GrpcRoute | Kind::TlsRoute => &self.spec.hostnames,
            _ => &[],
        }
    }
}
