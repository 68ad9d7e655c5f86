#![allow(clippy::expect_used, clippy::unwrap_used)] // A benchmark fails loudly on a broken setup.

//! One headless frame of the app (egui layout and tessellation, no GPU) on a generated design of
//! 2,000 objects and 4,000 edges: 20 namespaces, each with 40 Deployments, 40 Services (one
//! selector edge each), 10 Ingresses (4 routes each), 10 NetworkPolicies (applying to 4
//! Deployments each) and 80 drawn traffic intents.

use std::fmt::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::App as _;
use kubedraft::document::{Command, Document};
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::model::{Protocol, TrafficIntent};
use kubedraft::ui::KubedraftApp;
use kubedraft::ui::actions::Action;

const NAMESPACES: usize = 20;
const WORKLOADS: usize = 40;

fn manifests() -> String {
    let mut yaml = String::new();
    for ns in 0..NAMESPACES {
        for w in 0..WORKLOADS {
            let group = w / 4;
            let _ = write!(
                yaml,
                "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-{w}, namespace: ns-{ns}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: app-{w}}}}}\n  template:\n    metadata: {{labels: {{app: app-{w}, group: g-{group}}}}}\n    spec: {{containers: [{{name: app, image: \"registry.example.com/app:1.0.0\", ports: [{{name: http, containerPort: 8080}}]}}]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: app-{w}, namespace: ns-{ns}}}\nspec: {{selector: {{app: app-{w}}}, ports: [{{name: http, port: 80, targetPort: http}}]}}\n"
            );
        }
        for i in 0..WORKLOADS / 4 {
            let paths: Vec<String> = (0..4)
                .map(|p| {
                    let w = i * 4 + p;
                    format!(
                        "{{path: /s{w}, pathType: Prefix, backend: {{service: {{name: app-{w}, port: {{name: http}}}}}}}}"
                    )
                })
                .collect();
            let _ = write!(
                yaml,
                "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: ing-{i}, namespace: ns-{ns}}}\nspec: {{rules: [{{host: h{i}.example.com, http: {{paths: [{}]}}}}]}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: pol-{i}, namespace: ns-{ns}}}\nspec: {{podSelector: {{matchLabels: {{group: g-{i}}}}}, policyTypes: [Ingress]}}\n",
                paths.join(", ")
            );
        }
    }
    yaml
}

fn design() -> Document {
    let imported = parse_manifests(&manifests(), "generated.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors.first());
    let mut doc = into_document(imported);
    // Two intents per Deployment: to the next two Deployments of its namespace.
    let mut intents = Vec::new();
    for ns in 0..NAMESPACES {
        let namespace = format!("ns-{ns}");
        for w in 0..WORKLOADS {
            let id = |n: usize| {
                doc.model.find(
                    "Deployment",
                    Some(&namespace),
                    &format!("app-{}", n % WORKLOADS),
                )
            };
            for step in 1..=2 {
                if let (Some(from), Some(to)) = (id(w), id(w + step)) {
                    intents.push(Command::AddIntent(TrafficIntent {
                        from,
                        to,
                        port: 8080,
                        protocol: Protocol::Tcp,
                    }));
                }
            }
        }
    }
    Command::Batch(intents).apply(&mut doc).expect("intents");
    doc
}

fn raw_input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 860.0),
        )),
        ..Default::default()
    }
}

/// Runs one frame as eframe does (`App::logic`, then `App::ui`) and tessellates it; returns the
/// number of primitives (so nothing is optimised away).
fn frame(ctx: &egui::Context, app: &mut KubedraftApp, frame: &mut eframe::Frame) -> usize {
    let output = ctx.run_ui(raw_input(), |ui| {
        let ctx = ui.ctx().clone();
        app.logic(&ctx, frame);
        app.ui(ui, frame);
    });
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn bench_frame(c: &mut Criterion) {
    let doc = design();
    let objects = doc.model.len();
    let edges = doc.model.relations().len() + doc.intents.len();
    assert_eq!(objects, 2000, "objects");
    assert!(edges >= 4000, "only {edges} edges");
    eprintln!("design: {objects} objects, {edges} edges");
    let ctx = egui::Context::default();
    let mut eframe_frame = eframe::Frame::_new_kittest();

    // Whole design in view (worst case: nothing is culled).
    let mut app = KubedraftApp::with_document(doc.clone(), None);
    for _ in 0..3 {
        frame(&ctx, &mut app, &mut eframe_frame);
    }
    c.bench_function("frame_2000_objects_fit", |b| {
        b.iter(|| frame(&ctx, &mut app, &mut eframe_frame));
    });

    // Working zoom: one object selected, its neighbourhood in view, the rest culled.
    let mut app = KubedraftApp::with_document(doc, None);
    frame(&ctx, &mut app, &mut eframe_frame);
    app.perform(Action::SelectAll);
    if let Some(first) = app.view.selection.iter().next().copied() {
        app.view.selection = std::collections::BTreeSet::from([first]);
    }
    app.perform(Action::ZoomToSelection);
    for _ in 0..3 {
        frame(&ctx, &mut app, &mut eframe_frame);
    }
    c.bench_function("frame_2000_objects_zoomed", |b| {
        b.iter(|| frame(&ctx, &mut app, &mut eframe_frame));
    });

    // Reachability overlay and matrix open, whole design in view: 800 workloads (every pair
    // evaluated once, before measuring), the 1,600 drawn intents all denied by the policies and
    // drawn as such, an `egress open` badge on every Deployment, the matrix's visible rows.
    let mut app = KubedraftApp::with_document(design(), None);
    app.perform(Action::ToggleReachOverlay);
    app.perform(Action::ToggleReachPanel);
    for _ in 0..3 {
        frame(&ctx, &mut app, &mut eframe_frame);
    }
    assert!(app.reach.evaluation().is_some(), "evaluated");
    c.bench_function("frame_2000_objects_reachability", |b| {
        b.iter(|| frame(&ctx, &mut app, &mut eframe_frame));
    });
}

criterion_group!(benches, bench_frame);
criterion_main!(benches);
