//! Editing in the core: palette objects, connections, traffic intents (undo, removal, design files).

use kubedraft::design_file;
use kubedraft::document::connect::{Refusal, connect, make_headless};
use kubedraft::document::new_object::{self, PLACEHOLDER_IMAGE, unique_name};
use kubedraft::document::{Command, Document, History, Point, refactor};
use kubedraft::manifest::export;
use kubedraft::model::{Kind, ObjectId, Protocol, Relation, Resource, TrafficIntent};

fn add(doc: &mut Document, kind: Kind, namespace: &str) -> ObjectId {
    let name = unique_name(&doc.model, kind, namespace);
    let object = new_object::new_object(kind, namespace, &name)
        .expect("editable kind")
        .expect("template parses");
    let id = doc.model.allocate_id();
    Command::AddObject {
        id,
        object,
        position: Point::new(0.0, 0.0),
    }
    .apply(doc)
    .expect("add");
    id
}

#[test]
fn new_workloads_are_hardened_and_resourced() {
    for kind in [Kind::Deployment, Kind::StatefulSet] {
        let object = new_object::new_object(kind, "shop", "web")
            .unwrap()
            .unwrap();
        assert_eq!(object.kind(), kind);
        assert_eq!(object.effective_namespace(), Some("shop"));
        assert!(
            !object.has_unknown_fields(),
            "template uses fields the model does not know"
        );
        let spec = object.pod_spec().expect("pod spec");
        assert_eq!(
            spec.security_context.as_ref().unwrap().run_as_non_root,
            Some(true)
        );
        let container = spec.containers.first().expect("container");
        assert_eq!(container.image.as_deref(), Some(PLACEHOLDER_IMAGE));
        assert!(!PLACEHOLDER_IMAGE.ends_with(":latest") && PLACEHOLDER_IMAGE.contains(':'));
        let resources = container.resources.as_ref().unwrap();
        let requests = resources.requests.as_ref().unwrap();
        assert!(requests.contains_key("cpu") && requests.contains_key("memory"));
        assert!(resources.limits.as_ref().unwrap().contains_key("memory"));
        assert!(container.readiness_probe.is_some() && container.liveness_probe.is_some());
        let security = container.security_context.as_ref().unwrap();
        assert_eq!(security.run_as_non_root, Some(true));
        assert_eq!(security.read_only_root_filesystem, Some(true));
        assert_eq!(security.allow_privilege_escalation, Some(false));
        assert_eq!(
            security.capabilities.as_ref().unwrap().drop.as_deref(),
            Some(&["ALL".to_owned()][..])
        );
        assert_eq!(
            security.seccomp_profile.as_ref().unwrap().type_,
            "RuntimeDefault"
        );
        // The selector matches the template, so the workload owns its pods.
        let labels = object.pod_labels().unwrap();
        assert_eq!(
            labels.get(new_object::NAME_LABEL).map(String::as_str),
            Some("web")
        );
    }
    for kind in [Kind::Service, Kind::Ingress, Kind::NetworkPolicy] {
        let object = new_object::new_object(kind, "shop", "x").unwrap().unwrap();
        assert_eq!(object.kind(), kind);
        assert_eq!(object.namespace(), Some("shop"));
    }
    assert!(new_object::new_object(Kind::Pod, "shop", "x").is_none());
}

#[test]
fn unique_names_count_per_kind_and_namespace() {
    let mut doc = Document::new();
    let first = add(&mut doc, Kind::Deployment, "shop");
    let second = add(&mut doc, Kind::Deployment, "shop");
    let other_namespace = add(&mut doc, Kind::Deployment, "web");
    let service = add(&mut doc, Kind::Service, "shop");
    let name = |id| doc.model.get(id).unwrap().name().to_owned();
    assert_eq!(name(first), "deployment-1");
    assert_eq!(name(second), "deployment-2");
    assert_eq!(name(other_namespace), "deployment-1");
    assert_eq!(name(service), "service-1");
}

#[test]
fn service_to_workload_sets_the_selector() {
    let mut doc = Document::new();
    let deployment = add(&mut doc, Kind::Deployment, "shop");
    let service = add(&mut doc, Kind::Service, "shop");
    assert!(doc.model.relations_from(service).is_empty());
    let connection = connect(&doc, service, deployment).expect("allowed");
    connection.command.apply(&mut doc).unwrap();
    let Resource::Service(svc) = doc.model.get(service).unwrap().resource() else {
        panic!("not a service")
    };
    let selector = svc.spec.as_ref().unwrap().selector.clone().unwrap();
    assert_eq!(
        selector.get(new_object::NAME_LABEL).map(String::as_str),
        Some("deployment-1")
    );
    assert_eq!(
        doc.model.relations_from(service),
        vec![(deployment, Relation::ServiceSelects)]
    );
    // Connecting again changes nothing and says why.
    let again = connect(&doc, service, deployment).unwrap_err();
    assert!(again.to_string().contains("already selects"), "{again}");
}

#[test]
fn ingress_to_service_adds_a_backend_on_the_first_port() {
    let mut doc = Document::new();
    let service = add(&mut doc, Kind::Service, "shop");
    let ingress = add(&mut doc, Kind::Ingress, "shop");
    connect(&doc, ingress, service)
        .unwrap()
        .command
        .apply(&mut doc)
        .unwrap();
    let relations = doc.model.relations_from(ingress);
    assert_eq!(relations.len(), 1);
    assert_eq!(relations[0].0, service);
    assert!(matches!(relations[0].1, Relation::IngressRoutes { .. }));
    let Resource::Ingress(ing) = doc.model.get(ingress).unwrap().resource() else {
        panic!()
    };
    let path = &ing.spec.as_ref().unwrap().rules.as_ref().unwrap()[0]
        .http
        .as_ref()
        .unwrap()
        .paths[0];
    assert_eq!(path.path.as_deref(), Some("/"));
    let port = path
        .backend
        .service
        .as_ref()
        .unwrap()
        .port
        .as_ref()
        .unwrap();
    assert_eq!(port.name.as_deref(), Some("http"));
}

#[test]
fn stateful_set_to_service_names_it_and_offers_headless() {
    let mut doc = Document::new();
    let sts = add(&mut doc, Kind::StatefulSet, "db");
    let service = add(&mut doc, Kind::Service, "db");
    let connection = connect(&doc, sts, service).unwrap();
    assert_eq!(connection.offer_headless, Some(service));
    connection.command.apply(&mut doc).unwrap();
    assert_eq!(
        doc.model.relations_from(sts),
        vec![(service, Relation::GoverningService)]
    );
    make_headless(&doc, service)
        .unwrap()
        .apply(&mut doc)
        .unwrap();
    let Resource::Service(svc) = doc.model.get(service).unwrap().resource() else {
        panic!()
    };
    assert_eq!(
        svc.spec.as_ref().unwrap().cluster_ip.as_deref(),
        Some("None")
    );
}

#[test]
fn nonsense_connections_are_refused_with_a_reason() {
    let mut doc = Document::new();
    let deployment = add(&mut doc, Kind::Deployment, "shop");
    let service = add(&mut doc, Kind::Service, "shop");
    let ingress = add(&mut doc, Kind::Ingress, "shop");
    let elsewhere = add(&mut doc, Kind::Deployment, "web");
    assert_eq!(
        connect(&doc, deployment, deployment),
        Err(Refusal::SameObject)
    );
    let reason = connect(&doc, ingress, deployment).unwrap_err().to_string();
    assert!(reason.contains("routes to Services"), "{reason}");
    let reason = connect(&doc, service, elsewhere).unwrap_err().to_string();
    assert!(reason.contains("different namespaces"), "{reason}");
    let reason = connect(&doc, service, ingress).unwrap_err().to_string();
    assert!(reason.contains("selects pods"), "{reason}");
}

#[test]
fn traffic_intents_undo_and_follow_their_objects() {
    let mut doc = Document::new();
    let mut history = History::new();
    let web = add(&mut doc, Kind::Deployment, "shop");
    let db = add(&mut doc, Kind::StatefulSet, "shop");
    let connection = connect(&doc, web, db).unwrap();
    let expected = TrafficIntent {
        from: web,
        to: db,
        port: 8080,
        protocol: Protocol::Tcp,
    };
    assert_eq!(connection.command, Command::AddIntent(expected));
    history.execute(&mut doc, connection.command, None).unwrap();
    assert!(doc.intents.contains(&expected));
    // Drawing it twice is refused.
    assert!(connect(&doc, web, db).is_err());
    assert!(
        Command::AddIntent(expected)
            .apply(&mut doc.clone())
            .is_err()
    );
    history.undo(&mut doc).unwrap();
    assert!(doc.intents.is_empty());
    history.redo(&mut doc).unwrap();
    assert!(doc.intents.contains(&expected));

    // Deleting an end removes the intent; undo restores both.
    let before = doc.clone();
    history
        .execute(&mut doc, Command::RemoveObject { id: db }, None)
        .unwrap();
    assert!(doc.intents.is_empty());
    history.undo(&mut doc).unwrap();
    assert_eq!(doc, before);
    // An intent to a missing object is refused.
    let dangling = TrafficIntent {
        to: ObjectId(999),
        ..expected
    };
    assert!(Command::AddIntent(dangling).apply(&mut doc).is_err());
}

#[test]
fn intents_are_saved_in_design_files_by_name() {
    let mut doc = Document::new();
    let web = add(&mut doc, Kind::Deployment, "shop");
    let db = add(&mut doc, Kind::StatefulSet, "data");
    Command::AddIntent(TrafficIntent {
        from: web,
        to: db,
        port: 5432,
        protocol: Protocol::Tcp,
    })
    .apply(&mut doc)
    .unwrap();
    let text = design_file::to_ron(&doc).unwrap();
    assert!(text.contains("intents"), "{text}");
    assert!(text.contains("\"deployment-1\"") && text.contains("5432"));
    let read = design_file::from_ron(&text).unwrap();
    assert_eq!(read.intents.len(), 1);
    let intent = read.intents.iter().next().unwrap();
    assert_eq!(read.model.get(intent.from).unwrap().name(), "deployment-1");
    assert_eq!(
        read.model.get(intent.to).unwrap().display_id(),
        "StatefulSet/data/statefulset-1"
    );
    assert_eq!(intent.port, 5432);
    assert_eq!(design_file::to_ron(&read).unwrap(), text);
    // Files without intents (older writers) still read, and write no intents field.
    let plain = Document::new();
    let plain_text = design_file::to_ron(&plain).unwrap();
    assert!(!plain_text.contains("intents"));
    // An intent naming a missing object is reported with its number and the object.
    let (objects, intents) = text.split_at(text.find("intents:").unwrap());
    let broken = format!(
        "{objects}{}",
        intents.replace("\"statefulset-1\"", "\"gone\"")
    );
    let error = design_file::from_ron(&broken).unwrap_err().to_string();
    assert!(
        error.contains("intent 1") && error.contains("StatefulSet/data/gone"),
        "{error}"
    );
}

#[test]
fn a_design_built_from_the_palette_exports_valid_looking_yaml() {
    let mut doc = Document::new();
    for kind in Kind::EDITABLE {
        add(&mut doc, kind, "shop");
    }
    let yaml = export::to_yaml(&doc.model).unwrap();
    for needle in [
        "kind: Deployment",
        "kind: StatefulSet",
        "kind: Service",
        "kind: Ingress",
        "kind: NetworkPolicy",
        "readOnlyRootFilesystem: true",
        "RuntimeDefault",
    ] {
        assert!(yaml.contains(needle), "{needle} missing in\n{yaml}");
    }
}

#[test]
fn a_gesture_that_moves_then_changes_namespace_undoes_in_one_step() {
    use kubedraft::document::history::Gesture;
    let mut doc = Document::new();
    let mut history = History::new();
    let id = add(&mut doc, Kind::Service, "web");
    let before = doc.clone();
    let gesture = Some(Gesture(7));
    for x in [10.0, 20.0, 30.0] {
        history
            .execute(
                &mut doc,
                Command::MoveObjects {
                    moves: vec![(id, Point::new(x, 0.0))],
                },
                gesture,
            )
            .unwrap();
    }
    let mut moved = doc.model.get(id).unwrap().clone();
    moved.metadata_mut().namespace = Some("shop".to_owned());
    history
        .execute(
            &mut doc,
            Command::ReplaceObject { id, object: moved },
            gesture,
        )
        .unwrap();
    let after = doc.clone();
    assert_eq!(doc.model.get(id).unwrap().namespace(), Some("shop"));
    history.undo(&mut doc).unwrap();
    assert_eq!(doc, before);
    assert!(history.undo_label().is_none(), "more than one step");
    history.redo(&mut doc).unwrap();
    assert_eq!(doc, after);
}

#[test]
fn layout_packs_other_kinds_into_a_grid() {
    use std::fmt::Write as _;
    let mut yaml = String::from(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: \"nginx:1.27\"}]}}}\n",
    );
    for n in 0..10 {
        let _ = write!(
            yaml,
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: config-{n}, namespace: shop}}\ndata: {{a: b}}\n"
        );
    }
    let imported = kubedraft::manifest::import::parse_manifests(&yaml, "test.yaml");
    assert!(imported.errors.is_empty());
    let doc = kubedraft::manifest::import::into_document(imported);
    let mut config_columns: Vec<i64> = doc
        .model
        .objects()
        .filter(|(_, o)| o.kind_name() == "ConfigMap")
        .map(|(id, _)| {
            #[allow(clippy::cast_possible_truncation)]
            let x = doc.position(id).x.round() as i64;
            x
        })
        .collect();
    config_columns.sort_unstable();
    config_columns.dedup();
    // Ten ConfigMaps beside one Deployment: columns of at most four, not one tower of ten.
    assert_eq!(config_columns.len(), 3, "{config_columns:?}");
    let tallest = doc
        .model
        .objects()
        .filter(|(_, o)| o.kind_name() == "ConfigMap")
        .map(|(id, _)| doc.position(id).y)
        .fold(f32::MIN, f32::max);
    let deployment = doc.model.find("Deployment", Some("shop"), "web").unwrap();
    assert!(tallest - doc.position(deployment).y < 4.0 * 90.0);
}

fn service_name_in_ingress(doc: &Document, ingress: ObjectId) -> String {
    let Resource::Ingress(ing) = doc.model.get(ingress).unwrap().resource() else {
        panic!("not an ingress")
    };
    ing.spec.as_ref().unwrap().rules.as_ref().unwrap()[0]
        .http
        .as_ref()
        .unwrap()
        .paths[0]
        .backend
        .service
        .as_ref()
        .unwrap()
        .name
        .clone()
}

fn service_name_of_set(doc: &Document, set: ObjectId) -> Option<String> {
    let Resource::StatefulSet(sts) = doc.model.get(set).unwrap().resource() else {
        panic!("not a stateful set")
    };
    sts.spec.as_ref().unwrap().service_name.clone()
}

#[test]
fn renaming_a_service_renames_its_references_in_one_step() {
    let mut doc = Document::new();
    let mut history = History::new();
    let service = add(&mut doc, Kind::Service, "shop");
    let ingress = add(&mut doc, Kind::Ingress, "shop");
    let set = add(&mut doc, Kind::StatefulSet, "shop");
    // Same names in another namespace must not be touched.
    let other_set = add(&mut doc, Kind::StatefulSet, "web");
    for (from, to) in [(ingress, service), (set, service)] {
        connect(&doc, from, to)
            .unwrap()
            .command
            .apply(&mut doc)
            .unwrap();
    }
    let old = doc.model.get(service).unwrap().name().to_owned();
    assert_eq!(service_name_in_ingress(&doc, ingress), old);
    assert_eq!(
        service_name_of_set(&doc, set).as_deref(),
        Some(old.as_str())
    );
    let other_before = doc.model.get(other_set).unwrap().clone();
    let before = doc.clone();

    let command = refactor::rename_object(&doc, service, "storefront").unwrap();
    history.execute(&mut doc, command, None).unwrap();
    assert_eq!(doc.model.get(service).unwrap().name(), "storefront");
    assert_eq!(service_name_in_ingress(&doc, ingress), "storefront");
    assert_eq!(
        service_name_of_set(&doc, set).as_deref(),
        Some("storefront")
    );
    assert_eq!(doc.model.get(other_set).unwrap(), &other_before);
    // The relations still hold after the rename.
    assert!(
        doc.model
            .relations_from(ingress)
            .iter()
            .any(|(to, _)| *to == service)
    );
    assert_eq!(
        doc.model.relations_from(set),
        vec![(service, Relation::GoverningService)]
    );
    history.undo(&mut doc).unwrap();
    assert_eq!(doc, before);

    assert!(matches!(
        refactor::rename_object(&doc, service, "Bad_Name"),
        Err(refactor::RenameError::InvalidName { .. })
    ));
}

#[test]
fn renaming_a_namespace_moves_its_objects_and_undoes_in_one_step() {
    let mut doc = Document::new();
    let mut history = History::new();
    let web = add(&mut doc, Kind::Deployment, "shop");
    let db = add(&mut doc, Kind::StatefulSet, "shop");
    let outside = add(&mut doc, Kind::Deployment, "web");
    Command::AddNamespace {
        name: "shop".into(),
        namespace: kubedraft::model::Namespace::default(),
        frame: Some(kubedraft::document::Rect::from_min_size(
            Point::new(0.0, 0.0),
            500.0,
            300.0,
        )),
    }
    .apply(&mut doc)
    .unwrap();
    let before = doc.clone();
    assert!(matches!(
        refactor::rename_namespace(&doc, "shop", "web"),
        Err(refactor::RenameError::NamespaceExists(_))
    ));
    assert!(matches!(
        refactor::rename_namespace(&doc, "shop", "-shop"),
        Err(refactor::RenameError::InvalidName { .. })
    ));
    let command = refactor::rename_namespace(&doc, "shop", "store").unwrap();
    history.execute(&mut doc, command, None).unwrap();
    for id in [web, db] {
        assert_eq!(
            doc.model.get(id).unwrap().effective_namespace(),
            Some("store")
        );
    }
    assert_eq!(
        doc.model.get(outside).unwrap().effective_namespace(),
        Some("web")
    );
    assert!(doc.model.namespaces().contains_key("store"));
    assert!(!doc.model.namespaces().contains_key("shop"));
    assert_eq!(
        doc.layout.frames.get("store"),
        before.layout.frames.get("shop")
    );
    assert!(!doc.layout.frames.contains_key("shop"));
    history.undo(&mut doc).unwrap();
    assert_eq!(doc, before);
}

#[test]
fn deleting_a_namespace_removes_its_objects_and_undo_restores_them() {
    let mut doc = Document::new();
    let mut history = History::new();
    let web = add(&mut doc, Kind::Deployment, "shop");
    let db = add(&mut doc, Kind::StatefulSet, "shop");
    let outside = add(&mut doc, Kind::Deployment, "web");
    connect(&doc, web, db)
        .unwrap()
        .command
        .apply(&mut doc)
        .unwrap();
    let before = doc.clone();
    let command = refactor::delete_namespace(&doc, "shop");
    history.execute(&mut doc, command, None).unwrap();
    assert!(!doc.model.contains(web) && !doc.model.contains(db));
    assert!(doc.model.contains(outside));
    assert!(doc.intents.is_empty());
    assert!(!doc.model.all_namespace_names().contains(&"shop".to_owned()));
    history.undo(&mut doc).unwrap();
    assert_eq!(doc, before);
}

#[test]
fn duplicated_intents_point_at_the_copies() {
    let mut doc = Document::new();
    let web = add(&mut doc, Kind::Deployment, "shop");
    let db = add(&mut doc, Kind::StatefulSet, "shop");
    let cache = add(&mut doc, Kind::StatefulSet, "shop");
    for to in [db, cache] {
        connect(&doc, web, to)
            .unwrap()
            .command
            .apply(&mut doc)
            .unwrap();
    }
    // Duplicate web and db only: the intent web→db is copied, web→cache is not.
    let web_copy = ObjectId(100);
    let db_copy = ObjectId(101);
    let copies = std::collections::BTreeMap::from([(web, web_copy), (db, db_copy)]);
    let commands = refactor::duplicate_intents(&doc, &copies);
    assert_eq!(
        commands,
        vec![Command::AddIntent(TrafficIntent {
            from: web_copy,
            to: db_copy,
            port: 8080,
            protocol: Protocol::Tcp,
        })]
    );
}

/// The issue's promise: "a design built from the palette has no warnings by default". Every kind
/// is placed from the palette and connected the way the canvas connects them; the rule catalog then
/// finds nothing at warning level or above.
#[test]
fn a_connected_design_built_from_the_palette_has_no_warnings() {
    use kubedraft::rules::{Severity, check_document};
    // What the palette does: the object, then its companions (a workload's PodDisruptionBudget).
    let place = |doc: &mut Document, kind: Kind| {
        let id = add(doc, kind, "shop");
        let name = doc.model.get(id).unwrap().name().to_owned();
        for companion in new_object::companions(kind, "shop", &name) {
            let pdb_id = doc.model.allocate_id();
            Command::AddObject {
                id: pdb_id,
                object: companion.expect("companion parses"),
                position: Point::new(0.0, 100.0),
            }
            .apply(doc)
            .expect("add companion");
        }
        id
    };
    let mut doc = Document::new();
    let deployment = place(&mut doc, Kind::Deployment);
    let service = add(&mut doc, Kind::Service, "shop");
    let ingress = add(&mut doc, Kind::Ingress, "shop");
    let statefulset = place(&mut doc, Kind::StatefulSet);
    let headless = add(&mut doc, Kind::Service, "shop");
    let policy = add(&mut doc, Kind::NetworkPolicy, "shop");
    let database_policy = add(&mut doc, Kind::NetworkPolicy, "shop");
    let gateway = add(&mut doc, Kind::Gateway, "shop");
    let route = add(&mut doc, Kind::HttpRoute, "shop");
    for (from, to) in [
        (service, deployment),
        (ingress, service),
        (route, gateway),
        (route, service),
        (statefulset, headless),
        (headless, statefulset),
        (policy, deployment),
        (database_policy, statefulset),
    ] {
        let connection = connect(&doc, from, to).expect("a sensible connection");
        connection.command.apply(&mut doc).expect("applies");
        if let Some(offer) = connection.offer_headless {
            make_headless(&doc, offer)
                .expect("offered")
                .apply(&mut doc)
                .expect("headless");
        }
    }
    let loud: Vec<String> = check_document(&doc)
        .into_iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| {
            format!(
                "{} {} {}: {}",
                d.rule,
                d.object_display(),
                d.field,
                d.message
            )
        })
        .collect();
    assert!(
        loud.is_empty(),
        "palette design warns:\n{}",
        loud.join("\n")
    );
}

/// Gives the object `id` a second port: a `metrics` port 9090 on a Service, or a container port
/// 9090 named `metrics` on a workload.
fn add_metrics_port(doc: &mut Document, id: ObjectId) {
    let mut object = doc.model.get(id).unwrap().clone();
    match object.resource_mut() {
        Resource::Service(svc) => {
            svc.spec.as_mut().unwrap().ports.as_mut().unwrap().push(
                k8s_openapi::api::core::v1::ServicePort {
                    name: Some("metrics".to_owned()),
                    port: 9090,
                    ..Default::default()
                },
            );
        }
        Resource::Deployment(deployment) => {
            let spec = deployment
                .spec
                .as_mut()
                .unwrap()
                .template
                .spec
                .as_mut()
                .unwrap();
            spec.containers[0].ports.as_mut().unwrap().push(
                k8s_openapi::api::core::v1::ContainerPort {
                    name: Some("metrics".to_owned()),
                    container_port: 9090,
                    ..Default::default()
                },
            );
        }
        _ => panic!("a Service or Deployment"),
    }
    Command::ReplaceObject { id, object }.apply(doc).unwrap();
}

/// A target with several ports: the connection lists them, and `connect_on_port` uses the chosen
/// one (the Ingress backend names the Service port; the intent carries the container port).
#[test]
fn connections_to_a_target_with_several_ports_offer_the_choice() {
    use kubedraft::document::connect::connect_on_port;
    let mut doc = Document::new();
    let service = add(&mut doc, Kind::Service, "shop");
    let ingress = add(&mut doc, Kind::Ingress, "shop");
    let single = connect(&doc, ingress, service).unwrap();
    assert!(single.port_choices.is_empty(), "{:?}", single.port_choices);
    add_metrics_port(&mut doc, service);
    let offered = connect(&doc, ingress, service).unwrap();
    assert_eq!(offered.port_choices.len(), 2, "{:?}", offered.port_choices);
    assert!(offered.port_choices[1].starts_with("metrics (9090/"));
    connect_on_port(&doc, ingress, service, 1)
        .unwrap()
        .command
        .apply(&mut doc)
        .unwrap();
    assert_eq!(
        service_port_in_ingress(&doc, ingress).as_deref(),
        Some("metrics")
    );

    let client = add(&mut doc, Kind::Deployment, "shop");
    let server = add(&mut doc, Kind::Deployment, "shop");
    add_metrics_port(&mut doc, server);
    let offered = connect(&doc, client, server).unwrap();
    assert_eq!(
        offered.port_choices,
        vec![
            "http (8080/TCP)".to_owned(),
            "metrics (9090/TCP)".to_owned()
        ]
    );
    connect_on_port(&doc, client, server, 1)
        .unwrap()
        .command
        .apply(&mut doc)
        .unwrap();
    assert_eq!(
        doc.intents.iter().map(|i| i.port).collect::<Vec<_>>(),
        vec![9090]
    );
    // A choice past the last port is refused, not guessed.
    assert!(connect_on_port(&doc, client, server, 2).is_err());
}

fn service_port_in_ingress(doc: &Document, ingress: ObjectId) -> Option<String> {
    let Resource::Ingress(ing) = doc.model.get(ingress).unwrap().resource() else {
        panic!("not an ingress")
    };
    ing.spec.as_ref()?.rules.as_ref()?[0].http.as_ref()?.paths[0]
        .backend
        .service
        .as_ref()?
        .port
        .as_ref()?
        .name
        .clone()
}

/// Adds every object of a YAML text to the document, in order; returns their ids.
fn add_yaml(doc: &mut Document, yaml: &str) -> Vec<ObjectId> {
    let imported = kubedraft::manifest::import::parse_manifests(yaml, "test.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    imported
        .objects
        .into_iter()
        .map(|(object, _)| {
            let id = doc.model.allocate_id();
            Command::AddObject {
                id,
                object,
                position: Point::new(0.0, 0.0),
            }
            .apply(doc)
            .unwrap();
            id
        })
        .collect()
}

/// Objects that name namespace `data` from elsewhere (and things that only look alike).
const NAMED_ELSEWHERE: &str = r"
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: web}
spec:
  podSelector: {matchLabels: {app: api}}
  egress:
  - to:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: data}
    - namespaceSelector:
        matchExpressions:
        - {key: kubernetes.io/metadata.name, operator: In, values: [data, cache]}
        - {key: team, operator: In, values: [data]}
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: database}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: data}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - {key: kubernetes.io/metadata.name, operator: NotIn, values: [data]}
---
apiVersion: v1
kind: Service
metadata: {name: db-alias, namespace: web}
spec: {type: ExternalName, externalName: postgres.data.svc.cluster.local}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: web}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
- {kind: ServiceAccount, name: backup, namespace: data}
- {kind: ServiceAccount, name: api, namespace: web}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: web}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: api:1.0
        env:
        - {name: DATABASE_URL, value: 'postgres://db.data.svc:5432/app'}
        - {name: TEAM, value: data}
";

#[test]
fn renaming_a_namespace_rewrites_what_names_it_elsewhere() {
    let mut doc = Document::new();
    let mut history = History::new();
    let ids = add_yaml(&mut doc, NAMED_ELSEWHERE);
    let [web_policy, data_policy, alias, binding, api] = ids.as_slice() else {
        panic!("five objects");
    };
    // A declaration that spells out its name label (as `kubectl get ns -o yaml` shows it).
    let labels = [("kubernetes.io/metadata.name", "data"), ("team", "data")];
    let declared = kubedraft::model::Namespace {
        labels: labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..kubedraft::model::Namespace::default()
    };
    doc.model.add_namespace("data", declared).unwrap();
    let before = doc.clone();
    let command = refactor::rename_namespace(&doc, "data", "storage").unwrap();
    history.execute(&mut doc, command, None).unwrap();
    let value = |id: &ObjectId| doc.model.get(*id).unwrap().to_value();

    let egress = &value(web_policy)["spec"]["egress"][0]["to"];
    assert_eq!(
        egress[0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"],
        "storage"
    );
    let expressions = &egress[1]["namespaceSelector"]["matchExpressions"];
    assert_eq!(
        expressions[0]["values"],
        serde_json::json!(["storage", "cache"])
    );
    // Only the namespace-name key is a namespace reference; other labels keep their values.
    assert_eq!(expressions[1]["values"], serde_json::json!(["data"]));
    // A name that merely starts the same is another namespace.
    assert_eq!(
        egress[2]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"],
        "database"
    );

    let moved = value(data_policy);
    assert_eq!(moved["metadata"]["namespace"], "storage");
    assert_eq!(
        moved["spec"]["ingress"][0]["from"][0]["namespaceSelector"]["matchExpressions"][0]["values"],
        serde_json::json!(["storage"])
    );
    assert_eq!(
        value(alias)["spec"]["externalName"],
        "postgres.storage.svc.cluster.local"
    );
    let subjects = &value(binding)["subjects"];
    assert_eq!(subjects[0]["namespace"], "storage");
    assert_eq!(subjects[1]["namespace"], "web");
    // Env values that name the namespace's DNS names follow; other text that equals it does not.
    let env = &value(api)["spec"]["template"]["spec"]["containers"][0]["env"];
    assert_eq!(env[0]["value"], "postgres://db.storage.svc:5432/app");
    assert_eq!(env[1]["value"], "data");
    let labels = &doc.model.namespaces()["storage"].labels;
    assert_eq!(labels["kubernetes.io/metadata.name"], "storage");
    assert_eq!(labels["team"], "data");

    // One step back restores everything.
    history.undo(&mut doc).unwrap();
    assert_eq!(doc, before);
}

#[test]
fn renaming_a_namespace_keeps_traffic_intents_between_its_workloads() {
    let mut doc = Document::new();
    let web = add(&mut doc, Kind::Deployment, "shop");
    let db = add(&mut doc, Kind::StatefulSet, "data");
    let draw = connect(&doc, web, db).unwrap().command;
    draw.apply(&mut doc).unwrap();
    let intents = doc.intents.clone();
    assert_eq!(intents.len(), 1);
    refactor::rename_namespace(&doc, "data", "storage")
        .unwrap()
        .apply(&mut doc)
        .unwrap();
    assert_eq!(doc.intents, intents);
    assert_eq!(
        doc.model.get(db).unwrap().effective_namespace(),
        Some("storage")
    );
}

/// A copy under a new name gets its own identifying labels everywhere its pods are named, and
/// keeps every other label.
#[test]
fn a_renamed_copy_of_a_workload_gets_its_own_identifying_labels() {
    let yaml = r"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app.kubernetes.io/name: web, tier: web, version: v1}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: web, app: web}}
  template:
    metadata: {labels: {app.kubernetes.io/name: web, app: web, name: web, tier: web}}
    spec:
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
      containers: [{name: web, image: nginx:1.27.3}]
";
    let imported = kubedraft::manifest::import::parse_manifests(yaml, "t.yaml");
    let mut object = imported.objects.into_iter().next().unwrap().0;
    let unchanged = object.clone();
    refactor::relabel_copy(&mut object, "web");
    assert_eq!(object, unchanged, "not renamed: nothing changes");
    object.metadata_mut().name = Some("web-copy".to_owned());
    refactor::relabel_copy(&mut object, "web");
    let value = object.to_value();
    assert_eq!(
        value["metadata"]["labels"],
        serde_json::json!({"app.kubernetes.io/name": "web-copy", "tier": "web", "version": "v1"})
    );
    assert_eq!(
        value["spec"]["selector"]["matchLabels"],
        serde_json::json!({"app.kubernetes.io/name": "web-copy", "app": "web-copy"})
    );
    assert_eq!(
        value["spec"]["template"]["metadata"]["labels"],
        serde_json::json!({"app.kubernetes.io/name": "web-copy", "app": "web-copy", "name": "web-copy", "tier": "web"})
    );
    assert_eq!(
        value["spec"]["template"]["spec"]["topologySpreadConstraints"][0]["labelSelector"],
        serde_json::json!({"matchLabels": {"app": "web-copy"}})
    );
}

/// Issue 12 point 3: a route dragged onto a Gateway attaches to it, onto a Service sends to one
/// of its ports; the derived relations and the routed traffic follow, and repeats are refused.
#[test]
fn routes_attach_to_gateways_and_send_to_services() {
    use kubedraft::reach::Reachability;
    let mut doc = Document::new();
    let deployment = add(&mut doc, Kind::Deployment, "shop");
    let service = add(&mut doc, Kind::Service, "shop");
    connect(&doc, service, deployment)
        .unwrap()
        .command
        .apply(&mut doc)
        .unwrap();
    add_metrics_port(&mut doc, service);
    let gateway = add(&mut doc, Kind::Gateway, "shop");
    let route = add(&mut doc, Kind::HttpRoute, "shop");
    let grpc = add(&mut doc, Kind::GrpcRoute, "other");

    let attach = connect(&doc, route, gateway).expect("route onto Gateway");
    assert_eq!(
        attach.description,
        "HTTPRoute httproute-1 attaches to Gateway gateway-1"
    );
    attach.command.apply(&mut doc).unwrap();
    assert!(
        doc.model
            .relations_from(route)
            .iter()
            .any(|(to, r)| *to == gateway && matches!(r, Relation::RouteAttaches { .. })),
        "{:?}",
        doc.model.relations_from(route)
    );
    assert!(matches!(
        connect(&doc, route, gateway),
        Err(Refusal::Reason(reason)) if reason.contains("already attached")
    ));

    // Two Service ports: the first by default, the other on request, each one backendRef.
    let send = connect(&doc, route, service).expect("route onto Service");
    assert_eq!(send.port_choices, ["http (80/TCP)", "metrics (9090/TCP)"]);
    send.command.apply(&mut doc).unwrap();
    kubedraft::document::connect::connect_on_port(&doc, route, service, 1)
        .unwrap()
        .command
        .apply(&mut doc)
        .unwrap();
    let manifest = doc.model.get(route).unwrap().to_value();
    assert_eq!(
        manifest["spec"]["rules"][0]["backendRefs"],
        serde_json::json!([{"name": "service-1", "port": 80}, {"name": "service-1", "port": 9090}])
    );
    assert_eq!(
        manifest["spec"]["parentRefs"],
        serde_json::json!([{"name": "gateway-1"}])
    );
    assert!(matches!(
        connect(&doc, route, service),
        Err(Refusal::Reason(reason)) if reason.contains("already sends")
    ));
    // The routed traffic reaches the Deployment's pods on the `http` container port.
    let reach = Reachability::compute(&doc.model);
    assert!(
        reach
            .routed()
            .iter()
            .any(|t| t.from == gateway && t.to == deployment),
        "{:?}",
        reach.routed()
    );

    // Across namespaces the reference names the namespace, and the description says what the
    // Gateway then needs.
    let across = connect(&doc, grpc, service).expect("GRPCRoute onto Service");
    assert!(
        across.description.contains("ReferenceGrant"),
        "{}",
        across.description
    );
    across.command.apply(&mut doc).unwrap();
    let manifest = doc.model.get(grpc).unwrap().to_value();
    assert_eq!(
        manifest["spec"]["rules"][0]["backendRefs"][0]["namespace"],
        "shop"
    );
    // A Gateway is not dragged onto its routes, and a route onto a workload means nothing.
    assert!(matches!(
        connect(&doc, gateway, route),
        Err(Refusal::Reason(reason)) if reason.contains("drag from")
    ));
    assert!(connect(&doc, route, deployment).is_err());
}
