//! Objects into Kubernetes YAML: deterministic order, strings that read back as strings.

use serde_json::Value;

use crate::model::{Kind, Model, Object};

use super::import::namespace_manifest;
use super::yaml::{self, YamlError};

/// Namespaces Kubernetes creates itself; export writes them only when a Namespace manifest declared
/// them or the design gives them labels or annotations.
const SYSTEM_NAMESPACES: [&str; 4] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/// Where an object goes in an exported stream: what others depend on comes first. Kinds are told
/// apart by name, so that a kind of a removed API version keeps its kind's place.
#[must_use]
pub fn kind_order(object: &Object) -> u8 {
    match Kind::from_name(object.kind_name()) {
        Kind::Namespace => 0,
        Kind::ServiceAccount => 3,
        Kind::Secret | Kind::ConfigMap => 6,
        Kind::PersistentVolumeClaim => 7,
        Kind::Service => 8,
        kind if kind.is_workload() => 9,
        Kind::HorizontalPodAutoscaler | Kind::PodDisruptionBudget => 10,
        Kind::Ingress => 11,
        Kind::NetworkPolicy => 12,
        // Kinds the design keeps as read: cluster setup and RBAC before what uses it.
        _ => match object.kind_name() {
            "CustomResourceDefinition" => 1,
            "PriorityClass" | "StorageClass" | "IngressClass" | "RuntimeClass" => 2,
            "ClusterRole" | "Role" => 4,
            "ClusterRoleBinding" | "RoleBinding" => 5,
            "PersistentVolume" => 7,
            _ => 13,
        },
    }
}

/// The manifests of a model in export order: Namespaces, then kinds by dependency, then namespace
/// and name.
#[must_use]
pub fn manifests(model: &Model) -> Vec<Value> {
    let mut values = Vec::new();
    for name in model.all_namespace_names() {
        let declared = model.namespaces().get(&name);
        let is_system = SYSTEM_NAMESPACES.contains(&name.as_str());
        let wanted = declared.is_some_and(|ns| {
            ns.from_manifest || !ns.labels.is_empty() || !ns.annotations.is_empty()
        });
        if !is_system || wanted {
            values.push(namespace_manifest(
                &name,
                &declared.cloned().unwrap_or_default(),
            ));
        }
    }
    let mut objects: Vec<&Object> = model.objects().map(|(_, o)| o).collect();
    objects.sort_by(|a, b| {
        (
            kind_order(a),
            a.kind_name(),
            a.effective_namespace(),
            a.name(),
            a.api_version(),
        )
            .cmp(&(
                kind_order(b),
                b.kind_name(),
                b.effective_namespace(),
                b.name(),
                b.api_version(),
            ))
    });
    values.extend(objects.into_iter().map(Object::to_value));
    values
}

/// The whole model as one multi-document YAML stream.
pub fn to_yaml(model: &Model) -> Result<String, YamlError> {
    yaml::to_yaml_stream(&manifests(model))
}

/// File name for one manifest in a split export: `NN-kind-namespace-name.yaml`.
#[must_use]
pub fn split_file_name(index: usize, value: &Value) -> String {
    let field = |path: &[&str]| {
        let mut current = value;
        for key in path {
            current = current.get(key).unwrap_or(&Value::Null);
        }
        current.as_str().unwrap_or_default().to_owned()
    };
    let mut parts = vec![field(&["kind"]).to_lowercase()];
    let namespace = field(&["metadata", "namespace"]);
    if !namespace.is_empty() {
        parts.push(namespace);
    }
    parts.push(field(&["metadata", "name"]));
    let stem: String = parts
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{:03}-{stem}.yaml", index + 1)
}
