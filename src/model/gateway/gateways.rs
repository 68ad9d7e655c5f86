//! GatewayClass and Gateway: the class a controller implements, and a Gateway's listeners.
//!
//! Fields these views do not hold (`infrastructure`, `allowedListeners`, the Gateway's `tls`
//! block, a listener's `tls.options`…) are kept as they were by [`super::write`].

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use serde::{Deserialize, Serialize};

use super::Envelope;

use super::refs::{LocalObjectReference, RouteGroupKind, SecretObjectReference};

/// A GatewayClass (cluster-scoped): which controller implements the Gateways of this class.
pub type GatewayClass = Envelope<GatewayClassSpec>;

/// `GatewayClass.spec`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassSpec {
    #[serde(default)]
    pub controller_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters_ref: Option<LocalObjectReference>,
}

/// A Gateway: an instance of a GatewayClass with its listeners and addresses.
pub type Gateway = Envelope<GatewaySpec>;

impl Gateway {
    /// The listeners (none when the spec is missing).
    #[must_use]
    pub fn listeners(&self) -> &[Listener] {
        self.spec.as_ref().map_or(&[], |spec| &spec.listeners)
    }

    /// `spec.gatewayClassName`, "" when unset.
    #[must_use]
    pub fn class_name(&self) -> &str {
        self.spec
            .as_ref()
            .map_or("", |spec| spec.gateway_class_name.as_str())
    }
}

/// `Gateway.spec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewaySpec {
    #[serde(default)]
    pub gateway_class_name: String,
    #[serde(default)]
    pub listeners: Vec<Listener>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<GatewayAddress>>,
}

/// One address a Gateway asks for (`type` is `IPAddress` when unset).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayAddress {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub address_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// One listener: a port, a protocol, an optional hostname, TLS, and which routes may attach.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listener {
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default)]
    pub port: i32,
    /// `HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP`, or an implementation's own (`example.com/proto`).
    #[serde(default)]
    pub protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<ListenerTls>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_routes: Option<AllowedRoutes>,
}

impl Listener {
    /// The TLS mode: `Terminate` (the default) or `Passthrough`; `None` without a `tls` block.
    #[must_use]
    pub fn tls_mode(&self) -> Option<&str> {
        self.tls
            .as_ref()
            .map(|tls| tls.mode.as_deref().unwrap_or("Terminate"))
    }

    /// The listener's certificate references (none without a `tls` block).
    #[must_use]
    pub fn certificate_refs(&self) -> &[SecretObjectReference] {
        self.tls
            .as_ref()
            .and_then(|tls| tls.certificate_refs.as_deref())
            .unwrap_or_default()
    }
}

/// A listener's `tls` block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerTls {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_refs: Option<Vec<SecretObjectReference>>,
}

/// A listener's `allowedRoutes`: from which namespaces, and which kinds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllowedRoutes {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<RouteNamespaces>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<RouteGroupKind>>,
}

/// `allowedRoutes.namespaces`: `from` is `Same` (the default), `All` or `Selector`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteNamespaces {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
}
