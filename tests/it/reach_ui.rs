//! NetworkPolicy review in the app, as a user drives it: the matrix and its explanations, the
//! overlay and its isolation badges, changes since save, generating policies and undoing that.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::design_file;
use kubedraft::document::Command;
use kubedraft::model::{ObjectId, Protocol, TrafficIntent};
use std::sync::Arc;

use kubedraft::document::Point;
use kubedraft::reach::{Direction, Reachability, allowed, is_generated};
use kubedraft::ui::KubedraftApp;
use kubedraft::ui::autosave::Autosave;

const MICROSERVICES: &str = include_str!("../../examples/microservices.ron");

/// The app on `examples/microservices.ron`: storefront (shop-frontend) calls catalog and orders
/// (shop-backend) on TCP 8080, orders calls catalog; default deny and DNS in both namespaces.
fn microservices() -> Harness<'static, KubedraftApp> {
    let doc = design_file::from_ron(MICROSERVICES).expect("example design");
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| KubedraftApp::with_document(doc.clone(), None))
}

fn find(harness: &Harness<'static, KubedraftApp>, kind: &str, ns: &str, name: &str) -> ObjectId {
    harness
        .state()
        .doc
        .model
        .find(kind, Some(ns), name)
        .unwrap_or_else(|| panic!("{kind} {ns}/{name}"))
}

fn open_matrix(harness: &mut Harness<'static, KubedraftApp>) {
    harness.run();
    harness.key_press(egui::Key::M);
    harness.run();
    assert!(
        harness.state().reach.panel,
        "M opens the reachability panel"
    );
}

#[test]
fn matrix_cell_explains_the_pair_and_a_port() {
    let mut harness = microservices();
    open_matrix(&mut harness);
    let cell = "shop-frontend/storefront to shop-backend/catalog: TCP 8080";
    harness.get_by_label(cell).click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("on any port: ALLOWED")
            .is_some(),
        "the verdict is shown"
    );
    // The rules that allow it: the storefront's egress policy and the catalog's ingress policy.
    assert!(
        harness
            .query_by_label_contains("policy shop-backend/catalog ingress rule #0")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("policy shop-frontend/storefront egress rule")
            .is_some()
    );

    // Ask about a port the policies do not open.
    harness.get_by_label("Port").click();
    harness.run();
    harness.get_by_label("Port").type_text("5432");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("on TCP 5432: DENIED")
            .is_some(),
        "a specific port is explained"
    );
    // Both sides deny it (storefront's egress and catalog's ingress open only 8080): each names
    // the rule that came closest.
    assert_eq!(
        harness
            .query_all_by_label_contains("closest: policy")
            .count(),
        2
    );

    // A pair that nothing allows, in the other direction.
    harness
        .get_by_label("shop-backend/catalog to shop-frontend/storefront: —")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label("shop-backend/catalog -> shop-frontend/storefront on TCP 5432: DENIED")
            .is_some()
    );
}

#[test]
fn typing_r_or_m_in_a_field_does_not_toggle_views() {
    let mut harness = microservices();
    open_matrix(&mut harness);
    let field = "Ingress controller namespace";
    harness.get_by_label(field).click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(field).type_text("traefik-system");
    harness.run();
    let reach = &harness.state().reach;
    assert_eq!(reach.ingress_namespace, "traefik-system");
    assert!(
        reach.panel && !reach.overlay,
        "the letters went to the field"
    );
}

#[test]
fn namespace_filter_limits_the_rows() {
    let mut harness = microservices();
    open_matrix(&mut harness);
    assert!(
        harness
            .query_by_label_contains("shop-backend/orders to shop-backend/catalog")
            .is_some()
    );
    harness.state_mut().reach.from_namespace = Some("shop-frontend".to_owned());
    harness.run();
    assert!(
        harness
            .query_by_label_contains("shop-backend/orders to shop-backend/catalog")
            .is_none(),
        "rows of other namespaces are hidden"
    );
    assert!(
        harness
            .query_by_label_contains("shop-frontend/storefront to shop-backend/orders")
            .is_some()
    );
}

#[test]
fn overlay_toggles_and_badges_follow_policy_edits() {
    let mut harness = microservices();
    harness.run();
    assert!(
        harness.state().reach.evaluation().is_none(),
        "lazy: nothing evaluated yet"
    );
    harness.key_press(egui::Key::R);
    harness.run();
    assert!(harness.state().reach.overlay);
    let evaluation = harness.state().reach.evaluation().expect("evaluated");
    assert_eq!(
        evaluation.edges.as_ref().map(Vec::len),
        Some(3),
        "three allowed pairs"
    );
    // Every workload is isolated by a default deny: no badges.
    assert!(harness.query_by_label_contains("open: ").is_none());

    // Delete the shop-backend default deny and DNS policy (one step): nothing selects catalog
    // for egress any more (orders has an egress policy of its own; catalog's is ingress only).
    let deny = find(&harness, "NetworkPolicy", "shop-backend", "default-deny");
    let dns = find(&harness, "NetworkPolicy", "shop-backend", "allow-dns");
    harness.state_mut().execute(Command::Batch(vec![
        Command::RemoveObject { id: deny },
        Command::RemoveObject { id: dns },
    ]));
    harness.run();
    assert!(
        harness
            .query_by_label("egress open: shop-backend/catalog")
            .is_some(),
        "catalog is not isolated for egress any more"
    );
    assert!(harness.query_by_label_contains("ingress open").is_none());
    assert_matches_full_evaluation(&harness);

    // Changes since save: catalog may now reach external addresses.
    harness.key_press(egui::Key::M);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Changes since save (")
            .is_some()
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(harness.query_by_label_contains("open: ").is_none());
    assert!(
        harness
            .query_by_label_contains("No edits since the design was saved or opened")
            .is_some()
    );

    assert_matches_full_evaluation(&harness);

    // Moving nodes does not touch what the engine sees: the evaluation is kept, not redone.
    let kept = Arc::clone(&harness.state().reach.evaluation().unwrap().reach);
    let catalog = find(&harness, "Deployment", "shop-backend", "catalog");
    harness.state_mut().execute(Command::MoveObjects {
        moves: vec![(catalog, Point::new(5.0, 5.0))],
    });
    harness.run();
    let evaluation = harness.state().reach.evaluation().unwrap();
    assert_eq!(evaluation.revision, harness.state().revision());
    assert!(Arc::ptr_eq(&kept, &evaluation.reach));

    harness.key_press(egui::Key::R);
    harness.run();
    assert!(!harness.state().reach.overlay, "R toggles the overlay off");
}

/// The app's cached (incrementally updated) evaluation equals a fresh one of its design.
fn assert_matches_full_evaluation(harness: &Harness<'static, KubedraftApp>) {
    let app = harness.state();
    let cached = &app.reach.evaluation().expect("evaluated").reach;
    let fresh = Reachability::compute(&app.doc.model);
    assert_eq!(allowed(cached), allowed(&fresh));
    for w in 0..fresh.workloads().len() {
        for direction in [Direction::Ingress, Direction::Egress] {
            assert_eq!(
                cached.is_isolated(w, direction),
                fresh.is_isolated(w, direction)
            );
        }
    }
}

#[test]
fn deleting_an_allow_policy_shows_the_lost_connection() {
    let mut harness = microservices();
    open_matrix(&mut harness);
    let allow = find(&harness, "NetworkPolicy", "shop-backend", "orders");
    harness
        .state_mut()
        .execute(Command::RemoveObject { id: allow });
    harness.run();
    // Without its allow policy, orders falls back to the namespace's default deny: the storefront
    // cannot call it, and it cannot call catalog.
    assert!(
        harness
            .query_by_label_contains("Changes since save (0 gained, 2 lost)")
            .is_some()
    );
    for line in [
        "- shop-frontend/storefront -> shop-backend/orders : TCP 8080",
        "- shop-backend/orders -> shop-backend/catalog : TCP 8080",
    ] {
        assert!(harness.query_by_label(line).is_some(), "{line}");
    }
    assert!(
        harness
            .query_by_label("shop-frontend/storefront to shop-backend/orders: —")
            .is_some(),
        "the matrix shows it closed"
    );
}

#[test]
fn generate_policies_from_traffic_then_undo() {
    let mut harness = microservices();
    open_matrix(&mut harness);
    let storefront = find(&harness, "Deployment", "shop-frontend", "storefront");
    let catalog = find(&harness, "Deployment", "shop-backend", "catalog");
    let intent = TrafficIntent {
        from: storefront,
        to: catalog,
        port: 8080,
        protocol: Protocol::Tcp,
    };
    harness.state_mut().execute(Command::AddIntent(intent));
    harness.run();
    let before = harness.state().doc.model.clone();
    let hand_written: Vec<ObjectId> = before
        .objects()
        .filter(|(_, o)| o.kind_name() == "NetworkPolicy")
        .map(|(id, _)| id)
        .collect();

    harness
        .get_by_label("Generate NetworkPolicies from traffic")
        .click();
    harness.run();
    let generated: Vec<ObjectId> = {
        let model = &harness.state().doc.model;
        model
            .objects()
            .filter(|(_, o)| is_generated(o))
            .map(|(id, _)| id)
            .collect()
    };
    assert!(!generated.is_empty(), "policies were generated");
    assert!(
        harness
            .query_by_label_contains(&format!(
                "Generated NetworkPolicies: {} added, 0 removed",
                generated.len()
            ))
            .is_some(),
        "a toast says how many"
    );
    for id in &hand_written {
        assert_eq!(
            harness.state().doc.model.get(*id),
            before.get(*id),
            "hand-written policies untouched"
        );
    }
    // The drawn traffic is allowed (it was before too) and shows as intended in the matrix.
    let reach = &harness.state().reach.evaluation().expect("evaluated").reach;
    let (s, d) = (
        reach.workload_of(storefront).unwrap(),
        reach.workload_of(catalog).unwrap(),
    );
    assert!(reach.conn(s, d).allows(8080, Protocol::Tcp));

    // Generating again changes nothing.
    harness
        .get_by_label("Generate NetworkPolicies from traffic")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("already match the drawn traffic")
            .is_some()
    );

    // One undo step removes them all.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let model = &harness.state().doc.model;
    assert!(model.objects().all(|(_, o)| !is_generated(o)));
    assert_eq!(model.len(), before.len());
    assert!(
        harness.state().doc.intents.contains(&intent),
        "the drawn traffic stays"
    );
}

#[test]
fn changes_since_save_follow_saves_and_recovered_work() {
    let dir = std::env::temp_dir().join(format!("kubedraft-reach-ui-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let design = dir.join("shop.ron");
    let autosave_dir = dir.join("autosave");
    let with_autosave = |dir: std::path::PathBuf| {
        let doc = design_file::from_ron(MICROSERVICES).expect("example design");
        Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .build_eframe(move |_| {
                KubedraftApp::with_document(doc.clone(), None)
                    .with_autosave(Some(Autosave::new(dir.clone())))
            })
    };
    let mut harness = with_autosave(autosave_dir.clone());
    open_matrix(&mut harness);
    let allow = find(&harness, "NetworkPolicy", "shop-backend", "orders");
    harness
        .state_mut()
        .execute(Command::RemoveObject { id: allow });
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Changes since save (0 gained, 2 lost)")
            .is_some()
    );
    // Saving makes this the baseline: nothing changed since.
    harness.state_mut().save_to(design.clone());
    harness.run();
    assert!(
        harness
            .query_by_label_contains("No edits since the design was saved or opened")
            .is_some()
    );
    // Another edit, autosaved, then the session ends without saving.
    let deny = find(&harness, "NetworkPolicy", "shop-backend", "default-deny");
    harness
        .state_mut()
        .execute(Command::RemoveObject { id: deny });
    harness.run();
    harness.state_mut().exit_autosave();
    drop(harness);

    // The recovered work is compared with the saved file, not with itself.
    let mut harness = with_autosave(autosave_dir);
    harness.run();
    harness.get_by_label("Recover").click();
    harness.run();
    harness.state_mut().reach.panel = true;
    harness.run();
    // Without the namespace's default deny, nothing selects orders for ingress any more (its
    // egress stays limited to DNS by allow-dns): the storefront and every external address gain
    // access to it.
    assert!(
        harness
            .query_by_label_contains("Changes since save (2 gained, 0 lost)")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("+ shop-frontend/storefront -> shop-backend/orders : TCP 8080")
            .is_some()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn invalid_policies_are_listed_and_left_out() {
    let mut harness = microservices();
    open_matrix(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Invalid policies")
            .is_none()
    );
    // endPort below port: the API server would reject it, so the analysis leaves it out.
    let yaml = "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad-range, namespace: shop-backend}
spec:
  podSelector: {}
  ingress:
  - ports: [{port: 9000, endPort: 8000}]
";
    let imported = kubedraft::manifest::import::parse_manifests(yaml, "bad.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let (object, _) = imported.objects.into_iter().next().expect("one object");
    let id = harness.state_mut().doc.model.allocate_id();
    harness.state_mut().execute(Command::AddObject {
        id,
        object,
        position: Point::new(0.0, 0.0),
    });
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Invalid policies (1), left out")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("shop-backend/bad-range spec.ingress[0].ports[0].endPort")
            .is_some()
    );
    // Left out: connectivity is what it was.
    assert!(
        harness
            .query_by_label_contains("did not change who can reach whom")
            .is_some()
    );
}

#[test]
fn online_boutique_badges_show_what_is_open_to_outside() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let paths = [
        dir.join("online-boutique.yaml"),
        dir.join("online-boutique-netpols.yaml"),
    ];
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| {
            KubedraftApp::from_loaded(kubedraft::io::load(&paths).expect("fixtures load"))
        });
    harness.run();
    harness.key_press(egui::Key::R);
    harness.run();
    // deny-all isolates every workload both ways: no "open" badge. Every service's own policy
    // has an egress rule without peers (all 12 may connect to any address), and the frontend's an
    // ingress rule without peers (any address may connect to it).
    assert!(harness.query_by_label_contains("open: ").is_none());
    assert_eq!(
        harness.query_all_by_label_contains("to outside: ").count(),
        12
    );
    assert_eq!(
        harness
            .query_all_by_label_contains("from outside: ")
            .count(),
        1
    );
    assert!(
        harness
            .query_by_label("from outside: default/frontend")
            .is_some()
    );
}

/// A design of `apps` Deployments in 20 namespaces, each namespace with a default deny and an
/// allow rule per app: large enough that a debug build evaluates it for seconds.
fn large_design(apps: usize) -> kubedraft::document::Document {
    use std::fmt::Write as _;
    let mut yaml = String::new();
    for i in 0..apps {
        let ns = format!("team-{}", i % 20);
        let _ = write!(
            yaml,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-{i}, namespace: {ns}}}\n\
             spec:\n  selector: {{matchLabels: {{app: app-{i}}}}}\n  template:\n    metadata: {{labels: {{app: app-{i}}}}}\n    \
             spec: {{containers: [{{name: main, image: 'nginx:1.27.3', ports: [{{containerPort: 8080}}]}}]}}\n---\n\
             apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: app-{i}, namespace: {ns}}}\n\
             spec:\n  podSelector: {{matchLabels: {{app: app-{i}}}}}\n  ingress: [{{from: [{{podSelector: {{matchLabels: {{app: app-{}}}}}}}], ports: [{{port: 8080}}]}}]\n---\n",
            (i + 1) % apps
        );
    }
    let imported = kubedraft::manifest::import::parse_manifests(&yaml, "large.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    kubedraft::manifest::import::into_document(imported)
}

#[test]
fn a_large_evaluation_shows_progress_and_can_be_cancelled_and_restarted() {
    let doc = large_design(1500);
    assert!(doc.model.len() >= kubedraft::ui::reach::state::BACKGROUND_FROM);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| KubedraftApp::with_document(doc.clone(), None));
    harness.step();
    harness.key_press(egui::Key::M);
    harness.step();
    harness.step();
    // The evaluation runs on its own thread: the room shows how far it came.
    assert!(
        harness.state().reach.progress().is_some(),
        "a design this large is evaluated in the background"
    );
    assert!(
        harness
            .query_by_label_contains("Evaluating reachability:")
            .is_some()
    );
    harness.get_by_label("Cancel").click();
    harness.step();
    harness.step();
    assert!(harness.state().reach.progress().is_none());
    assert!(harness.state().reach.cancelled().is_some());
    assert!(
        harness
            .query_by_label_contains("Reachability evaluation cancelled at")
            .is_some()
    );
    // Cancelled stays cancelled: no frame starts it again by itself.
    for _ in 0..3 {
        harness.step();
    }
    assert!(harness.state().reach.evaluation().is_none());
    harness.get_by_label("Evaluate again").click();
    harness.step();
    harness.step();
    assert!(
        harness.state().reach.progress().is_some(),
        "Evaluate again starts a new evaluation"
    );
}

/// Waits (without a time limit in the assertion) for the background evaluation to come in.
fn wait_for_evaluation(
    view: &mut kubedraft::ui::reach::state::ReachView,
    doc: &kubedraft::document::Document,
    revision: u64,
) {
    for _ in 0..6000 {
        view.refresh(doc, revision);
        if view.evaluation().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the background evaluation never finished");
}

#[test]
fn a_background_evaluation_equals_the_direct_one_and_takes_edits_made_meanwhile() {
    use kubedraft::ui::reach::state::{ReachView, impact};
    let mut doc = design_file::from_ron(MICROSERVICES).expect("example design");
    let mut view = ReachView::new(&doc.model);
    view.background_from = 0;
    view.overlay = true;
    view.refresh(&doc, 0);
    assert!(view.progress().is_some(), "the evaluation went to a thread");
    // A policy edit while the thread runs: applied once its result is in.
    let policy = doc
        .model
        .find("NetworkPolicy", Some("shop-backend"), "catalog")
        .expect("policy");
    let mut object = doc.model.get(policy).expect("policy").to_value();
    *object.pointer_mut("/spec/ingress").expect("ingress") = serde_json::json!([]);
    let command = Command::ReplaceObject {
        id: policy,
        object: kubedraft::model::Object::from_value(&object).expect("policy"),
    };
    let noted = impact(&command);
    command.apply(&mut doc).expect("edit");
    view.note(1, noted);
    wait_for_evaluation(&mut view, &doc, 1);
    let evaluation = view.evaluation().expect("evaluation");
    assert_eq!(evaluation.revision, 1, "brought up to the edit");
    let direct = Reachability::compute(&doc.model);
    let shown = &evaluation.reach;
    assert_eq!(shown.workloads().len(), direct.workloads().len());
    for src in 0..direct.workloads().len() {
        for dst in 0..direct.workloads().len() {
            assert_eq!(
                shown.conn(src, dst),
                direct.conn(src, dst),
                "pair {src} → {dst}"
            );
        }
    }
    // The edit denied the catalog's ingress: the storefront no longer reaches it.
    let storefront = direct
        .workload_index("shop-frontend/storefront")
        .expect("storefront");
    let catalog = direct
        .workload_index("shop-backend/catalog")
        .expect("catalog");
    assert!(shown.conn(storefront, catalog).is_empty());
}
