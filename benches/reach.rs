#![allow(clippy::expect_used, clippy::unwrap_used)] // Benchmarks fail loudly by design.

//! Reachability speed: the 66 conformance cases, a generated 2,000-workload / 1,000-policy cluster,
//! and one policy edit re-evaluated incrementally on that cluster.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use kubedraft::manifest::import::ReadOptions;
use kubedraft::model::Model;
use kubedraft::reach::Reachability;

#[path = "../tests/it/support/synthetic.rs"]
mod synthetic;

fn case_dirs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/netpol-cases");
    let mut dirs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("input.yaml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn case_models() -> Vec<Model> {
    case_dirs()
        .iter()
        .map(|d| {
            kubedraft::io::load_with(
                &[d.join("input.yaml")],
                ReadOptions {
                    lenient_selector_values: true,
                },
            )
            .unwrap()
            .document
            .model
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let models = case_models();
    assert_eq!(models.len(), 66);
    let inputs: Vec<_> = case_dirs().iter().map(|d| d.join("input.yaml")).collect();
    c.bench_function("reach/66 cases (read YAML + compute + allowed list)", |b| {
        b.iter(|| {
            for input in &inputs {
                let loaded = kubedraft::io::load_with(
                    std::slice::from_ref(input),
                    ReadOptions {
                        lenient_selector_values: true,
                    },
                )
                .unwrap();
                let reach = Reachability::compute(&loaded.document.model);
                black_box(kubedraft::reach::allowed(&reach));
            }
        });
    });
    c.bench_function("reach/66 cases (compute + allowed list)", |b| {
        b.iter(|| {
            for model in &models {
                let reach = Reachability::compute(model);
                black_box(kubedraft::reach::allowed(&reach));
            }
        });
    });

    let (namespaces, per_namespace, policies) = (20, 100, 1000);
    let (model, policy_ids) = synthetic::cluster(namespaces, per_namespace, policies);
    c.bench_function("reach/2000 workloads 1000 policies full matrix", |b| {
        b.iter(|| black_box(Reachability::compute(&model)));
    });

    // One policy edit: alternate between the original and an edited version of policy #25,
    // so every iteration is exactly one incremental re-evaluation.
    let edited_id = policy_ids[25];
    let mut edited = model.clone();
    edited
        .replace(
            edited_id,
            synthetic::object(&synthetic::policy_yaml(25, namespaces, per_namespace, true)),
        )
        .unwrap();
    let mut reach = Reachability::compute(&model);
    let mut flip = false;
    c.bench_function("reach/one policy edit (incremental)", |b| {
        b.iter(|| {
            flip = !flip;
            reach.update(if flip { &edited } else { &model }, &[edited_id]);
        });
    });
    // The heaviest kind of single edit: a namespace's default deny, selecting its 100 workloads,
    // gains Egress (100 rows and 100 columns of the 2,000 × 2,000 matrix change).
    let deny_id = policy_ids[3];
    let mut denied = model.clone();
    denied
        .replace(
            deny_id,
            synthetic::object(&synthetic::policy_yaml(3, namespaces, per_namespace, true)),
        )
        .unwrap();
    c.bench_function(
        "reach/one default-deny edit, 100 workloads (incremental)",
        |b| {
            b.iter(|| {
                flip = !flip;
                reach.update(if flip { &denied } else { &model }, &[deny_id]);
            });
        },
    );
}

/// Issue 14: the same cluster with 50 cluster-tier policies (ClusterNetworkPolicies of both
/// tiers and AdminNetworkPolicies): the full matrix, and one cluster-policy edit.
fn tiered(c: &mut Criterion) {
    let (model, _, tier_ids) = synthetic::tiered_cluster(20, 100, 1000, 50);
    let reach = Reachability::compute(&model);
    assert!(reach.errors().is_empty(), "{:?}", reach.errors());
    c.bench_function(
        "reach/2000 workloads 1000 policies 50 cluster policies full matrix",
        |b| b.iter(|| black_box(Reachability::compute(&model))),
    );
    let edited_id = tier_ids[7];
    let mut edited = model.clone();
    edited
        .replace(
            edited_id,
            synthetic::object(&synthetic::cluster_policy_yaml(7, true)),
        )
        .unwrap();
    let mut reach = reach;
    let mut flip = false;
    c.bench_function("reach/one cluster policy edit", |b| {
        b.iter(|| {
            flip = !flip;
            reach.update(if flip { &edited } else { &model }, &[edited_id]);
        });
    });
}

criterion_group! {
    name = reach;
    config = Criterion::default().sample_size(10);
    targets = benches, tiered
}
criterion_main!(reach);
