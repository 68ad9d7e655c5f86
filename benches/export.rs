//! Import and export of a generated 10,000-document manifest file (target: ≤ 1 s each way).

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kubedraft::manifest::export;
use kubedraft::manifest::import::{into_document, parse_manifests};

/// 2,500 each of Deployment, Service, ConfigMap and NetworkPolicy over 50 namespaces.
fn manifests(documents: usize) -> String {
    let mut text = String::new();
    for i in 0..documents / 4 {
        let ns = format!("team-{}", i % 50);
        let _ = write!(
            text,
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: {ns}\n  labels: {{app: app-{i}}}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: app-{i}}}\n  template:\n    metadata:\n      labels: {{app: app-{i}}}\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/app:{i}\n        ports: [{{containerPort: 8080, name: http}}]\n        env: [{{name: MODE, value: \"no\"}}]\n        resources: {{requests: {{cpu: 100m, memory: 128Mi}}}}\n\
---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{i}\n  namespace: {ns}\nspec:\n  selector: {{app: app-{i}}}\n  ports: [{{port: 80, targetPort: http}}]\n\
---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-{i}\n  namespace: {ns}\ndata:\n  setting: \"on\"\n\
---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: app-{i}\n  namespace: {ns}\nspec:\n  podSelector:\n    matchLabels: {{app: app-{i}}}\n  ingress:\n  - from:\n    - podSelector: {{matchLabels: {{role: client}}}}\n    ports: [{{port: 8080}}]\n"
        );
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = manifests(10_000);
    let mut group = c.benchmark_group("10k documents");
    group.sample_size(10);
    group.bench_function("import", |b| {
        b.iter(|| into_document(parse_manifests(black_box(&text), "bench.yaml")));
    });
    group.bench_function("import: parse only", |b| {
        b.iter(|| parse_manifests(black_box(&text), "bench.yaml"));
    });
    let doc = into_document(parse_manifests(&text, "bench.yaml"));
    assert_eq!(doc.model.len(), 10_000);
    group.bench_function("export", |b| {
        b.iter(|| export::to_yaml(black_box(&doc.model)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
