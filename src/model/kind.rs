//! The kinds a design handles, by name, and what each one is: a workload, scalable, namespaced,
//! which name grammar applies.

use std::fmt;

#[cfg(doc)]
use super::object::{Object, OtherObject, Resource};

/// Every kind the design handles by name: the kinds a design places and edits in full, the other
/// workload kinds, the kinds kept as plain values that have editors and meaning (ConfigMap…), and
/// everything else.
///
/// Code asks a `Kind` what it needs to know ([`Kind::is_workload`], [`Kind::is_scalable`],
/// [`Kind::name_syntax`]…) instead of comparing kind names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Ingress,
    Service,
    Deployment,
    StatefulSet,
    NetworkPolicy,
    DaemonSet,
    ReplicaSet,
    Job,
    CronJob,
    Pod,
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
    HorizontalPodAutoscaler,
    PodDisruptionBudget,
    Namespace,
    ServiceAccount,
    /// Gateway API (`gateway.networking.k8s.io`): the cluster-scoped class of Gateways.
    GatewayClass,
    /// Gateway API: a load balancer's listeners (ports, protocols, hostnames, TLS).
    Gateway,
    /// Gateway API: HTTP routing rules attached to Gateways.
    HttpRoute,
    /// Gateway API: gRPC routing rules attached to Gateways.
    GrpcRoute,
    /// Gateway API: TCP forwarding attached to Gateways.
    TcpRoute,
    /// Gateway API: TLS passthrough routing by SNI attached to Gateways.
    TlsRoute,
    /// Gateway API: UDP forwarding attached to Gateways.
    UdpRoute,
    /// Gateway API: permission for references from another namespace.
    ReferenceGrant,
    /// network-policy-api (`policy.networking.k8s.io/v1alpha1`): the cluster Admin tier.
    AdminNetworkPolicy,
    /// network-policy-api (`v1alpha1`): the cluster Baseline tier, below NetworkPolicies.
    BaselineAdminNetworkPolicy,
    /// network-policy-api (`v1alpha2`): a cluster policy of the Admin or the Baseline tier.
    ClusterNetworkPolicy,
    /// Any other object (a Role, a custom resource…), kept as it was read.
    Other,
}

impl Kind {
    /// The five kinds a user places and edits on the canvas.
    pub const EDITABLE: [Kind; 5] = [
        Kind::Deployment,
        Kind::StatefulSet,
        Kind::Service,
        Kind::Ingress,
        Kind::NetworkPolicy,
    ];

    /// Every named kind (all but [`Kind::Other`]).
    pub const NAMED: [Kind; 28] = [
        Kind::Ingress,
        Kind::Service,
        Kind::Deployment,
        Kind::StatefulSet,
        Kind::NetworkPolicy,
        Kind::DaemonSet,
        Kind::ReplicaSet,
        Kind::Job,
        Kind::CronJob,
        Kind::Pod,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::PersistentVolumeClaim,
        Kind::HorizontalPodAutoscaler,
        Kind::PodDisruptionBudget,
        Kind::Namespace,
        Kind::ServiceAccount,
        Kind::GatewayClass,
        Kind::Gateway,
        Kind::HttpRoute,
        Kind::GrpcRoute,
        Kind::TcpRoute,
        Kind::TlsRoute,
        Kind::UdpRoute,
        Kind::ReferenceGrant,
        Kind::AdminNetworkPolicy,
        Kind::BaselineAdminNetworkPolicy,
        Kind::ClusterNetworkPolicy,
    ];

    /// The Gateway API route kinds, in the order the API documents them.
    pub const ROUTES: [Kind; 5] = [
        Kind::HttpRoute,
        Kind::GrpcRoute,
        Kind::TlsRoute,
        Kind::TcpRoute,
        Kind::UdpRoute,
    ];

    /// The kinds a HorizontalPodAutoscaler (or a PodDisruptionBudget with a percentage) can work
    /// with: those with a `scale` subresource. DaemonSet, Job and Pod objects have no replica count.
    pub const SCALABLE: [Kind; 3] = [Kind::Deployment, Kind::StatefulSet, Kind::ReplicaSet];

    /// The named kind called `name` (any API group), or [`Kind::Other`].
    #[must_use]
    pub fn from_name(name: &str) -> Kind {
        // A match, not a search of `NAMED`: the kind of an untyped object is asked for in hot
        // loops (relations, sorting), and comparing against every name each time was most of the
        // cost of one edit of a 5,000-object design. `kinds_round_trip_their_names` keeps the two
        // lists in step.
        match name {
            "Ingress" => Kind::Ingress,
            "Service" => Kind::Service,
            "Deployment" => Kind::Deployment,
            "StatefulSet" => Kind::StatefulSet,
            "NetworkPolicy" => Kind::NetworkPolicy,
            "DaemonSet" => Kind::DaemonSet,
            "ReplicaSet" => Kind::ReplicaSet,
            "Job" => Kind::Job,
            "CronJob" => Kind::CronJob,
            "Pod" => Kind::Pod,
            "ConfigMap" => Kind::ConfigMap,
            "Secret" => Kind::Secret,
            "PersistentVolumeClaim" => Kind::PersistentVolumeClaim,
            "HorizontalPodAutoscaler" => Kind::HorizontalPodAutoscaler,
            "PodDisruptionBudget" => Kind::PodDisruptionBudget,
            "Namespace" => Kind::Namespace,
            "ServiceAccount" => Kind::ServiceAccount,
            "GatewayClass" => Kind::GatewayClass,
            "Gateway" => Kind::Gateway,
            "HTTPRoute" => Kind::HttpRoute,
            "GRPCRoute" => Kind::GrpcRoute,
            "TCPRoute" => Kind::TcpRoute,
            "TLSRoute" => Kind::TlsRoute,
            "UDPRoute" => Kind::UdpRoute,
            "ReferenceGrant" => Kind::ReferenceGrant,
            "AdminNetworkPolicy" => Kind::AdminNetworkPolicy,
            "BaselineAdminNetworkPolicy" => Kind::BaselineAdminNetworkPolicy,
            "ClusterNetworkPolicy" => Kind::ClusterNetworkPolicy,
            _ => Kind::Other,
        }
    }

    /// The kind of a manifest with this `apiVersion` and `kind`: the typed kinds only at the
    /// version the model types (`apps/v1` Deployment, not `extensions/v1beta1`), the kinds kept
    /// as plain values at any version of their group (`autoscaling/v1` and `v2`), else `Other`.
    #[must_use]
    pub fn of_manifest(api_version: &str, kind: &str) -> Kind {
        let named = Kind::from_name(kind);
        let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
        let fits = if named.is_typed() {
            api_version == named.typed_api_version()
        } else {
            group == named.api_group()
        };
        if fits { named } else { Kind::Other }
    }

    /// Whether the model holds objects of this kind in their own typed form (others are kept as
    /// plain values, [`OtherObject`]).
    #[must_use]
    pub fn is_typed(self) -> bool {
        self.resource_kind() == self && self != Kind::Other
    }

    /// The kind of the [`Resource`] variant that holds objects of this kind: itself for the typed
    /// kinds, `Other` for those kept as plain values. Listings sort by it, so that naming more
    /// kinds does not reorder them.
    #[must_use]
    pub fn resource_kind(self) -> Kind {
        match self {
            Kind::ConfigMap
            | Kind::Secret
            | Kind::PersistentVolumeClaim
            | Kind::HorizontalPodAutoscaler
            | Kind::PodDisruptionBudget
            | Kind::Namespace
            | Kind::ServiceAccount
            | Kind::GatewayClass
            | Kind::Gateway
            | Kind::HttpRoute
            | Kind::GrpcRoute
            | Kind::TcpRoute
            | Kind::TlsRoute
            | Kind::UdpRoute
            | Kind::ReferenceGrant
            | Kind::AdminNetworkPolicy
            | Kind::BaselineAdminNetworkPolicy
            | Kind::ClusterNetworkPolicy
            | Kind::Other => Kind::Other,
            typed => typed,
        }
    }

    /// The API group (`""` for the core group).
    #[must_use]
    pub fn api_group(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::StatefulSet | Kind::DaemonSet | Kind::ReplicaSet => "apps",
            Kind::Job | Kind::CronJob => "batch",
            Kind::Ingress | Kind::NetworkPolicy => "networking.k8s.io",
            Kind::HorizontalPodAutoscaler => "autoscaling",
            Kind::PodDisruptionBudget => "policy",
            Kind::GatewayClass
            | Kind::Gateway
            | Kind::HttpRoute
            | Kind::GrpcRoute
            | Kind::TcpRoute
            | Kind::TlsRoute
            | Kind::UdpRoute
            | Kind::ReferenceGrant => super::gateway::GROUP,
            Kind::AdminNetworkPolicy
            | Kind::BaselineAdminNetworkPolicy
            | Kind::ClusterNetworkPolicy => super::cluster_policy::GROUP,
            Kind::Service
            | Kind::Pod
            | Kind::ConfigMap
            | Kind::Secret
            | Kind::PersistentVolumeClaim
            | Kind::Namespace
            | Kind::ServiceAccount
            | Kind::Other => "",
        }
    }

    /// The `apiVersion` the model types a typed kind at (`v1` of its group; kinds kept as plain
    /// values are read at any version of their group, so this is only their group's `v1`).
    #[must_use]
    pub fn typed_api_version(self) -> &'static str {
        match self.api_group() {
            "apps" => "apps/v1",
            "batch" => "batch/v1",
            "networking.k8s.io" => "networking.k8s.io/v1",
            super::gateway::GROUP => "gateway.networking.k8s.io/v1",
            super::cluster_policy::GROUP => "policy.networking.k8s.io/v1alpha1",
            _ => "v1",
        }
    }

    /// Whether the kind belongs to Gateway API (`gateway.networking.k8s.io`).
    #[must_use]
    pub fn is_gateway_api(self) -> bool {
        self.api_group() == super::gateway::GROUP
    }

    /// Whether the kind is one of the cluster-wide policy tiers of network-policy-api.
    #[must_use]
    pub fn is_cluster_policy(self) -> bool {
        matches!(
            self,
            Kind::AdminNetworkPolicy
                | Kind::BaselineAdminNetworkPolicy
                | Kind::ClusterNetworkPolicy
        )
    }

    /// Whether the kind is a Gateway API route ([`Kind::ROUTES`]): it attaches to Gateways by
    /// `parentRefs` and forwards to `backendRefs`.
    #[must_use]
    pub fn is_route(self) -> bool {
        Kind::ROUTES.contains(&self)
    }

    /// Whether objects of this kind run pods.
    #[must_use]
    pub fn is_workload(self) -> bool {
        matches!(
            self,
            Kind::Deployment
                | Kind::StatefulSet
                | Kind::DaemonSet
                | Kind::ReplicaSet
                | Kind::Job
                | Kind::CronJob
                | Kind::Pod
        )
    }

    /// Whether an autoscaler can scale objects of this kind ([`Kind::SCALABLE`]).
    #[must_use]
    pub fn is_scalable(self) -> bool {
        Kind::SCALABLE.contains(&self)
    }

    /// Whether objects of this kind live in a namespace; `None` for [`Kind::Other`], whose scope
    /// depends on the object (see [`Object::is_cluster_scoped`]).
    #[must_use]
    pub fn is_namespaced(self) -> Option<bool> {
        match self {
            Kind::Other => None,
            Kind::Namespace
            | Kind::GatewayClass
            | Kind::AdminNetworkPolicy
            | Kind::BaselineAdminNetworkPolicy
            | Kind::ClusterNetworkPolicy => Some(false),
            _ => Some(true),
        }
    }

    /// The grammar `metadata.name` follows for this kind.
    #[must_use]
    pub fn name_syntax(self) -> super::validation::NameSyntax {
        use super::validation::NameSyntax;
        match self {
            Kind::Service => NameSyntax::Dns1035Label,
            Kind::Namespace | Kind::StatefulSet => NameSyntax::Dns1123Label,
            Kind::Other => NameSyntax::PathSegment,
            _ => NameSyntax::Dns1123Subdomain,
        }
    }

    /// Whether the design editor changes objects of this kind (others are kept as imported).
    #[must_use]
    pub fn is_editable(self) -> bool {
        Kind::EDITABLE.contains(&self)
    }

    /// The Kubernetes kind name (`Other` has none of its own).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ingress => "Ingress",
            Kind::Service => "Service",
            Kind::Deployment => "Deployment",
            Kind::StatefulSet => "StatefulSet",
            Kind::NetworkPolicy => "NetworkPolicy",
            Kind::DaemonSet => "DaemonSet",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Job => "Job",
            Kind::CronJob => "CronJob",
            Kind::Pod => "Pod",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
            Kind::PodDisruptionBudget => "PodDisruptionBudget",
            Kind::Namespace => "Namespace",
            Kind::ServiceAccount => "ServiceAccount",
            Kind::GatewayClass => "GatewayClass",
            Kind::Gateway => "Gateway",
            Kind::HttpRoute => "HTTPRoute",
            Kind::GrpcRoute => "GRPCRoute",
            Kind::TcpRoute => "TCPRoute",
            Kind::TlsRoute => "TLSRoute",
            Kind::UdpRoute => "UDPRoute",
            Kind::ReferenceGrant => "ReferenceGrant",
            Kind::AdminNetworkPolicy => "AdminNetworkPolicy",
            Kind::BaselineAdminNetworkPolicy => "BaselineAdminNetworkPolicy",
            Kind::ClusterNetworkPolicy => "ClusterNetworkPolicy",
            Kind::Other => "Other",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_their_names() {
        for kind in Kind::NAMED {
            assert_eq!(Kind::from_name(kind.as_str()), kind);
        }
        assert_eq!(Kind::from_name("Role"), Kind::Other);
        assert_eq!(Kind::from_name("deployment"), Kind::Other);
    }
}
