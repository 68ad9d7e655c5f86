//! The fields of a workload that cannot change once it exists in a cluster (StatefulSet
//! `serviceName`, `selector`, `volumeClaimTemplates`, `podManagementPolicy`; Deployment
//! `selector`): how to read one as a comparable value and how to set it back.
//!
//! Values are compared the way the API server compares them: absent, `null`, empty lists and empty
//! maps are the same, and a missing `podManagementPolicy` is its default `OrderedReady`.

use k8s_openapi::api::apps::v1::{DeploymentSpec, StatefulSetSpec};
use serde_json::Value;

use crate::model::{Object, Resource};

/// One immutable field of one kind.
#[derive(Debug)]
pub struct ImmutableField {
    /// `StatefulSet` or `Deployment`.
    pub kind: &'static str,
    /// Field path in the manifest, e.g. `spec.serviceName`.
    pub path: &'static str,
    /// How people call it in a sentence ("StatefulSet serviceName is immutable").
    pub noun: &'static str,
    /// What the API server takes when the field is absent.
    absent: Option<&'static str>,
    read: fn(&Object) -> Option<Value>,
    write: fn(&mut Object, &Value) -> bool,
}

/// Every immutable field the designer can touch, per kind in path order.
pub static IMMUTABLE_FIELDS: [ImmutableField; 5] = [
    ImmutableField {
        kind: "Deployment",
        path: "spec.selector",
        noun: "selector",
        absent: None,
        read: |o| deployment(o).map(|s| to_value(&s.selector)),
        write: |o, v| write_deployment(o, |s| from_value(v).map(|sel| s.selector = sel)),
    },
    ImmutableField {
        kind: "StatefulSet",
        path: "spec.podManagementPolicy",
        noun: "podManagementPolicy",
        absent: Some("OrderedReady"),
        read: |o| statefulset(o).map(|s| to_value(&s.pod_management_policy)),
        write: |o, v| {
            write_statefulset(o, |s| {
                s.pod_management_policy = v.as_str().map(str::to_owned);
                Some(())
            })
        },
    },
    ImmutableField {
        kind: "StatefulSet",
        path: "spec.selector",
        noun: "selector",
        absent: None,
        read: |o| statefulset(o).map(|s| to_value(&s.selector)),
        write: |o, v| write_statefulset(o, |s| from_value(v).map(|sel| s.selector = sel)),
    },
    ImmutableField {
        kind: "StatefulSet",
        path: "spec.serviceName",
        noun: "serviceName",
        absent: None,
        read: |o| statefulset(o).map(|s| to_value(&s.service_name)),
        write: |o, v| {
            write_statefulset(o, |s| {
                s.service_name = v.as_str().map(str::to_owned);
                Some(())
            })
        },
    },
    ImmutableField {
        kind: "StatefulSet",
        path: "spec.volumeClaimTemplates",
        noun: "volumeClaimTemplates",
        absent: None,
        read: |o| statefulset(o).map(|s| to_value(&s.volume_claim_templates)),
        write: |o, v| {
            write_statefulset(o, |s| {
                s.volume_claim_templates = if v.is_null() {
                    None
                } else {
                    Some(serde_json::from_value(v.clone()).ok()?)
                };
                Some(())
            })
        },
    },
];

impl ImmutableField {
    /// The field's value in `object`, normalised for comparison (`None`: the object is not of
    /// this field's kind or has no spec).
    #[must_use]
    pub fn value(&self, object: &Object) -> Option<Value> {
        (object.kind_name() == self.kind)
            .then(|| (self.read)(object))
            .flatten()
            .map(|v| self.comparable(v))
    }

    /// A recorded value as [`ImmutableField::value`] returns it: the default for an absent field,
    /// and claim templates without the fields the API server fills in (`apiVersion`, `kind`,
    /// `status`), so that baselines written by hand or by older versions compare too.
    #[must_use]
    pub fn comparable(&self, value: Value) -> Value {
        let value = match normalise(value) {
            Value::Null => self
                .absent
                .map_or(Value::Null, |d| Value::String(d.to_owned())),
            Value::Array(items) if self.noun == "volumeClaimTemplates" => Value::Array(
                items
                    .into_iter()
                    .map(|mut item| {
                        if let Some(map) = item.as_object_mut() {
                            for server in ["apiVersion", "kind", "status"] {
                                map.remove(server);
                            }
                        }
                        item
                    })
                    .collect(),
            ),
            other => other,
        };
        normalise(value)
    }

    /// Sets the field of `object` to a value [`ImmutableField::value`] returned; `false` when the
    /// object has no spec or the value does not fit.
    pub fn restore(&self, object: &mut Object, value: &Value) -> bool {
        object.kind_name() == self.kind && (self.write)(object, value)
    }
}

/// The immutable fields of a kind (none for kinds without any).
pub fn fields_of(kind: &str) -> impl Iterator<Item = &'static ImmutableField> + use<'_> {
    IMMUTABLE_FIELDS.iter().filter(move |f| f.kind == kind)
}

fn deployment(object: &Object) -> Option<&DeploymentSpec> {
    match object.resource() {
        Resource::Deployment(d) => d.spec.as_ref(),
        _ => None,
    }
}

fn statefulset(object: &Object) -> Option<&StatefulSetSpec> {
    match object.resource() {
        Resource::StatefulSet(s) => s.spec.as_ref(),
        _ => None,
    }
}

fn write_deployment(
    object: &mut Object,
    change: impl FnOnce(&mut DeploymentSpec) -> Option<()>,
) -> bool {
    match object.resource_mut() {
        Resource::Deployment(d) => d.spec.as_mut().and_then(change).is_some(),
        _ => false,
    }
}

fn write_statefulset(
    object: &mut Object,
    change: impl FnOnce(&mut StatefulSetSpec) -> Option<()>,
) -> bool {
    match object.resource_mut() {
        Resource::StatefulSet(s) => s.spec.as_mut().and_then(change).is_some(),
        _ => false,
    }
}

/// A typed value read back from its normalised form (`null` is the type's default).
fn from_value<T: serde::de::DeserializeOwned + Default>(value: &Value) -> Option<T> {
    if value.is_null() {
        return Some(T::default());
    }
    serde_json::from_value(value.clone()).ok()
}

/// Serialised and normalised: what the API server treats as equal compares equal.
fn to_value(field: &impl serde::Serialize) -> Value {
    normalise(serde_json::to_value(field).unwrap_or(Value::Null))
}

/// Drops nulls, empty strings, empty lists and empty maps, recursively (`null` when nothing is
/// left): Kubernetes treats absent and empty the same for these fields.
#[must_use]
pub fn normalise(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let kept: serde_json::Map<String, Value> = map
                .into_iter()
                .map(|(k, v)| (k, normalise(v)))
                .filter(|(_, v)| !v.is_null())
                .collect();
            if kept.is_empty() {
                Value::Null
            } else {
                Value::Object(kept)
            }
        }
        Value::Array(items) => {
            let kept: Vec<Value> = items.into_iter().map(normalise).collect();
            if kept.is_empty() {
                Value::Null
            } else {
                Value::Array(kept)
            }
        }
        Value::String(s) if s.is_empty() => Value::Null,
        other => other,
    }
}
