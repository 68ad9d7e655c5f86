//! The rule catalog live in the app: the problems panel, selecting from it, one-click fixes
//! (undoable), ignoring a rule for an object, node badges and the status bar counts.

use std::fmt::Write as _;
use std::path::PathBuf;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubedraft::rules::suppress::IGNORE_ANNOTATION;
use kubedraft::ui::KubedraftApp;

/// A Deployment in `shop` whose container has no CPU/memory requests (K8S-BP-002), otherwise
/// well-formed.
fn defective() -> Harness<'static, KubedraftApp> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules/K8S-BP-002.fires.yaml");
    let loaded = kubedraft::io::load(&[path]).expect("fixture loads");
    let mut loaded = Some(loaded);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| KubedraftApp::from_loaded(loaded.take().expect("built once")))
}

fn has_bp002(harness: &Harness<'static, KubedraftApp>) -> bool {
    harness
        .state()
        .problems
        .diagnostics()
        .iter()
        .any(|d| d.rule == "K8S-BP-002")
}

const FIX_LABEL: &str =
    "Fix (unsafe): Add requests (cpu 100m, memory 128Mi) (K8S-BP-002 on Deployment/shop/web)";

#[test]
fn problem_row_selects_fix_applies_and_undo_restores() {
    let mut harness = defective();
    harness.run();
    let id = harness
        .state()
        .doc
        .model
        .find("Deployment", Some("shop"), "web")
        .unwrap();
    assert!(has_bp002(&harness), "the planted defect is found");
    // Shown by default: there is a warning.
    assert!(harness.state().problems.panel);
    // The node carries a badge listing the message.
    let badge = harness.state().node_badges.get(&id).expect("badge");
    assert!(badge.tooltip.contains("K8S-BP-002"), "{}", badge.tooltip);
    // The status bar counts it.
    let summary = harness.state().problems.summary();
    assert!(summary.warnings >= 1);
    let plural = |n: usize, noun: &str| {
        if n == 1 {
            format!("1 {noun}")
        } else {
            format!("{n} {noun}s")
        }
    };
    let status = format!(
        "x {} · ! {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning")
    );
    assert!(harness.query_by_label(&status).is_some(), "{status}");

    harness
        .get_all_by_label("Deployment/shop/web")
        .next()
        .unwrap()
        .click();
    harness.run();
    assert!(harness.state().view.selection.contains(&id));
    // The inspector lists the object's problems with the field path.
    assert!(
        harness
            .query_all_by_label_contains("Field: spec.template.spec.containers[0]")
            .next()
            .is_some()
    );

    harness.get_by_label(FIX_LABEL).click();
    harness.run();
    assert!(!has_bp002(&harness), "the fix removes the problem");
    assert!(harness.query_by_label(FIX_LABEL).is_none());
    let resources = kubedraft::manifest::export::to_yaml(&harness.state().doc.model).unwrap();
    assert!(resources.contains("128Mi"), "{resources}");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(has_bp002(&harness), "undo brings the problem back");
    assert!(harness.query_by_label(FIX_LABEL).is_some());
}

/// The app with a rule fixture loaded.
fn with_fixture(name: &str) -> Harness<'static, KubedraftApp> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(name);
    let loaded = kubedraft::io::load(&[path]).expect("fixture loads");
    let mut loaded = Some(loaded);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| KubedraftApp::from_loaded(loaded.take().expect("built once")))
}

#[test]
fn fix_buttons_say_whether_the_fix_keeps_the_design_meaning() {
    // Writing out the policyTypes the API server would default keeps the meaning: a plain Fix.
    let mut harness = with_fixture("K8S-NP-004.fires.yaml");
    harness.run();
    let safe = "Fix: Set policyTypes [Ingress] (K8S-NP-004 on NetworkPolicy/shop/allow-web)";
    assert!(harness.query_by_label(safe).is_some());
    assert!(
        harness
            .query_by_label(&format!("Fix (unsafe): {}", &safe["Fix: ".len()..]))
            .is_none()
    );
    harness.get_by_label(safe).click();
    harness.run();
    assert!(
        !harness
            .state()
            .problems
            .diagnostics()
            .iter()
            .any(|d| d.rule == "K8S-NP-004"),
        "the safe fix removes the problem"
    );
    // New resource requests change scheduling: the button says unsafe, and the hover says why.
    let mut harness = defective();
    harness.run();
    let button = harness.get_by_label(FIX_LABEL);
    button.hover();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Unsafe fix: it changes what runs")
            .is_some()
    );
}

#[test]
fn ignore_for_object_annotates_and_hides_the_problem() {
    let mut harness = defective();
    harness.run();
    let id = harness
        .state()
        .doc
        .model
        .find("Deployment", Some("shop"), "web")
        .unwrap();
    harness
        .get_by_label("Ignore K8S-BP-002 for Deployment/shop/web")
        .click();
    harness.run();
    assert!(!has_bp002(&harness));
    let annotation = harness
        .state()
        .doc
        .model
        .get(id)
        .unwrap()
        .metadata()
        .annotations
        .as_ref()
        .and_then(|a| a.get(IGNORE_ANNOTATION).cloned());
    assert_eq!(annotation.as_deref(), Some("K8S-BP-002"));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(has_bp002(&harness), "ignoring is undoable");
}

#[test]
fn shortcut_toggles_the_panel_and_docs_open_in_a_window() {
    let mut harness = defective();
    harness.run();
    harness.get_by_label("Documentation of K8S-BP-002").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("container has no CPU or memory request")
            .is_some()
    );
    // The Markdown sections as headings, the example YAML as a block of its own.
    for heading in [
        "What it does",
        "Why is this bad?",
        "Example",
        "Use instead",
        "Fix",
        "Peers",
    ] {
        assert!(harness.query_by_label(heading).is_some(), "{heading}");
    }
    assert_eq!(
        harness
            .query_all_by_label_contains("apiVersion: apps/v1\nkind: Deployment")
            .count(),
        2,
        "the Example and the Use instead"
    );
    assert!(harness.query_by_label_contains("```").is_none());
    // The same check in other linters, as `kubedraft rules K8S-BP-002` prints it.
    assert!(
        harness
            .query_by_label_contains("kube-linter: unset-cpu-requirements")
            .is_some()
    );
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::M,
    );
    harness.run();
    assert!(!harness.state().problems.panel);
    assert!(harness.query_by_label(FIX_LABEL).is_none());
}

#[test]
fn severity_filter_hides_lower_severities() {
    let mut harness = defective();
    harness.run();
    harness.state_mut().problems.min_severity = Some(kubedraft::rules::Severity::Error);
    harness.run();
    let errors = harness.state().problems.summary().errors;
    assert_eq!(
        harness.state().problems.filtered().count(),
        errors,
        "only errors listed"
    );
    assert!(harness.query_by_label(FIX_LABEL).is_none());
}

#[test]
fn ignore_appends_to_an_existing_annotation_once() {
    let harness = defective();
    let model = &harness.state().doc.model;
    let id = model.find("Deployment", Some("shop"), "web").unwrap();
    let mut object = model.get(id).unwrap().clone();
    object
        .metadata_mut()
        .annotations
        .get_or_insert_with(Default::default)
        .insert(IGNORE_ANNOTATION.to_owned(), "K8S-BP-013, ".to_owned());
    let mut model = model.clone();
    model.replace(id, object).unwrap();
    let command = kubedraft::ui::problems::ignore_command(&model, id, "K8S-BP-002").unwrap();
    let kubedraft::document::Command::ReplaceObject { object, .. } = command else {
        panic!("a ReplaceObject command");
    };
    let value = object.metadata().annotations.as_ref().unwrap()[IGNORE_ANNOTATION].clone();
    assert_eq!(value, "K8S-BP-013,K8S-BP-002");
    model.replace(id, object).unwrap();
    // Already listed: nothing to do.
    assert!(kubedraft::ui::problems::ignore_command(&model, id, "K8S-BP-002").is_none());
}

#[test]
fn namespace_filter_keeps_only_that_namespace() {
    let mut harness = defective();
    harness.run();
    let total = harness.state().problems.filtered().count();
    assert!(total > 0);
    harness.state_mut().problems.namespace = Some("elsewhere".to_owned());
    assert_eq!(harness.state().problems.filtered().count(), 0);
    harness.state_mut().problems.namespace = Some("shop".to_owned());
    assert_eq!(harness.state().problems.filtered().count(), total);
    harness.run();
    assert!(harness.query_by_label(FIX_LABEL).is_some());
}

/// A design with thousands of findings: the panel lays out only the rows in view (the old grid laid
/// out every row every frame), and the filters still reach any finding.
#[test]
fn the_problems_table_lays_out_only_the_rows_in_view() {
    let mut yaml = String::new();
    for n in 0..400 {
        let _ = write!(
            yaml,
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{n:03}\nspec:\n  selector:\n    matchLabels: {{app: app-{n:03}}}\n  template:\n    metadata:\n      labels: {{app: app-{n:03}}}\n    spec:\n      containers:\n      - name: app\n        image: nginx\n"
        );
    }
    let dir = std::env::temp_dir().join(format!("kubedraft-problems-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("many.yaml");
    std::fs::write(&path, yaml).unwrap();
    let loaded = kubedraft::io::load(&[path]).expect("loads");
    let mut loaded = Some(loaded);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| KubedraftApp::from_loaded(loaded.take().expect("built once")));
    harness.run();
    let findings = harness.state().problems.diagnostics().len();
    assert!(findings > 2_000, "only {findings} findings");
    assert!(harness.state().problems.panel);
    let rows = harness.query_all_by_label_contains("Ignore K8S-").count();
    assert!(
        (1..60).contains(&rows),
        "{rows} rows laid out for {findings} findings"
    );
    // The last Deployment's rows are far out of view, so not laid out.
    assert_eq!(
        harness
            .query_all_by_label_contains("/app-399")
            .filter(|node| node
                .accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Ignore")))
            .count(),
        0
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// After every edit, undo and a newly opened design, the panel's (incrementally updated)
/// problems equal a full check of the document.
#[test]
fn problems_stay_equal_to_a_full_check_across_edits_and_undo() {
    use kubedraft::document::Command;
    use kubedraft::rules::{self, Pass};
    use kubedraft::ui::actions::Action;

    let mut harness = defective();
    harness.run();
    let same = |harness: &Harness<'static, KubedraftApp>| {
        let app = harness.state();
        assert_eq!(
            app.problems.diagnostics(),
            rules::check(&app.doc.model, app.doc.complete).as_slice()
        );
    };
    same(&harness);
    let id = harness
        .state()
        .doc
        .model
        .find("Deployment", Some("shop"), "web")
        .unwrap();
    // Suppress the finding, rename the Deployment, then undo both.
    let command =
        kubedraft::ui::problems::ignore_command(&harness.state().doc.model, id, "K8S-BP-002")
            .unwrap();
    harness.state_mut().execute(command);
    harness.run();
    same(&harness);
    assert!(!has_bp002(&harness), "suppressed");
    assert!(matches!(
        harness.state().problems.checker_pass(),
        Pass::Incremental { objects: 1, .. }
    ));
    let mut renamed = harness.state().doc.model.get(id).unwrap().clone();
    renamed.metadata_mut().name = Some("web-2".to_owned());
    harness.state_mut().execute(Command::ReplaceObject {
        id,
        object: renamed,
    });
    harness.run();
    same(&harness);
    for _ in 0..2 {
        harness.state_mut().perform(Action::Undo);
        harness.run();
        same(&harness);
    }
    assert!(has_bp002(&harness), "back after undo");
    // Another design in the same window.
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/microservices.ron");
    harness.state_mut().open_paths(&[example]).unwrap();
    harness.run();
    same(&harness);
}

/// Clicking a row opens the inspector's problem list even after the user closed it there.
#[test]
fn a_problem_row_opens_the_inspector_list_again_after_it_was_closed() {
    let mut harness = defective();
    harness.run();
    let click_row = |harness: &mut Harness<'static, KubedraftApp>| {
        harness
            .get_all_by_label("Deployment/shop/web")
            .next()
            .unwrap()
            .click();
        harness.run();
        harness.run();
    };
    let listed = |harness: &Harness<'static, KubedraftApp>| {
        harness
            .query_all_by_label_contains("Field: spec.template.spec.containers[0]")
            .next()
            .is_some()
    };
    click_row(&mut harness);
    assert!(listed(&harness), "the list opens on the first click");
    // The user closes the list in the inspector.
    harness.get_by_label_contains("Problems (").click();
    harness.run();
    assert!(!listed(&harness), "the list did not close");
    click_row(&mut harness);
    assert!(
        listed(&harness),
        "a second click did not open the list again"
    );
}
