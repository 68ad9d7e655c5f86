//! Cluster-wide policy tiers of the network-policy-api project (`policy.networking.k8s.io`):
//! AdminNetworkPolicy and BaselineAdminNetworkPolicy (`v1alpha1`) and their successor
//! ClusterNetworkPolicy (`v1alpha2`, `spec.tier: Admin | Baseline`).
//!
//! The model keeps these objects as [`OtherObject`] values, like the Gateway API kinds: the
//! reachability engine reads them through the typed view of this module ([`read`]), and an editor
//! writes a changed view back with [`write`], which keeps every field the view does not know exactly
//! as it was. The view is lenient on purpose: every field is optional, so an invalid policy (a
//! missing subject, two fields in one peer) still reads, and `crate::reach::tiers` reports what is
//! wrong with the field that holds it instead of refusing the document.

mod choice;
pub mod view;

pub use choice::{PodChoice, Tier, object_priority, object_tier, subject_choice, tier_of};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::object::{ObjectError, OtherObject};
use super::typed_other;

pub use view::{
    ClusterPolicy, ClusterPolicyPeer, ClusterPolicyPort, ClusterPolicyProtocol, ClusterPolicyRule,
    ClusterPolicySpec, ClusterPolicySubject, DestinationPort, NamespacedPods, PortNumber,
    PortRange, ProtocolPorts,
};

/// The API group of the cluster policy kinds.
pub const GROUP: &str = "policy.networking.k8s.io";

/// Which of the three kinds an object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClusterPolicyKind {
    /// `AdminNetworkPolicy` (`v1alpha1`): the Admin tier, actions Allow, Deny and Pass.
    Admin,
    /// `BaselineAdminNetworkPolicy` (`v1alpha1`): the Baseline tier, actions Allow and Deny; at
    /// most one, named `default`.
    Baseline,
    /// `ClusterNetworkPolicy` (`v1alpha2`): either tier (`spec.tier`), actions Accept, Deny and
    /// Pass, `protocols` instead of `ports`.
    Cluster,
}

impl ClusterPolicyKind {
    /// The kind called `kind`, if it is one of the three.
    #[must_use]
    pub fn from_kind(kind: &str) -> Option<ClusterPolicyKind> {
        match kind {
            "AdminNetworkPolicy" => Some(ClusterPolicyKind::Admin),
            "BaselineAdminNetworkPolicy" => Some(ClusterPolicyKind::Baseline),
            "ClusterNetworkPolicy" => Some(ClusterPolicyKind::Cluster),
            _ => None,
        }
    }

    /// The kind of a manifest, when its group is [`GROUP`] and its kind one of the three.
    #[must_use]
    pub fn of(api_version: &str, kind: &str) -> Option<ClusterPolicyKind> {
        let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
        if group == GROUP {
            ClusterPolicyKind::from_kind(kind)
        } else {
            None
        }
    }

    /// The Kubernetes kind name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterPolicyKind::Admin => "AdminNetworkPolicy",
            ClusterPolicyKind::Baseline => "BaselineAdminNetworkPolicy",
            ClusterPolicyKind::Cluster => "ClusterNetworkPolicy",
        }
    }

    /// The `apiVersion` the network-policy-api release serves the kind at.
    #[must_use]
    pub fn api_version(self) -> &'static str {
        match self {
            ClusterPolicyKind::Admin | ClusterPolicyKind::Baseline => {
                "policy.networking.k8s.io/v1alpha1"
            }
            ClusterPolicyKind::Cluster => "policy.networking.k8s.io/v1alpha2",
        }
    }
}

/// Whether objects of `kind` at `api_version` are cluster policies (all three are cluster-scoped).
#[must_use]
pub fn is_cluster_policy(api_version: &str, kind: &str) -> bool {
    ClusterPolicyKind::of(api_version, kind).is_some()
}

/// Reads a cluster policy kept as [`OtherObject`] as its typed view, naming the field that does
/// not fit (a string where `priority` goes).
pub fn read(other: &OtherObject) -> Result<ClusterPolicy, ObjectError> {
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

    fn other(value: &serde_json::Value) -> OtherObject {
        match crate::model::Object::from_value(value).map(|o| o.resource().clone()) {
            Ok(crate::model::Resource::Other(other)) => other,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_view_reads_every_api_and_keeps_unknown_fields() {
        let value = serde_json::json!({
            "apiVersion": "policy.networking.k8s.io/v1alpha2", "kind": "ClusterNetworkPolicy",
            "metadata": {"name": "monitoring"},
            "spec": {"tier": "Admin", "priority": 5, "futureField": {"x": 1},
                     "subject": {"namespaces": {}},
                     "ingress": [{"action": "Accept", "from": [{"namespaces": {}}],
                                  "protocols": [{"tcp": {"destinationPort": {"number": 9090}}}]}]},
        });
        let object = other(&value);
        let mut view = read(&object).expect("reads");
        let spec = view.spec.as_mut().expect("spec");
        assert_eq!(spec.tier.as_deref(), Some("Admin"));
        spec.priority = Some(7);
        let written = write(&object, &view).expect("writes");
        let back = written.to_value();
        assert_eq!(back["spec"]["priority"], 7);
        assert_eq!(back["spec"]["futureField"]["x"], 1);
        assert_eq!(
            back["spec"]["ingress"][0]["protocols"][0]["tcp"]["destinationPort"]["number"],
            9090
        );
        let object = crate::model::Object::from_value(&value).expect("object");
        assert!(object.is_cluster_scoped());
        assert_eq!(object.kind(), crate::model::Kind::ClusterNetworkPolicy);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_by_its_field() {
        let object = other(&serde_json::json!({
            "apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "AdminNetworkPolicy",
            "metadata": {"name": "x"}, "spec": {"priority": "high"},
        }));
        let error = read(&object).expect_err("refused");
        assert!(error.to_string().contains("spec.priority"), "{error}");
    }
}
