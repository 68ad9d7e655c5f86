//! References between Gateway API objects and to Services and Secrets, with the defaults the CRDs
//! give their `group`, `kind` and `namespace`.

use serde::{Deserialize, Serialize};

use super::GROUP;

/// A route's `parentRefs` entry: the Gateway (or listener of it) the route wants to attach to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentReference {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The listener by name; unset: every listener of the Gateway.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
    /// The listener by port; unset: every port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
}

impl ParentReference {
    /// The group, `gateway.networking.k8s.io` when unset.
    #[must_use]
    pub fn group(&self) -> &str {
        self.group.as_deref().unwrap_or(GROUP)
    }

    /// The kind, `Gateway` when unset.
    #[must_use]
    pub fn kind(&self) -> &str {
        self.kind.as_deref().unwrap_or("Gateway")
    }

    /// Whether the parent is a Gateway (not a ListenerSet or a mesh Service).
    #[must_use]
    pub fn is_gateway(&self) -> bool {
        self.group() == GROUP && self.kind() == "Gateway"
    }

    /// The parent's namespace: its own, or the route's when unset.
    #[must_use]
    pub fn namespace_or<'a>(&'a self, route_namespace: &'a str) -> &'a str {
        namespace_or(self.namespace.as_deref(), route_namespace)
    }
}

/// A reference to a backend (`backendRefs`, a mirror's `backendRef`): a Service unless `group` and
/// `kind` say otherwise, with the weight of a split and, in HTTP and gRPC rules, filters of its own
/// (`F`; the other routes and mirrors have none, and any found are kept as plain values).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackendRef<F = serde_json::Value> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// The share of requests relative to the other backends of the rule; 1 when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<F>>,
}

// Written out: a derived `Default` would ask `F: Default` of every filter type.
impl<F> Default for BackendRef<F> {
    fn default() -> Self {
        BackendRef {
            group: None,
            kind: None,
            name: String::new(),
            namespace: None,
            port: None,
            weight: None,
            filters: None,
        }
    }
}

impl<F> BackendRef<F> {
    /// Whether the backend is a core Service (`group: ""`, `kind: Service`, the defaults).
    #[must_use]
    pub fn is_service(&self) -> bool {
        is_core(self.group.as_deref(), self.kind.as_deref(), "Service")
    }

    /// The weight, 1 when unset (the CRD default).
    #[must_use]
    pub fn weight(&self) -> i32 {
        self.weight.unwrap_or(1)
    }

    /// The backend's namespace: its own, or the route's when unset.
    #[must_use]
    pub fn namespace_or<'a>(&'a self, route_namespace: &'a str) -> &'a str {
        namespace_or(self.namespace.as_deref(), route_namespace)
    }
}

/// A reference to a Secret (a listener's `certificateRefs`): a core Secret unless `group` and
/// `kind` say otherwise.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretObjectReference {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

impl SecretObjectReference {
    /// Whether the reference is to a core Secret (the defaults).
    #[must_use]
    pub fn is_secret(&self) -> bool {
        is_core(self.group.as_deref(), self.kind.as_deref(), "Secret")
    }

    /// The Secret's namespace: its own, or the Gateway's when unset.
    #[must_use]
    pub fn namespace_or<'a>(&'a self, gateway_namespace: &'a str) -> &'a str {
        namespace_or(self.namespace.as_deref(), gateway_namespace)
    }
}

/// A route kind a listener allows (`allowedRoutes.kinds`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteGroupKind {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default)]
    pub kind: String,
}

impl RouteGroupKind {
    /// The group, `gateway.networking.k8s.io` when unset.
    #[must_use]
    pub fn group(&self) -> &str {
        self.group.as_deref().unwrap_or(GROUP)
    }
}

/// A reference to an object by group, kind and name (a filter's `extensionRef`, a class's
/// `parametersRef`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalObjectReference {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A reference's namespace: its own, or (unset or empty) that of the object holding it.
fn namespace_or<'a>(own: Option<&'a str>, holder: &'a str) -> &'a str {
    own.filter(|ns| !ns.is_empty()).unwrap_or(holder)
}

/// Whether a reference with this `group` and `kind` (unset: the core group and `kind`) names a
/// core object of `kind`.
fn is_core(group: Option<&str>, kind: Option<&str>, core_kind: &str) -> bool {
    group.unwrap_or_default().is_empty() && kind.unwrap_or(core_kind) == core_kind
}
