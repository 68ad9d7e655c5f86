//! The deployed baseline K8S-API-010 compares with: recorded on import and export, kept in the
//! design file, honoured by `kubedraft check`, and the "Restore the deployed value" fix.

use crate::support::cli;

use kubedraft::design_file::{from_ron, to_ron};
use kubedraft::document::deployed::DeployedKey;
use kubedraft::document::{Command, Document, History, Origin};
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::manifest::merge::merge_command;
use kubedraft::model::{Object, ObjectId, Resource};
use kubedraft::rules::{self, Diagnostic};

/// Manifests with a StatefulSet and a Deployment, read as `postgres.yaml`.
const POSTGRES: &str = include_str!("../fixtures/deployed.yaml");

fn imported() -> Document {
    let imported = parse_manifests(POSTGRES, "postgres.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}

fn find(doc: &Document, kind: &str, name: &str) -> (ObjectId, Object) {
    let id = doc
        .model
        .objects()
        .find(|(_, o)| o.kind_name() == kind && o.name() == name)
        .map(|(id, _)| id)
        .unwrap();
    (id, doc.model.get(id).unwrap().clone())
}

/// Edits the StatefulSet through a command, as the inspector does.
fn edit_statefulset(doc: &mut Document, change: impl FnOnce(&mut Object)) -> Command {
    let (id, mut object) = find(doc, "StatefulSet", "postgres");
    change(&mut object);
    Command::ReplaceObject { id, object }.apply(doc).unwrap()
}

fn set_service_name(object: &mut Object, name: &str) {
    let Resource::StatefulSet(s) = object.resource_mut() else {
        panic!("not a StatefulSet")
    };
    s.spec.as_mut().unwrap().service_name = Some(name.to_owned());
}

fn api_010(doc: &Document) -> Vec<Diagnostic> {
    rules::check_document(doc)
        .into_iter()
        .filter(|d| d.rule == "K8S-API-010")
        .collect()
}

#[test]
fn import_records_the_immutable_fields_and_an_unchanged_design_is_quiet() {
    let doc = imported();
    assert_eq!(doc.deployed.len(), 2, "both workloads");
    let (_, postgres) = find(&doc, "StatefulSet", "postgres");
    let state = doc.deployed.get(&postgres).unwrap();
    assert_eq!(
        state.origin,
        Origin::Imported {
            file: "postgres.yaml".to_owned()
        }
    );
    assert_eq!(state.field("spec.serviceName"), "postgres");
    // Absent podManagementPolicy is recorded as the API server's default.
    assert_eq!(state.field("spec.podManagementPolicy"), "OrderedReady");
    assert_eq!(
        state.field("spec.selector")["matchLabels"]["app"],
        "postgres"
    );
    assert!(api_010(&doc).is_empty());
    // The plain check has no baseline: nothing to compare with.
    assert!(
        rules::check(&doc.model, doc.complete)
            .iter()
            .all(|d| d.rule != "K8S-API-010")
    );
}

#[test]
fn an_edited_service_name_warns_naming_the_import() {
    let mut doc = imported();
    edit_statefulset(&mut doc, |o| set_service_name(o, "db"));
    let found = api_010(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].field, "spec.serviceName");
    assert_eq!(
        found[0].message,
        "spec.serviceName changed from \"postgres\" to \"db\" since it was imported from \
         postgres.yaml (taken as what runs in the cluster): StatefulSet serviceName is immutable, \
         so kubectl apply fails; delete and recreate the StatefulSet (kubectl delete \
         --cascade=orphan keeps its pods)"
    );
    // The plain check does not know the baseline; the document check does.
    assert!(
        rules::check(&doc.model, true)
            .iter()
            .all(|d| d.rule != "K8S-API-010")
    );
}

#[test]
fn a_renamed_or_moved_object_is_a_new_object_in_the_cluster() {
    for rename in [true, false] {
        let mut doc = imported();
        edit_statefulset(&mut doc, |o| {
            set_service_name(o, "db");
            if rename {
                o.metadata_mut().name = Some("postgres-v2".to_owned());
            } else {
                o.metadata_mut().namespace = Some("data-v2".to_owned());
            }
        });
        assert!(api_010(&doc).is_empty(), "rename {rename}");
        // Back under the deployed identity, the change counts again.
        edit_statefulset_back(&mut doc, rename);
        assert_eq!(api_010(&doc).len(), 1, "rename {rename}");
    }
}

fn edit_statefulset_back(doc: &mut Document, rename: bool) {
    let (id, mut object) = doc
        .model
        .objects()
        .find(|(_, o)| o.kind_name() == "StatefulSet")
        .map(|(id, o)| (id, o.clone()))
        .unwrap();
    if rename {
        object.metadata_mut().name = Some("postgres".to_owned());
    } else {
        object.metadata_mut().namespace = Some("data".to_owned());
    }
    Command::ReplaceObject { id, object }.apply(doc).unwrap();
}

#[test]
fn the_fix_restores_every_field_and_undo_reverts_it() {
    let mut doc = imported();
    let deployed = doc.model.clone();
    edit_statefulset(&mut doc, |o| {
        let Resource::StatefulSet(s) = o.resource_mut() else {
            panic!()
        };
        let spec = s.spec.as_mut().unwrap();
        spec.service_name = Some("db".to_owned());
        spec.pod_management_policy = Some("Parallel".to_owned());
        spec.volume_claim_templates = None;
        spec.selector.match_labels = Some([("app".to_owned(), "pg".to_owned())].into());
        spec.replicas = Some(5);
    });
    let (id, _) = find(&doc, "Deployment", "web");
    let (_, mut web) = find(&doc, "Deployment", "web");
    let Resource::Deployment(d) = web.resource_mut() else {
        panic!()
    };
    d.spec.as_mut().unwrap().selector.match_labels =
        Some([("app".to_owned(), "web2".to_owned())].into());
    Command::ReplaceObject { id, object: web }
        .apply(&mut doc)
        .unwrap();
    let found = api_010(&doc);
    let fields: Vec<&str> = found.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "spec.selector",
            "spec.podManagementPolicy",
            "spec.selector",
            "spec.serviceName",
            "spec.volumeClaimTemplates"
        ]
    );
    let mut history = History::new();
    for diagnostic in &found {
        let fix = diagnostic.fix.as_ref().unwrap();
        assert_eq!(fix.label, "Restore the deployed value");
        let before = doc.clone();
        // The fix was computed on an older version: recompute it on the current one.
        let fresh = api_010(&doc)
            .into_iter()
            .find(|d| d.field == diagnostic.field && d.kind == diagnostic.kind)
            .unwrap();
        let command = fresh.fix.unwrap().command(&doc.model).unwrap();
        history.execute(&mut doc, command, None).unwrap();
        assert!(
            api_010(&doc)
                .iter()
                .all(|d| !(d.field == diagnostic.field && d.kind == diagnostic.kind)),
            "{} {} restored",
            diagnostic.kind,
            diagnostic.field
        );
        history.undo(&mut doc).unwrap();
        assert_eq!(doc.model, before.model, "undo reverts {}", diagnostic.field);
        history.redo(&mut doc).unwrap();
    }
    assert!(api_010(&doc).is_empty());
    // Restored, except what may change: the replicas stay at 5.
    let (_, postgres) = find(&doc, "StatefulSet", "postgres");
    let (_, original) = {
        let mut d = Document::new();
        d.model = deployed;
        find(&d, "StatefulSet", "postgres")
    };
    assert_eq!(postgres.replicas(), Some(5));
    let spec = |o: &Object| match o.resource() {
        Resource::StatefulSet(s) => s.spec.clone().unwrap(),
        _ => panic!(),
    };
    let (now, then) = (spec(&postgres), spec(&original));
    assert_eq!(now.service_name, then.service_name);
    assert_eq!(now.selector, then.selector);
    assert_eq!(now.volume_claim_templates, then.volume_claim_templates);
    assert_eq!(now.pod_management_policy.as_deref(), Some("OrderedReady"));
}

#[test]
fn an_export_records_the_design_and_its_date() {
    let mut doc = imported();
    edit_statefulset(&mut doc, |o| set_service_name(o, "db"));
    assert_eq!(api_010(&doc).len(), 1);
    let exported = Origin::Exported {
        date: "2026-11-23".to_owned(),
    };
    let mut baseline = doc.deployed.clone();
    baseline.record_model(&doc.model, &exported);
    doc.deployed = baseline;
    assert!(api_010(&doc).is_empty(), "the exported version is deployed");
    edit_statefulset(&mut doc, |o| set_service_name(o, "database"));
    let found = api_010(&doc);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .starts_with("spec.serviceName changed from \"db\" to \"database\" since it was exported on 2026-11-23: "),
        "{}",
        found[0].message
    );
}

#[test]
fn the_design_file_keeps_the_baseline_sorted_and_old_files_still_load() {
    let mut doc = imported();
    edit_statefulset(&mut doc, |o| set_service_name(o, "db"));
    let text = to_ron(&doc).unwrap();
    assert!(text.contains("deployed: ["), "{text}");
    let read = from_ron(&text).unwrap();
    assert_eq!(read.deployed, doc.deployed);
    assert_eq!(to_ron(&read).unwrap(), text, "saving is deterministic");
    let (_, postgres) = find(&read, "StatefulSet", "postgres");
    assert_eq!(
        read.deployed
            .get(&postgres)
            .unwrap()
            .field("spec.serviceName"),
        "postgres"
    );
    assert_eq!(api_010(&read).len(), 1, "the warning survives saving");
    // Entries are written by kind, namespace and name.
    let section = &text[text.find("deployed: [").unwrap()..];
    let deployment = section.find("kind: \"Deployment\"").unwrap();
    let statefulset = section.find("kind: \"StatefulSet\"").unwrap();
    assert!(deployment < statefulset, "{section}");
    assert!(section.contains("origin: Imported(\n        file: \"postgres.yaml\",\n      ),"));
    // A file without the section (written before it existed) loads with an empty baseline.
    let old = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/postgres.ron"),
    )
    .unwrap();
    assert!(!old.contains("deployed:"));
    assert!(from_ron(&old).unwrap().deployed.is_empty());
}

#[test]
fn importing_into_an_open_design_records_what_it_imported() {
    let mut doc = Document::new();
    let merge = merge_command(&mut doc, parse_manifests(POSTGRES, "postgres.yaml"));
    let key = DeployedKey {
        kind: "StatefulSet".to_owned(),
        namespace: Some("data".to_owned()),
        name: "postgres".to_owned(),
    };
    assert!(merge.deployed.iter().any(|(k, _)| *k == key));
    assert_eq!(merge.deployed.len(), 2);
}

#[test]
fn kubedraft_check_honours_a_saved_baseline_and_not_plain_manifests() {
    let folder = std::env::temp_dir().join(format!("kubedraft-deployed-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let manifests = folder.join("postgres.yaml");
    std::fs::write(&manifests, POSTGRES).unwrap();
    let output = cli::kubedraft(&["check", manifests.to_str().unwrap()]);
    assert!(!cli::stdout(&output).contains("K8S-API-010"));
    let mut doc = imported();
    edit_statefulset(&mut doc, |o| set_service_name(o, "db"));
    let design = folder.join("postgres.ron");
    std::fs::write(&design, to_ron(&doc).unwrap()).unwrap();
    let output = cli::kubedraft(&["check", design.to_str().unwrap()]);
    let text = cli::stdout(&output);
    assert!(
        text.contains(
            "warning[K8S-API-010] StatefulSet/data/postgres spec.serviceName: spec.serviceName changed from \"postgres\" to \"db\" since it was imported from postgres.yaml"
        ),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&folder);
}
