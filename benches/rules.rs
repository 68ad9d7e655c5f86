#![allow(clippy::expect_used)] // A broken generated design should stop the benchmark loudly.

//! A full rule pass over a generated 5,000-object design, and incremental re-checks after one
//! edit (target: at most 5 ms, one frame).

use criterion::{Criterion, criterion_group, criterion_main};
use kubedraft::model::{Model, Object, ObjectId};
use kubedraft::rules;
use serde_json::{Value, json};

/// One application: Deployment, Service, Ingress, PDB, ConfigMap, two NetworkPolicies, and a
/// StatefulSet with its headless Service and PDB (10 objects), in namespace `ns`.
fn app(ns: &str, name: &str) -> Vec<Value> {
    let labels = json!({"app.kubernetes.io/name": name});
    let container = |image: &str, port: i64| {
        json!({
            "name": "main", "image": image,
            "ports": [{"name": "http", "containerPort": port}],
            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "128Mi"}},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}},
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "failureThreshold": 6},
            "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                                "capabilities": {"drop": ["ALL"]}},
            "env": [{"name": "LOG_LEVEL", "valueFrom": {"configMapKeyRef": {"name": name, "key": "level"}}}],
        })
    };
    let pod = |labels: &Value, image: &str, port: i64| {
        json!({
            "metadata": {"labels": labels},
            "spec": {
                "automountServiceAccountToken": false,
                "securityContext": {"runAsNonRoot": true, "runAsUser": 10001, "seccompProfile": {"type": "RuntimeDefault"}},
                "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname",
                    "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": labels}}],
                "containers": [container(image, port)],
            }
        })
    };
    let db = format!("{name}-db");
    let db_labels = json!({"app.kubernetes.io/name": db});
    vec![
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": ns, "labels": labels},
            "spec": {"replicas": 3, "selector": {"matchLabels": labels},
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
                "template": pod(&labels, "registry.example.com/web:1.4.2", 8080)}}),
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
            "spec": {"selector": labels, "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}}),
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name, "namespace": ns},
            "spec": {"ingressClassName": "nginx", "tls": [{"hosts": [format!("{name}.example.com")], "secretName": format!("{name}-tls")}],
                "rules": [{"host": format!("{name}.example.com"), "http": {"paths": [{"path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": name, "port": {"number": 80}}}}]}}]}}),
        json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": name, "namespace": ns},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": labels}}}),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns}, "data": {"level": "info"}}),
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": format!("{name}-in"), "namespace": ns},
            "spec": {"podSelector": {"matchLabels": labels}, "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}],
                    "ports": [{"port": 8080}]}]}}),
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": format!("{name}-db-in"), "namespace": ns},
            "spec": {"podSelector": {"matchLabels": db_labels}, "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"podSelector": {"matchLabels": labels}}], "ports": [{"port": "http"}]}]}}),
        json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": db, "namespace": ns},
            "spec": {"replicas": 3, "serviceName": db, "selector": {"matchLabels": db_labels},
                "template": pod(&db_labels, "registry.example.com/db:2.1.0", 5432),
                "volumeClaimTemplates": [{"metadata": {"name": "data"},
                    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}]}}),
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": db, "namespace": ns},
            "spec": {"clusterIP": "None", "selector": db_labels, "ports": [{"name": "http", "port": 5432, "targetPort": "http"}]}}),
        json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": db, "namespace": ns},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": db_labels}}}),
    ]
}

/// 100 namespaces with 5 applications each: 5,000 objects, each namespace with a default deny.
fn design() -> Model {
    let mut objects = Vec::new();
    for n in 0..100 {
        let ns = format!("team-{n:03}");
        for a in 0..5 {
            for value in app(&ns, &format!("app-{a}")) {
                objects.push(Object::from_value(&value).expect("generated manifest"));
            }
        }
    }
    let mut model = Model::new();
    model.add_all(objects);
    model
}

fn bench(c: &mut Criterion) {
    let model = design();
    assert_eq!(model.len(), 5000);
    // KD_LOOP=N: only N full passes, for a profiler or `perf stat` to look at.
    if let Some(n) = std::env::var("KD_LOOP")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
    {
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(rules::check(&model, true));
        }
        eprintln!("  {n} full passes: {:?} each", start.elapsed() / n);
        return;
    }
    let diagnostics = rules::check(&model, true);
    eprintln!(
        "rules bench: {} objects, {} diagnostics ({} errors)",
        model.len(),
        diagnostics.len(),
        diagnostics
            .iter()
            .filter(|d| d.severity == rules::Severity::Error)
            .count()
    );
    per_rule(&model);
    let mut by_rule: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in &diagnostics {
        *by_rule.entry(d.rule).or_default() += 1;
    }
    eprintln!("  diagnostics by rule: {by_rule:?}");
    c.bench_function("check 5000 objects", |b| {
        b.iter(|| rules::check(std::hint::black_box(&model), true));
    });
    with_baseline(c, model.clone());
    incremental(c, model);
}

/// One edit with a deployed baseline of every workload (as after an import): each update also
/// compares the baseline, and the edit (a StatefulSet's serviceName) fires K8S-API-010.
fn with_baseline(c: &mut Criterion, mut model: Model) {
    let mut deployed = kubedraft::document::Deployed::default();
    let origin = kubedraft::document::Origin::Imported {
        file: "design.yaml".to_owned(),
    };
    deployed.record_model(&model, &origin);
    eprintln!("  baseline: {} workloads", deployed.len());
    let id = model
        .find("StatefulSet", Some("team-042"), "app-2-db")
        .expect("generated StatefulSet");
    let before = model.get(id).expect("object").clone();
    let mut edited = before.to_value();
    *edited
        .pointer_mut("/spec/serviceName")
        .expect("serviceName") = json!("renamed");
    let versions = [
        Object::from_value(&edited).expect("edited manifest"),
        before,
    ];
    // The same edit without a baseline tells what comparing the baseline costs.
    let none = kubedraft::document::Deployed::default();
    for (name, baseline) in [("with", &deployed), ("without", &none)] {
        let mut checker = rules::Checker::new();
        checker.update_with(&model, true, baseline);
        let mut flip = 0;
        c.bench_function(
            &format!("incremental {name} baseline: StatefulSet serviceName"),
            |b| {
                alternate(b, &mut model, id, &versions, &mut flip, |model| {
                    std::hint::black_box(checker.update_with(model, true, baseline));
                });
            },
        );
        assert_eq!(
            checker.diagnostics(),
            rules::check_with(&model, true, baseline).as_slice()
        );
        eprintln!("  {name} baseline: {:?}", checker.last_pass());
    }
}

/// Times `update` after each edit, which switches object `id` to the other of two versions
/// (`flip` says which is in the model); only the update is timed.
fn alternate(
    b: &mut criterion::Bencher<'_>,
    model: &mut Model,
    id: ObjectId,
    versions: &[Object; 2],
    flip: &mut usize,
    mut update: impl FnMut(&Model),
) {
    b.iter_custom(|iterations| {
        let mut total = std::time::Duration::ZERO;
        for _ in 0..iterations {
            *flip = 1 - *flip;
            let version = versions.get(*flip).expect("two versions").clone();
            model.replace(id, version).expect("object");
            let start = std::time::Instant::now();
            update(model);
            total += start.elapsed();
        }
        total
    });
}

/// One edit, then `Checker::update`; the edit alternates between two versions of one object so
/// every update sees a change. Only the update is timed (the model's own bookkeeping is not).
fn incremental(c: &mut Criterion, mut model: Model) {
    let find = |model: &Model, kind: &str, name: &str| {
        model
            .find(kind, Some("team-042"), name)
            .expect("generated object")
    };
    let edits: [(&str, ObjectId, &str, Value); 5] = [
        (
            "Deployment image",
            find(&model, "Deployment", "app-2"),
            "/spec/template/spec/containers/0/image",
            json!("registry.example.com/web:1.5.0"),
        ),
        (
            "Service selector",
            find(&model, "Service", "app-2"),
            "/spec/selector",
            json!({"app.kubernetes.io/name": "app-3"}),
        ),
        (
            "NetworkPolicy ports",
            find(&model, "NetworkPolicy", "app-2-in"),
            "/spec/ingress/0/ports",
            json!([{"port": 9090}]),
        ),
        (
            "Deployment labels",
            find(&model, "Deployment", "app-2"),
            "/spec/template/metadata/labels",
            json!({"app.kubernetes.io/name": "app-9"}),
        ),
        (
            "ConfigMap rename",
            find(&model, "ConfigMap", "app-2"),
            "/metadata/name",
            json!("app-2-settings"),
        ),
    ];
    for (name, id, pointer, value) in edits {
        let before = model.get(id).expect("object").clone();
        let mut edited = before.to_value();
        *edited.pointer_mut(pointer).expect("field") = value;
        let after = Object::from_value(&edited).expect("edited manifest");
        let mut checker = rules::Checker::new();
        checker.update(&model, true);
        assert_eq!(checker.diagnostics(), rules::check(&model, true).as_slice());
        let versions = [after, before];
        let mut flip = 0;
        c.bench_function(&format!("incremental: {name}"), |b| {
            alternate(b, &mut model, id, &versions, &mut flip, |model| {
                std::hint::black_box(checker.update(model, true));
            });
        });
        if flip == 1 {
            model.replace(id, versions[1].clone()).expect("object");
        }
        eprintln!("  {name}: {:?}", checker.last_pass());
    }
    add_remove(c, &mut model);
}

/// Adding an object and removing it again (a new id each time: fixes that add objects name it).
fn add_remove(c: &mut Criterion, model: &mut Model) {
    for (name, value) in [
        (
            "add/remove ConfigMap",
            json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "extra", "namespace": "team-042"}, "data": {"a": "b"}}),
        ),
        (
            "add/remove NetworkPolicy",
            json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "extra", "namespace": "team-042"},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}),
        ),
    ] {
        let object = Object::from_value(&value).expect("manifest");
        let mut checker = rules::Checker::new();
        checker.update(model, true);
        let mut added: Option<ObjectId> = None;
        c.bench_function(&format!("incremental: {name}"), |b| {
            b.iter_custom(|iterations| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iterations {
                    match added.take() {
                        Some(id) => {
                            model.remove(id).expect("added object");
                        }
                        None => added = Some(model.add(object.clone())),
                    }
                    let start = std::time::Instant::now();
                    std::hint::black_box(checker.update(model, true));
                    total += start.elapsed();
                }
                total
            });
        });
        if let Some(id) = added.take() {
            model.remove(id).expect("added object");
        }
        eprintln!("  {name}: {:?}", checker.last_pass());
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// Time of the context and of each rule, averaged over passes (printed once, to find the
/// expensive rules).
fn per_rule(model: &Model) {
    // KD_PASSES=1 keeps a run under valgrind short (instruction counts need one pass only).
    let passes: u32 = std::env::var("KD_PASSES")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(20);
    let start = std::time::Instant::now();
    for _ in 0..passes {
        std::hint::black_box(rules::Context::new(model, true));
    }
    eprintln!("  context: {:?}", start.elapsed() / passes);
    let context = rules::Context::new(model, true);
    let mut times: std::collections::BTreeMap<&str, std::time::Duration> =
        std::collections::BTreeMap::new();
    for _ in 0..passes {
        for rule in &rules::RULES {
            if let rules::Check::Implemented(check) = rule.check {
                let start = std::time::Instant::now();
                let mut findings = rules::Findings::default();
                check(&context, &mut findings);
                *times.entry(rule.id).or_default() += start.elapsed();
            }
        }
    }
    let total: std::time::Duration = times.values().sum();
    eprintln!("  all rules: {:?} per pass", total / passes);
    // The same on one thread with a new context each pass: what the caches cost when built.
    let start = std::time::Instant::now();
    for _ in 0..passes {
        let context = rules::Context::new(model, true);
        for rule in &rules::RULES {
            if let rules::Check::Implemented(check) = rule.check {
                check(&context, &mut rules::Findings::default());
            }
        }
    }
    eprintln!(
        "  context and all rules, caches built: {:?} per pass",
        start.elapsed() / passes
    );
    let mut slowest: Vec<_> = times.into_iter().collect();
    slowest.sort_by_key(|&(id, time)| (std::cmp::Reverse(time), id));
    for (id, time) in slowest.iter().take(12) {
        eprintln!("  {id}: {:?}", *time / passes);
    }
}
