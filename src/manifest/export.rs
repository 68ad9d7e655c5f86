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
        // Gateway API: the class before its Gateways, the Gateways and grants before the routes
        // that attach through them. Asked of the object, not the name: an Istio `Gateway` is
        // another kind.
        _ if object.kind().is_gateway_api() => match object.kind() {
            Kind::GatewayClass => 2,
            Kind::Gateway | Kind::ReferenceGrant => 11,
            _ => 12,
        },
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
    format!("{:03}-{}.yaml", index + 1, fit_stem(&stem))
}

/// The longest stem a split file name keeps whole. File systems hold a name to 255 bytes; with
/// the number and `.yaml` around it (and the `.NAME.PID.tmp` of a write in progress), 200 leaves
/// room. `check` accepts names of 253 characters, so longer stems happen.
const MAX_STEM: usize = 200;

/// `stem` itself when it fits, else its start and a short hash of the whole (stable from run to
/// run and build to build, so a re-export replaces the same file), so that two long names
/// that start alike still get different files. The stem is ASCII (see [`split_file_name`]).
fn fit_stem(stem: &str) -> String {
    if stem.len() <= MAX_STEM {
        return stem.to_owned();
    }
    // FNV-1a (64 bit): tiny and fixed, unlike the standard library's hasher.
    let hash = stem.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let keep = stem.get(..MAX_STEM - 17).unwrap_or_default();
    format!("{keep}-{hash:016x}")
}
