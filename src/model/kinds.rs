//! The kinds built into Kubernetes 1.33, from `k8s-openapi`: used to tell a typo'd kind from a
//! custom resource, and namespaced kinds from cluster-scoped ones.

use std::any::TypeId;

use k8s_openapi::api;
use k8s_openapi::{ClusterResourceScope, Resource};

use super::object::ObjectError;

/// One built-in kind: its `apiVersion`, `kind` and scope.
#[derive(Clone, Copy, Debug)]
pub struct BuiltinKind {
    pub api_version: &'static str,
    pub group: &'static str,
    pub kind: &'static str,
    pub cluster_scoped: bool,
}

fn entry<T: Resource + 'static>() -> BuiltinKind
where
    T::Scope: 'static,
{
    BuiltinKind {
        api_version: T::API_VERSION,
        group: T::GROUP,
        kind: T::KIND,
        cluster_scoped: TypeId::of::<T::Scope>() == TypeId::of::<ClusterResourceScope>(),
    }
}

macro_rules! builtin_kinds {
    ($($path:path),* $(,)?) => {
        /// Every kind the Kubernetes 1.33 API serves (built once, on first use).
        #[must_use]
        pub fn builtin_kinds() -> &'static [BuiltinKind] {
            static KINDS: std::sync::LazyLock<Vec<BuiltinKind>> =
                std::sync::LazyLock::new(|| vec![$(entry::<$path>()),*]);
            &KINDS
        }
    };
}

builtin_kinds![
    api::admissionregistration::v1::MutatingWebhookConfiguration,
    api::admissionregistration::v1::ValidatingAdmissionPolicy,
    api::admissionregistration::v1::ValidatingAdmissionPolicyBinding,
    api::admissionregistration::v1::ValidatingWebhookConfiguration,
    api::admissionregistration::v1alpha1::MutatingAdmissionPolicy,
    api::admissionregistration::v1alpha1::MutatingAdmissionPolicyBinding,
    api::admissionregistration::v1beta1::ValidatingAdmissionPolicy,
    api::admissionregistration::v1beta1::ValidatingAdmissionPolicyBinding,
    api::apiserverinternal::v1alpha1::StorageVersion,
    api::apps::v1::ControllerRevision,
    api::apps::v1::DaemonSet,
    api::apps::v1::Deployment,
    api::apps::v1::ReplicaSet,
    api::apps::v1::StatefulSet,
    api::authentication::v1::SelfSubjectReview,
    api::authentication::v1::TokenRequest,
    api::authentication::v1::TokenReview,
    api::authorization::v1::LocalSubjectAccessReview,
    api::authorization::v1::SelfSubjectAccessReview,
    api::authorization::v1::SelfSubjectRulesReview,
    api::authorization::v1::SubjectAccessReview,
    api::autoscaling::v1::HorizontalPodAutoscaler,
    api::autoscaling::v1::Scale,
    api::autoscaling::v2::HorizontalPodAutoscaler,
    api::batch::v1::CronJob,
    api::batch::v1::Job,
    api::certificates::v1::CertificateSigningRequest,
    api::certificates::v1alpha1::ClusterTrustBundle,
    api::certificates::v1beta1::ClusterTrustBundle,
    api::coordination::v1::Lease,
    api::coordination::v1alpha2::LeaseCandidate,
    api::coordination::v1beta1::LeaseCandidate,
    api::core::v1::Binding,
    api::core::v1::ComponentStatus,
    api::core::v1::ConfigMap,
    api::core::v1::Endpoints,
    api::core::v1::Event,
    api::core::v1::LimitRange,
    api::core::v1::Namespace,
    api::core::v1::Node,
    api::core::v1::PersistentVolume,
    api::core::v1::PersistentVolumeClaim,
    api::core::v1::Pod,
    api::core::v1::PodTemplate,
    api::core::v1::ReplicationController,
    api::core::v1::ResourceQuota,
    api::core::v1::Secret,
    api::core::v1::Service,
    api::core::v1::ServiceAccount,
    api::discovery::v1::EndpointSlice,
    api::events::v1::Event,
    api::flowcontrol::v1::FlowSchema,
    api::flowcontrol::v1::PriorityLevelConfiguration,
    api::networking::v1::Ingress,
    api::networking::v1::IngressClass,
    api::networking::v1::IPAddress,
    api::networking::v1::NetworkPolicy,
    api::networking::v1::ServiceCIDR,
    api::networking::v1beta1::IPAddress,
    api::networking::v1beta1::ServiceCIDR,
    api::node::v1::RuntimeClass,
    api::policy::v1::Eviction,
    api::policy::v1::PodDisruptionBudget,
    api::rbac::v1::ClusterRole,
    api::rbac::v1::ClusterRoleBinding,
    api::rbac::v1::Role,
    api::rbac::v1::RoleBinding,
    api::resource::v1alpha3::DeviceClass,
    api::resource::v1alpha3::DeviceTaintRule,
    api::resource::v1alpha3::ResourceClaim,
    api::resource::v1alpha3::ResourceClaimTemplate,
    api::resource::v1alpha3::ResourceSlice,
    api::resource::v1beta1::DeviceClass,
    api::resource::v1beta1::ResourceClaim,
    api::resource::v1beta1::ResourceClaimTemplate,
    api::resource::v1beta1::ResourceSlice,
    api::resource::v1beta2::DeviceClass,
    api::resource::v1beta2::ResourceClaim,
    api::resource::v1beta2::ResourceClaimTemplate,
    api::resource::v1beta2::ResourceSlice,
    api::scheduling::v1::PriorityClass,
    api::storage::v1::CSIDriver,
    api::storage::v1::CSINode,
    api::storage::v1::CSIStorageCapacity,
    api::storage::v1::StorageClass,
    api::storage::v1::VolumeAttachment,
    api::storage::v1alpha1::VolumeAttributesClass,
    api::storage::v1beta1::VolumeAttributesClass,
    api::storagemigration::v1alpha1::StorageVersionMigration,
    k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition,
    k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1::APIService,
];

/// API groups (and legacy groups) that belong to Kubernetes itself: a kind there that Kubernetes
/// does not serve is a mistake, not a custom resource.
const LEGACY_GROUPS: [&str; 1] = ["extensions"];

/// Kinds that were served by removed API versions (`extensions/v1beta1` Deployment…): kept on import
/// so that the rules can name the removed version.
const LEGACY_KINDS: [&str; 7] = [
    "Deployment",
    "DaemonSet",
    "ReplicaSet",
    "StatefulSet",
    "Ingress",
    "NetworkPolicy",
    "PodSecurityPolicy",
];

fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// Accepts a custom resource or a built-in kind; rejects a kind that no version of a built-in group
/// serves, with the closest built-in kind as a hint.
pub fn check_known(api_version: &str, kind: &str) -> Result<(), ObjectError> {
    let group = group_of(api_version);
    let all = builtin_kinds();
    let builtin_group = all.iter().any(|k| k.group == group) || LEGACY_GROUPS.contains(&group);
    if !builtin_group
        || all.iter().any(|k| k.group == group && k.kind == kind)
        || LEGACY_KINDS.contains(&kind)
        || kind.ends_with("List")
    {
        return Ok(());
    }
    let closest = all
        .iter()
        .map(|k| {
            (
                edit_distance(&k.kind.to_lowercase(), &kind.to_lowercase()),
                k,
            )
        })
        .min_by_key(|(distance, k)| (*distance, k.kind))
        .filter(|(distance, _)| *distance <= 3);
    let hint = closest.map_or_else(String::new, |(_, k)| {
        format!(" (did you mean `{}` in `{}`?)", k.kind, k.api_version)
    });
    Err(ObjectError::UnknownKind {
        api_version: api_version.to_owned(),
        kind: kind.to_owned(),
        hint,
    })
}

/// Whether objects of this kind have no namespace. Unknown (custom) kinds count as namespaced.
#[must_use]
pub fn is_cluster_scoped(api_version: &str, kind: &str) -> bool {
    // Asked for every object in every sort and check: a map by kind keeps it cheap.
    static CLUSTER_SCOPED: std::sync::LazyLock<
        std::collections::HashMap<&'static str, Vec<&'static str>>,
    > = std::sync::LazyLock::new(|| {
        let mut map: std::collections::HashMap<&'static str, Vec<&'static str>> =
            std::collections::HashMap::new();
        for k in builtin_kinds().iter().filter(|k| k.cluster_scoped) {
            map.entry(k.kind).or_default().push(k.group);
        }
        map
    });
    let group = group_of(api_version);
    CLUSTER_SCOPED
        .get(kind)
        .is_some_and(|groups| groups.contains(&group))
}

/// Levenshtein distance, for "did you mean" hints.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let insertion = current.get(j).copied().unwrap_or(0) + 1;
            let deletion = previous.get(j + 1).copied().unwrap_or(0) + 1;
            current.push(substitution.min(insertion).min(deletion));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_in_builtin_group_is_rejected_with_hint() {
        let error = check_known("apps/v1", "Deploymnet").expect_err("typo");
        assert!(
            error.to_string().contains("did you mean `Deployment`"),
            "{error}"
        );
        assert!(check_known("v1", "Servise").is_err());
    }

    #[test]
    fn builtin_and_custom_kinds_are_accepted() {
        assert!(check_known("v1", "ConfigMap").is_ok());
        assert!(check_known("rbac.authorization.k8s.io/v1", "ClusterRole").is_ok());
        assert!(check_known("monitoring.coreos.com/v1", "ServiceMonitor").is_ok());
        assert!(check_known("extensions/v1beta1", "Ingress").is_ok());
        assert!(check_known("rbac.authorization.k8s.io/v1", "RoleList").is_ok());
    }

    #[test]
    fn scope_comes_from_k8s_openapi() {
        assert!(is_cluster_scoped(
            "rbac.authorization.k8s.io/v1",
            "ClusterRole"
        ));
        assert!(is_cluster_scoped("v1", "Namespace"));
        assert!(!is_cluster_scoped("v1", "ConfigMap"));
        assert!(!is_cluster_scoped("example.com/v1", "Widget"));
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
