//! On a generated cluster, every incremental policy update equals a full recomputation.

use crate::support::synthetic;

use kubedraft::reach::{Reachability, allowed};

#[test]
fn incremental_matches_full_on_a_generated_cluster() {
    let (namespaces, per_namespace, policies) = (4, 30, 60);
    let (mut model, ids) = synthetic::cluster(namespaces, per_namespace, policies);
    let mut reach = Reachability::compute(&model);
    let mut changes = 0;
    for (step, j) in [5_usize, 17, 30, 2, 44, 5].into_iter().enumerate() {
        let before = allowed(&reach);
        let id = ids[j];
        if step == 3 {
            // Remove the default deny of namespace 2, then check.
            model.remove(id).unwrap();
        } else {
            let variant = step % 2 == 0;
            model
                .replace(
                    id,
                    synthetic::object(&synthetic::policy_yaml(
                        j,
                        namespaces,
                        per_namespace,
                        variant,
                    )),
                )
                .unwrap();
        }
        reach.update(&model, &[id]);
        let full = Reachability::compute(&model);
        let now = allowed(&reach);
        assert!(
            now == allowed(&full),
            "step {step} (policy {j}) differs from full recomputation"
        );
        if now != before {
            changes += 1;
        }
    }
    assert!(
        changes >= 4,
        "only {changes} edits changed connectivity; the test would be weak"
    );
    // A new policy with several edits at once.
    let extra = synthetic::object(&synthetic::policy_yaml(61, namespaces, per_namespace, true));
    let new_id = model.add(extra);
    model.remove(ids[20]).unwrap();
    reach.update(&model, &[new_id, ids[20]]);
    assert!(allowed(&reach) == allowed(&Reachability::compute(&model)));
}

/// Document commands of every kind, followed by `update(changed_objects(command))`, equal a full
/// computation; namespace commands ask for one.
#[test]
fn updates_from_commands_equal_full() {
    use kubedraft::document::command::Command;
    use kubedraft::document::{Document, Point};
    use kubedraft::model::{Labels, Namespace};
    use kubedraft::reach::changed_objects;

    let (namespaces, per_namespace, policies) = (3, 12, 20);
    let (model, ids) = synthetic::cluster(namespaces, per_namespace, policies);
    let mut doc = Document::new();
    doc.model = model;
    let mut reach = Reachability::compute(&doc.model);
    let workload = doc.model.find("Deployment", Some("ns1"), "w3").unwrap();
    let service = synthetic::object(
        "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ns1}\nspec: {selector: {app: w3}, ports: [{port: 80}]}\n",
    );
    let service_id = doc.model.allocate_id();
    let edited_policy =
        synthetic::object(&synthetic::policy_yaml(7, namespaces, per_namespace, true));
    let relabelled = synthetic::object(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w3, namespace: ns1}\nspec:\n  selector: {matchLabels: {app: w3}}\n  template:\n    metadata: {labels: {app: w3, tier: t0}}\n    spec: {containers: [{name: c, image: x}]}\n",
    );
    let commands = vec![
        Command::MoveObjects {
            moves: vec![(workload, Point { x: 5.0, y: 5.0 })],
        },
        Command::AddObject {
            id: service_id,
            object: service,
            position: Point::default(),
        },
        Command::ReplaceObject {
            id: ids[7],
            object: edited_policy,
        },
        Command::ReplaceObject {
            id: workload,
            object: relabelled,
        },
        Command::Batch(vec![
            Command::RemoveObject { id: ids[9] },
            Command::RemoveObject { id: workload },
        ]),
    ];
    for (step, command) in commands.into_iter().enumerate() {
        let changed = changed_objects(&command).expect("object commands");
        command.apply(&mut doc).unwrap();
        reach.update(&doc.model, &changed);
        assert!(
            allowed(&reach) == allowed(&Reachability::compute(&doc.model)),
            "step {step}"
        );
    }
    let relabel = Command::AddNamespace {
        name: "fresh".to_owned(),
        namespace: Namespace {
            labels: Labels::new(),
            annotations: Labels::new(),
            ..Namespace::default()
        },
        frame: None,
    };
    assert_eq!(changed_objects(&relabel), None);
}
