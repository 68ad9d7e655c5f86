//! A Helm chart's `values-<env>.yaml` files as environments (`--values-as-env`, issue 13 points 5
//! and 6). The renderings are made one design by `manifest::env_import` (tested here without
//! helm); the tests that run the real helm are `#[ignore]`d and run by `.ci/run`, where a missing
//! helm fails them.
//!
//! "The same objects" means by content: objects keyed by apiVersion, kind, namespace and name,
//! each compared whole as parsed JSON (helm's key order, quoting and comments are text, not
//! meaning). A chart kubedraft writes adds the usual chart labels to every object, which
//! [`by_identity`] leaves out when two charts' renderings are compared.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kubedraft::document::{Document, ObjectKey};
use kubedraft::manifest::env_import::{EnvRendering, document_with_environments};
use kubedraft::manifest::import::parse_manifests;
use serde_json::{Value, json};

use crate::helm::{by_identity, helm_binary, parse_all};
use crate::repos_render::{exported, kubedraft_with, objects, s, tool_output};
use crate::support::cli::{stderr, stdout};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The chart written for these tests: dev, staging and prod values (replicas, image tag,
/// resources, the Ingress host and TLS), a PDB only in prod, a debug ConfigMap left out of prod.
fn storefront() -> PathBuf {
    root().join("tests/fixtures/charts/storefront")
}

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kubedraft-chartenv-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp");
    dir
}

fn deployment(replicas: u32, image: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: shop}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n        - name: web\n          image: {image}\n          resources: {{requests: {{cpu: 100m}}, limits: {{cpu: 500m}}}}\n"
    )
}

const DEBUG: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: debug, namespace: shop}\ndata: {LOG: debug}\n";

fn pdb(min: u32) -> String {
    format!(
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: web, namespace: shop}}\nspec:\n  minAvailable: {min}\n  selector: {{matchLabels: {{app: web}}}}\n"
    )
}

/// The manifests of a design's objects by key, as the model holds them.
fn manifests_of(doc: &Document) -> BTreeMap<ObjectKey, Value> {
    doc.model
        .objects()
        .map(|(_, o)| (ObjectKey::of(o), o.to_value()))
        .collect()
}

/// What one rendering's text reads as, by key.
fn rendered(text: &str) -> BTreeMap<ObjectKey, Value> {
    manifests_of(&kubedraft::manifest::import::into_document(
        parse_manifests(text, "r.yaml"),
    ))
}

#[test]
fn renderings_become_a_base_with_overrides_inclusions_and_exclusions() {
    let base = format!("{}---\n{DEBUG}", deployment(2, "web:2.4"));
    // dev drops the CPU limit; prod leaves the debug ConfigMap out and adds a PDB; staging has the
    // PDB too, differently.
    let dev = format!(
        "{}---\n{DEBUG}",
        deployment(1, "web:2.5-rc").replace(", limits: {cpu: 500m}", "")
    );
    let prod = format!("{}---\n{}", deployment(5, "web:2.4"), pdb(2));
    let staging = format!("{}---\n{DEBUG}---\n{}", deployment(2, "web:2.4.1"), pdb(1));
    let envs = [("dev", &dev), ("prod", &prod), ("staging", &staging)];
    let made = document_with_environments(
        parse_manifests(&base, "base.yaml"),
        envs.iter()
            .map(|(name, text)| EnvRendering {
                name: (*name).to_owned(),
                imported: parse_manifests(text, &format!("{name}.yaml")),
                label: format!("values-{name}.yaml"),
            })
            .collect(),
        "chart",
    );
    assert!(made.errors.is_empty(), "{:?}", made.errors);
    let doc = made.document;
    assert_eq!(doc.environments.names(), ["dev", "prod", "staging"]);
    let key = |kind: &str| ObjectKey {
        kind: kind.into(),
        namespace: Some("shop".into()),
        name: if kind == "ConfigMap" { "debug" } else { "web" }.into(),
    };
    let (web, debug, budget) = (
        key("Deployment"),
        key("ConfigMap"),
        key("PodDisruptionBudget"),
    );
    assert_eq!(
        doc.environments.env_only.iter().collect::<Vec<_>>(),
        [&budget]
    );
    let env = |name: &str| doc.environments.get(name).expect("env");
    assert_eq!(
        env("dev").overrides[&web],
        BTreeMap::from([
            ("/spec/replicas".to_owned(), json!(1)),
            (
                "/spec/template/spec/containers/0/image".to_owned(),
                json!("web:2.5-rc")
            ),
            (
                "/spec/template/spec/containers/0/resources/limits".to_owned(),
                Value::Null
            ),
        ])
    );
    assert!(env("prod").exclude.contains(&debug) && env("prod").include.contains(&budget));
    assert!(env("dev").include.is_empty() && env("dev").exclude.is_empty());
    // The PDB is stored as prod rendered it (the first environment that has it); staging's
    // differs by an override.
    assert_eq!(
        env("staging").overrides[&budget],
        BTreeMap::from([("/spec/minAvailable".to_owned(), json!(1))])
    );
    assert!(!env("prod").overrides.contains_key(&budget));
    // Each environment's effective design is exactly its rendering, and the base is the base's.
    assert_eq!(
        manifests_of(&doc.effective(None).expect("base")),
        rendered(&base)
    );
    for (name, text) in envs {
        assert_eq!(
            manifests_of(&doc.effective(Some(name)).expect("env")),
            rendered(text),
            "{name}"
        );
    }
    assert!(doc.environment_problems().is_empty());
}

#[test]
fn renderings_without_differences_give_environments_without_overrides() {
    let base = deployment(2, "web:2.4");
    let made = document_with_environments(
        parse_manifests(&base, "base.yaml"),
        vec![EnvRendering {
            name: "qa".into(),
            imported: parse_manifests(&base, "qa.yaml"),
            label: "values-qa.yaml".into(),
        }],
        "chart",
    );
    let qa = made.document.environments.get("qa").expect("qa");
    assert!(qa.overrides.is_empty() && qa.include.is_empty() && qa.exclude.is_empty());
    assert!(made.document.environments.env_only.is_empty());
}

#[test]
fn values_as_env_needs_helm_and_a_chart_on_its_own() {
    let chart = storefront();
    for command in ["check", "export", "reach", "open"] {
        let mut args = vec![command, s(&chart), "--values-as-env"];
        if command == "export" {
            args.extend(["--out", "-"]);
        }
        let output = kubedraft_with(&[], &args);
        assert_eq!(output.status.code(), Some(2), "{command}");
        let message = stderr(&output);
        assert!(message.contains("Helm chart"), "{command}: {message}");
        assert!(message.contains("scripts/fetch-tools"), "{message}");
    }
    let design = root().join("examples/web-tier.ron");
    let alone = kubedraft_with(&[], &["check", s(&design), "--values-as-env"]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(
        stderr(&alone).contains("need a Helm chart folder"),
        "{}",
        stderr(&alone)
    );
    // With other inputs it is refused before helm is looked for.
    let mixed = kubedraft_with(&[], &["check", s(&chart), s(&design), "--values-as-env"]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        stderr(&mixed).contains("given on its own"),
        "{}",
        stderr(&mixed)
    );
}

#[test]
fn values_files_are_found_beside_values_yaml() {
    let (found, notes) = kubedraft::io::environment_values(&storefront()).expect("read");
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["dev", "prod", "staging"]);
    assert!(notes.is_empty(), "{notes:?}");
    let dir = temp("names");
    for file in [
        "values.yaml",
        "values-qa.yaml",
        "values-my.env.yaml",
        "values-base.yaml",
        "other-dev.yaml",
    ] {
        std::fs::write(dir.join(file), "a: 1\n").expect("write");
    }
    let (found, notes) = kubedraft::io::environment_values(&dir).expect("read");
    assert_eq!(found, [("qa".to_owned(), dir.join("values-qa.yaml"))]);
    let noted_files: Vec<&str> = notes.iter().map(|n| n.file.as_str()).collect();
    assert_eq!(
        noted_files,
        [
            s(&dir.join("values-base.yaml")),
            s(&dir.join("values-my.env.yaml"))
        ]
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// `helm template CHART [-f CHART/values-ENV.yaml]`, by identity. The release keeps helm's
/// default name, the one kubedraft renders a chart with: names made from `.Release.Name` are fixed
/// in the design at that name.
fn render_env(helm: &Path, chart: &Path, env: Option<&str>) -> BTreeMap<String, Value> {
    let values = env.map(|e| chart.join(format!("values-{e}.yaml")));
    let mut args = vec!["template", s(chart)];
    args.extend(values.iter().flat_map(|v| ["-f", s(v)]));
    by_identity(parse_all(&tool_output(helm, &args)))
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn a_design_from_values_as_env_exports_each_environment_as_helm_renders_it() {
    let helm = helm_binary();
    let tools = [("HELM", helm.as_path())];
    let chart = storefront();
    let dir = temp("design");
    let design = dir.join("shop.ron");
    let output = kubedraft_with(
        &tools,
        &[
            "export",
            s(&chart),
            "--values-as-env",
            "--format",
            "design",
            "--out",
            s(&design),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let base = objects(parse_all(&tool_output(&helm, &["template", s(&chart)])));
    assert_eq!(base.len(), 4, "{base:?}");
    assert_eq!(exported(&[], &[s(&design)]), base);
    for env in ["dev", "staging", "prod"] {
        let values = chart.join(format!("values-{env}.yaml"));
        let helm_says = objects(parse_all(&tool_output(
            &helm,
            &["template", s(&chart), "-f", s(&values)],
        )));
        assert_eq!(
            exported(&[], &[s(&design), "--env", env]),
            helm_says,
            "{env}"
        );
    }
    let prod = exported(&[], &[s(&design), "--env", "prod"]);
    assert!(prod.keys().any(|k| k.contains("PodDisruptionBudget")));
    assert!(!prod.keys().any(|k| k.contains("ConfigMap")));
    // --set goes to every rendering, after the environment's values file.
    let seven = kubedraft_with(
        &tools,
        &[
            "export",
            s(&chart),
            "--values-as-env",
            "--set",
            "replicas=7",
            "--env",
            "dev",
            "--out",
            "-",
        ],
    );
    assert_eq!(seven.status.code(), Some(0), "{}", stderr(&seven));
    let dev_values = chart.join("values-dev.yaml");
    let helm_seven = objects(parse_all(&tool_output(
        &helm,
        &[
            "template",
            s(&chart),
            "-f",
            s(&dev_values),
            "--set",
            "replicas=7",
        ],
    )));
    assert_eq!(objects(parse_all(&stdout(&seven))), helm_seven);
    // check and reach read the same design.
    let check = kubedraft_with(
        &tools,
        &["check", s(&chart), "--values-as-env", "--all-envs"],
    );
    assert!(
        matches!(check.status.code(), Some(0 | 1)),
        "{}",
        stderr(&check)
    );
    let report = stdout(&check);
    assert!(
        report.contains("[prod]") && report.contains("[dev]"),
        "{report}"
    );
    let reach = kubedraft_with(&tools, &["reach", s(&chart), "--values-as-env"]);
    assert_eq!(reach.status.code(), Some(0), "{}", stderr(&reach));
    // The function the app's import calls gives the same design.
    let loaded =
        kubedraft::io::read_chart_with_envs(&chart, &kubedraft::io::RenderOptions::default())
            .expect("read");
    let from_file = kubedraft::io::read_design(&design).expect("design");
    assert_eq!(loaded.document.environments, from_file.environments);
    assert_eq!(loaded.document.model.len(), 5);
    let _ = std::fs::remove_dir_all(dir);
}

/// Point 6: a chart imported with its values files as environments and exported as a chart
/// renders, per environment, what the original chart renders.
#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn a_chart_read_as_environments_exports_a_chart_that_renders_the_same() {
    let helm = helm_binary();
    let tools = [("HELM", helm.as_path())];
    let out = temp("roundtrip");
    // Our fixture, and the chart kubedraft writes for its own example with environments.
    let example = root().join("examples/web-tier-envs.ron");
    let first = kubedraft_with(
        &[],
        &["export", s(&example), "--format", "helm", "--out", s(&out)],
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let charts = [
        ("storefront", storefront()),
        ("web-tier-envs", out.join("web-tier-envs")),
    ];
    for (name, original) in charts {
        let again = out.join("again");
        let output = kubedraft_with(
            &tools,
            &[
                "export",
                s(&original),
                "--values-as-env",
                "--format",
                "helm",
                "--out",
                s(&again),
                "--chart-name",
                name,
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let copy = again.join(name);
        let (envs, _) = kubedraft::io::environment_values(&original).expect("values");
        assert_eq!(envs.len(), 3, "{name}");
        let base = render_env(&helm, &original, None);
        assert!(!base.is_empty());
        assert_eq!(render_env(&helm, &copy, None), base, "{name}: base");
        for (env, _) in envs {
            let rendered = render_env(&helm, &original, Some(&env));
            assert_ne!(rendered, base, "{name}: {env} differs from the base");
            assert_eq!(
                render_env(&helm, &copy, Some(&env)),
                rendered,
                "{name}: {env}"
            );
        }
        let _ = std::fs::remove_dir_all(again);
    }
    let _ = std::fs::remove_dir_all(out);
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn the_app_opens_a_chart_with_its_values_files_as_environments() {
    // The app finds helm as the command line does (`HELM`, else `PATH`).
    let helm = helm_binary();
    assert!(
        std::env::var_os("HELM").is_some() || helm == Path::new("helm"),
        "helm is found the way the app looks for it"
    );
    let mut app = kubedraft::ui::KubedraftApp::with_example();
    app.open_paths(&[storefront()]).expect("open the chart");
    assert_eq!(app.doc.environments.names(), ["dev", "prod", "staging"]);
    // The prod-only PodDisruptionBudget is in prod's effective design only.
    let pdbs = |env: Option<&str>| {
        app.doc
            .effective(env)
            .expect("env")
            .model
            .objects()
            .filter(|(_, o)| o.kind_name() == "PodDisruptionBudget")
            .count()
    };
    assert_eq!(pdbs(Some("prod")), 1);
    assert_eq!(pdbs(Some("dev")), 0);
    assert_eq!(pdbs(None), 0);
}
