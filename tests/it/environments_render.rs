//! Export per environment (issue 13 point 4): plain YAML, a chart with `values-<env>.yaml`, and
//! Kustomize overlays. Snapshots of the environment files; renders with the real `helm` and
//! `kubectl` are `#[ignore]`d (they need the tools) and run by `.ci/run`, where a missing tool
//! fails them.

use std::path::{Path, PathBuf};
use std::process::Command;

use kubedraft::document::{Command as Edit, Document, EnvCommand};
use kubedraft::manifest::helm::{self, ChartFile};
use kubedraft::manifest::{export, kustomize};
use serde_json::json;

use crate::environments::web_tier_envs;
use crate::helm::{by_identity, helm_binary, helm_template, parse_all};
use crate::support::cli::{kubedraft, stdout};

/// The example with an object only in prod (a second PDB) and an annotation only staging sets,
/// so that the switches and the `overrides` section are exercised too.
fn with_env_only_object() -> Document {
    let mut doc = web_tier_envs();
    let pdb = doc
        .model
        .find("PodDisruptionBudget", Some("shop"), "api-server")
        .expect("pdb");
    let mut extra = doc.model.get(pdb).expect("pdb").clone();
    extra.metadata_mut().name = Some("api-server-prod".into());
    let id = doc.model.allocate_id();
    let deployment = doc
        .model
        .find("Deployment", Some("shop"), "api-server")
        .expect("id");
    Edit::Batch(vec![
        Edit::AddObject {
            id,
            object: extra,
            position: kubedraft::document::Point::new(0.0, 0.0),
        },
        Edit::Env(EnvCommand::SetEnvOnly {
            object: id,
            env_only: true,
        }),
        Edit::Env(EnvCommand::IncludeObject {
            env: "prod".into(),
            object: id,
        }),
        Edit::Env(EnvCommand::SetOverride {
            env: "staging".into(),
            object: deployment,
            field: "/spec/template/metadata/annotations".into(),
            value: json!({"example.com/canary": "true"}),
        }),
    ])
    .apply(&mut doc)
    .expect("applies");
    doc
}

fn joined(files: &[ChartFile], filter: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    for file in files.iter().filter(|f| filter(&f.path)) {
        out.push_str("=== ");
        out.push_str(&file.path);
        out.push('\n');
        out.push_str(&file.contents);
    }
    out
}

#[test]
fn environment_values_and_overlays_match_their_snapshots() {
    let doc = with_env_only_object();
    let chart = helm::chart_with_environments(&doc, "web-tier-envs").expect("chart");
    insta::assert_snapshot!(
        "web-tier-envs-values",
        joined(&chart, |p| p.contains("/values")
            && !p.ends_with("schema.json"))
    );
    let folders = kustomize::folders(&doc).expect("kustomize");
    insta::assert_snapshot!(
        "web-tier-envs-overlays",
        joined(&folders, |p| p.starts_with("overlays/")
            || p.ends_with("kustomization.yaml"))
    );
    // The same input gives the same bytes.
    assert_eq!(
        helm::chart_with_environments(&doc, "web-tier-envs").expect("chart"),
        chart
    );
    assert_eq!(kustomize::folders(&doc).expect("kustomize"), folders);
}

#[test]
fn a_design_without_environments_gets_the_chart_it_always_got() {
    let doc = crate::environments::web_tier_envs();
    let mut plain = doc.clone();
    plain.environments = kubedraft::document::Environments::default();
    assert_eq!(
        helm::chart_with_environments(&plain, "web-tier").expect("chart"),
        helm::chart(&plain.model, "web-tier").expect("chart")
    );
}

#[test]
fn export_env_writes_the_effective_design() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/web-tier-envs.ron");
    let path = path.to_str().expect("path");
    let doc = web_tier_envs();
    for env in ["dev", "staging", "prod"] {
        let text = stdout(&kubedraft(&["export", path, "--env", env, "--out", "-"]));
        let expected =
            export::to_yaml(&doc.effective(Some(env)).expect("env").model).expect("yaml");
        assert_eq!(text, expected, "{env}");
    }
    let dev = stdout(&kubedraft(&["export", path, "--env", "dev", "--out", "-"]));
    assert!(
        dev.contains("replicas: 1") && !dev.contains("PodDisruptionBudget"),
        "{dev}"
    );
    let refused = kubedraft(&[
        "export", path, "--env", "dev", "--format", "design", "--out", "-",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let unknown = kubedraft(&["export", path, "--env", "qa", "--out", "-"]);
    assert_eq!(unknown.status.code(), Some(2));
}

fn write(files: &[ChartFile], tag: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("kubedraft-envs-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    kubedraft::io::write_chart(&folder, files).expect("write");
    folder
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn helm_renders_each_environment_as_its_plain_export() {
    let helm = helm_binary();
    for (tag, doc) in [
        ("example", web_tier_envs()),
        ("env-only", with_env_only_object()),
    ] {
        let files = helm::chart_with_environments(&doc, "shop").expect("chart");
        let chart = write(&files, tag).join("shop");
        let base = by_identity(parse_all(&helm_template(&helm, &chart, &[])));
        let plain = by_identity(export::manifests(&doc.effective(None).expect("base").model));
        assert_eq!(base, plain, "{tag}: base");
        for env in doc.environments.names() {
            let values = chart.join(format!("values-{env}.yaml"));
            let values = values.to_str().expect("path");
            let lint = Command::new(&helm)
                .args(["lint", "--strict", "-f", values])
                .arg(&chart)
                .output()
                .expect("helm");
            assert!(
                lint.status.success(),
                "{tag} {env}: {}",
                String::from_utf8_lossy(&lint.stdout)
            );
            let rendered = by_identity(parse_all(&helm_template(&helm, &chart, &["-f", values])));
            let plain = by_identity(export::manifests(
                &doc.effective(Some(env)).expect("env").model,
            ));
            assert_eq!(rendered, plain, "{tag}: {env}");
        }
    }
}

/// Why the tests that run `kubectl` are ignored by default; `.ci/run` runs them with `--ignored`.
const NEEDS_KUBECTL: &str =
    "needs kubectl: KUBECTL=/path/to/kubectl cargo test --locked -- --ignored";

/// The `kubectl` binary (`KUBECTL`, else `kubectl` on `PATH`). Panics when it does not run.
fn kubectl_binary() -> PathBuf {
    let candidate =
        std::env::var_os("KUBECTL").map_or_else(|| PathBuf::from("kubectl"), PathBuf::from);
    match Command::new(&candidate)
        .args(["version", "--client"])
        .output()
    {
        Ok(output) if output.status.success() => candidate,
        Ok(output) => panic!(
            "`{} version` failed ({NEEDS_KUBECTL}): {}",
            candidate.display(),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => panic!(
            "no kubectl binary `{}` ({NEEDS_KUBECTL}): {error}",
            candidate.display()
        ),
    }
}

fn kustomize_build(kubectl: &Path, folder: &Path) -> String {
    let output = Command::new(kubectl)
        .arg("kustomize")
        .arg(folder)
        .output()
        .expect("kubectl");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
#[ignore = "needs kubectl: KUBECTL=/path/to/kubectl cargo test --locked -- --ignored"]
fn kustomize_renders_each_overlay_as_its_plain_export() {
    let kubectl = kubectl_binary();
    for (tag, doc) in [
        ("example", web_tier_envs()),
        ("env-only", with_env_only_object()),
    ] {
        let folder = write(
            &kustomize::folders(&doc).expect("kustomize"),
            &format!("k-{tag}"),
        );
        let base = by_identity(parse_all(&kustomize_build(&kubectl, &folder.join("base"))));
        let plain = by_identity(export::manifests(&doc.effective(None).expect("base").model));
        assert_eq!(base, plain, "{tag}: base");
        for env in doc.environments.names() {
            let overlay = folder.join("overlays").join(env);
            let rendered = by_identity(parse_all(&kustomize_build(&kubectl, &overlay)));
            let plain = by_identity(export::manifests(
                &doc.effective(Some(env)).expect("env").model,
            ));
            assert_eq!(rendered, plain, "{tag}: {env}");
        }
    }
}

#[test]
fn a_difference_values_cannot_hold_is_refused_by_helm_and_kept_by_kustomize() {
    let mut doc = web_tier_envs();
    let deployment = doc
        .model
        .find("Deployment", Some("shop"), "api-server")
        .expect("id");
    let manifest = doc.model.get(deployment).expect("deployment").to_value();
    let mut containers = manifest["spec"]["template"]["spec"]["containers"].clone();
    let mut sidecar = containers[0].clone();
    sidecar["name"] = json!("sidecar");
    containers.as_array_mut().expect("list").push(sidecar);
    Edit::Env(EnvCommand::SetOverride {
        env: "prod".into(),
        object: deployment,
        field: "/spec/template/spec/containers".into(),
        value: containers,
    })
    .apply(&mut doc)
    .expect("applies");
    let error = helm::chart_with_environments(&doc, "shop").expect_err("refused");
    assert!(
        error
            .to_string()
            .contains("Deployment/shop/api-server /spec/template/spec/containers"),
        "{error}"
    );
    let folders = kustomize::folders(&doc).expect("kustomize");
    let prod = folders
        .iter()
        .find(|f| f.path == "overlays/prod/kustomization.yaml")
        .expect("prod overlay");
    assert!(
        prod.contents
            .contains("path: /spec/template/spec/containers\n"),
        "{}",
        prod.contents
    );
}
