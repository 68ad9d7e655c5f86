//! Budgets, autoscalers, config maps, secrets and claims in the diagram: the relations derived from
//! them, connecting them by drag (core), and where the layout puts them.

use kubedraft::document::connect::{Refusal, connect};
use kubedraft::document::{Document, History};
use kubedraft::manifest::import;
use kubedraft::model::{ObjectId, Relation, UseSet, UseVia};
use serde_json::json;

const FIXTURE: &str = include_str!("../fixtures/attached-kinds.yaml");

fn document() -> Document {
    let imported = import::parse_manifests(FIXTURE, "attached-kinds.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    import::into_document(imported)
}

fn id(doc: &Document, kind: &str, name: &str) -> ObjectId {
    doc.model
        .find(kind, Some("shop"), name)
        .unwrap_or_else(|| panic!("{kind} {name} in the fixture"))
}

fn manifest(doc: &Document, id: ObjectId) -> serde_json::Value {
    doc.model.get(id).unwrap().to_value()
}

#[test]
fn budgets_autoscalers_and_uses_are_derived() {
    let doc = document();
    let web = id(&doc, "Deployment", "web");
    let db = id(&doc, "StatefulSet", "db");
    // matchLabels and matchExpressions selectors both count.
    assert_eq!(
        doc.model
            .relations_from(id(&doc, "PodDisruptionBudget", "web")),
        vec![(web, Relation::BudgetProtects)]
    );
    assert_eq!(
        doc.model
            .relations_from(id(&doc, "PodDisruptionBudget", "db")),
        vec![(db, Relation::BudgetProtects)]
    );
    assert_eq!(
        doc.model
            .relations_from(id(&doc, "HorizontalPodAutoscaler", "web")),
        vec![(web, Relation::AutoscalerScales)]
    );
    // An autoscaler of a workload that is not in the design scales nothing drawn.
    assert!(
        doc.model
            .relations_from(id(&doc, "HorizontalPodAutoscaler", "gone"))
            .is_empty()
    );

    let mut uses: Vec<(ObjectId, Relation)> = doc
        .model
        .relations_from(web)
        .into_iter()
        .filter(|(_, r)| r.is_use())
        .collect();
    uses.sort();
    let mut expected = vec![
        (
            id(&doc, "ConfigMap", "web-config"),
            Relation::Uses {
                via: UseSet::of(&[UseVia::Volume, UseVia::EnvFrom]),
            },
        ),
        (
            id(&doc, "Secret", "db-secret"),
            Relation::Uses {
                via: UseSet::of(&[UseVia::Env]),
            },
        ),
        (
            id(&doc, "Secret", "regcred"),
            Relation::Uses {
                via: UseSet::of(&[UseVia::ImagePullSecret]),
            },
        ),
        (
            id(&doc, "PersistentVolumeClaim", "uploads"),
            Relation::Uses {
                via: UseSet::of(&[UseVia::Volume]),
            },
        ),
    ];
    expected.sort();
    assert_eq!(uses, expected);
    // The StatefulSet uses its Secret volume, but not the claim its volumeClaimTemplate generates.
    let db_uses: Vec<ObjectId> = doc
        .model
        .relations_from(db)
        .into_iter()
        .filter(|(_, r)| r.is_use())
        .map(|(to, _)| to)
        .collect();
    assert_eq!(db_uses, vec![id(&doc, "Secret", "db-secret")]);
    // Same-named ConfigMap of another namespace and the unused ConfigMap: nobody uses them.
    let other = doc
        .model
        .find("ConfigMap", Some("other"), "web-config")
        .unwrap();
    assert!(doc.model.relations_to(other).is_empty());
    assert!(
        doc.model
            .relations_to(id(&doc, "ConfigMap", "unused"))
            .is_empty()
    );
    assert_eq!(
        Relation::Uses {
            via: UseSet::of(&[UseVia::Volume, UseVia::EnvFrom])
        }
        .label(),
        "uses (volume, envFrom)"
    );
    assert_eq!(
        Relation::Uses {
            via: UseSet::of(&[UseVia::Env])
        }
        .incoming_label(),
        "uses this (env)"
    );
    assert_eq!(
        Relation::BudgetProtects.incoming_label(),
        "limits disruption of this"
    );
}

#[test]
fn budget_to_stateful_set_sets_the_selector_and_undoes() {
    let mut doc = document();
    let mut history = History::default();
    let budget = id(&doc, "PodDisruptionBudget", "web");
    let db = id(&doc, "StatefulSet", "db");
    let before = manifest(&doc, budget);
    let connection = connect(&doc, budget, db).expect("allowed");
    history.execute(&mut doc, connection.command, None).unwrap();
    let after = manifest(&doc, budget);
    assert_eq!(
        after["spec"]["selector"],
        json!({"matchLabels": {"app": "db"}})
    );
    // The rest of the budget stays.
    assert_eq!(after["spec"]["maxUnavailable"], json!(1));
    assert_eq!(
        doc.model.relations_from(budget),
        vec![(db, Relation::BudgetProtects)]
    );
    let again = connect(&doc, budget, db).unwrap_err().to_string();
    assert!(again.contains("already protects"), "{again}");
    history.undo(&mut doc).unwrap();
    assert_eq!(manifest(&doc, budget), before);
}

#[test]
fn autoscaler_to_workload_sets_the_scale_target() {
    let mut doc = document();
    let autoscaler = id(&doc, "HorizontalPodAutoscaler", "gone");
    let db = id(&doc, "StatefulSet", "db");
    let connection = connect(&doc, autoscaler, db).expect("allowed");
    connection.command.apply(&mut doc).unwrap();
    assert_eq!(
        manifest(&doc, autoscaler)["spec"]["scaleTargetRef"],
        json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db"})
    );
    assert_eq!(manifest(&doc, autoscaler)["spec"]["maxReplicas"], json!(3));
    assert_eq!(
        doc.model.relations_from(autoscaler),
        vec![(db, Relation::AutoscalerScales)]
    );
    let web_autoscaler = id(&doc, "HorizontalPodAutoscaler", "web");
    let web = id(&doc, "Deployment", "web");
    let reason = connect(&doc, web_autoscaler, web).unwrap_err().to_string();
    assert!(reason.contains("already scales"), "{reason}");
}

#[test]
fn workload_to_config_map_and_secret_adds_env_from_once() {
    let mut doc = document();
    let db = id(&doc, "StatefulSet", "db");
    for (kind, name, field) in [
        ("ConfigMap", "unused", "configMapRef"),
        ("Secret", "regcred", "secretRef"),
    ] {
        let target = id(&doc, kind, name);
        connect(&doc, db, target)
            .expect("allowed")
            .command
            .apply(&mut doc)
            .unwrap();
        let containers = &manifest(&doc, db)["spec"]["template"]["spec"]["containers"];
        let entries = containers[0]["envFrom"].as_array().unwrap();
        assert!(
            entries.iter().any(|e| e[field] == json!({"name": name})),
            "{entries:?}"
        );
        let reason = connect(&doc, db, target).unwrap_err().to_string();
        assert!(reason.contains("already takes its environment"), "{reason}");
        assert!(
            doc.model
                .relations_from(db)
                .iter()
                .any(|(to, r)| *to == target
                    && *r
                        == Relation::Uses {
                            via: UseSet::of(&[UseVia::EnvFrom])
                        }),
        );
    }
}

#[test]
fn workload_to_claim_mounts_it_but_a_stateful_set_is_refused() {
    let mut doc = document();
    let web = id(&doc, "Deployment", "web");
    let db = id(&doc, "StatefulSet", "db");
    let claim = id(&doc, "PersistentVolumeClaim", "data-db-0");
    let reason = connect(&doc, db, claim).unwrap_err().to_string();
    assert!(reason.contains("volumeClaimTemplates"), "{reason}");
    let reason = connect(&doc, web, id(&doc, "PersistentVolumeClaim", "uploads"))
        .unwrap_err()
        .to_string();
    assert!(reason.contains("already mounts"), "{reason}");

    connect(&doc, web, claim)
        .expect("allowed")
        .command
        .apply(&mut doc)
        .unwrap();
    let spec = &manifest(&doc, web)["spec"]["template"]["spec"];
    assert!(
        spec["volumes"].as_array().unwrap().contains(
            &json!({"name": "data-db-0", "persistentVolumeClaim": {"claimName": "data-db-0"}})
        ),
        "{spec}"
    );
    assert!(
        spec["containers"][0]["volumeMounts"]
            .as_array()
            .unwrap()
            .contains(&json!({"name": "data-db-0", "mountPath": "/data/data-db-0"})),
        "{spec}"
    );
}

#[test]
fn wrong_directions_and_namespaces_are_refused_with_a_reason() {
    let doc = document();
    let web = id(&doc, "Deployment", "web");
    let config = id(&doc, "ConfigMap", "web-config");
    let budget = id(&doc, "PodDisruptionBudget", "web");
    let service = id(&doc, "Service", "web");
    let reason = connect(&doc, config, web).unwrap_err().to_string();
    assert!(reason.contains("drag from the workload"), "{reason}");
    let reason = connect(&doc, web, budget).unwrap_err().to_string();
    assert!(
        reason.contains("drag from the PodDisruptionBudget"),
        "{reason}"
    );
    let reason = connect(&doc, budget, service).unwrap_err().to_string();
    assert!(reason.contains("connect it to a Deployment"), "{reason}");
    let elsewhere = doc
        .model
        .find("ConfigMap", Some("other"), "web-config")
        .unwrap();
    assert!(matches!(
        connect(&doc, web, elsewhere),
        Err(Refusal::OtherNamespace { .. })
    ));
}

#[test]
fn layout_puts_budgets_beside_their_workload_and_used_objects_after() {
    let doc = document();
    let position = |kind: &str, name: &str| doc.position(id(&doc, kind, name));
    let web = position("Deployment", "web");
    let budget = position("PodDisruptionBudget", "web");
    let autoscaler = position("HorizontalPodAutoscaler", "web");
    let config = position("ConfigMap", "web-config");
    let unused = position("ConfigMap", "unused");
    // The next column right of the workloads, not the grid at the end.
    assert!(
        budget.x > web.x && (autoscaler.x - budget.x).abs() < 0.5,
        "{web:?} {budget:?}"
    );
    assert!(config.x > budget.x, "{budget:?} {config:?}");
    assert!(unused.x > config.x, "{config:?} {unused:?}");
    // The budget of web sits above the budget of db, as web sits above db.
    let db = position("StatefulSet", "db");
    let db_budget = position("PodDisruptionBudget", "db");
    assert_eq!(web.y < db.y, budget.y < db_budget.y);
}
