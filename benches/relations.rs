#![allow(clippy::expect_used)] // A broken generated design should stop the benchmark loudly.

//! Relations are derived again on every edit: one edit of a 5,000-object design with budgets,
//! autoscalers, config maps, secrets and claims.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kubedraft::model::{Model, Object};
use serde_json::{Value, json};

/// Ten objects: a Deployment that uses a ConfigMap (envFrom), a Secret (env) and a claim (volume),
/// its Service, budget and autoscaler, and a StatefulSet with its budget and an unused ConfigMap.
fn app(ns: &str, name: &str) -> Vec<Value> {
    let labels = json!({"app": name});
    let db = format!("{name}-db");
    let meta = |n: &str| json!({"name": n, "namespace": ns});
    vec![
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(name),
            "spec": {"selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels},
                "spec": {"containers": [{"name": "main", "image": "web:1.0",
                    "envFrom": [{"configMapRef": {"name": name}}],
                    "env": [{"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": name, "key": "token"}}}]}],
                    "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": name}}]}}}}),
        json!({"apiVersion": "v1", "kind": "Service", "metadata": meta(name),
            "spec": {"selector": labels, "ports": [{"port": 80}]}}),
        json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta(name),
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": labels}}}),
        json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta(name),
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}, "maxReplicas": 5}}),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name), "data": {"a": "b"}}),
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta(name), "stringData": {"token": "x"}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta(name),
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}),
        json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta(&db),
            "spec": {"serviceName": db, "selector": {"matchLabels": {"app": db}}, "template": {"metadata": {"labels": {"app": db}},
                "spec": {"containers": [{"name": "db", "image": "db:1.0"}]}}}}),
        json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta(&db),
            "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": db}}}}),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(&format!("{name}-extra")), "data": {"a": "b"}}),
    ]
}

fn bench(c: &mut Criterion) {
    let mut objects = Vec::new();
    for n in 0..100 {
        for a in 0..5 {
            for value in app(&format!("team-{n:03}"), &format!("app-{a}")) {
                objects.push(Object::from_value(&value).expect("generated manifest"));
            }
        }
    }
    let mut model = Model::new();
    model.add_all(objects);
    assert_eq!(model.len(), 5000);
    let relations = model.relations().len();
    eprintln!("5000 objects, {relations} relations");
    let id = model
        .find("Deployment", Some("team-050"), "app-2")
        .expect("generated");
    let object = model.get(id).expect("generated").clone();
    // `replace` derives every relation of the model again, as each edit does.
    c.bench_function("relations: one edit of 5000 objects", |b| {
        b.iter(|| {
            model
                .replace(id, black_box(object.clone()))
                .expect("object");
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
