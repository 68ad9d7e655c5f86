//! Environments in the document (issue 13 point 1): the format migration, effective designs,
//! problems reported on load, the commands and their undo; and `check --env` (point 3).

use std::path::Path;

use kubedraft::design_file;
use kubedraft::document::{
    Command, Document, EnvCommand, Environment, History, ObjectKey, environments::EnvProblem,
};
use kubedraft::manifest::export;
use kubedraft::rules::Severity;
use kubedraft::rules::environment::check_environment;
use serde_json::{Value, json};

use crate::support::cli::{kubedraft, stdout};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join("examples").join(name)).expect("read example")
}

pub(crate) fn web_tier_envs() -> Document {
    design_file::from_ron(&read("web-tier-envs.ron")).expect("design")
}

fn key(kind: &str, name: &str) -> ObjectKey {
    ObjectKey {
        kind: kind.to_owned(),
        namespace: Some("shop".to_owned()),
        name: name.to_owned(),
    }
}

fn replicas(doc: &Document) -> Option<i32> {
    let id = doc.model.find("Deployment", Some("shop"), "api-server")?;
    doc.model.get(id)?.replicas()
}

#[test]
fn version_1_designs_load_without_environments_and_export_the_same() {
    // tests/fixtures/design-v1 holds the examples as version 1 wrote them.
    for name in [
        "web-tier.ron",
        "postgres.ron",
        "microservices.ron",
        "web-gateway.ron",
    ] {
        let path = root().join("tests/fixtures/design-v1").join(name);
        let text = std::fs::read_to_string(path).expect("read fixture");
        assert!(
            text.contains("format_version: 1,"),
            "{name} is a version 1 file"
        );
        let doc = design_file::from_ron(&text).expect("design");
        assert!(doc.environments.is_empty(), "{name}");
        assert!(doc.environment_problems().is_empty(), "{name}");
        // The base of a design without environments is the design itself.
        let effective = doc.effective(None).expect("base");
        assert!(matches!(effective, std::borrow::Cow::Borrowed(_)), "{name}");
        // Saved again, only the version changes, and that is the example as it is now.
        let saved = design_file::to_ron(&doc).expect("save");
        assert_eq!(
            saved,
            text.replacen("format_version: 1,", "format_version: 2,", 1),
            "{name}"
        );
        assert_eq!(saved, read(name), "{name}");
        // The same YAML and the same chart as the version 2 example.
        let current = design_file::from_ron(&read(name)).expect("example");
        assert_eq!(
            export::to_yaml(&doc.model).expect("yaml"),
            export::to_yaml(&current.model).expect("yaml"),
            "{name}"
        );
        assert_eq!(
            kubedraft::manifest::helm::chart_with_environments(&doc, "c").expect("chart"),
            kubedraft::manifest::helm::chart(&current.model, "c").expect("chart"),
            "{name}"
        );
    }
}

#[test]
fn the_example_saves_as_it_reads_and_has_three_environments() {
    let text = read("web-tier-envs.ron");
    let doc = design_file::from_ron(&text).expect("design");
    assert_eq!(doc.environments.names(), ["dev", "staging", "prod"]);
    assert_eq!(design_file::to_ron(&doc).expect("save"), text);
    assert!(doc.environment_problems().is_empty());
}

#[test]
fn effective_designs_apply_overrides_and_leave_objects_out() {
    let doc = web_tier_envs();
    let pdb = |d: &Document| {
        d.model
            .find("PodDisruptionBudget", Some("shop"), "api-server")
    };
    let base = doc.effective(None).expect("base");
    assert_eq!(replicas(&base), Some(3));
    assert!(pdb(&base).is_some());
    let dev = doc.effective(Some("dev")).expect("dev");
    assert_eq!(replicas(&dev), Some(1));
    assert!(pdb(&dev).is_none(), "dev leaves the PDB out");
    assert!(
        dev.environments.is_empty(),
        "an effective design has no environments"
    );
    let prod = doc.effective(Some("prod")).expect("prod");
    assert_eq!(replicas(&prod), Some(5));
    assert!(pdb(&prod).is_some());
    let ingress = prod
        .model
        .find("Ingress", Some("shop"), "api-server")
        .expect("ingress");
    let value = prod.model.get(ingress).expect("ingress").to_value();
    assert_eq!(value["spec"]["rules"][0]["host"], json!("shop.example.com"));
    // Relations are derived on the effective design: the Service still selects the pods.
    assert!(!prod.model.relations().is_empty());
    let missing = doc.effective(Some("qa")).expect_err("no qa");
    assert!(
        missing.to_string().contains("dev, staging, prod"),
        "{missing}"
    );
}

#[test]
fn overrides_of_missing_objects_and_fields_are_reported_and_kept() {
    let text = read("web-tier-envs.ron")
        .replacen(
            "field: \"/spec/template/spec/containers/0/env/1/value\"",
            "field: \"/spec/template/spec/containers/3/env/1/value\"",
            1,
        )
        .replacen("name: \"api-server\",\n          ),\n          field: \"/spec/rules/0/host\",\n          value: \"api.staging", "name: \"gone\",\n          ),\n          field: \"/spec/rules/0/host\",\n          value: \"api.staging", 1);
    let doc = design_file::from_ron(&text).expect("loads with problems");
    let problems = doc.environment_problems();
    let expected_field = EnvProblem {
        environment: "dev".into(),
        object: key("Deployment", "api-server"),
        field: Some("/spec/template/spec/containers/3/env/1/value".into()),
        message: "`/spec/template/spec/containers/3/env/1/value`: the manifest has no `/spec/template/spec/containers/3` (the field no longer exists)".into(),
    };
    assert!(problems.contains(&expected_field), "{problems:#?}");
    let gone = problems
        .iter()
        .find(|p| p.environment == "staging" && p.object.name == "gone")
        .expect("staging's override of a missing Ingress");
    assert_eq!(gone.message, "no such object in the design");
    assert_eq!(problems.len(), 2, "{problems:#?}");
    // The effective design skips them, and saving keeps them.
    assert_eq!(replicas(&doc.effective(Some("dev")).expect("dev")), Some(1));
    let saved = design_file::to_ron(&doc).expect("save");
    assert!(saved.contains("/spec/template/spec/containers/3/env/1/value"));
    assert!(saved.contains("name: \"gone\""));
    // The CLI names environment, object and field in a load warning, and still checks.
    let file =
        std::env::temp_dir().join(format!("kubedraft-env-problems-{}.ron", std::process::id()));
    std::fs::write(&file, &text).expect("write");
    let output = kubedraft(&["check", file.to_str().expect("path"), "--env", "dev"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("kubedraft: warning: environment `dev`: Deployment/shop/api-server /spec/template/spec/containers/3/env/1/value:"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let _ = std::fs::remove_file(file);
}

#[test]
fn environment_commands_are_undoable_steps() {
    let mut doc = web_tier_envs();
    let original = doc.clone();
    let mut history = History::new();
    let deployment = doc
        .model
        .find("Deployment", Some("shop"), "api-server")
        .expect("id");
    let pdb = doc
        .model
        .find("PodDisruptionBudget", Some("shop"), "api-server")
        .expect("id");
    let steps = [
        EnvCommand::Add {
            environment: Environment {
                name: "qa".into(),
                ..Environment::default()
            },
            index: 1,
        },
        EnvCommand::SetOverride {
            env: "qa".into(),
            object: deployment,
            field: "/spec/replicas".into(),
            value: json!(2),
        },
        EnvCommand::ExcludeObject {
            env: "qa".into(),
            object: pdb,
        },
        EnvCommand::Rename {
            from: "qa".into(),
            to: "test".into(),
        },
        EnvCommand::ResetOverride {
            env: "prod".into(),
            object: deployment,
            field: "/spec/replicas".into(),
        },
    ];
    for step in steps {
        history
            .execute(&mut doc, Command::Env(step), None)
            .expect("applies");
        history.end_gesture();
    }
    assert_eq!(doc.environments.names(), ["dev", "test", "staging", "prod"]);
    let test = doc.effective(Some("test")).expect("test");
    assert_eq!(replicas(&test), Some(2));
    assert!(!doc.in_environment(pdb, Some("test")));
    assert_eq!(
        replicas(&doc.effective(Some("prod")).expect("prod")),
        Some(3)
    );
    // Refused: a duplicate name, an override that breaks the object, an unknown environment.
    let refused = [
        EnvCommand::Rename {
            from: "dev".into(),
            to: "prod".into(),
        },
        EnvCommand::SetOverride {
            env: "dev".into(),
            object: deployment,
            field: "/spec/replicas".into(),
            value: json!("three"),
        },
        EnvCommand::SetOverride {
            env: "dev".into(),
            object: deployment,
            field: "/metadata/name".into(),
            value: json!("other"),
        },
        EnvCommand::IncludeObject {
            env: "nope".into(),
            object: pdb,
        },
    ];
    let before = doc.clone();
    for step in refused {
        assert!(history.execute(&mut doc, Command::Env(step), None).is_err());
    }
    assert_eq!(doc, before);
    for _ in 0..5 {
        history.undo(&mut doc).expect("undo");
    }
    assert_eq!(doc, original);
    history.redo(&mut doc).expect("redo");
    assert_eq!(doc.environments.names(), ["dev", "qa", "staging", "prod"]);
}

#[test]
fn environment_only_objects_are_in_the_environments_that_include_them() {
    let mut doc = web_tier_envs();
    let pdb = doc
        .model
        .find("PodDisruptionBudget", Some("shop"), "api-server")
        .expect("id");
    let batch = Command::Batch(vec![
        Command::Env(EnvCommand::SetEnvOnly {
            object: pdb,
            env_only: true,
        }),
        Command::Env(EnvCommand::IncludeObject {
            env: "prod".into(),
            object: pdb,
        }),
    ]);
    let inverse = batch.apply(&mut doc).expect("applies");
    assert!(!doc.in_environment(pdb, None));
    assert!(doc.in_environment(pdb, Some("prod")));
    assert!(!doc.in_environment(pdb, Some("staging")));
    let base = doc.effective(None).expect("base");
    assert!(!base.model.contains(pdb));
    assert!(
        doc.effective(Some("prod"))
            .expect("prod")
            .model
            .contains(pdb)
    );
    // Saved and read back, the same.
    let again = design_file::from_ron(&design_file::to_ron(&doc).expect("save")).expect("read");
    assert_eq!(again.environments, doc.environments);
    // A rename takes the object's environment data along.
    let mut renamed = doc.model.get(pdb).expect("pdb").clone();
    renamed.metadata_mut().name = Some("api".into());
    Command::ReplaceObject {
        id: pdb,
        object: renamed,
    }
    .apply(&mut doc)
    .expect("rename");
    assert!(doc.in_environment(pdb, Some("prod")) && !doc.in_environment(pdb, None));
    // Commands name objects by id, so the undo still finds the renamed object.
    inverse.apply(&mut doc).expect("undo after the rename");
    assert!(doc.in_environment(pdb, None) && doc.in_environment(pdb, Some("prod")));
    // The rename moved staging's exclusion along too.
    assert!(!doc.in_environment(pdb, Some("staging")));
}

#[test]
fn replica_findings_depend_on_the_environment() {
    let mut doc = web_tier_envs();
    let deployment = doc
        .model
        .find("Deployment", Some("shop"), "api-server")
        .expect("id");
    Command::Env(EnvCommand::SetOverride {
        env: "prod".into(),
        object: deployment,
        field: "/spec/replicas".into(),
        value: json!(1),
    })
    .apply(&mut doc)
    .expect("applies");
    let severity_of = |doc: &Document, env: Option<&str>, rule: &str| {
        let (_, diagnostics) = check_environment(doc, env).expect("check");
        diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .map(|d| d.severity)
    };
    assert_eq!(
        severity_of(&doc, Some("dev"), "K8S-BP-010"),
        Some(Severity::Info)
    );
    assert_eq!(
        severity_of(&doc, Some("prod"), "K8S-BP-010"),
        Some(Severity::Warning)
    );
    // Staging has three replicas and no PDB: an info there, a warning in an unknown stage.
    assert_eq!(
        severity_of(&doc, Some("staging"), "K8S-BP-009"),
        Some(Severity::Info)
    );
    let staging = doc.environments.get("staging").cloned().expect("staging");
    doc.environments.list.push(Environment {
        name: "eu-west".into(),
        ..staging
    });
    assert_eq!(
        severity_of(&doc, Some("eu-west"), "K8S-BP-009"),
        Some(Severity::Warning)
    );
}

#[test]
fn check_names_the_environment_in_every_format() {
    let path = root().join("examples/web-tier-envs.ron");
    let path = path.to_str().expect("path");
    let text = stdout(&kubedraft(&["check", path, "--env", "dev"]));
    assert!(
        text.lines()
            .filter(|l| l.contains("[K8S-"))
            .all(|l| l.contains(": [dev] ")),
        "{text}"
    );
    assert!(text.contains("[dev] info[K8S-BP-010]"), "{text}");
    let all = kubedraft(&["check", path, "--all-envs", "--fail-on", "warning"]);
    assert_eq!(all.status.code(), Some(0));
    let all = stdout(&all);
    for env in ["[dev]", "[staging]", "[prod]"] {
        assert!(all.contains(env), "{env}: {all}");
    }
    let json: Value = serde_json::from_str(&stdout(&kubedraft(&[
        "check", path, "--env", "prod", "--format", "json",
    ])))
    .expect("json");
    let findings = json["diagnostics"].as_array().expect("diagnostics");
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|d| d["environment"] == json!("prod")));
    let sarif: Value = serde_json::from_str(&stdout(&kubedraft(&[
        "check", path, "--env", "staging", "--format", "sarif",
    ])))
    .expect("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(
        results
            .iter()
            .all(|r| r["properties"]["environment"] == json!("staging"))
    );
    // Without --env, the base, untagged, as before.
    let base = stdout(&kubedraft(&["check", path]));
    assert!(
        !base.contains("[dev]") && !base.contains("[prod]"),
        "{base}"
    );
    let unknown = kubedraft(&["check", path, "--env", "qa"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// The effective design of each environment is what merging its overrides object by object
/// gives, and its relations are those derived from scratch (the switch derives them in bulk, with
/// namespace selectors matched once per distinct selector). Policies in three namespaces select
/// peers in namespaces labelled `team: web`; prod relabels the pods of one of them.
#[test]
fn effective_designs_equal_merging_each_object_and_deriving_from_scratch() {
    let mut doc = Document::new();
    let mut prod = Environment {
        name: "prod".into(),
        ..Environment::default()
    };
    for (index, team) in ["web", "web", "data"].iter().enumerate() {
        let ns = format!("ns-{index}");
        doc.model
            .add_namespace(
                &ns,
                kubedraft::model::Namespace {
                    labels: [("team".to_owned(), (*team).to_owned())].into(),
                    ..Default::default()
                },
            )
            .expect("namespace");
        let text = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app, namespace: {ns}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: app}}}}\n  template:\n    metadata: {{labels: {{app: app}}}}\n    spec: {{containers: [{{name: app, image: app:1}}]}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: from-web, namespace: {ns}}}\nspec:\n  podSelector: {{}}\n  ingress:\n    - from:\n        - namespaceSelector: {{matchLabels: {{team: web}}}}\n          podSelector: {{matchLabels: {{app: app}}}}\n"
        );
        let imported = kubedraft::manifest::import::parse_manifests(&text, "g.yaml");
        assert!(imported.errors.is_empty(), "{:?}", imported.errors);
        for (object, _) in imported.objects {
            doc.model.add(object);
        }
        let deployment = key_in("Deployment", &ns, "app");
        prod.overrides
            .entry(deployment.clone())
            .or_default()
            .insert("/spec/replicas".into(), json!(5));
        if index == 1 {
            prod.overrides
                .entry(deployment)
                .or_default()
                .insert("/spec/template/metadata/labels/app".into(), json!("other"));
        }
    }
    doc.environments.list = vec![prod];
    let across = |model: &kubedraft::model::Model| {
        model
            .relations()
            .iter()
            .filter(|(_, _, r)| matches!(r, kubedraft::model::Relation::PolicyAllowsFrom { .. }))
            .count()
    };
    // Base: each of the three policies admits the pods of ns-0 and ns-1.
    assert_eq!(across(&doc.model), 6);
    let effective = doc.effective(Some("prod")).expect("prod");
    assert_eq!(
        effective.model.relations(),
        effective.model.relations_from_scratch()
    );
    // Prod: ns-1's pods no longer match `app: app`.
    assert_eq!(across(&effective.model), 3);
    for (id, object) in doc.model.objects() {
        let expected = match doc.overrides_of(id, "prod") {
            Some(fields) => {
                kubedraft::document::environments::apply_overrides(object, fields).expect("merge")
            }
            None => object.clone(),
        };
        assert_eq!(effective.model.get(id), Some(&expected));
    }
}

fn key_in(kind: &str, namespace: &str, name: &str) -> ObjectKey {
    ObjectKey {
        kind: kind.into(),
        namespace: Some(namespace.into()),
        name: name.into(),
    }
}
