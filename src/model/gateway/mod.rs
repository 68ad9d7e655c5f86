//! Gateway API (`gateway.networking.k8s.io`): the kinds, their typed views, and what they mean.
//!
//! The model keeps Gateway API objects as [`OtherObject`] values, like ConfigMaps: the rules and the
//! relations read them through the typed views of this module ([`read`]), and an editor writes a
//! changed view back with [`write`], which keeps every field the view does not know exactly as it
//! was. The types are written here rather than taken from the `gateway-api` crate, which builds on
//! another `k8s-openapi` release than the project (see the README's dependency notes).
//!
//! Kubernetes meaning is decided once, here: which versions the CRDs serve ([`served_versions`]),
//! hostname intersection ([`hostname`]), listener admission ([`admission`]), ReferenceGrant
//! permission ([`reference_grant`]), the relations they give ([`relations`]), where a request goes
//! ([`routing`]) and how Ingresses become Gateway API objects ([`convert`]).

pub mod admission;
pub mod convert;
pub mod gateways;
pub mod hostname;
pub mod http_route;
pub mod reference_grant;
pub mod refs;
pub mod relations;
pub mod routes;
pub mod routing;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Kind;
use super::object::{ObjectError, OtherObject};
use super::typed_other;

pub use gateways::{Gateway, GatewayClass, Listener};
pub use http_route::HttpRoute;
pub use reference_grant::ReferenceGrant;
pub use routes::{GrpcRoute, RouteView, TcpRoute, TlsRoute, UdpRoute};

/// What every Gateway API object holds around its spec: `apiVersion`, `kind` and `metadata`
/// (the typed views are `Envelope<GatewaySpec>` and so on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<S> {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<S>,
}

/// The API group of Gateway API.
pub const GROUP: &str = "gateway.networking.k8s.io";

/// The label GEP-1762 (in-cluster Gateway deployments) puts on the data-plane resources a
/// controller generates for a Gateway, the pods included, with the Gateway's name.
pub const GATEWAY_NAME_LABEL: &str = "gateway.networking.k8s.io/gateway-name";

/// One kind of the standard-channel CRDs: its name, the versions the CRD serves, and its scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CrdKind {
    pub kind: &'static str,
    pub served: &'static [&'static str],
    pub cluster_scoped: bool,
}

/// The kinds of the standard-channel CRDs (Gateway API v1.5, `config/crd/standard/`) with the
/// versions each serves (`served: true`). `v1alpha2` TCPRoute, TLSRoute and UDPRoute are listed in
/// those CRDs but not served, so an object at that version would be refused by the API server.
pub const CRD_KINDS: [CrdKind; 10] = [
    CrdKind {
        kind: "BackendTLSPolicy",
        served: &["v1"],
        cluster_scoped: false,
    },
    CrdKind {
        kind: "GatewayClass",
        served: &["v1", "v1beta1"],
        cluster_scoped: true,
    },
    CrdKind {
        kind: "Gateway",
        served: &["v1", "v1beta1"],
        cluster_scoped: false,
    },
    CrdKind {
        kind: "GRPCRoute",
        served: &["v1"],
        cluster_scoped: false,
    },
    CrdKind {
        kind: "HTTPRoute",
        served: &["v1", "v1beta1"],
        cluster_scoped: false,
    },
    CrdKind {
        kind: "ListenerSet",
        served: &["v1"],
        cluster_scoped: false,
    },
    CrdKind {
        kind: "ReferenceGrant",
        served: &["v1", "v1beta1"],
        cluster_scoped: false,
    },
    CrdKind {
        kind: "TCPRoute",
        served: &["v1"],
        cluster_scoped: false,
    },
    CrdKind {
        kind: "TLSRoute",
        served: &["v1"],
        cluster_scoped: false,
    },
    CrdKind {
        kind: "UDPRoute",
        served: &["v1"],
        cluster_scoped: false,
    },
];

/// The CRD kind called `kind`, if Gateway API defines one.
#[must_use]
pub fn crd_kind(kind: &str) -> Option<&'static CrdKind> {
    CRD_KINDS.iter().find(|k| k.kind == kind)
}

/// The `apiVersion`s the CRDs serve for `kind` (`gateway.networking.k8s.io/v1`…), empty for a
/// kind Gateway API does not define.
#[must_use]
pub fn served_versions(kind: &str) -> Vec<String> {
    crd_kind(kind)
        .map(|k| k.served.iter().map(|v| format!("{GROUP}/{v}")).collect())
        .unwrap_or_default()
}

/// Whether `api_version` is of the Gateway API group.
#[must_use]
pub fn is_gateway_api_version(api_version: &str) -> bool {
    api_version
        .strip_prefix(GROUP)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether `other` reads as its Gateway API view (objects without one always do): the error
/// names the field the view refuses, e.g. a string where a listener's `port` goes.
pub fn check(other: &OtherObject) -> Result<(), ObjectError> {
    match Kind::of_manifest(&other.api_version, &other.kind) {
        Kind::GatewayClass => read::<GatewayClass>(other).map(drop),
        Kind::Gateway => read::<Gateway>(other).map(drop),
        Kind::HttpRoute => read::<HttpRoute>(other).map(drop),
        Kind::GrpcRoute => read::<GrpcRoute>(other).map(drop),
        Kind::TcpRoute | Kind::TlsRoute | Kind::UdpRoute => read::<TcpRoute>(other).map(drop),
        Kind::ReferenceGrant => read::<ReferenceGrant>(other).map(drop),
        _ => Ok(()),
    }
}

/// [`super::kinds::check_known`] for the Gateway API group, whose kinds and served versions come
/// from its CRDs: a kind at a version its CRD does not serve is refused like a built-in kind at a
/// wrong version; a kind a few edits from a Gateway API kind is refused as a typo; other kinds are
/// kept (an implementation may add its own to the group).
pub(crate) fn check_known(api_version: &str, kind: &str) -> Result<(), ObjectError> {
    use super::kinds::{HINT_DISTANCE, edit_distance};
    if kind.ends_with("List") {
        return Ok(());
    }
    let version = api_version.rsplit_once('/').map_or("", |(_, v)| v);
    if let Some(crd) = crd_kind(kind) {
        if crd.served.contains(&version) {
            return Ok(());
        }
        return Err(ObjectError::WrongApiVersion {
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
            expected: served_versions(kind)
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(" or "),
        });
    }
    let length = kind.chars().count();
    let lowered = kind.to_lowercase();
    let closest = CRD_KINDS
        .iter()
        .filter(|k| k.kind.chars().count().abs_diff(length) <= HINT_DISTANCE)
        .map(|k| (edit_distance(&k.kind.to_lowercase(), &lowered), k))
        .min_by_key(|(distance, k)| (*distance, k.kind))
        .filter(|(distance, _)| *distance <= HINT_DISTANCE);
    match closest {
        None => Ok(()),
        Some((_, k)) => Err(ObjectError::UnknownKind {
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
            hint: format!(
                " (did you mean `{}` in `{}/{}`?)",
                k.kind,
                GROUP,
                k.served.first().copied().unwrap_or("v1")
            ),
        }),
    }
}

/// Reads a Gateway API object kept as [`OtherObject`] as its typed view, naming the field that
/// does not fit.
pub fn read<T: DeserializeOwned>(other: &OtherObject) -> Result<T, ObjectError> {
    typed_other::read(other)
}

/// `other` with the content of `edited` (read with [`read`] and changed); fields the view does not
/// know stay as they were.
pub fn write<T: Serialize + DeserializeOwned>(
    other: &OtherObject,
    edited: &T,
) -> Result<OtherObject, ObjectError> {
    typed_other::write(other, edited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_versions_come_from_the_crds() {
        assert_eq!(
            served_versions("Gateway"),
            [
                "gateway.networking.k8s.io/v1",
                "gateway.networking.k8s.io/v1beta1"
            ]
        );
        assert_eq!(
            served_versions("TCPRoute"),
            ["gateway.networking.k8s.io/v1"]
        );
        assert!(served_versions("VirtualService").is_empty());
        assert!(is_gateway_api_version("gateway.networking.k8s.io/v1"));
        assert!(!is_gateway_api_version("gateway.networking.k8s.iox/v1"));
        assert!(!is_gateway_api_version("networking.istio.io/v1"));
    }

    #[test]
    fn gateway_api_versions_come_from_the_crds() {
        for (version, kind) in [
            ("gateway.networking.k8s.io/v1", "Gateway"),
            ("gateway.networking.k8s.io/v1beta1", "HTTPRoute"),
            ("gateway.networking.k8s.io/v1", "TCPRoute"),
            ("gateway.networking.k8s.io/v1beta1", "ReferenceGrant"),
            ("gateway.networking.k8s.io/v1", "GatewayList"),
            // An implementation's own kind in the group is kept.
            ("gateway.networking.k8s.io/v1alpha1", "VendorPolicyThing"),
        ] {
            assert!(
                super::super::kinds::check_known(version, kind).is_ok(),
                "{version} {kind}"
            );
        }
        // v1alpha2 is in the CRDs of the stream routes but not served.
        let error =
            super::super::kinds::check_known("gateway.networking.k8s.io/v1alpha2", "TCPRoute")
                .expect_err("not served");
        assert_eq!(
            error.to_string(),
            "field `apiVersion`: `gateway.networking.k8s.io/v1alpha2` does not serve kind \
             `TCPRoute` (expected `gateway.networking.k8s.io/v1`)"
        );
        let error = super::super::kinds::check_known("gateway.networking.k8s.io/v2", "Gateway")
            .expect_err("v2");
        assert!(
            error
                .to_string()
                .contains("`gateway.networking.k8s.io/v1` or `gateway.networking.k8s.io/v1beta1`"),
            "{error}"
        );
        let error = super::super::kinds::check_known("gateway.networking.k8s.io/v1", "HTTPRoutes")
            .expect_err("typo");
        assert!(
            error.to_string().contains("did you mean `HTTPRoute`"),
            "{error}"
        );
        assert!(super::super::kinds::is_cluster_scoped(
            "gateway.networking.k8s.io/v1",
            "GatewayClass"
        ));
        assert!(!super::super::kinds::is_cluster_scoped(
            "gateway.networking.k8s.io/v1",
            "Gateway"
        ));
    }

    #[test]
    fn a_value_the_view_refuses_is_named_by_its_field() {
        let object = |value: serde_json::Value| match crate::model::Object::from_value(&value)
            .map(|o| o.resource().clone())
        {
            Ok(crate::model::Resource::Other(other)) => other,
            other => panic!("{other:?}"),
        };
        let gateway = object(serde_json::json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
            "metadata": {"name": "gw"},
            "spec": {"gatewayClassName": "x",
                     "listeners": [{"name": "http", "port": "eighty", "protocol": "HTTP"}]},
        }));
        let error = check(&gateway).expect_err("refused");
        assert!(
            error.to_string().contains("spec.listeners[0].port"),
            "{error}"
        );
        assert!(crate::model::typed_other::check(&gateway).is_err());
        let route = object(serde_json::json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": {"name": "r"},
            "spec": {"rules": [{"backendRefs": [{"name": "web", "weight": "half"}]}]},
        }));
        let error = check(&route).expect_err("refused");
        assert!(
            error
                .to_string()
                .contains("spec.rules[0].backendRefs[0].weight"),
            "{error}"
        );
        // Fields the view does not know are no error: they are kept.
        let extended = object(serde_json::json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": {"name": "r"},
            "spec": {"rules": [{"sessionPersistence": {"type": "Cookie"}}]},
        }));
        assert!(check(&extended).is_ok());
    }
}
