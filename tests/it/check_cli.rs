//! `kubedraft check` and `kubedraft rules` as CI uses them: exit codes and the three formats.

use crate::support::cli;
use cli::{kubedraft, stdout};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("kubedraft-check-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn clean_manifests_exit_zero() {
    let output = kubedraft(&["check", &fixture("clean.yaml")]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("0 errors, 0 warnings, 4 infos in 13 objects\n"));
}

#[test]
fn errors_exit_one_with_located_text_lines() {
    let file = fixture("K8S-API-007.fires.yaml");
    let output = kubedraft(&["check", &file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    // The Deployment's document starts on line 2 (after `---`).
    let expected = format!(
        "{file}:2: error[K8S-API-007] Deployment/shop/web spec.template.metadata.labels: selector `app=web` does not match template labels `app=frontend`: the API server rejects this\n"
    );
    assert!(text.contains(&expected), "{text}");
}

#[test]
fn warnings_fail_only_when_asked() {
    let file = fixture("K8S-BP-013.fires.yaml");
    let default = kubedraft(&["check", &file]);
    assert_eq!(default.status.code(), Some(0), "{}", stdout(&default));
    assert!(stdout(&default).contains("warning[K8S-BP-013]"));
    let strict = kubedraft(&["check", &file, "--fail-on", "warning"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn error_star_rules_are_warnings_for_manifests() {
    // Imported manifests are not a complete design: a Service selecting nothing may target pods
    // created outside it.
    let output = kubedraft(&["check", &fixture("K8S-REF-001.fires.yaml")]);
    assert!(stdout(&output).contains("warning[K8S-REF-001]"));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn unreadable_input_exits_two() {
    let missing = kubedraft(&["check", "tests/fixtures/no-such-file.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("tests/fixtures/no-such-file.yaml"));
    let broken = temp_file(
        "broken.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: [oops\n",
    );
    let output = kubedraft(&["check", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken.yaml:"));
}

#[test]
fn json_lists_diagnostics_and_summary() {
    let file = fixture("K8S-API-007.fires.yaml");
    let output = kubedraft(&["check", &file, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let first = diagnostics
        .iter()
        .find(|d| d["rule"] == "K8S-API-007")
        .unwrap();
    for key in [
        "rule",
        "severity",
        "kind",
        "namespace",
        "name",
        "field",
        "message",
        "file",
        "line",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["severity"], "error");
    assert_eq!(first["kind"], "Deployment");
    assert_eq!(first["namespace"], "shop");
    assert_eq!(first["line"], 2);
    assert_eq!(first["file"], file.as_str());
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(json["summary"]["errors"], errors);
    assert_eq!(json["summary"]["objects"], 1);
}

#[test]
fn sarif_has_rules_and_located_results() {
    let file = fixture("K8S-API-007.fires.yaml");
    let output = kubedraft(&["check", &file, "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "kubedraft");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 101);
    assert!(
        rules
            .iter()
            .all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string())
    );
    let results = run["results"].as_array().unwrap();
    let result = results
        .iter()
        .find(|r| r["ruleId"] == "K8S-API-007")
        .unwrap();
    assert_eq!(result["level"], "error");
    let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
    assert_eq!(rules[index]["id"], "K8S-API-007");
    let location = &result["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("K8S-API-007.fires.yaml")
    );
    assert_eq!(location["region"]["startLine"], 2);
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("Deployment/shop/web")
    );
    // Infos become SARIF notes.
    assert!(results.iter().any(|r| r["level"] == "note"));
}

#[test]
fn design_files_point_at_the_object_entry() {
    let design =
        std::env::temp_dir().join(format!("kubedraft-check-design-{}.ron", std::process::id()));
    let export = kubedraft(&[
        "export",
        &fixture("K8S-API-007.fires.yaml"),
        "--format",
        "design",
        "--out",
        design.to_str().unwrap(),
    ]);
    assert!(export.status.success());
    let output = kubedraft(&["check", design.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let line = json["diagnostics"][0]["line"].as_u64().unwrap();
    let text = std::fs::read_to_string(&design).unwrap();
    let at = text
        .lines()
        .nth(usize::try_from(line).unwrap() - 1)
        .unwrap();
    assert!(
        at.trim_start().starts_with("position:"),
        "line {line}: {at}"
    );
}

#[test]
fn rules_lists_the_catalog() {
    let output = kubedraft(&["rules", "--format", "json"]);
    assert!(output.status.success());
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rules.len(), 101);
    for rule in &rules {
        for key in ["id", "name", "severity", "summary", "docs"] {
            assert!(rule[key].is_string(), "{rule}: {key}");
        }
    }
    assert_eq!(rules[0]["id"], "K8S-API-001");
    let text = stdout(&kubedraft(&["rules"]));
    assert_eq!(text.lines().count(), 101);
    assert!(
        text.lines()
            .any(|l| l.starts_with("K8S-API-027") && l.ends_with("(not checked)"))
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("K8S-API-010") && !l.ends_with("(not checked)"))
    );
}

#[test]
fn rules_id_prints_how_the_deployed_baseline_is_recorded() {
    let text = stdout(&kubedraft(&["rules", "K8S-API-010"]));
    assert!(text.starts_with(
        "# K8S-API-010 immutable-field-changed\n\nan immutable field changed on an already-deployed object\n\nSeverity: warning · Applies to: StatefulSet, Deployment\n"
    ));
    assert!(!text.contains("Not checked"), "{text}");
    for part in [
        "Compared with: the deployed baseline",
        "exporting YAML or a Helm chart from the app records them again",
        "a renamed or moved object is a new object in the cluster",
        "Restore the deployed value",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
}

#[test]
fn rules_id_prints_documentation() {
    let output = kubedraft(&["rules", "K8S-BP-002"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("# K8S-BP-002 missing-resource-requests\n"));
    assert!(text.contains("\nSeverity: warning · Applies to: Pod templates\n"));
    for part in [
        "\n## What it does\n",
        "\n## Why is this bad?\n",
        "\n## Example\n",
        "\n## Use instead\n",
        "\n## Fix\n",
        "\n## Peers\n",
        "\n- kube-score: container-resources\n",
        "\nSource: ",
    ] {
        assert!(text.contains(part), "{text}");
    }
    let unknown = kubedraft(&["rules", "K8S-NOPE-1"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn fixes_carry_their_applicability_in_every_format() {
    // K8S-NP-004's fix writes out the defaulted policyTypes (safe); K8S-API-007's adds pod
    // labels other selectors may match (unsafe).
    let safe = fixture("K8S-NP-004.fires.yaml");
    let text = stdout(&kubedraft(&["check", &safe]));
    let line = text
        .lines()
        .position(|l| l.contains("[K8S-NP-004]"))
        .unwrap();
    assert_eq!(
        text.lines().nth(line + 1),
        Some("  fix (safe): Set policyTypes [Ingress]"),
        "{text}"
    );
    let unsafe_file = fixture("K8S-API-007.fires.yaml");
    let text = stdout(&kubedraft(&["check", &unsafe_file]));
    assert!(
        text.contains("  fix (unsafe): Add the selector's labels to the pod template\n"),
        "{text}"
    );

    let output = kubedraft(&["check", &safe, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let np004 = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "K8S-NP-004")
        .unwrap();
    assert_eq!(np004["fix"], "Set policyTypes [Ingress]");
    assert_eq!(np004["fix_applicability"], "safe");
    let without_fix = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["fix"].is_null())
        .unwrap();
    assert!(without_fix["fix_applicability"].is_null());

    let output = kubedraft(&["check", &unsafe_file, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "K8S-API-007")
        .unwrap();
    assert_eq!(
        result["properties"]["fix"],
        "Add the selector's labels to the pod template"
    );
    assert_eq!(result["properties"]["fixApplicability"], "unsafe");
}

#[test]
fn docs_rules_md_is_the_generated_reference() {
    let output = kubedraft(&["rules", "--format", "markdown"]);
    assert!(output.status.success());
    let generated = stdout(&output);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let kept = std::fs::read_to_string(&path).unwrap();
    // Regenerate with `kubedraft rules --format markdown > docs/rules.md`.
    assert!(kept == generated, "docs/rules.md is stale: regenerate it");
    // Every rule, in catalog order, with its sections one level down.
    let order: Vec<&str> = generated
        .lines()
        .filter_map(|l| l.strip_prefix("## K8S-"))
        .collect();
    assert_eq!(order.len(), 101);
    assert!(order[0].starts_with("API-001 invalid-object-name"));
    assert!(order[26].starts_with("API-027 "));
    // The project's own additions close the API family.
    assert!(order[27].starts_with("API-028 invalid-horizontal-pod-autoscaler"));
    assert!(order[28].starts_with("API-029 invalid-persistent-volume-claim"));
    assert!(order[83].starts_with("HELM-006 "));
    // The project's own families close the catalog: Gateway API, then cluster policy tiers.
    assert!(order[84].starts_with("GW-001 route-parent-missing"));
    assert!(order[93].starts_with("GW-010 gateway-class-missing"));
    assert!(order[94].starts_with("CNP-001 invalid-cluster-policy"));
    assert!(order[98].starts_with("CNP-005 subject-selects-nothing"));
    assert_eq!(generated.matches("\n### Use instead\n").count(), 101);
    assert!(generated.contains("| [K8S-REF-001](#k8s-ref-001-service-selects-no-pods) | `service-selects-no-pods` | error\\* |"));
}
