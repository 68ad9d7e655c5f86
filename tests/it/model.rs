//! Derived relations, undo/redo of every command kind, design file round trips.

use std::path::Path;

use kubedraft::design_file;
use kubedraft::document::history::Gesture;
use kubedraft::document::{Command, Document, History, Point, Rect};
use kubedraft::io;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::model::{Namespace, Object, ObjectId, Relation};

const DESIGN: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: web, image: "nginx:1.27"}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: typo, namespace: shop}
spec: {selector: {app: wbe}, ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
          - {path: /old, pathType: Prefix, backend: {service: {name: missing, port: {number: 80}}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "postgres:17"}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchExpressions: [{key: tier, operator: In, values: [front]}]}
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: other}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.27"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tools, namespace: ops}
spec:
  selector: {matchLabels: {app: tools}}
  template:
    metadata: {labels: {app: tools}}
    spec: {containers: [{name: tools, image: "busybox:1.36"}]}
"#;

fn design() -> Document {
    let imported = parse_manifests(DESIGN, "design.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}

fn id_of(doc: &Document, kind: &str, namespace: &str, name: &str) -> ObjectId {
    doc.model
        .find(kind, Some(namespace), name)
        .unwrap_or_else(|| panic!("{kind}/{namespace}/{name}"))
}

#[test]
fn relations_are_derived_from_selectors_and_names() {
    let doc = design();
    let web = id_of(&doc, "Deployment", "shop", "web");
    let service = id_of(&doc, "Service", "shop", "web");
    let typo = id_of(&doc, "Service", "shop", "typo");
    let ingress = id_of(&doc, "Ingress", "shop", "web");
    let db = id_of(&doc, "StatefulSet", "shop", "db");
    let db_service = id_of(&doc, "Service", "shop", "db");
    let policy = id_of(&doc, "NetworkPolicy", "shop", "db");
    let other_web = id_of(&doc, "Deployment", "other", "web");
    let tools = id_of(&doc, "Deployment", "ops", "tools");

    // The Service selects only the workload in its own namespace.
    assert_eq!(
        doc.model.relations_from(service),
        vec![(web, Relation::ServiceSelects)]
    );
    assert!(
        !doc.model
            .relations_to(other_web)
            .iter()
            .any(|(from, _)| *from == service)
    );
    // A selector with a typo selects nothing.
    assert!(doc.model.relations_from(typo).is_empty());
    // The Ingress routes to the existing Service by port name; the missing backend draws nothing.
    assert_eq!(
        doc.model.relations_from(ingress),
        vec![(
            service,
            Relation::IngressRoutes {
                port: "http".to_owned()
            }
        )]
    );
    assert!(
        doc.model
            .relations_from(db)
            .contains(&(db_service, Relation::GoverningService))
    );
    // The policy applies to the database and admits the front tier (matchExpressions) and the ops
    // namespace (implicit kubernetes.io/metadata.name label), each peer by its rule index.
    let policy_relations = doc.model.relations_from(policy);
    assert!(policy_relations.contains(&(db, Relation::PolicyApplies)));
    assert!(policy_relations.contains(&(web, Relation::PolicyAllowsFrom { rule: 0 })));
    assert!(policy_relations.contains(&(tools, Relation::PolicyAllowsFrom { rule: 0 })));
    assert!(!policy_relations.iter().any(|(to, _)| *to == other_web));
}

#[test]
fn relations_follow_edits() {
    let mut doc = design();
    let typo = id_of(&doc, "Service", "shop", "typo");
    let web = id_of(&doc, "Deployment", "shop", "web");
    let mut fixed = doc.model.get(typo).cloned().expect("service");
    let kubedraft::model::Resource::Service(service) = fixed.resource_mut() else {
        panic!("not a Service")
    };
    service.spec.as_mut().expect("spec").selector =
        Some([("app".to_owned(), "web".to_owned())].into());
    let mut history = History::new();
    history
        .execute(
            &mut doc,
            Command::ReplaceObject {
                id: typo,
                object: fixed,
            },
            None,
        )
        .expect("edit");
    assert_eq!(
        doc.model.relations_from(typo),
        vec![(web, Relation::ServiceSelects)]
    );
    history.undo(&mut doc).expect("undo");
    assert!(doc.model.relations_from(typo).is_empty());
}

/// Applies a command, checks undo restores the state before and redo the state after.
fn check_undo_redo(doc: &mut Document, command: &Command) {
    let before = doc.clone();
    let mut history = History::new();
    history
        .execute(doc, command.clone(), None)
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let after = doc.clone();
    assert_ne!(before, after, "{command:?} changed nothing");
    assert!(history.is_dirty());
    assert!(history.undo(doc).expect("undo").is_some());
    assert_eq!(*doc, before, "undo of {command:?}");
    assert!(!history.is_dirty());
    assert!(history.redo(doc).expect("redo").is_some());
    assert_eq!(*doc, after, "redo of {command:?}");
}

#[test]
fn every_command_kind_undoes_and_redoes() {
    let mut doc = design();
    let web = id_of(&doc, "Deployment", "shop", "web");
    let service = id_of(&doc, "Service", "shop", "web");
    let typo = id_of(&doc, "Service", "shop", "typo");
    let template = doc.model.get(web).cloned().expect("web");
    let new_id = doc.model.allocate_id();
    let mut renamed = template.clone();
    renamed.metadata_mut().name = Some("web-copy".to_owned());
    let mut edited = template.clone();
    edited.metadata_mut().labels = Some([("team".to_owned(), "shop".to_owned())].into());
    let frame = Rect {
        min: Point::new(-10.0, -10.0),
        max: Point::new(900.0, 500.0),
    };
    let labelled = Namespace {
        labels: [("team".to_owned(), "ops".to_owned())].into(),
        ..Namespace::default()
    };
    let commands = vec![
        Command::AddObject {
            id: new_id,
            object: renamed,
            position: Point::new(5.0, 5.0),
        },
        Command::RemoveObject { id: service },
        Command::ReplaceObject {
            id: web,
            object: edited,
        },
        Command::MoveObjects {
            moves: vec![(web, Point::new(400.0, 300.0))],
        },
        Command::AddNamespace {
            name: "empty".to_owned(),
            namespace: Namespace::default(),
            frame: Some(frame),
        },
        Command::ReplaceNamespace {
            name: "ops".to_owned(),
            namespace: labelled,
        },
        Command::SetFrame {
            name: "shop".to_owned(),
            frame: Some(frame),
        },
        Command::SetComplete(true),
        Command::Batch(vec![
            Command::MoveObjects {
                moves: vec![(web, Point::new(1.0, 2.0))],
            },
            Command::RemoveObject { id: typo },
        ]),
    ];
    for command in commands {
        check_undo_redo(&mut doc, &command);
    }
    // RemoveNamespace needs an empty namespace.
    History::new()
        .execute(
            &mut doc,
            Command::AddNamespace {
                name: "spare".to_owned(),
                namespace: Namespace::default(),
                frame: None,
            },
            None,
        )
        .expect("add");
    check_undo_redo(
        &mut doc,
        &Command::RemoveNamespace {
            name: "spare".to_owned(),
        },
    );
}

#[test]
fn refused_commands_change_nothing() {
    let mut doc = design();
    let web = id_of(&doc, "Deployment", "shop", "web");
    let before = doc.clone();
    let mut history = History::new();
    let missing = ObjectId(999_999);
    assert!(
        history
            .execute(&mut doc, Command::RemoveObject { id: missing }, None)
            .is_err()
    );
    assert!(
        history
            .execute(
                &mut doc,
                Command::RemoveNamespace {
                    name: "shop".to_owned()
                },
                None
            )
            .is_err()
    );
    // A batch is all or nothing.
    let batch = Command::Batch(vec![
        Command::MoveObjects {
            moves: vec![(web, Point::new(7.0, 7.0))],
        },
        Command::RemoveObject { id: missing },
    ]);
    assert!(history.execute(&mut doc, batch, None).is_err());
    assert_eq!(doc, before);
    assert!(history.undo_label().is_none());
}

#[test]
fn a_drag_is_one_undo_step() {
    let mut doc = design();
    let web = id_of(&doc, "Deployment", "shop", "web");
    let start = doc.position(web);
    let mut history = History::new();
    for step in 1..=5u8 {
        let to = Point::new(start.x + f32::from(step) * 10.0, start.y);
        history
            .execute(
                &mut doc,
                Command::MoveObjects {
                    moves: vec![(web, to)],
                },
                Some(Gesture(1)),
            )
            .expect("move");
    }
    history.end_gesture();
    assert_eq!(doc.position(web), Point::new(start.x + 50.0, start.y));
    history.undo(&mut doc).expect("undo");
    assert_eq!(doc.position(web), start);
    assert!(
        history.undo_label().is_none(),
        "the drag left more than one step"
    );
    history.redo(&mut doc).expect("redo");
    assert_eq!(doc.position(web), Point::new(start.x + 50.0, start.y));
}

fn examples() -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))
            .expect("examples folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| io::is_design_path(p))
            .collect();
    paths.sort();
    assert!(paths.len() >= 3, "at least three example designs");
    paths
}

#[test]
fn example_designs_round_trip_through_files() {
    let folder = std::env::temp_dir().join(format!("kubedraft-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("temp dir");
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("read");
        let doc = io::read_design(&path).expect("example loads");
        assert!(
            doc.complete,
            "{} should be a complete design",
            path.display()
        );
        assert!(doc.model.len() >= 4, "{} is too small", path.display());
        // Saving is deterministic: the example files are exactly what the app writes.
        assert_eq!(
            design_file::to_ron(&doc).expect("ron"),
            text,
            "{} is not in saved form",
            path.display()
        );
        let copy = folder.join(path.file_name().expect("name"));
        io::save_design(&copy, &doc).expect("save");
        assert_eq!(io::read_design(&copy).expect("reload"), doc);
    }
    std::fs::remove_dir_all(&folder).expect("clean up");
}

#[test]
fn broken_design_files_name_line_and_column_and_change_nothing() {
    let folder = std::env::temp_dir().join(format!("kubedraft-broken-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("temp dir");
    let path = folder.join("broken.ron");
    let text = "(\n  format_version: 1,\n  objects: [\n    (position: (0.0, 0.0) manifest: {}),\n  ],\n)\n";
    std::fs::write(&path, text).expect("write");
    let error = io::read_design(&path).expect_err("broken").to_string();
    assert!(
        error.starts_with(&format!("{}:4:", path.display())),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);

    let newer = "(format_version: 99)";
    assert!(
        design_file::from_ron(newer)
            .expect_err("too new")
            .to_string()
            .contains("newer")
    );
    let bad_object = "(format_version: 1, objects: [(position: (0.0, 0.0), manifest: {\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"x\"}, \"spec\": {\"replicas\": \"three\"}})])";
    let error = design_file::from_ron(bad_object)
        .expect_err("bad field")
        .to_string();
    assert!(
        error.contains("Deployment/x") && error.contains("spec.replicas"),
        "{error}"
    );

    // A save that cannot happen leaves no temporary file behind.
    let doc = design();
    let unwritable = folder.join("missing-dir").join("design.ron");
    assert!(
        io::save_design(&unwritable, &doc)
            .expect_err("no folder")
            .to_string()
            .contains("missing-dir")
    );
    let leftovers: Vec<_> = std::fs::read_dir(&folder)
        .expect("list")
        .flatten()
        .collect();
    assert_eq!(leftovers.len(), 1, "only broken.ron should be there");
    std::fs::remove_dir_all(&folder).expect("clean up");
}

#[test]
fn unknown_fields_survive_a_design_round_trip() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ns1}\nspec:\n  ports: [{port: 80, futurePortField: x}]\n  futureSpecField: {a: 1}\n";
    let imported = parse_manifests(yaml, "s.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let doc = into_document(imported);
    let (_, object): (ObjectId, &Object) = doc.model.objects().next().expect("object");
    assert!(object.has_unknown_fields());
    let reloaded = design_file::from_ron(&design_file::to_ron(&doc).expect("ron")).expect("load");
    let (_, again) = reloaded.model.objects().next().expect("object");
    assert_eq!(again.to_value(), object.to_value());
    assert_eq!(again.to_value()["spec"]["futureSpecField"]["a"], 1);
    assert_eq!(again.to_value()["spec"]["ports"][0]["futurePortField"], "x");
}

/// A declared `kube-system` Namespace with fields the model does not edit.
const KUBE_SYSTEM: &str = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system\n  labels: {kubernetes.io/metadata.name: kube-system, tier: system}\n  annotations: {owner: platform}\nspec:\n  finalizers: [kubernetes]\n";

fn kube_system() -> Document {
    let imported = parse_manifests(KUBE_SYSTEM, "kube-system.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}

#[test]
fn a_declared_system_namespace_survives_a_design_round_trip() {
    let doc = kube_system();
    let namespace = &doc.model.namespaces()["kube-system"];
    assert!(namespace.from_manifest);
    assert_eq!(namespace.extra["spec"]["finalizers"][0], "kubernetes");
    let text = design_file::to_ron(&doc).expect("ron");
    assert!(text.contains("from_manifest: true"), "{text}");
    let reloaded = design_file::from_ron(&text).expect("load");
    assert_eq!(reloaded, doc);
    assert_eq!(design_file::to_ron(&reloaded).expect("ron"), text);
    // And the export of the reloaded design still writes the Namespace as it was read.
    let yaml = kubedraft::manifest::export::to_yaml(&reloaded.model).expect("export");
    assert_eq!(
        parse_manifests(&yaml, "export.yaml").namespaces,
        parse_manifests(KUBE_SYSTEM, "kube-system.yaml").namespaces,
        "{yaml}"
    );
    assert!(yaml.contains("finalizers:\n  - kubernetes"), "{yaml}");
}

#[test]
fn design_files_without_the_new_namespace_fields_still_load() {
    let text = "(format_version: 1, namespaces: [(name: \"kube-system\", labels: {\"a\": \"b\"})])";
    let doc = design_file::from_ron(text).expect("load");
    let namespace = &doc.model.namespaces()["kube-system"];
    assert!(!namespace.from_manifest);
    assert!(namespace.extra.is_empty());
    assert_eq!(namespace.labels["a"], "b");
    // Nothing new is written for such a namespace.
    let saved = design_file::to_ron(&doc).expect("ron");
    assert!(
        !saved.contains("from_manifest") && !saved.contains("extra"),
        "{saved}"
    );
}

#[test]
fn undoing_a_namespace_removal_restores_its_unknown_fields() {
    let mut doc = kube_system();
    let before = doc.model.namespaces()["kube-system"].clone();
    let mut history = History::new();
    history
        .execute(
            &mut doc,
            Command::RemoveNamespace {
                name: "kube-system".to_owned(),
            },
            None,
        )
        .expect("remove");
    assert!(!doc.model.namespaces().contains_key("kube-system"));
    history.undo(&mut doc).expect("undo");
    assert_eq!(doc.model.namespaces()["kube-system"], before);
    assert!(before.from_manifest && !before.extra.is_empty());
    history.redo(&mut doc).expect("redo");
    assert!(!doc.model.namespaces().contains_key("kube-system"));
    // Editing the labels keeps the fields the model does not edit.
    history.undo(&mut doc).expect("undo");
    let mut relabelled = before.clone();
    relabelled.labels.clear();
    check_undo_redo(
        &mut doc,
        &Command::ReplaceNamespace {
            name: "kube-system".to_owned(),
            namespace: relabelled,
        },
    );
}

#[test]
fn importing_a_namespace_manifest_into_a_design_keeps_its_fields() {
    // The design uses kube-system without declaring it by a manifest.
    let mut doc = into_document(parse_manifests(
        "apiVersion: v1\nkind: Service\nmetadata: {name: dns, namespace: kube-system}\n",
        "dns.yaml",
    ));
    assert!(!doc.model.namespaces()["kube-system"].from_manifest);
    let merge = kubedraft::manifest::merge::merge_command(
        &mut doc,
        parse_manifests(KUBE_SYSTEM, "kube-system.yaml"),
    );
    check_undo_redo(&mut doc, &merge.command);
    let namespace = &doc.model.namespaces()["kube-system"];
    assert!(namespace.from_manifest);
    assert_eq!(namespace.extra["spec"]["finalizers"][0], "kubernetes");
    assert_eq!(namespace.labels["tier"], "system");
}
