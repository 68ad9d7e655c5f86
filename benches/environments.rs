#![allow(clippy::expect_used)] // A broken generated design should stop the benchmark loudly.

//! Switching environment on a 2,000-object design with 3 environments: the effective design is
//! derived (overrides merged, objects left out), its relations and the full rule pass run again
//! (the core part of a switch; target with the redraw: at most 50 ms).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use kubedraft::design_file;
use kubedraft::document::{Document, Environment, ObjectKey};
use kubedraft::model::Object;
use kubedraft::rules::environment::check_environment;
use serde_json::{Value, json};

/// The web-tier example (5 objects) copied into 400 namespaces, with dev (1 replica, test hosts,
/// no PDB), staging (staging hosts) and prod (5 replicas, bigger requests) overriding every copy.
fn design() -> Document {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/web-tier.ron"
    ))
    .expect("example");
    let example = design_file::from_ron(&text).expect("design");
    let mut doc = Document::new();
    let mut environments: Vec<Environment> = ["dev", "staging", "prod"]
        .into_iter()
        .map(|name| Environment {
            name: name.to_owned(),
            ..Environment::default()
        })
        .collect();
    for copy in 0..400 {
        let namespace = format!("web-{copy}");
        for (_, object) in example.model.objects_sorted() {
            let mut value = object.to_value();
            value["metadata"]["namespace"] = json!(namespace);
            let object = Object::from_value(&value).expect("object");
            let key = ObjectKey::of(&object);
            let set = |env: &mut Environment, field: &str, value: Value| {
                env.overrides
                    .entry(key.clone())
                    .or_default()
                    .insert(field.to_owned(), value);
            };
            let [dev, staging, prod] = environments.as_mut_slice() else {
                unreachable!("three environments")
            };
            match object.kind_name() {
                "Deployment" => {
                    set(dev, "/spec/replicas", json!(1));
                    set(prod, "/spec/replicas", json!(5));
                    set(
                        prod,
                        "/spec/template/spec/containers/0/resources/requests/cpu",
                        json!("1"),
                    );
                }
                "Ingress" => {
                    set(
                        dev,
                        "/spec/rules/0/host",
                        json!(format!("api-{copy}.dev.example.test")),
                    );
                    set(
                        staging,
                        "/spec/rules/0/host",
                        json!(format!("api-{copy}.staging.example.com")),
                    );
                }
                "PodDisruptionBudget" => {
                    dev.exclude.insert(key.clone());
                }
                _ => {}
            }
            doc.model.add(object);
        }
    }
    doc.environments.list = environments;
    doc
}

fn switching(c: &mut Criterion) {
    let doc = design();
    assert_eq!(doc.model.len(), 2_000);
    let mut group = c.benchmark_group("environments");
    group.sample_size(20);
    for env in ["dev", "prod"] {
        group.bench_function(format!("switch to {env}: derive, relations, rules"), |b| {
            b.iter(|| {
                let (effective, diagnostics) = check_environment(&doc, Some(env)).expect("check");
                let relations = effective.model.relations().len();
                (relations, diagnostics.len())
            });
        });
    }
    // The parts: deriving the effective design alone, and the rule pass over the base alone.
    // The incremental checker across a switch (it re-checks what differs from the design it
    // checked last, the base here): slower than a full pass when most objects change, which is
    // why the app re-checks in full on a switch (`ProblemsView::recheck_in_full`).
    let base = doc.effective(None).expect("base").into_owned();
    for env in ["dev", "prod"] {
        group.bench_function(
            format!("switch to {env}, incremental re-check instead: derive, relations, rules"),
            |b| {
                b.iter_batched(
                    || {
                        let mut checker = kubedraft::rules::Checker::default();
                        checker.update_document(&base);
                        checker
                    },
                    |mut checker| {
                        let effective = doc.effective(Some(env)).expect("env");
                        let relations = effective.model.relations().len();
                        (relations, checker.update_document(&effective).len())
                    },
                    BatchSize::LargeInput,
                );
            },
        );
    }
    group.bench_function("derive prod only", |b| {
        b.iter(|| doc.effective(Some("prod")).expect("prod").model.len());
    });
    group.bench_function("clone the design only", |b| {
        b.iter(|| doc.clone().model.len());
    });
    group.bench_function("rules on the base only", |b| {
        b.iter(|| kubedraft::rules::check_document(&doc).len());
    });
    group.finish();
}

criterion_group!(benches, switching);
criterion_main!(benches);
