//! Edits made while an environment is shown (issue 13 point 2, the core side): the editor's
//! commands become the environment's overrides, exclusions and environment-only objects, and
//! the base stays as it was.

use kubedraft::document::env_edit::{diff, in_environment};
use kubedraft::document::{Command, Document, EditError, EnvCommand, History, ObjectKey, Point};
use kubedraft::model::{Object, ObjectId};
use serde_json::json;

use crate::environments::web_tier_envs;

fn id_of(doc: &Document, kind: &str, name: &str) -> ObjectId {
    doc.model.find(kind, Some("shop"), name).expect("object")
}

fn effective_object(doc: &Document, env: Option<&str>, id: ObjectId) -> Option<Object> {
    doc.effective(env).expect("env").model.get(id).cloned()
}

/// Edits object `id` as the inspector does: the effective object of `env`, changed by `edit`.
fn edit_in(
    doc: &mut Document,
    history: &mut History,
    env: &str,
    id: ObjectId,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Result<(), EditError> {
    let mut manifest = effective_object(doc, Some(env), id)
        .expect("in env")
        .to_value();
    edit(&mut manifest);
    let object = Object::from_value(&manifest).expect("valid");
    let command = in_environment(doc, env, Command::ReplaceObject { id, object })?;
    history.execute(doc, command, None)
}

fn replicas(doc: &Document, env: Option<&str>, id: ObjectId) -> Option<i32> {
    effective_object(doc, env, id)?.replicas()
}

#[test]
fn a_field_edited_in_an_environment_is_its_override_and_the_base_keeps_its_value() {
    let mut doc = web_tier_envs();
    let mut history = History::new();
    let api = id_of(&doc, "Deployment", "api-server");
    let base_before = doc.effective(None).unwrap().model.get(api).cloned();
    assert_eq!(replicas(&doc, Some("prod"), api), Some(5));

    edit_in(&mut doc, &mut history, "prod", api, |m| {
        m["spec"]["replicas"] = json!(7);
    })
    .unwrap();
    assert_eq!(replicas(&doc, Some("prod"), api), Some(7));
    assert_eq!(
        doc.effective(None).unwrap().model.get(api).cloned(),
        base_before
    );
    assert_eq!(
        replicas(&doc, Some("dev"), api),
        Some(1),
        "other environments unchanged"
    );
    // The other prod overrides keep their shape (the whole resources value, one pointer).
    let prod = doc.environments.get("prod").unwrap();
    let fields = &prod.overrides[&ObjectKey::of(doc.model.get(api).unwrap())];
    assert_eq!(fields["/spec/replicas"], json!(7));
    assert!(fields.contains_key("/spec/template/spec/containers/0/resources"));
    assert!(
        !fields.contains_key("/spec/template/spec/containers/0/resources/limits/memory"),
        "{fields:?}"
    );

    // A field inside an overridden value changes that value.
    edit_in(&mut doc, &mut history, "prod", api, |m| {
        m["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"] =
            json!("2Gi");
    })
    .unwrap();
    let fields = &doc.environments.get("prod").unwrap().overrides
        [&ObjectKey::of(doc.model.get(api).unwrap())];
    assert_eq!(
        fields["/spec/template/spec/containers/0/resources"]["limits"]["memory"],
        json!("2Gi")
    );

    // Undo takes each edit back, the base untouched throughout.
    history.undo(&mut doc).unwrap();
    history.undo(&mut doc).unwrap();
    assert_eq!(replicas(&doc, Some("prod"), api), Some(5));
    assert_eq!(doc, web_tier_envs());
}

#[test]
fn editing_a_field_back_to_the_base_value_takes_the_override_away() {
    let mut doc = web_tier_envs();
    let mut history = History::new();
    let api = id_of(&doc, "Deployment", "api-server");
    let base = replicas(&doc, None, api).expect("base replicas");
    edit_in(&mut doc, &mut history, "prod", api, |m| {
        m["spec"]["replicas"] = json!(base);
    })
    .unwrap();
    let fields = &doc.environments.get("prod").unwrap().overrides
        [&ObjectKey::of(doc.model.get(api).unwrap())];
    assert!(!fields.contains_key("/spec/replicas"), "{fields:?}");
    assert_eq!(replicas(&doc, Some("prod"), api), Some(base));
}

#[test]
fn a_rename_in_an_environment_is_refused_with_where_to_make_it() {
    let mut doc = web_tier_envs();
    let mut history = History::new();
    let api = id_of(&doc, "Deployment", "api-server");
    let error = edit_in(&mut doc, &mut history, "prod", api, |m| {
        m["metadata"]["name"] = json!("api2");
    })
    .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("Deployment/shop/api-server"), "{text}");
    assert!(text.contains("base"), "{text}");
    assert_eq!(doc, web_tier_envs());
}

#[test]
fn deleting_in_an_environment_leaves_the_object_out_of_it_only() {
    let mut doc = web_tier_envs();
    let mut history = History::new();
    let cache = id_of(&doc, "Service", "api-server");
    let command = in_environment(&doc, "staging", Command::RemoveObject { id: cache }).unwrap();
    assert!(matches!(
        command,
        Command::Env(EnvCommand::ExcludeObject { .. })
    ));
    history.execute(&mut doc, command, None).unwrap();
    assert!(effective_object(&doc, Some("staging"), cache).is_none());
    assert!(effective_object(&doc, Some("prod"), cache).is_some());
    assert!(effective_object(&doc, None, cache).is_some());
    history.undo(&mut doc).unwrap();
    assert_eq!(doc, web_tier_envs());
}

#[test]
fn an_object_added_in_an_environment_is_only_there_and_then_edited_directly() {
    let mut doc = web_tier_envs();
    let mut history = History::new();
    let api = id_of(&doc, "Deployment", "api-server");
    let mut manifest = doc.model.get(api).unwrap().to_value();
    manifest["metadata"]["name"] = json!("canary");
    let canary = Object::from_value(&manifest).unwrap();
    let id = doc.model.allocate_id();
    let command = in_environment(
        &doc,
        "staging",
        Command::AddObject {
            id,
            object: canary,
            position: Point::new(0.0, 0.0),
        },
    )
    .unwrap();
    history.execute(&mut doc, command, None).unwrap();
    assert!(effective_object(&doc, Some("staging"), id).is_some());
    assert!(effective_object(&doc, Some("prod"), id).is_none());
    assert!(effective_object(&doc, None, id).is_none());

    // Only staging has it: an edit changes the object itself, no override.
    let mut manifest = doc.model.get(id).unwrap().to_value();
    manifest["spec"]["replicas"] = json!(3);
    let command = in_environment(
        &doc,
        "staging",
        Command::ReplaceObject {
            id,
            object: Object::from_value(&manifest).unwrap(),
        },
    )
    .unwrap();
    assert!(matches!(command, Command::ReplaceObject { .. }));
    history.execute(&mut doc, command, None).unwrap();
    assert_eq!(replicas(&doc, Some("staging"), id), Some(3));
    assert!(
        doc.environment_problems().is_empty(),
        "{:?}",
        doc.environment_problems()
    );
}

#[test]
fn the_difference_of_an_unchanged_object_is_empty_and_the_identity_never_part_of_it() {
    let doc = web_tier_envs();
    let api = id_of(&doc, "Deployment", "api-server");
    let manifest = doc.model.get(api).unwrap().to_value();
    assert!(diff(&manifest, &manifest).is_empty());
    let mut renamed = manifest.clone();
    renamed["metadata"]["name"] = json!("other");
    renamed["metadata"]["namespace"] = json!("other");
    assert!(diff(&manifest, &renamed).is_empty());
}
