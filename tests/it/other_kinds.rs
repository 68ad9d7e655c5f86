//! The kinds kept untyped in the model (ConfigMap, Secret, PersistentVolumeClaim,
//! HorizontalPodAutoscaler, PodDisruptionBudget): new ones are clean, and typed edits export what
//! was edited and keep the rest.

use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use kubedraft::document::new_object::{self, typed_other_manifest};
use kubedraft::model::typed_other::{self, TypedOther};
use kubedraft::model::{Kind, Model, Object, ObjectId, Resource};
use kubedraft::rules::{self, Severity};

/// A model with a new Deployment `web` in `shop` (without its PodDisruptionBudget companion).
fn model_with_workload() -> (Model, ObjectId) {
    let mut model = Model::new();
    let deployment = new_object::new_object(Kind::Deployment, "shop", "web")
        .unwrap()
        .unwrap();
    let id = model.add(deployment);
    (model, id)
}

/// The warnings and errors of a model, as `RULE object-name` lines.
fn problems(model: &Model) -> Vec<String> {
    rules::check(model, true)
        .into_iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| format!("{} {}/{}: {}", d.rule, d.kind, d.name, d.message))
        .collect()
}

#[test]
fn new_objects_of_the_extra_kinds_bring_no_warnings() {
    for kind in TypedOther::ALL {
        let (mut model, workload) = model_with_workload();
        let before = problems(&model);
        let manifest = typed_other_manifest(
            kind,
            "shop",
            &format!("new-{}", kind.kind().to_lowercase()),
            model.get(workload),
        )
        .expect("made for the workload");
        let object = Object::from_value(&manifest).expect("parses");
        assert_eq!(object.kind_name(), kind.kind());
        assert_eq!(object.effective_namespace(), Some("shop"));
        assert!(!object.has_unknown_fields(), "{manifest}");
        let Resource::Other(other) = object.resource() else {
            panic!("{} is typed", kind.kind());
        };
        assert_eq!(
            TypedOther::of(other),
            Some(kind),
            "no editor for the new object"
        );
        model.add(object);
        let after = problems(&model);
        let new: Vec<&String> = after.iter().filter(|p| !before.contains(p)).collect();
        assert!(new.is_empty(), "{}: {new:?}", kind.kind());
    }
}

#[test]
fn the_budget_clears_the_missing_budget_warning_and_the_autoscaler_targets_the_workload() {
    let (mut model, workload) = model_with_workload();
    assert!(
        problems(&model).iter().any(|p| p.starts_with("K8S-BP-009")),
        "a replicated Deployment without a budget is reported: {:?}",
        problems(&model)
    );
    let pdb = typed_other_manifest(
        TypedOther::PodDisruptionBudget,
        "shop",
        "web",
        model.get(workload),
    )
    .unwrap();
    model.add(Object::from_value(&pdb).unwrap());
    assert!(!problems(&model).iter().any(|p| p.starts_with("K8S-BP-009")));

    let hpa = typed_other_manifest(
        TypedOther::HorizontalPodAutoscaler,
        "shop",
        "web",
        model.get(workload),
    )
    .unwrap();
    let hpa = Object::from_value(&hpa).unwrap();
    let Resource::Other(other) = hpa.resource() else {
        panic!("typed");
    };
    let typed: HorizontalPodAutoscaler = typed_other::read(other).unwrap();
    let spec = typed.spec.unwrap();
    assert_eq!(spec.scale_target_ref.kind, "Deployment");
    assert_eq!(spec.scale_target_ref.name, "web");
    // The new Deployment runs 2 replicas: the autoscaler never goes below that.
    assert_eq!(spec.min_replicas, Some(2));
    assert!(spec.max_replicas > 2);
}

#[test]
fn autoscalers_and_budgets_need_a_workload() {
    let service = new_object::new_object(Kind::Service, "shop", "web")
        .unwrap()
        .unwrap();
    for kind in [
        TypedOther::PodDisruptionBudget,
        TypedOther::HorizontalPodAutoscaler,
    ] {
        assert_eq!(typed_other_manifest(kind, "shop", "x", None), None);
        assert_eq!(
            typed_other_manifest(kind, "shop", "x", Some(&service)),
            None
        );
    }
}

/// Every fixture manifest (rules, corpus, hostile strings), as (file name, text).
fn fixture_manifests() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    for folder in [root.join("rules"), root.join("corpus"), root] {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path.display().to_string(), text));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_form_that_changes_nothing_writes_back_the_object_unchanged() {
    let mut edited = 0;
    for (file, text) in fixture_manifests() {
        let imported = kubedraft::manifest::import::parse_manifests(&text, &file);
        for (object, _) in imported.objects {
            let Resource::Other(other) = object.resource() else {
                continue;
            };
            let Some(kind) = TypedOther::of(other) else {
                continue;
            };
            // Fixtures that plant invalid values (a rule's `fires` case) may not read as the type.
            if typed_other::check(other).is_err() {
                continue;
            }
            let unchanged = match kind {
                TypedOther::ConfigMap => rewrite::<k8s_openapi::api::core::v1::ConfigMap>(other),
                TypedOther::Secret => rewrite::<k8s_openapi::api::core::v1::Secret>(other),
                TypedOther::PersistentVolumeClaim => {
                    rewrite::<k8s_openapi::api::core::v1::PersistentVolumeClaim>(other)
                }
                TypedOther::PodDisruptionBudget => {
                    rewrite::<k8s_openapi::api::policy::v1::PodDisruptionBudget>(other)
                }
                TypedOther::HorizontalPodAutoscaler => rewrite::<HorizontalPodAutoscaler>(other),
            };
            assert_eq!(&unchanged, other, "{file}: {}", object.display_id());
            edited += 1;
        }
    }
    assert!(
        edited >= 5,
        "only {edited} objects of the extra kinds in the fixtures"
    );
}

/// `other` read as `T` and written back without a change.
fn rewrite<T: serde::Serialize + serde::de::DeserializeOwned>(
    other: &kubedraft::model::OtherObject,
) -> kubedraft::model::OtherObject {
    let typed: T = typed_other::read(other).unwrap();
    typed_other::write(other, &typed).unwrap()
}
