//! ReferenceGrant: which objects of other namespaces may refer to objects of the grant's own
//! namespace. A route's backendRef or a Gateway's certificateRef into another namespace is
//! resolved only when a grant there permits it.

use serde::{Deserialize, Serialize};

use super::Envelope;

/// A ReferenceGrant.
pub type ReferenceGrant = Envelope<ReferenceGrantSpec>;

/// `ReferenceGrant.spec`: any `from` may refer to any `to`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantSpec {
    #[serde(default)]
    pub from: Vec<ReferenceGrantFrom>,
    #[serde(default)]
    pub to: Vec<ReferenceGrantTo>,
}

/// Who may refer: a kind in a namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantFrom {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub namespace: String,
}

/// What may be referred to: a kind of the grant's namespace, all of them or one by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantTo {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One side of a cross-namespace reference: an object's group, kind, namespace and name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefEnd<'a> {
    pub group: &'a str,
    pub kind: &'a str,
    pub namespace: &'a str,
    pub name: &'a str,
}

impl ReferenceGrantSpec {
    /// Whether this grant (which lives in `to.namespace`) permits a reference from `from` to `to`.
    #[must_use]
    pub fn permits(&self, from: RefEnd<'_>, to: RefEnd<'_>) -> bool {
        let from_fits = self
            .from
            .iter()
            .any(|f| f.group == from.group && f.kind == from.kind && f.namespace == from.namespace);
        let to_fits = self.to.iter().any(|t| {
            t.group == to.group
                && t.kind == to.kind
                && t.name
                    .as_deref()
                    .is_none_or(|name| name.is_empty() || name == to.name)
        });
        from_fits && to_fits
    }
}

/// Whether a reference from `from` to `to` is allowed: always within one namespace, else only
/// when one of `grants` (the ReferenceGrants of the target's namespace) permits it.
#[must_use]
pub fn reference_permitted<'a>(
    from: RefEnd<'_>,
    to: RefEnd<'_>,
    grants: impl IntoIterator<Item = &'a ReferenceGrantSpec>,
) -> bool {
    from.namespace == to.namespace || grants.into_iter().any(|grant| grant.permits(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end<'a>(group: &'a str, kind: &'a str, namespace: &'a str, name: &'a str) -> RefEnd<'a> {
        RefEnd {
            group,
            kind,
            namespace,
            name,
        }
    }

    fn grant(to_name: Option<&str>) -> ReferenceGrantSpec {
        ReferenceGrantSpec {
            from: vec![ReferenceGrantFrom {
                group: "gateway.networking.k8s.io".to_owned(),
                kind: "HTTPRoute".to_owned(),
                namespace: "prod".to_owned(),
            }],
            to: vec![ReferenceGrantTo {
                group: String::new(),
                kind: "Service".to_owned(),
                name: to_name.map(str::to_owned),
            }],
        }
    }

    #[test]
    fn a_grant_permits_exactly_its_from_and_to() {
        let route = end("gateway.networking.k8s.io", "HTTPRoute", "prod", "r");
        let service = end("", "Service", "backends", "api");
        assert!(reference_permitted(route, service, [&grant(None)]));
        assert!(reference_permitted(route, service, [&grant(Some("api"))]));
        assert!(!reference_permitted(
            route,
            service,
            [&grant(Some("other"))]
        ));
        assert!(!reference_permitted(route, service, []));
        // Another route kind, another source namespace, another target kind: not permitted.
        let grpc = end("gateway.networking.k8s.io", "GRPCRoute", "prod", "r");
        assert!(!reference_permitted(grpc, service, [&grant(None)]));
        let elsewhere = end("gateway.networking.k8s.io", "HTTPRoute", "dev", "r");
        assert!(!reference_permitted(elsewhere, service, [&grant(None)]));
        let secret = end("", "Secret", "backends", "api");
        assert!(!reference_permitted(route, secret, [&grant(None)]));
        // The same namespace needs no grant.
        let local = end("", "Service", "prod", "api");
        assert!(reference_permitted(route, local, []));
    }
}
