//! Helm charts and values: snapshots of each example's export and chart, hostile strings in
//! values, and lint and render checks against the plain export with a `helm` binary (`HELM` or on
//! `PATH`). Those are `#[ignore]`d because they need the tool; `.ci/run` installs helm and runs them
//! with `--ignored`, where a missing binary fails them.

use crate::support::cli;
use crate::support::hostile;
use cli::kubedraft;
use hostile::{HOSTILE, hostile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kubedraft::design_file;
use kubedraft::document::Document;
use kubedraft::manifest::helm::{self, ChartFile};
use kubedraft::manifest::yaml::{parse_document, split_documents};
use kubedraft::manifest::{export, yaml};
use serde_json::{Value, json};

const EXAMPLES: [&str; 3] = ["web-tier", "postgres", "microservices"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> Document {
    let text = std::fs::read_to_string(root().join(format!("examples/{name}.ron"))).expect("read");
    design_file::from_ron(&text).expect("design")
}

pub(crate) fn parse_all(text: &str) -> Vec<Value> {
    split_documents(text)
        .iter()
        .map(|d| parse_document(d).unwrap_or_else(|e| panic!("{e}:\n{text}")))
        .filter(|v| !v.is_null())
        .collect()
}

fn file<'a>(files: &'a [ChartFile], name: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path.ends_with(name))
        .unwrap_or_else(|| panic!("no {name}"))
        .contents
}

#[test]
fn example_exports_and_charts_match_their_snapshots() {
    for name in EXAMPLES {
        let doc = example(name);
        insta::assert_snapshot!(
            format!("{name}.yaml"),
            export::to_yaml(&doc.model).expect("yaml")
        );
        // One snapshot per chart: every file under a header naming it.
        let mut chart = String::new();
        for file in helm::chart(&doc.model, name).expect("chart") {
            chart.push_str("=== ");
            chart.push_str(&file.path);
            chart.push_str(" ===\n");
            chart.push_str(&file.contents);
        }
        insta::assert_snapshot!(format!("{name}-chart"), chart);
    }
}

#[test]
fn chart_has_the_expected_files_one_template_per_object() {
    let doc = example("microservices");
    let files = helm::chart(&doc.model, "shop").expect("chart");
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in [
        "shop/Chart.yaml",
        "shop/values.yaml",
        "shop/values.schema.json",
        "shop/templates/_helpers.tpl",
        "shop/templates/NOTES.txt",
    ] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    let exported = export::manifests(&doc.model);
    let templates = names
        .iter()
        .filter(|n| {
            n.starts_with("shop/templates/")
                && Path::new(n).extension().is_some_and(|e| e == "yaml")
        })
        .count();
    assert_eq!(templates, exported.len());
    let chart = parse_all(file(&files, "Chart.yaml"));
    assert_eq!(chart[0]["apiVersion"], "v2");
    assert_eq!(chart[0]["name"], "shop");
    assert_eq!(chart[0]["version"], helm::CHART_VERSION);
    assert!(chart[0]["appVersion"].is_string());
    // Same input, same bytes.
    assert_eq!(files, helm::chart(&doc.model, "shop").expect("chart"));
    assert!(matches!(
        helm::chart(&doc.model, "Shop_1"),
        Err(helm::HelmError::ChartName(_))
    ));
}

#[test]
fn values_hold_what_users_vary_with_the_exported_values() {
    let doc = example("web-tier");
    let text = helm::values_yaml(&doc.model).expect("values");
    let values = parse_all(&text).remove(0);
    let workload = &values["workloads"]["api-server"];
    assert_eq!(workload["replicas"], 3);
    let container = &workload["containers"]["api-server"];
    assert_eq!(
        container["image"],
        json!({"repository": "ghcr.io/example/api-server", "tag": "1.4.2"})
    );
    assert_eq!(container["resources"]["limits"]["memory"], "512Mi");
    assert_eq!(container["env"][0]["name"], "DATABASE_HOST");
    assert_eq!(values["services"]["api-server"]["type"], "ClusterIP");
    assert_eq!(values["services"]["api-server"]["ports"][0]["port"], 80);
    let ingress = &values["ingresses"]["api-server"];
    assert_eq!(ingress["ingressClassName"], "nginx");
    assert_eq!(ingress["hosts"], json!(["api.example.com"]));
    assert_eq!(ingress["tls"][0]["secretName"], "api-example-com-tls");
    // Comments explain the keys.
    assert!(text.contains("# Deployment web/api-server\n"), "{text}");
    assert!(text.contains("# Number of pods.\n"), "{text}");
}

#[test]
fn schema_lists_every_value_and_forbids_others() {
    let doc = example("web-tier");
    let files = helm::chart(&doc.model, "web-tier").expect("chart");
    let schema: Value = serde_json::from_str(file(&files, "values.schema.json")).expect("json");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["required"],
        json!(["workloads", "services", "ingresses"])
    );
    let service_type =
        &schema["properties"]["services"]["properties"]["api-server"]["properties"]["type"];
    assert_eq!(
        service_type["enum"],
        json!(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"])
    );
    let replicas =
        &schema["properties"]["workloads"]["properties"]["api-server"]["properties"]["replicas"];
    assert_eq!(replicas["type"], "integer");
}

#[test]
fn hostile_strings_survive_in_values_and_templates() {
    let doc = hostile();
    let files = helm::chart(&doc.model, "hostile").expect("chart");
    let values = parse_all(file(&files, "values.yaml")).remove(0);
    let container = &values["workloads"]["yes"]["containers"]["off"];
    assert_eq!(container["image"]["tag"], "1e3");
    assert_eq!(container["resources"]["requests"]["memory"], "0755");
    let env: Vec<&str> = container["env"]
        .as_array()
        .expect("env")
        .iter()
        .map(|e| e["value"].as_str().expect("string"))
        .collect();
    assert_eq!(env[..14], HOSTILE[..14]);
    assert_eq!(values["ingresses"]["true"]["ingressClassName"], "null");
    assert_eq!(values["ingresses"]["true"]["tls"][0]["secretName"], "0755");
    // Literal `{{` in templates is escaped; only template actions remain unescaped.
    let deployment = file(&files, "deployment-no-yes.yaml");
    assert!(
        deployment.contains(r#"template: "{{ "{{" }} .Values.x }}""#),
        "{deployment}"
    );
    let config_map = file(&files, "configmap-no-1e3.yaml");
    assert!(!config_map.contains("{{ .Values.x"), "{config_map}");
}

/// Why the tests that run `helm` are ignored by default; `.ci/run` runs them with `--ignored`.
const NEEDS_HELM: &str = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored";

/// The `helm` binary (`HELM`, else `helm` on `PATH`). Panics when it does not run: a test that
/// asked for helm fails rather than passing without checking anything.
pub(crate) fn helm_binary() -> PathBuf {
    let candidate = std::env::var_os("HELM").map_or_else(|| PathBuf::from("helm"), PathBuf::from);
    match Command::new(&candidate).arg("version").output() {
        Ok(output) if output.status.success() => candidate,
        Ok(output) => panic!(
            "`{} version` failed ({NEEDS_HELM}): {}",
            candidate.display(),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => panic!(
            "no helm binary `{}` ({NEEDS_HELM}): {error}",
            candidate.display()
        ),
    }
}

pub(crate) fn write_chart(doc: &Document, name: &str, tag: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("kubedraft-helm-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let files = helm::chart(&doc.model, name).expect("chart");
    kubedraft::io::write_chart(&folder, &files).expect("write");
    folder.join(name)
}

/// Objects by `apiVersion/kind/namespace/name`, without the labels a chart may add.
pub(crate) fn by_identity(values: Vec<Value>) -> BTreeMap<String, Value> {
    values
        .into_iter()
        .map(|mut value| {
            if let Some(Value::Object(labels)) = value.pointer_mut("/metadata/labels") {
                for label in [
                    "helm.sh/chart",
                    "app.kubernetes.io/managed-by",
                    "app.kubernetes.io/instance",
                    "app.kubernetes.io/version",
                ] {
                    labels.remove(label);
                }
                if labels.is_empty()
                    && let Some(Value::Object(metadata)) = value.pointer_mut("/metadata")
                {
                    metadata.remove("labels");
                }
            }
            let key = format!(
                "{}/{}/{}/{}",
                value["apiVersion"],
                value["kind"],
                value["metadata"]["namespace"],
                value["metadata"]["name"]
            );
            (key, value)
        })
        .collect()
}

pub(crate) fn helm_template(helm: &Path, chart: &Path, extra: &[&str]) -> String {
    let output = Command::new(helm)
        .args(["template", "release"])
        .arg(chart)
        .args(extra)
        .output()
        .expect("helm");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn helm_renders_the_plain_export_for_examples_and_hostile_strings() {
    let helm = helm_binary();
    let mut docs: Vec<(String, Document)> = EXAMPLES
        .iter()
        .map(|name| ((*name).to_owned(), example(name)))
        .collect();
    docs.push(("hostile".to_owned(), hostile()));
    for (name, doc) in docs {
        assert_chart_renders_the_plain_export(&helm, &doc, &name, "render");
    }
}

/// Writes the chart of `doc`, lints it strictly and renders it with `helm template`: the result is
/// exactly the plain export.
pub(crate) fn assert_chart_renders_the_plain_export(
    helm: &Path,
    doc: &Document,
    name: &str,
    tag: &str,
) {
    let chart = write_chart(doc, name, tag);
    let lint = Command::new(helm)
        .args(["lint", "--strict"])
        .arg(&chart)
        .output()
        .expect("helm");
    assert!(
        lint.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&lint.stdout)
    );
    let rendered = by_identity(parse_all(&helm_template(helm, &chart, &[])));
    let plain = by_identity(export::manifests(&doc.model));
    assert_eq!(rendered, plain, "{name}");
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn helm_applies_overrides_and_rejects_wrong_values() {
    let helm = helm_binary();
    let chart = write_chart(&hostile(), "hostile", "override");
    let overrides = chart.with_file_name("override.yaml");
    let override_values = json!({"workloads": {"yes": {"replicas": 5, "containers": {"off": {
        "image": {"repository": "example.com/app", "tag": "no"},
        "env": [{"name": "X", "value": "{{ .Release.Name }}"}]}}}},
        "services": {"on": {"type": "NodePort"}}});
    std::fs::write(&overrides, yaml::to_yaml(&override_values).expect("yaml")).expect("write");
    let rendered = parse_all(&helm_template(
        &helm,
        &chart,
        &["-f", overrides.to_str().expect("utf-8")],
    ));
    let deployment = rendered
        .iter()
        .find(|v| v["kind"] == "Deployment")
        .expect("deployment");
    assert_eq!(deployment["spec"]["replicas"], 5);
    let container = &deployment["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(container["image"], "example.com/app:no");
    assert_eq!(
        container["env"],
        json!([{"name": "X", "value": "{{ .Release.Name }}"}])
    );
    let service = rendered
        .iter()
        .find(|v| v["kind"] == "Service")
        .expect("service");
    assert_eq!(service["spec"]["type"], "NodePort");
    // Selectors keep matching the pod labels: the chart adds labels only to object metadata.
    assert_eq!(service["spec"]["selector"], json!({"y": "n"}));
    assert_eq!(
        deployment["spec"]["template"]["metadata"]["labels"]["y"],
        "n"
    );
    for bad in [
        "workloads.yes.replicas=many",
        "services.on.type=Cluster",
        "ingresses.true.unknown=1",
    ] {
        let lint = Command::new(&helm)
            .args(["lint", "--strict", "--set", bad])
            .arg(&chart)
            .output()
            .expect("helm");
        assert!(!lint.status.success(), "lint accepted {bad}");
    }
}

#[test]
fn cli_writes_charts_and_values() {
    let out = std::env::temp_dir().join(format!("kubedraft-helm-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let design = root().join("examples/web-tier.ron");
    let design = design.to_str().expect("utf-8");
    let out_str = out.to_str().expect("utf-8");
    // Default chart name: the design file's name.
    let output = kubedraft(&["export", design, "--format", "helm", "--out", out_str]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let chart = std::fs::read_to_string(out.join("web-tier/Chart.yaml")).expect("Chart.yaml");
    assert!(chart.contains("name: web-tier"), "{chart}");
    // A stale template of an earlier export is removed; the user's own files stay.
    std::fs::write(out.join("web-tier/templates/099-old-object.yaml"), "x: 1\n").expect("write");
    std::fs::write(out.join("web-tier/templates/mine.yaml"), "x: 1\n").expect("write");
    let output = kubedraft(&["export", design, "--format", "helm", "--out", out_str]);
    assert!(output.status.success());
    assert!(!out.join("web-tier/templates/099-old-object.yaml").exists());
    assert!(out.join("web-tier/templates/mine.yaml").exists());
    // --chart-name, validated.
    let output = kubedraft(&[
        "export",
        design,
        "--format",
        "helm",
        "--out",
        out_str,
        "--chart-name",
        "api",
    ]);
    assert!(output.status.success());
    assert!(out.join("api/values.schema.json").exists());
    let output = kubedraft(&[
        "export",
        design,
        "--format",
        "helm",
        "--out",
        out_str,
        "--chart-name",
        "Bad_Name",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a valid chart name"));
    // Values only, to stdout: the same text as the chart's values.yaml.
    let output = kubedraft(&["export", design, "--format", "values", "--out", "-"]);
    assert!(output.status.success());
    let values = std::fs::read_to_string(out.join("web-tier/values.yaml")).expect("values");
    assert_eq!(String::from_utf8(output.stdout).expect("utf-8"), values);
    let _ = std::fs::remove_dir_all(&out);
}

/// A Deployment whose env values hold characters YAML cannot hold raw (issue 15: one of them
/// made `helm template` render the container's `env:` empty, every variable dropped).
const UNPRINTABLE_ENV: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        env:
        - {name: DEL, value: "a\x7Fb"}
        - {name: C1, value: "a\u009Fb"}
        - {name: NONCHAR, value: "a\uFFFEb"}
        - {name: PLAIN, value: "plain"}
        - {name: FROM, valueFrom: {secretKeyRef: {name: s, key: k}}}
"#;

/// The env values the fixture holds, in order.
const UNPRINTABLE: [&str; 4] = ["a\u{7f}b", "a\u{9f}b", "a\u{fffe}b", "plain"];

fn unprintable_env() -> Document {
    let imported = kubedraft::manifest::import::parse_manifests(UNPRINTABLE_ENV, "env.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    kubedraft::manifest::import::into_document(imported)
}

/// Without helm: every chart file escapes the characters (none is written raw), values.yaml
/// reads back as the same strings, and the env block goes through the chart's `flow` helper.
#[test]
fn unprintable_env_values_are_escaped_and_read_back() {
    let doc = unprintable_env();
    let files = helm::chart(&doc.model, "shop").expect("chart");
    for file in &files {
        assert!(
            !file.contents.contains(['\u{7f}', '\u{9f}', '\u{fffe}']),
            "{} holds a raw unprintable character",
            file.path
        );
    }
    let values = parse_all(file(&files, "values.yaml")).remove(0);
    let env: Vec<&str> = values["workloads"]["web"]["containers"]["app"]["env"]
        .as_array()
        .expect("env")
        .iter()
        .filter_map(|e| e["value"].as_str())
        .collect();
    assert_eq!(env, UNPRINTABLE);
    assert!(file(&files, "values.yaml").contains(r#""a\x7Fb""#));
    let deployment = file(&files, "deployment-shop-web.yaml");
    assert!(
        deployment.contains(r#"env: {{ include "shop.flow""#),
        "{deployment}"
    );
    assert!(file(&files, "_helpers.tpl").contains(r#"define "shop.flow""#));
    // Charts without such values keep their helpers as they were.
    let plain = helm::chart(&example("web-tier").model, "web-tier").expect("chart");
    assert!(!file(&plain, "_helpers.tpl").contains(".flow"));
}

#[test]
#[ignore = "needs helm: HELM=/path/to/helm cargo test --locked -- --ignored"]
fn helm_renders_unprintable_env_values() {
    let helm = helm_binary();
    let doc = unprintable_env();
    let chart = write_chart(&doc, "shop", "unprintable");
    let lint = Command::new(&helm)
        .args(["lint", "--strict"])
        .arg(&chart)
        .output()
        .expect("helm");
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );
    let rendered = by_identity(parse_all(&helm_template(&helm, &chart, &[])));
    let plain = by_identity(export::manifests(&doc.model));
    assert_eq!(rendered, plain);
    let deployment = rendered
        .values()
        .find(|v| v["kind"] == "Deployment")
        .expect("deployment");
    let env = &deployment["spec"]["template"]["spec"]["containers"][0]["env"];
    assert_eq!(env.as_array().map(Vec::len), Some(5), "{env}");
}
