//! Editing the kinds the model keeps as [`OtherObject`] (ConfigMap, Secret, PersistentVolumeClaim,
//! PodDisruptionBudget, HorizontalPodAutoscaler) through their `k8s-openapi` types.
//!
//! The rules read these kinds as plain values, so the model keeps them untyped; an editor reads one
//! into its typed struct, changes it, and writes it back with [`write`], which keeps every field the
//! typed struct does not know (a field of a newer API version, a typo) as it was.

use k8s_openapi::Resource as _;
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::{ConfigMap, PersistentVolumeClaim, Secret};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::extra::Extra;
use super::object::{ObjectError, OtherObject, to_value, typed};

/// The kinds kept as [`OtherObject`] that have a typed editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypedOther {
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
    PodDisruptionBudget,
    HorizontalPodAutoscaler,
}

impl TypedOther {
    /// Every kind with a typed editor, in the order the app offers to add them.
    pub const ALL: [TypedOther; 5] = [
        TypedOther::ConfigMap,
        TypedOther::Secret,
        TypedOther::PersistentVolumeClaim,
        TypedOther::HorizontalPodAutoscaler,
        TypedOther::PodDisruptionBudget,
    ];

    /// The editor for `other`, when its `apiVersion` and `kind` are the ones the editor types
    /// (an `autoscaling/v1` HorizontalPodAutoscaler has none: it is edited as YAML).
    #[must_use]
    pub fn of(other: &OtherObject) -> Option<TypedOther> {
        TypedOther::ALL
            .into_iter()
            .find(|t| t.api_version() == other.api_version && t.kind() == other.kind)
    }

    /// The `apiVersion` the editor reads and writes.
    #[must_use]
    pub fn api_version(self) -> &'static str {
        match self {
            TypedOther::ConfigMap => ConfigMap::API_VERSION,
            TypedOther::Secret => Secret::API_VERSION,
            TypedOther::PersistentVolumeClaim => PersistentVolumeClaim::API_VERSION,
            TypedOther::PodDisruptionBudget => PodDisruptionBudget::API_VERSION,
            TypedOther::HorizontalPodAutoscaler => HorizontalPodAutoscaler::API_VERSION,
        }
    }

    /// The Kubernetes `kind`.
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            TypedOther::ConfigMap => ConfigMap::KIND,
            TypedOther::Secret => Secret::KIND,
            TypedOther::PersistentVolumeClaim => PersistentVolumeClaim::KIND,
            TypedOther::PodDisruptionBudget => PodDisruptionBudget::KIND,
            TypedOther::HorizontalPodAutoscaler => HorizontalPodAutoscaler::KIND,
        }
    }
}

/// Whether `other` reads as the type of its editor or its Gateway API view (objects without
/// either always do): the error names the field the API server would refuse, e.g. a list where a
/// ConfigMap value goes.
pub fn check(other: &OtherObject) -> Result<(), ObjectError> {
    match TypedOther::of(other) {
        // Gateway API objects have views of their own.
        None => super::gateway::check(other),
        Some(TypedOther::ConfigMap) => read::<ConfigMap>(other).map(drop),
        Some(TypedOther::Secret) => read::<Secret>(other).map(drop),
        Some(TypedOther::PersistentVolumeClaim) => read::<PersistentVolumeClaim>(other).map(drop),
        Some(TypedOther::PodDisruptionBudget) => read::<PodDisruptionBudget>(other).map(drop),
        Some(TypedOther::HorizontalPodAutoscaler) => {
            read::<HorizontalPodAutoscaler>(other).map(drop)
        }
    }
}

/// Reads `other` as its typed struct, naming the field that does not fit.
pub fn read<T: DeserializeOwned>(other: &OtherObject) -> Result<T, ObjectError> {
    typed(&other.to_value())
}

/// `other` with the content of `edited` (read from it with [`read`] and changed): what `edited`
/// holds replaces the typed fields, and the fields the typed struct does not know stay as they were.
/// `apiVersion` and `kind` stay those of `other`.
pub fn write<T: Serialize + DeserializeOwned>(
    other: &OtherObject,
    edited: &T,
) -> Result<OtherObject, ObjectError> {
    let raw = other.to_value();
    let before: T = typed(&raw)?;
    let mut after = to_value(edited);
    if let Some(extra) = Extra::between(&raw, &to_value(&before)) {
        extra.merge_into(&mut after);
    }
    let Value::Object(map) = after else {
        return Err(ObjectError::NotAMapping {
            found: "another value",
        });
    };
    OtherObject::from_map(&other.api_version, &other.kind, &map)
}

#[cfg(test)]
mod tests {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    use serde_json::json;

    use super::*;
    use crate::model::{Object, Resource};

    fn other(value: &Value) -> OtherObject {
        match Object::from_value(value).map(|o| o.resource().clone()) {
            Ok(Resource::Other(other)) => other,
            other => panic!("not kept as Other: {other:?}"),
        }
    }

    #[test]
    fn the_five_kinds_have_editors_and_other_versions_do_not() {
        let pdb = other(&json!({
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": { "name": "web" }, "spec": { "maxUnavailable": 1 },
        }));
        assert_eq!(TypedOther::of(&pdb), Some(TypedOther::PodDisruptionBudget));
        let hpa_v1 = other(&json!({
            "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
            "metadata": { "name": "web" },
        }));
        assert_eq!(TypedOther::of(&hpa_v1), None);
        let account = other(&json!({
            "apiVersion": "v1", "kind": "ServiceAccount", "metadata": { "name": "web" },
        }));
        assert_eq!(TypedOther::of(&account), None);
    }

    #[test]
    fn an_unchanged_write_gives_back_the_same_object() {
        let config = other(&json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": { "name": "web", "labels": { "a": "b" } },
            "data": { "nginx.conf": "server {\n}\n" },
            "futureField": { "x": 1 },
        }));
        let typed: ConfigMap = read(&config).expect("reads");
        assert_eq!(write(&config, &typed).expect("writes"), config);
    }

    #[test]
    fn an_edit_keeps_the_fields_the_type_does_not_know() {
        let pdb = other(&json!({
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": { "name": "web" },
            "spec": { "maxUnavailable": 1, "selector": { "matchLabels": { "app": "web" } },
                      "newKnob": true },
            "x-note": "kept",
        }));
        let mut typed: PodDisruptionBudget = read(&pdb).expect("reads");
        let spec = typed.spec.get_or_insert_with(Default::default);
        spec.max_unavailable = None;
        spec.min_available = Some(IntOrString::String("50%".to_owned()));
        let edited = write(&pdb, &typed).expect("writes");
        assert_eq!(
            edited.body.get("spec"),
            Some(&json!({
                "minAvailable": "50%",
                "selector": { "matchLabels": { "app": "web" } },
                "newKnob": true,
            }))
        );
        assert_eq!(edited.body.get("x-note"), Some(&json!("kept")));
        assert_eq!(edited.api_version, "policy/v1");
    }

    #[test]
    fn a_value_the_type_refuses_is_named_by_its_field() {
        let hpa = other(&json!({
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": { "name": "web" },
            "spec": { "maxReplicas": "many", "scaleTargetRef": { "kind": "Deployment", "name": "web" } },
        }));
        let error = read::<HorizontalPodAutoscaler>(&hpa).expect_err("refused");
        assert!(error.to_string().contains("spec.maxReplicas"), "{error}");
        let error = check(&hpa).expect_err("refused");
        assert!(error.to_string().contains("spec.maxReplicas"), "{error}");
        let config = other(&json!({
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "c" },
            "data": { "LOG_LEVEL": ["info"] },
        }));
        let error = check(&config).expect_err("refused");
        assert!(error.to_string().contains("data.LOG_LEVEL"), "{error}");
    }
}
