//! Environments in the app (issue 13 point 2), driven as a user would: the switcher and its
//! shortcuts, edits written to the shown environment, the inspector's marks and Reset to base,
//! the New environment dialog, and the compare room.

use std::collections::BTreeSet;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::document::{Command, Document, History};
use kubedraft::model::ObjectId;
use kubedraft::ui::KubedraftApp;
use kubedraft::ui::actions::Action;
use kubedraft::ui::environments::rows;

use crate::environments::web_tier_envs;

fn app() -> Harness<'static, KubedraftApp> {
    let doc = web_tier_envs();
    Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_eframe(move |_| KubedraftApp::with_document(doc.clone(), None))
}

fn id(harness: &Harness<'static, KubedraftApp>, kind: &str) -> ObjectId {
    harness
        .state()
        .doc
        .model
        .find(kind, Some("shop"), "api-server")
        .expect("object")
}

fn replicas_in(doc: &Document, env: Option<&str>, id: ObjectId) -> Option<i32> {
    doc.effective(env).ok()?.model.get(id)?.replicas()
}

fn select(harness: &mut Harness<'static, KubedraftApp>, id: ObjectId) {
    harness.state_mut().view.selection = BTreeSet::from([id]);
    harness.run();
}

#[test]
fn the_switcher_shows_an_environment_and_a_field_edited_there_is_its_override() {
    let mut harness = app();
    harness.run();
    let api = id(&harness, "Deployment");
    harness.get_by_label("prod").click();
    harness.run();
    assert_eq!(harness.state().env.as_deref(), Some("prod"));
    select(&mut harness, api);
    // The inspector shows prod's value, marked, with the base's beside it.
    assert_eq!(
        harness.get_by_label("Replicas").value().as_deref(),
        Some("5")
    );
    assert!(
        harness
            .query_by_label_contains("set in prod (base: 3)")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("Set in prod (edits are written to prod):")
            .is_some()
    );

    harness.get_by_label("Replicas").set_value_accesskit(7.0);
    harness.run();
    harness.run();
    let doc = &harness.state().doc;
    assert_eq!(replicas_in(doc, Some("prod"), api), Some(7));
    assert_eq!(
        replicas_in(doc, None, api),
        Some(3),
        "the base keeps its value"
    );
    assert_eq!(replicas_in(doc, Some("dev"), api), Some(1));

    // The mark under the Replicas field has its own Reset to base (the section above the form
    // lists one per override too).
    let resets = harness.query_all_by_label("Reset to base").count();
    // Three in the section; marks at the annotation and replicas fields (the resources
    // override is one value, listed in the section).
    assert_eq!(resets, 5);
    let field = harness.get_by_label("Replicas").rect();
    let below = |node: &egui_kittest::Node<'_>| node.rect().top() - field.bottom();
    harness
        .query_all_by_label("Reset to base")
        .filter(|n| below(n) >= 0.0)
        .min_by(|a, b| below(a).total_cmp(&below(b)))
        .expect("the replicas' reset")
        .click();
    harness.run();
    harness.run();
    assert_eq!(
        replicas_in(&harness.state().doc, Some("prod"), api),
        Some(3)
    );
    assert_eq!(
        harness.get_by_label("Replicas").value().as_deref(),
        Some("3")
    );
    assert!(
        harness
            .query_by_label_contains("set in prod (base: 3)")
            .is_none()
    );

    // Ctrl+1 is the base, Ctrl+2 the first environment (dev).
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run();
    assert_eq!(harness.state().env, None);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    harness.run();
    harness.run();
    assert_eq!(harness.state().env.as_deref(), Some("dev"));
    assert_eq!(
        harness.get_by_label("Replicas").value().as_deref(),
        Some("1")
    );

    // Undo brings prod's override back (two steps: the reset, then the edit to 7).
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        replicas_in(&harness.state().doc, Some("prod"), api),
        Some(7)
    );
}

#[test]
fn deleting_in_an_environment_leaves_the_object_out_of_that_environment_only() {
    let mut harness = app();
    harness.run();
    let pdb = id(&harness, "PodDisruptionBudget");
    harness.get_by_label("prod").click();
    harness.run();
    select(&mut harness, pdb);
    harness.key_press(egui::Key::Delete);
    harness.run();
    harness.run();
    let state = harness.state();
    assert!(state.doc.model.contains(pdb), "still in the design");
    assert!(!state.doc.in_environment(pdb, Some("prod")));
    assert!(state.doc.in_environment(pdb, None));
    assert!(state.view.selection.is_empty());
}

#[test]
fn a_new_environment_is_made_in_the_dialog_shown_and_undone() {
    let mut harness = app();
    harness.run();
    harness.get_by_label("+").click();
    harness.run();
    assert!(harness.query_by_label("New environment").is_some());
    harness
        .get_by_label("Environment name")
        .type_text("bad name");
    harness.run();
    harness.get_by_label("Create").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("cannot name an environment")
            .is_some(),
        "an invalid name is refused in the dialog"
    );
    harness.get_by_label("Environment name").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Environment name").type_text("qa");
    harness.run();
    harness.get_by_label("Create").click();
    harness.run();
    harness.run();
    let state = harness.state();
    assert_eq!(
        state.doc.environments.names(),
        ["dev", "staging", "prod", "qa"]
    );
    assert_eq!(state.env.as_deref(), Some("qa"));
    assert!(state.is_dirty());

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.run();
    let state = harness.state();
    assert_eq!(state.doc.environments.names(), ["dev", "staging", "prod"]);
    assert_eq!(state.env, None, "the base is shown once qa is gone");
}

#[test]
fn the_compare_room_lists_how_each_environment_differs_from_the_base() {
    let doc = web_tier_envs();
    let table = rows(&doc);
    let replicas = table
        .iter()
        .find(|r| r.field == "spec.replicas")
        .expect("a replicas row");
    assert_eq!(replicas.object.to_string(), "Deployment/shop/api-server");
    assert_eq!(replicas.base, "3");
    let cells: Vec<(&str, bool)> = replicas
        .cells
        .iter()
        .map(|c| (c.text.as_str(), c.differs))
        .collect();
    assert_eq!(cells, [("1", true), ("= base", false), ("5", true)]);
    let pdb = table
        .iter()
        .find(|r| r.object.kind == "PodDisruptionBudget")
        .expect("the PDB's presence row");
    assert_eq!(pdb.base, "yes");
    let present: Vec<&str> = pdb.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(present, ["no", "no", "yes"]);

    let mut harness = app();
    harness.run();
    harness.get_by_label("Environments").click();
    harness.run();
    harness.get_by_label("Compare environments").click();
    harness.run();
    harness.run();
    assert!(harness.state().env_compare);
    assert!(
        harness
            .query_by_label_contains("differences across 3 environments")
            .is_some()
    );
    assert!(harness.query_by_label("spec.replicas").is_some());
    // A column header shows its environment.
    harness
        .query_all_by_label("staging")
        .last()
        .expect("the staging column")
        .click();
    harness.run();
    assert_eq!(harness.state().env.as_deref(), Some("staging"));
}

#[test]
fn overrides_that_no_longer_fit_are_listed_in_the_problems_room_when_the_design_opens() {
    let mut doc = web_tier_envs();
    let api = doc
        .model
        .find("Deployment", Some("shop"), "api-server")
        .expect("api");
    History::new()
        .execute(&mut doc, Command::RemoveObject { id: api }, None)
        .expect("remove");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .build_eframe(move |_| KubedraftApp::with_document(doc.clone(), None));
    harness.run();
    harness.run();
    assert!(harness.state().problems.panel, "the room opens");
    let count = harness.state().problems.env_problems.len();
    assert!(
        count >= 2,
        "dev's and prod's overrides of the Deployment: {count}"
    );
    assert!(
        harness
            .query_by_label(&format!("Environments ({count})"))
            .is_some()
    );
    assert!(
        harness
            .query_by_label(
                "environment `prod`: Deployment/shop/api-server: no such object in the design"
            )
            .is_some()
    );
}

#[test]
fn the_yaml_export_is_of_the_shown_environment_and_the_chart_holds_every_environment() {
    let mut harness = app();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num4);
    harness.run();
    assert_eq!(harness.state().env.as_deref(), Some("prod"));
    harness.state_mut().perform(Action::ExportYaml);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("of environment prod")
            .is_some()
    );
    let files = harness
        .state()
        .export_dialog
        .as_ref()
        .expect("dialog")
        .files
        .clone()
        .expect("preview");
    let yaml = &files[0].contents;
    assert!(yaml.contains("replicas: 5"), "{yaml}");
    assert!(yaml.contains("shop.example.com"), "{yaml}");
    harness.state_mut().export_dialog = None;
    harness.state_mut().perform(Action::ExportHelm);
    harness.run();
    let files = harness
        .state()
        .export_dialog
        .as_ref()
        .expect("dialog")
        .files
        .clone()
        .expect("preview");
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for env in ["dev", "staging", "prod"] {
        assert!(
            names
                .iter()
                .any(|n| n.ends_with(&format!("values-{env}.yaml"))),
            "{names:?}"
        );
    }

    // Export > Kustomize writes base/ and an overlay per environment, the files the command line
    // writes (and `kubectl kustomize` renders, tested there).
    harness.state_mut().export_dialog = None;
    harness.state_mut().perform(Action::ExportKustomize);
    harness.run();
    let out = std::env::temp_dir().join(format!("kubedraft-app-kustomize-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let dialog = harness.state_mut().export_dialog.as_mut().expect("dialog");
    dialog.path = out.display().to_string();
    let written = dialog.write().expect("write");
    let expected = kubedraft::manifest::kustomize::folders(&harness.state().doc).expect("tree");
    assert_eq!(written.len(), expected.len());
    for env in ["dev", "staging", "prod"] {
        assert!(
            out.join("overlays")
                .join(env)
                .join("kustomization.yaml")
                .is_file()
        );
    }
    assert!(out.join("base").join("kustomization.yaml").is_file());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn the_problems_room_checks_the_shown_environment_with_its_severities() {
    use kubedraft::rules::Severity;
    let mut harness = app();
    harness.run();
    harness.state_mut().problems.panel = true;
    harness.run();
    let budget_findings = |harness: &Harness<'static, KubedraftApp>| -> Vec<Severity> {
        harness
            .state()
            .problems
            .diagnostics()
            .iter()
            .filter(|d| d.rule == "K8S-BP-009")
            .map(|d| d.severity)
            .collect()
    };
    // The base has the api-server's PodDisruptionBudget; staging leaves it out (with 3 replicas),
    // and a missing budget is an info in a non-production environment (a warning in prod).
    assert!(budget_findings(&harness).is_empty());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num3);
    harness.run();
    harness.run();
    assert_eq!(harness.state().env.as_deref(), Some("staging"));
    assert_eq!(budget_findings(&harness), [Severity::Info]);
    assert!(
        harness
            .query_by_label(
                "The findings of environment staging: its effective design, with staging's severities."
            )
            .is_some()
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run();
    harness.run();
    assert!(budget_findings(&harness).is_empty());
}

#[test]
fn the_incremental_checker_follows_an_environment_switch() {
    let doc = web_tier_envs();
    let mut checker = kubedraft::rules::Checker::default();
    let base = doc.effective(None).unwrap();
    checker.update_document(&base);
    let staging = doc.effective(Some("staging")).unwrap();
    let incremental: Vec<String> = checker
        .update_document(&staging)
        .iter()
        .map(|d| format!("{} {}", d.rule, d.message))
        .collect();
    let full: Vec<String> = kubedraft::rules::check_document(&staging)
        .iter()
        .map(|d| format!("{} {}", d.rule, d.message))
        .collect();
    assert_eq!(incremental, full);
}
