//! The objects the palette places: clean, best-practice starting points, so a design built from the
//! palette starts without warnings (requests and a memory limit, probes, a pinned image, a hardened
//! security context, the namespace of the frame it lands in).

use serde_json::{Value, json};

use crate::model::typed_other::TypedOther;
use crate::model::{Kind, Model, Object, ObjectError};

/// The image a new workload runs until the designer names the real one (pinned, never `latest`).
pub const PLACEHOLDER_IMAGE: &str = "registry.example.com/app:1.0.0";

/// The label new objects use to tie Services and policies to workloads.
pub const NAME_LABEL: &str = "app.kubernetes.io/name";

/// The first `kind-N` name (`deployment-1`, `service-2`…) no object of that kind uses in `namespace`.
#[must_use]
pub fn unique_name(model: &Model, kind: Kind, namespace: &str) -> String {
    unique_name_of(
        model,
        kind.as_str(),
        namespace,
        &kind.as_str().to_lowercase(),
    )
}

/// The container security context every new workload gets (restricted Pod Security Standard).
fn hardened_container_security() -> Value {
    json!({
        "runAsNonRoot": true,
        "readOnlyRootFilesystem": true,
        "allowPrivilegeEscalation": false,
        "capabilities": { "drop": ["ALL"] },
        "seccompProfile": { "type": "RuntimeDefault" },
    })
}

/// The pod template of a new workload: one container serving HTTP on 8080 with probes.
fn pod_template(name: &str, volume_mounts: &Value) -> Value {
    let mut container = json!({
        "name": "app",
        "image": PLACEHOLDER_IMAGE,
        "ports": [{ "name": "http", "containerPort": 8080, "protocol": "TCP" }],
        "resources": {
            "requests": { "cpu": "100m", "memory": "128Mi" },
            "limits": { "memory": "256Mi" },
        },
        "readinessProbe": {
            "httpGet": { "path": "/readyz", "port": "http" },
            "periodSeconds": 10,
        },
        "livenessProbe": {
            "httpGet": { "path": "/healthz", "port": "http" },
            "periodSeconds": 20,
            "failureThreshold": 3,
        },
        "securityContext": hardened_container_security(),
    });
    if let (Value::Object(map), Value::Array(mounts)) = (&mut container, volume_mounts)
        && !mounts.is_empty()
    {
        map.insert("volumeMounts".to_owned(), volume_mounts.clone());
    }
    json!({
        "metadata": { "labels": { NAME_LABEL: name } },
        "spec": {
            "automountServiceAccountToken": false,
            "securityContext": {
                "runAsNonRoot": true,
                "seccompProfile": { "type": "RuntimeDefault" },
            },
            "containers": [container],
        },
    })
}

/// The manifest of a new object of an editable kind; `None` for kinds the palette does not place.
#[must_use]
pub fn manifest(kind: Kind, namespace: &str, name: &str) -> Option<Value> {
    let metadata = json!({
        "name": name,
        "namespace": namespace,
        "labels": { NAME_LABEL: name },
    });
    let value = match kind {
        Kind::Deployment => json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata,
            "spec": {
                "replicas": 2,
                "selector": { "matchLabels": { NAME_LABEL: name } },
                "strategy": {
                    "type": "RollingUpdate",
                    "rollingUpdate": { "maxSurge": 1, "maxUnavailable": 0 },
                },
                "template": pod_template(name, &json!([])),
            },
        }),
        Kind::StatefulSet => json!({
            "apiVersion": "apps/v1",
            "kind": "StatefulSet",
            "metadata": metadata,
            "spec": {
                "replicas": 3,
                "selector": { "matchLabels": { NAME_LABEL: name } },
                "template": pod_template(name, &json!([{ "name": "data", "mountPath": "/data" }])),
                "volumeClaimTemplates": [{
                    "metadata": { "name": "data" },
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": { "requests": { "storage": "10Gi" } },
                    },
                }],
            },
        }),
        Kind::Service => json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": metadata,
            "spec": {
                "type": "ClusterIP",
                "selector": { NAME_LABEL: name },
                "ports": [{ "name": "http", "port": 80, "targetPort": "http", "protocol": "TCP" }],
            },
        }),
        // The certificate Secret usually comes from cert-manager, outside the design: say so, so the
        // reference check (K8S-REF-011) does not warn about it.
        Kind::Ingress => json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": {
                "name": name,
                "namespace": namespace,
                "labels": { NAME_LABEL: name },
                "annotations": { "kubedraft.io/external": format!("Secret/{name}-tls") },
            },
            "spec": {
                "ingressClassName": "nginx",
                "tls": [{ "hosts": [format!("{name}.example.com")], "secretName": format!("{name}-tls") }],
                // No paths until a Service is connected (the API server rejects an empty list).
                "rules": [{ "host": format!("{name}.example.com") }],
            },
        }),
        Kind::Gateway | Kind::HttpRoute | Kind::GrpcRoute => {
            return gateway_api_manifest(kind, namespace, name);
        }
        // A new policy denies all ingress to the namespace: allow rules are added on purpose.
        Kind::NetworkPolicy => json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": metadata,
            "spec": {
                "podSelector": {},
                "policyTypes": ["Ingress"],
            },
        }),
        _ => return None,
    };
    Some(value)
}

/// Objects a new object of `kind` should come with to be clean from the start: a workload with
/// several replicas gets a `PodDisruptionBudget` (K8S-BP-009), so a node drain keeps one pod serving.
#[must_use]
pub fn companions(kind: Kind, namespace: &str, name: &str) -> Vec<Result<Object, ObjectError>> {
    if !matches!(kind, Kind::Deployment | Kind::StatefulSet) {
        return Vec::new();
    }
    vec![Object::from_value(&json!({
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": { NAME_LABEL: name },
        },
        "spec": {
            "maxUnavailable": 1,
            "selector": { "matchLabels": { NAME_LABEL: name } },
        },
    }))]
}

/// A new object of an editable kind, or `None` for other kinds.
#[must_use]
pub fn new_object(kind: Kind, namespace: &str, name: &str) -> Option<Result<Object, ObjectError>> {
    manifest(kind, namespace, name).map(|value| Object::from_value(&value))
}

/// The manifest of a new Gateway, HTTPRoute or GRPCRoute.
fn gateway_api_manifest(kind: Kind, namespace: &str, name: &str) -> Option<Value> {
    let metadata = json!({
        "name": name,
        "namespace": namespace,
        "labels": { NAME_LABEL: name },
    });
    let value = match kind {
        // HTTPS only, like a new Ingress. The class's controller and the certificate Secret (from
        // cert-manager, usually) are in the cluster, not drawn: say so, so the reference checks
        // (K8S-GW-005, K8S-GW-010, K8S-REF-011) do not report them. `nginx` is NGINX Gateway
        // Fabric's class, the successor most ingress-nginx users move to.
        Kind::Gateway => json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "Gateway",
            "metadata": {
                "name": name,
                "namespace": namespace,
                "labels": { NAME_LABEL: name },
                "annotations": {
                    "kubedraft.io/external": format!("GatewayClass/nginx, Secret/{name}-tls"),
                },
            },
            "spec": {
                "gatewayClassName": "nginx",
                "listeners": [{
                    "name": "https",
                    "protocol": "HTTPS",
                    "port": 443,
                    "hostname": format!("{name}.example.com"),
                    "tls": { "mode": "Terminate", "certificateRefs": [{ "name": format!("{name}-tls") }] },
                }],
            },
        }),
        // Attached by dragging it onto a Gateway, given backends by dragging it onto Services.
        Kind::HttpRoute => json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": metadata,
            "spec": {
                "rules": [{ "matches": [{ "path": { "type": "PathPrefix", "value": "/" } }] }],
            },
        }),
        Kind::GrpcRoute => json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "GRPCRoute",
            "metadata": metadata,
            "spec": { "rules": [{}] },
        }),
        _ => return None,
    };
    Some(value)
}

/// The default-deny policy of a new namespace: no traffic in or out until a policy allows it.
pub fn default_deny(namespace: &str) -> Result<Object, ObjectError> {
    Object::from_value(&json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": { "name": "default-deny", "namespace": namespace },
        "spec": { "podSelector": {}, "policyTypes": ["Ingress", "Egress"] },
    }))
}

/// The first `stem-N` name no `kind` object uses in `namespace` (`configmap-1`, `web-hpa-2`…);
/// `""` for a cluster-scoped kind.
#[must_use]
pub fn unique_name_of(model: &Model, kind: &str, namespace: &str, stem: &str) -> String {
    // An empty namespace is a cluster-scoped kind's.
    let namespace = (!namespace.is_empty()).then_some(namespace);
    // At most `len + 1` names are tried: each object can take one.
    (1..=model.len() + 1)
        .map(|n| format!("{stem}-{n}"))
        .find(|name| model.find(kind, namespace, name).is_none())
        .unwrap_or_else(|| stem.to_owned())
}

/// A new ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`) of the Admin tier with
/// `priority`, whose subject is every pod of `namespace` (the namespace in focus) and which has
/// no rules yet: it changes nothing until a rule is added (no matching rule is a Pass).
#[must_use]
pub fn cluster_network_policy_manifest(name: &str, namespace: &str, priority: i64) -> Value {
    json!({
        "apiVersion": crate::model::cluster_policy::ClusterPolicyKind::Cluster.api_version(),
        "kind": "ClusterNetworkPolicy",
        "metadata": { "name": name },
        "spec": {
            "tier": "Admin",
            "priority": priority,
            "subject": {
                "namespaces": {
                    "matchLabels": { "kubernetes.io/metadata.name": namespace },
                },
            },
        },
    })
}

/// The lowest multiple of 10 (from 10) that no Admin-tier policy of the model uses as its
/// priority: two policies of one tier with one priority have an undefined order (K8S-CNP-001).
#[must_use]
pub fn free_admin_priority(model: &Model) -> i64 {
    let taken: Vec<i64> = model
        .objects()
        .filter_map(|(_, object)| match object.resource() {
            crate::model::Resource::Other(other)
                if crate::model::cluster_policy::object_tier(other)
                    == Some(crate::model::cluster_policy::Tier::Admin) =>
            {
                crate::model::cluster_policy::object_priority(other)
            }
            _ => None,
        })
        .collect();
    (1..=1000)
        .map(|n| n * 10)
        .find(|p| !taken.contains(p))
        .unwrap_or(1000)
}

/// The manifest of a new ConfigMap, Secret, PersistentVolumeClaim, HorizontalPodAutoscaler or
/// PodDisruptionBudget, clean from the start. The autoscaler and the budget are made for
/// `workload` (a Deployment or StatefulSet: `None` for anything else); the others need none.
/// A new Secret holds no values: values in a design are plaintext in its YAML (K8S-SEC-009).
#[must_use]
pub fn typed_other_manifest(
    kind: TypedOther,
    namespace: &str,
    name: &str,
    workload: Option<&Object>,
) -> Option<Value> {
    let metadata = json!({
        "name": name,
        "namespace": namespace,
        "labels": { NAME_LABEL: name },
    });
    let value = match kind {
        TypedOther::ConfigMap => json!({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": metadata,
            "data": { "LOG_LEVEL": "info" },
        }),
        TypedOther::Secret => json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": metadata,
            "type": "Opaque",
        }),
        TypedOther::PersistentVolumeClaim => json!({
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": metadata,
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "resources": { "requests": { "storage": "10Gi" } },
            },
        }),
        TypedOther::HorizontalPodAutoscaler | TypedOther::PodDisruptionBudget => {
            let workload = workload.filter(|w| w.kind().is_scalable())?;
            let selector = workload_selector(workload);
            if kind == TypedOther::PodDisruptionBudget {
                json!({
                    "apiVersion": "policy/v1",
                    "kind": "PodDisruptionBudget",
                    "metadata": metadata,
                    "spec": { "maxUnavailable": 1, "selector": selector },
                })
            } else {
                let min = workload.replicas().unwrap_or(1).max(2);
                json!({
                    "apiVersion": "autoscaling/v2",
                    "kind": "HorizontalPodAutoscaler",
                    "metadata": metadata,
                    "spec": {
                        "scaleTargetRef": {
                            "apiVersion": "apps/v1",
                            "kind": workload.kind_name(),
                            "name": workload.name(),
                        },
                        "minReplicas": min,
                        "maxReplicas": min.saturating_mul(3),
                        "metrics": [{
                            "type": "Resource",
                            "resource": {
                                "name": "cpu",
                                "target": { "type": "Utilization", "averageUtilization": 80 },
                            },
                        }],
                    },
                })
            }
        }
    };
    Some(value)
}

/// The workload's own selector (its pods' labels when it has none).
fn workload_selector(workload: &Object) -> Value {
    let selector = match workload.resource() {
        crate::model::Resource::Deployment(d) => d.spec.as_ref().map(|s| &s.selector),
        crate::model::Resource::StatefulSet(s) => s.spec.as_ref().map(|s| &s.selector),
        _ => None,
    };
    match selector {
        Some(selector)
            if selector
                != &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector::default() =>
        {
            serde_json::to_value(selector).unwrap_or(Value::Null)
        }
        _ => json!({ "matchLabels": workload.pod_labels().cloned().unwrap_or_default() }),
    }
}
