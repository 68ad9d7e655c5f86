//! Helm chart and Kustomize folders given directly (issue 13 point 5): rendered by `helm template`
//! and `kubectl kustomize`, then checked, exported and opened like manifests. The tests that run
//! the tools are `#[ignore]`d; `.ci/run` runs them with `HELM=` and `KUBECTL=` set (from
//! `scripts/fetch-tools`), where a missing tool fails them.

use crate::helm::{helm_binary, parse_all};
use crate::support::cli;
use cli::{stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The chart written for these tests: a Deployment, a Service, and a PDB in prod only.
fn shop() -> PathBuf {
    root().join("tests/fixtures/charts/shop")
}

fn kustomize(folder: &str) -> PathBuf {
    root().join("tests/fixtures/kustomize").join(folder)
}

/// `kubectl` (`KUBECTL`; panics when it does not run, like [`helm_binary`]).
fn kubectl_binary() -> PathBuf {
    const NEEDS: &str = "needs kubectl: KUBECTL=/path/to/kubectl cargo test --locked -- --ignored";
    let Some(candidate) = std::env::var_os("KUBECTL").map(PathBuf::from) else {
        panic!("KUBECTL is not set ({NEEDS})");
    };
    match Command::new(&candidate)
        .args(["version", "--client"])
        .output()
    {
        Ok(output) if output.status.success() => candidate,
        other => panic!(
            "`{}` does not run ({NEEDS}): {other:?}",
            candidate.display()
        ),
    }
}

/// Runs kubedraft with these tool variables only (and `PATH` an empty folder, so that no tool is
/// found by name).
pub(crate) fn kubedraft_with(tools: &[(&str, &Path)], args: &[&str]) -> Output {
    let empty = std::env::temp_dir().join(format!("kubedraft-no-tools-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_kubedraft"));
    command
        .args(args)
        .env("PATH", &empty)
        .env_remove("HELM")
        .env_remove("KUBECTL")
        .env_remove("KUSTOMIZE");
    for (name, path) in tools {
        command.env(name, path);
    }
    command.output().unwrap()
}

pub(crate) fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Objects by `apiVersion/kind/namespace/name`, compared whole.
pub(crate) fn objects(values: Vec<Value>) -> BTreeMap<String, Value> {
    values
        .into_iter()
        .map(|value| {
            let key = format!(
                "{}/{}/{}/{}",
                value["apiVersion"].as_str().unwrap_or_default(),
                value["kind"].as_str().unwrap_or_default(),
                value["metadata"]["namespace"].as_str().unwrap_or_default(),
                value["metadata"]["name"].as_str().unwrap_or_default()
            );
            (key, value)
        })
        .collect()
}

pub(crate) fn tool_output(program: &Path, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// What `kubedraft export INPUT… --out -` writes, as objects.
pub(crate) fn exported(tools: &[(&str, &Path)], args: &[&str]) -> BTreeMap<String, Value> {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", "-"]);
    let output = kubedraft_with(tools, &all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    objects(parse_all(&stdout(&output)))
}

#[test]
fn a_chart_without_helm_exits_two_saying_how_to_get_it() {
    let chart = shop();
    for command in ["check", "export", "reach", "open"] {
        let mut args = vec![command, s(&chart)];
        if command == "export" {
            args.extend(["--out", "-"]);
        }
        let output = kubedraft_with(&[], &args);
        assert_eq!(output.status.code(), Some(2), "{command}");
        let message = stderr(&output);
        assert!(message.contains("Helm chart"), "{command}: {message}");
        assert!(message.contains("HELM="), "{message}");
        assert!(message.contains("scripts/fetch-tools"), "{message}");
    }
}

#[test]
fn a_kustomize_folder_without_kubectl_exits_two_saying_how_to_get_it() {
    let output = kubedraft_with(&[], &["check", s(&kustomize("overlays/prod"))]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("Kustomize"), "{message}");
    assert!(message.contains("KUBECTL="), "{message}");
}

#[test]
fn values_without_a_chart_are_refused() {
    let manifests = root().join("tests/fixtures/repos/plain/manifests");
    let output = kubedraft_with(&[], &["check", s(&manifests), "--set", "a=b"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("need a Helm chart folder"));
}

#[test]
fn a_tool_that_fails_is_reported_with_its_message() {
    // `false` stands for a helm whose chart is broken: exit 2, naming the tool.
    let failing = Path::new("/bin/false");
    let output = kubedraft_with(&[("HELM", failing)], &["check", s(&shop())]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("/bin/false failed"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_tool_that_writes_too_much_or_runs_too_long_is_stopped() {
    // `yes` writes its arguments forever: stopped at the size limit.
    let output = kubedraft_with(
        &[("HELM", Path::new("/usr/bin/yes"))],
        &["check", s(&shop()), "--max-file-size", "1M"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is larger than the limit of 1 MiB"),
        "{}",
        stderr(&output)
    );
    // A helm that hangs is stopped at the time limit.
    let script = std::env::temp_dir().join(format!("kubedraft-hang-{}", std::process::id()));
    std::fs::write(&script, "#!/bin/sh\nexec /bin/sleep 30\n").unwrap();
    let mut permissions = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&script, permissions).unwrap();
    let start = std::time::Instant::now();
    let output = kubedraft_with(
        &[
            ("HELM", &script),
            ("KUBEDRAFT_RENDER_TIMEOUT", Path::new("1")),
        ],
        &["check", s(&shop())],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(start.elapsed().as_secs() < 20, "not stopped");
    assert!(
        stderr(&output).contains("did not finish within 1 seconds"),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_file(script);
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn a_chart_exports_what_helm_template_renders() {
    let helm = helm_binary();
    let tools = [("HELM", helm.as_path())];
    let folder = shop();
    let chart = s(&folder);
    let base = objects(parse_all(&tool_output(&helm, &["template", chart])));
    assert_eq!(base.len(), 2, "{base:?}");
    assert_eq!(exported(&tools, &[chart]), base);
    // --values changes the result exactly as it changes helm's.
    let prod_file = shop().join("values-prod.yaml");
    let prod = objects(parse_all(&tool_output(
        &helm,
        &["template", chart, "--values", s(&prod_file)],
    )));
    assert_eq!(prod.len(), 3, "the prod values add a PDB");
    assert_ne!(prod, base);
    assert_eq!(exported(&tools, &[chart, "--values", s(&prod_file)]), prod);
    // So does --set, after the values files.
    let set = ["--values", s(&prod_file), "--set", "replicas=7"];
    let mut args = vec!["template", chart];
    args.extend_from_slice(&set);
    let seven = objects(parse_all(&tool_output(&helm, &args)));
    let mut args = vec![chart];
    args.extend_from_slice(&set);
    let ours = exported(&tools, &args);
    assert_eq!(ours, seven);
    let deployment = ours.values().find(|v| v["kind"] == "Deployment").unwrap();
    assert_eq!(deployment["spec"]["replicas"], 7);
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn a_chart_is_checked_with_findings_at_its_templates() {
    let helm = helm_binary();
    let tools = [("HELM", helm.as_path())];
    let prod_file = shop().join("values-prod.yaml");
    let output = kubedraft_with(
        &tools,
        &[
            "check",
            s(&shop()),
            "--values",
            s(&prod_file),
            "--format",
            "json",
        ],
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["summary"]["objects"], 3);
    assert_eq!(report["summary"]["load_errors"], 0);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    for diagnostic in diagnostics {
        let file = diagnostic["file"].as_str().unwrap();
        let template = match diagnostic["kind"].as_str().unwrap() {
            "Deployment" => "deployment.yaml",
            "Service" => "service.yaml",
            "PodDisruptionBudget" => "pdb.yaml",
            _ => continue,
        };
        assert_eq!(
            Path::new(file),
            shop().join("templates").join(template),
            "{diagnostic}"
        );
    }
    // The app opens what was rendered.
    let loaded = kubedraft::io::load(&[shop()]).unwrap();
    assert_eq!(loaded.document.model.len(), 2);
}

#[test]
#[ignore = "needs kubectl: KUBECTL=/path/to/kubectl cargo test --locked -- --ignored"]
fn a_kustomize_overlay_exports_what_kubectl_kustomize_renders() {
    let kubectl = kubectl_binary();
    let tools = [("KUBECTL", kubectl.as_path())];
    for folder in ["base", "overlays/prod"] {
        let tree = kustomize(folder);
        let rendered = objects(parse_all(&tool_output(&kubectl, &["kustomize", s(&tree)])));
        let mut ours = exported(&tools, &[s(&tree)]);
        // Export declares the namespaces the objects use (a design's export is complete); the
        // rest is exactly what kubectl rendered.
        let used: Vec<String> = rendered
            .values()
            .filter_map(|v| v["metadata"]["namespace"].as_str())
            .map(|ns| format!("v1/Namespace//{ns}"))
            .collect();
        ours.retain(|key, _| rendered.contains_key(key) || !used.contains(key));
        assert_eq!(ours, rendered, "{folder}");
    }
    let prod = exported(&tools, &[s(&kustomize("overlays/prod"))]);
    assert_eq!(
        prod.values().filter(|v| v["kind"] != "Namespace").count(),
        3
    );
    let deployment = prod.values().find(|v| v["kind"] == "Deployment").unwrap();
    assert_eq!(deployment["metadata"]["namespace"], "shop-prod");
    assert_eq!(deployment["spec"]["replicas"], 4);
    // Findings point at the overlay's kustomization.
    let output = kubedraft_with(
        &tools,
        &["check", s(&kustomize("overlays/prod")), "--format", "json"],
    );
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["summary"]["objects"], 3);
    let expected = kustomize("overlays/prod/kustomization.yaml");
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        assert_eq!(Path::new(diagnostic["file"].as_str().unwrap()), expected);
    }
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn charts_kubedraft_exports_open_as_what_helm_renders() {
    let helm = helm_binary();
    let tools = [("HELM", helm.as_path())];
    let out = std::env::temp_dir().join(format!("kubedraft-own-charts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    for example in ["web-tier", "postgres", "microservices"] {
        let design = root().join(format!("examples/{example}.ron"));
        let output = kubedraft_with(
            &[],
            &["export", s(&design), "--format", "helm", "--out", s(&out)],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let chart = out.join(example);
        let rendered = objects(parse_all(&tool_output(&helm, &["template", s(&chart)])));
        let mut ours = exported(&tools, &[s(&chart)]);
        ours.retain(|key, _| rendered.contains_key(key) || !key.starts_with("v1/Namespace//"));
        assert_eq!(ours, rendered, "{example}");
    }
    let _ = std::fs::remove_dir_all(out);
}
