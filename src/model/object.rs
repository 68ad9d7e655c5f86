//! One Kubernetes object of a design: its typed form plus the fields the typed form does not hold.

use std::collections::BTreeMap;

use k8s_openapi::Resource as _;
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{Pod, PodSpec, PodTemplateSpec, Service};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::{Map, Value};

use super::extra::Extra;
pub use super::kind::Kind;
use super::kinds;
use super::selector::Labels;

/// An object of a kind the model does not type: its identity and metadata, and the rest as read.
#[derive(Clone, Debug, PartialEq)]
pub struct OtherObject {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    /// Every top-level field besides `apiVersion`, `kind` and `metadata`.
    pub body: Map<String, Value>,
}

impl OtherObject {
    /// Reads the object from its manifest mapping, with `apiVersion` and `kind` already read.
    pub(crate) fn from_map(
        api_version: &str,
        kind: &str,
        map: &Map<String, Value>,
    ) -> Result<Self, ObjectError> {
        let metadata: ObjectMeta = match map.get("metadata") {
            Some(meta) => typed(meta).map_err(|error| prefix_path(error, "metadata"))?,
            None => ObjectMeta::default(),
        };
        let body = map
            .iter()
            .filter(|(key, _)| !matches!(key.as_str(), "apiVersion" | "kind" | "metadata"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        Ok(OtherObject {
            api_version: api_version.to_owned(),
            kind: kind.to_owned(),
            metadata,
            body,
        })
    }

    /// The object as a manifest value.
    #[must_use]
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert(
            "apiVersion".to_owned(),
            Value::String(self.api_version.clone()),
        );
        map.insert("kind".to_owned(), Value::String(self.kind.clone()));
        map.insert("metadata".to_owned(), to_value(&self.metadata));
        map.extend(self.body.iter().map(|(k, v)| (k.clone(), v.clone())));
        Value::Object(map)
    }
}

/// The typed content of an object.
// Objects live once each in the model's graph; boxing the large variants would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Resource {
    Deployment(Deployment),
    StatefulSet(StatefulSet),
    Service(Service),
    Ingress(Ingress),
    NetworkPolicy(NetworkPolicy),
    DaemonSet(DaemonSet),
    ReplicaSet(ReplicaSet),
    Job(Job),
    CronJob(CronJob),
    Pod(Pod),
    Other(OtherObject),
}

/// A Kubernetes object in a design.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    resource: Resource,
    /// Fields of the source manifest that `resource` does not hold; written back on export.
    extra: Option<Extra>,
}

/// Why a manifest value could not become an object. Paths are dotted field paths inside the object.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ObjectError {
    #[error("the document is not a mapping of fields (found {found})")]
    NotAMapping { found: &'static str },
    #[error("field `{field}` is missing")]
    MissingField { field: &'static str },
    #[error("field `{field}` must be a string")]
    NotAString { field: &'static str },
    #[error("unknown kind `{kind}` for apiVersion `{api_version}`{hint}")]
    UnknownKind {
        api_version: String,
        kind: String,
        hint: String,
    },
    #[error(
        "field `apiVersion`: `{api_version}` does not serve kind `{kind}` (expected {expected})"
    )]
    WrongApiVersion {
        api_version: String,
        kind: String,
        expected: String,
    },
    #[error("field `{path}`: {message}")]
    Field { path: String, message: String },
}

fn value_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Deserialises `value` into a typed object, naming the field that does not fit.
pub(crate) fn typed<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, ObjectError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        ObjectError::Field {
            path: if path == "." {
                "(object)".to_owned()
            } else {
                path
            },
            message: error.into_inner().to_string(),
        }
    })
}

pub(crate) fn to_value<T: serde::Serialize>(typed: &T) -> Value {
    // Serialising k8s-openapi types into a `Value` cannot fail: every map key is a string.
    serde_json::to_value(typed).unwrap_or(Value::Null)
}

impl Object {
    /// Builds an object from its typed content, with no unknown fields.
    #[must_use]
    pub fn new(resource: Resource) -> Self {
        Object {
            resource,
            extra: None,
        }
    }

    /// Reads one manifest (a mapping with `apiVersion`, `kind` and `metadata`).
    pub fn from_value(value: &Value) -> Result<Self, ObjectError> {
        let Value::Object(map) = value else {
            return Err(ObjectError::NotAMapping {
                found: value_type(value),
            });
        };
        let api_version = string_field(map, "apiVersion")?;
        let kind = string_field(map, "kind")?;
        let resource = match (api_version, kind) {
            (Deployment::API_VERSION, Deployment::KIND) => Resource::Deployment(typed(value)?),
            (StatefulSet::API_VERSION, StatefulSet::KIND) => Resource::StatefulSet(typed(value)?),
            (Service::API_VERSION, Service::KIND) => Resource::Service(typed(value)?),
            (Ingress::API_VERSION, Ingress::KIND) => Resource::Ingress(typed(value)?),
            (NetworkPolicy::API_VERSION, NetworkPolicy::KIND) => {
                Resource::NetworkPolicy(typed(value)?)
            }
            (DaemonSet::API_VERSION, DaemonSet::KIND) => Resource::DaemonSet(typed(value)?),
            (ReplicaSet::API_VERSION, ReplicaSet::KIND) => Resource::ReplicaSet(typed(value)?),
            (Job::API_VERSION, Job::KIND) => Resource::Job(typed(value)?),
            (CronJob::API_VERSION, CronJob::KIND) => Resource::CronJob(typed(value)?),
            (Pod::API_VERSION, Pod::KIND) => Resource::Pod(typed(value)?),
            _ => {
                kinds::check_known(api_version, kind)?;
                Resource::Other(OtherObject::from_map(api_version, kind, map)?)
            }
        };
        let mut object = Object::new(resource);
        object.extra = Extra::between(value, &object.typed_value());
        Ok(object)
    }

    /// The object as a manifest value, unknown fields included.
    #[must_use]
    pub fn to_value(&self) -> Value {
        let mut value = self.typed_value();
        if let Some(extra) = &self.extra {
            extra.merge_into(&mut value);
        }
        value
    }

    /// The typed content as a manifest value, without unknown fields.
    fn typed_value(&self) -> Value {
        match &self.resource {
            Resource::Deployment(o) => to_value(o),
            Resource::StatefulSet(o) => without_claim_type_meta(to_value(o)),
            Resource::Service(o) => to_value(o),
            Resource::Ingress(o) => to_value(o),
            Resource::NetworkPolicy(o) => to_value(o),
            Resource::DaemonSet(o) => to_value(o),
            Resource::ReplicaSet(o) => to_value(o),
            Resource::Job(o) => to_value(o),
            Resource::CronJob(o) => to_value(o),
            Resource::Pod(o) => to_value(o),
            Resource::Other(o) => o.to_value(),
        }
    }

    /// The typed content.
    #[must_use]
    pub fn resource(&self) -> &Resource {
        &self.resource
    }

    /// The typed content, for editing. Unknown fields stay attached.
    pub fn resource_mut(&mut self) -> &mut Resource {
        &mut self.resource
    }

    /// Whether the source manifest had fields the typed object does not hold.
    #[must_use]
    pub fn has_unknown_fields(&self) -> bool {
        self.extra.as_ref().is_some_and(Extra::has_unknown_fields)
    }

    #[must_use]
    pub fn kind(&self) -> Kind {
        match &self.resource {
            Resource::Deployment(_) => Kind::Deployment,
            Resource::StatefulSet(_) => Kind::StatefulSet,
            Resource::Service(_) => Kind::Service,
            Resource::Ingress(_) => Kind::Ingress,
            Resource::NetworkPolicy(_) => Kind::NetworkPolicy,
            Resource::DaemonSet(_) => Kind::DaemonSet,
            Resource::ReplicaSet(_) => Kind::ReplicaSet,
            Resource::Job(_) => Kind::Job,
            Resource::CronJob(_) => Kind::CronJob,
            Resource::Pod(_) => Kind::Pod,
            // Only the kinds kept as plain values are named here: an `extensions/v1beta1`
            // Deployment is no typed Deployment (it has no typed pod template).
            Resource::Other(o) => match Kind::of_manifest(&o.api_version, &o.kind) {
                kind if kind.is_typed() => Kind::Other,
                kind => kind,
            },
        }
    }

    /// The Kubernetes `kind` string (`Role` for a Role kept as [`Kind::Other`]).
    #[must_use]
    pub fn kind_name(&self) -> &str {
        match &self.resource {
            Resource::Other(o) => &o.kind,
            _ => self.kind().as_str(),
        }
    }

    /// The `apiVersion` string.
    #[must_use]
    pub fn api_version(&self) -> &str {
        match &self.resource {
            Resource::Deployment(_) => Deployment::API_VERSION,
            Resource::StatefulSet(_) => StatefulSet::API_VERSION,
            Resource::Service(_) => Service::API_VERSION,
            Resource::Ingress(_) => Ingress::API_VERSION,
            Resource::NetworkPolicy(_) => NetworkPolicy::API_VERSION,
            Resource::DaemonSet(_) => DaemonSet::API_VERSION,
            Resource::ReplicaSet(_) => ReplicaSet::API_VERSION,
            Resource::Job(_) => Job::API_VERSION,
            Resource::CronJob(_) => CronJob::API_VERSION,
            Resource::Pod(_) => Pod::API_VERSION,
            Resource::Other(o) => &o.api_version,
        }
    }

    #[must_use]
    pub fn metadata(&self) -> &ObjectMeta {
        match &self.resource {
            Resource::Deployment(o) => &o.metadata,
            Resource::StatefulSet(o) => &o.metadata,
            Resource::Service(o) => &o.metadata,
            Resource::Ingress(o) => &o.metadata,
            Resource::NetworkPolicy(o) => &o.metadata,
            Resource::DaemonSet(o) => &o.metadata,
            Resource::ReplicaSet(o) => &o.metadata,
            Resource::Job(o) => &o.metadata,
            Resource::CronJob(o) => &o.metadata,
            Resource::Pod(o) => &o.metadata,
            Resource::Other(o) => &o.metadata,
        }
    }

    pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
        match &mut self.resource {
            Resource::Deployment(o) => &mut o.metadata,
            Resource::StatefulSet(o) => &mut o.metadata,
            Resource::Service(o) => &mut o.metadata,
            Resource::Ingress(o) => &mut o.metadata,
            Resource::NetworkPolicy(o) => &mut o.metadata,
            Resource::DaemonSet(o) => &mut o.metadata,
            Resource::ReplicaSet(o) => &mut o.metadata,
            Resource::Job(o) => &mut o.metadata,
            Resource::CronJob(o) => &mut o.metadata,
            Resource::Pod(o) => &mut o.metadata,
            Resource::Other(o) => &mut o.metadata,
        }
    }

    /// `metadata.name`, or "" when missing (a rule reports that).
    #[must_use]
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or_default()
    }

    /// `metadata.namespace` as written, `None` when unset.
    #[must_use]
    pub fn namespace(&self) -> Option<&str> {
        self.metadata().namespace.as_deref()
    }

    /// The namespace the object lands in: its own, or `default` when unset (kubectl's default).
    /// Cluster-scoped kinds have none.
    #[must_use]
    pub fn effective_namespace(&self) -> Option<&str> {
        if self.is_cluster_scoped() {
            return None;
        }
        Some(
            self.namespace()
                .filter(|ns| !ns.is_empty())
                .unwrap_or("default"),
        )
    }

    /// Whether the kind has no namespace (`ClusterRole`, `Namespace`, a cluster-scoped custom kind…).
    #[must_use]
    pub fn is_cluster_scoped(&self) -> bool {
        match (self.kind().is_namespaced(), &self.resource) {
            (Some(namespaced), _) => !namespaced,
            (None, Resource::Other(o)) => kinds::is_cluster_scoped(&o.api_version, &o.kind),
            (None, _) => false,
        }
    }

    /// `Kind/namespace/name` (`Kind/name` for cluster-scoped objects), as shown in messages.
    #[must_use]
    pub fn display_id(&self) -> String {
        match self.effective_namespace() {
            Some(ns) => format!("{}/{ns}/{}", self.kind_name(), self.name()),
            None => format!("{}/{}", self.kind_name(), self.name()),
        }
    }

    /// The pod template of a workload.
    #[must_use]
    pub fn pod_template(&self) -> Option<&PodTemplateSpec> {
        match &self.resource {
            Resource::Deployment(o) => o.spec.as_ref().map(|s| &s.template),
            Resource::StatefulSet(o) => o.spec.as_ref().map(|s| &s.template),
            Resource::DaemonSet(o) => o.spec.as_ref().map(|s| &s.template),
            Resource::ReplicaSet(o) => o.spec.as_ref().and_then(|s| s.template.as_ref()),
            Resource::Job(o) => o.spec.as_ref().map(|s| &s.template),
            Resource::CronJob(o) => o
                .spec
                .as_ref()
                .and_then(|s| s.job_template.spec.as_ref())
                .map(|s| &s.template),
            _ => None,
        }
    }

    /// The pod spec of a workload (the template's, or a Pod's own).
    #[must_use]
    pub fn pod_spec(&self) -> Option<&PodSpec> {
        match &self.resource {
            Resource::Pod(pod) => pod.spec.as_ref(),
            _ => self.pod_template().and_then(|t| t.spec.as_ref()),
        }
    }

    /// The pod spec of a workload, for editing (`None` where the object has none yet).
    pub fn pod_spec_mut(&mut self) -> Option<&mut PodSpec> {
        match &mut self.resource {
            Resource::Pod(pod) => pod.spec.as_mut(),
            Resource::Deployment(o) => o.spec.as_mut().and_then(|s| s.template.spec.as_mut()),
            Resource::StatefulSet(o) => o.spec.as_mut().and_then(|s| s.template.spec.as_mut()),
            Resource::DaemonSet(o) => o.spec.as_mut().and_then(|s| s.template.spec.as_mut()),
            Resource::ReplicaSet(o) => o
                .spec
                .as_mut()
                .and_then(|s| s.template.as_mut())
                .and_then(|t| t.spec.as_mut()),
            Resource::Job(o) => o.spec.as_mut().and_then(|s| s.template.spec.as_mut()),
            Resource::CronJob(o) => o
                .spec
                .as_mut()
                .and_then(|s| s.job_template.spec.as_mut())
                .and_then(|s| s.template.spec.as_mut()),
            _ => None,
        }
    }

    /// Labels the pods of a workload carry (a Pod's own labels); `None` for non-workloads.
    #[must_use]
    pub fn pod_labels(&self) -> Option<&Labels> {
        static EMPTY: Labels = BTreeMap::new();
        match &self.resource {
            Resource::Pod(pod) => Some(pod.metadata.labels.as_ref().unwrap_or(&EMPTY)),
            // Every workload kind is typed: an untyped object runs no pods, and reading its kind
            // from its name here was most of an edit's cost (relations ask every object).
            Resource::Other(_) => None,
            _ if self.kind().is_workload() => Some(
                self.pod_template()
                    .and_then(|t| t.metadata.as_ref())
                    .and_then(|m| m.labels.as_ref())
                    .unwrap_or(&EMPTY),
            ),
            _ => None,
        }
    }

    /// Desired replicas of a Deployment, StatefulSet or ReplicaSet (API default 1).
    #[must_use]
    pub fn replicas(&self) -> Option<i32> {
        match &self.resource {
            Resource::Deployment(o) => Some(o.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)),
            Resource::StatefulSet(o) => Some(o.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)),
            Resource::ReplicaSet(o) => Some(o.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)),
            _ => None,
        }
    }
}

fn string_field<'a>(
    map: &'a Map<String, Value>,
    field: &'static str,
) -> Result<&'a str, ObjectError> {
    match map.get(field) {
        None | Some(Value::Null) => Err(ObjectError::MissingField { field }),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ObjectError::NotAString { field }),
    }
}

fn prefix_path(error: ObjectError, prefix: &str) -> ObjectError {
    match error {
        ObjectError::Field { path, message } if path == "(object)" => ObjectError::Field {
            path: prefix.to_owned(),
            message,
        },
        ObjectError::Field { path, message } => ObjectError::Field {
            path: format!("{prefix}.{path}"),
            message,
        },
        other => other,
    }
}

/// k8s-openapi writes `apiVersion` and `kind` into every `volumeClaimTemplates` item, though
/// manifests rarely have them. Leaving them out of the typed value means they are exported only when
/// the input had them (then they are kept as unknown fields), so a round trip adds nothing.
fn without_claim_type_meta(mut value: Value) -> Value {
    if let Some(Value::Array(claims)) = value
        .get_mut("spec")
        .and_then(|spec| spec.get_mut("volumeClaimTemplates"))
    {
        for claim in claims.iter_mut().filter_map(Value::as_object_mut) {
            claim.remove("apiVersion");
            claim.remove("kind");
        }
    }
    value
}
