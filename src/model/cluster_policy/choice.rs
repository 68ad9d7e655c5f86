//! What a cluster policy's subject or pod peer chooses, and its tier: the one meaning of its
//! selectors and tier, used by the relations and the canvas and by the reachability engine.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::ClusterPolicyKind;
use super::view::ClusterPolicySubject;
use crate::model::Labels;
use crate::model::object::OtherObject;
use crate::model::selector::{selector_is_empty, selector_matches};

/// The pods a subject or a pod peer chooses.
#[derive(Clone, Debug, PartialEq)]
pub enum PodChoice {
    /// Every pod of the namespaces the selector matches.
    Namespaces(LabelSelector),
    /// Pods matching `pods` in namespaces matching `namespaces`.
    Pods {
        namespaces: LabelSelector,
        pods: LabelSelector,
    },
}

impl PodChoice {
    /// Whether it chooses a pod with `pod_labels` in a namespace with `namespace_labels`.
    #[must_use]
    pub fn selects(&self, namespace_labels: &Labels, pod_labels: &Labels) -> bool {
        match self {
            PodChoice::Namespaces(namespaces) => selector_matches(namespaces, namespace_labels),
            PodChoice::Pods { namespaces, pods } => {
                selector_matches(namespaces, namespace_labels) && selector_matches(pods, pod_labels)
            }
        }
    }

    /// Whether it chooses every pod of a namespace with these labels (whatever their labels).
    #[must_use]
    pub fn selects_namespace(&self, namespace_labels: &Labels) -> bool {
        match self {
            PodChoice::Namespaces(namespaces) => selector_matches(namespaces, namespace_labels),
            PodChoice::Pods { namespaces, pods } => {
                selector_is_empty(pods) && selector_matches(namespaces, namespace_labels)
            }
        }
    }

    /// Whether it chooses every pod of every namespace.
    #[must_use]
    pub fn is_everything(&self) -> bool {
        match self {
            PodChoice::Namespaces(namespaces) => selector_is_empty(namespaces),
            PodChoice::Pods { namespaces, pods } => {
                selector_is_empty(namespaces) && selector_is_empty(pods)
            }
        }
    }
}

/// The pods a valid subject chooses (`None`: not exactly one of `namespaces` and `pods` is set,
/// which the engine reports as an error and does not evaluate).
#[must_use]
pub fn subject_choice(subject: &ClusterPolicySubject) -> Option<PodChoice> {
    match (&subject.namespaces, &subject.pods) {
        (Some(namespaces), None) => Some(PodChoice::Namespaces(namespaces.clone())),
        (None, Some(pods)) => Some(PodChoice::Pods {
            namespaces: pods.namespace_selector.clone().unwrap_or_default(),
            pods: pods.pod_selector.clone().unwrap_or_default(),
        }),
        _ => None,
    }
}

/// The tier a cluster policy belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Before NetworkPolicies.
    Admin,
    /// After NetworkPolicies, before the default allow.
    Baseline,
}

impl Tier {
    /// `Admin` or `Baseline`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Admin => "Admin",
            Tier::Baseline => "Baseline",
        }
    }
}

/// The tier of a policy of `kind` whose `spec.tier` is `spec_tier` (`None`: a
/// ClusterNetworkPolicy whose tier is neither `Admin` nor `Baseline`, an error).
#[must_use]
pub fn tier_of(kind: ClusterPolicyKind, spec_tier: Option<&str>) -> Option<Tier> {
    match kind {
        ClusterPolicyKind::Admin => Some(Tier::Admin),
        ClusterPolicyKind::Baseline => Some(Tier::Baseline),
        ClusterPolicyKind::Cluster => match spec_tier {
            Some("Admin") => Some(Tier::Admin),
            Some("Baseline") => Some(Tier::Baseline),
            _ => None,
        },
    }
}

/// The tier of a cluster policy object, read straight from its body (cheap enough for every
/// frame); `None` for other objects and for an invalid tier.
#[must_use]
pub fn object_tier(other: &OtherObject) -> Option<Tier> {
    let kind = ClusterPolicyKind::of(&other.api_version, &other.kind)?;
    let spec_tier = other
        .body
        .get("spec")
        .and_then(|spec| spec.get("tier"))
        .and_then(serde_json::Value::as_str);
    tier_of(kind, spec_tier)
}

/// The `spec.priority` of a cluster policy object, read straight from its body (`None`: none, as in
/// a BaselineAdminNetworkPolicy, or not a number).
#[must_use]
pub fn object_priority(other: &OtherObject) -> Option<i64> {
    other
        .body
        .get("spec")
        .and_then(|spec| spec.get("priority"))
        .and_then(serde_json::Value::as_i64)
}
