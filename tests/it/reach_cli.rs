//! `kubedraft reach` as CI uses it: output shapes, explanations, diffs and exit codes.

use crate::support::cli;
use cli::{kubedraft, stderr, stdout};
use std::path::{Path, PathBuf};

fn case(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/netpol-cases")
        .join(name)
        .join("input.yaml")
        .to_str()
        .unwrap()
        .to_owned()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("kubedraft-reach-cli-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const TWO_PODS: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: a, labels: {app: db}}\nspec: {containers: [{name: c, image: x}]}\n";

#[test]
fn json_has_the_shape_of_the_cases() {
    let output = kubedraft(&["reach", &case("minimal_test_in_ns"), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        json["workloads"],
        serde_json::json!([
            {"id": "hello-world/workload-a", "kind": "Deployment"},
            {"id": "hello-world/workload-b", "kind": "Deployment"},
        ])
    );
    // The same five entries as the case's expected.yaml, in a deterministic order.
    assert_eq!(
        json["allowed"],
        serde_json::json!([
            {"from": "hello-world/workload-a", "to": "hello-world/workload-b", "conn": "all"},
            {"from": "hello-world/workload-a", "to": "ip:0.0.0.0-255.255.255.255", "conn": "all"},
            {"from": "hello-world/workload-b", "to": "hello-world/workload-a", "conn": {"TCP": ["8050"]}},
            {"from": "hello-world/workload-b", "to": "ip:0.0.0.0-255.255.255.255", "conn": "all"},
            {"from": "ip:0.0.0.0-255.255.255.255", "to": "hello-world/workload-b", "conn": "all"},
        ])
    );
}

#[test]
fn text_has_one_line_per_pair() {
    let output = kubedraft(&["reach", &case("minimal_test_in_ns")]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 5);
    assert!(
        text.contains("hello-world/workload-b => hello-world/workload-a : TCP 8050\n"),
        "{text}"
    );
}

#[test]
fn empty_result_says_so() {
    let one = temp_file(
        "one.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a}\nspec: {containers: [{name: c, image: x}]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: a}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n",
    );
    let output = kubedraft(&["reach", one.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "no allowed connections (1 workloads)\n");
}

#[test]
fn explain_prints_the_why() {
    let input = case("onlineboutique");
    let output = kubedraft(&[
        "reach",
        &input,
        "--explain",
        "default/cartservice-74f56fd4b",
        "default/adservice-77d5cd745d",
        "--port",
        "9555/TCP",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "default/cartservice-74f56fd4b -> default/adservice-77d5cd745d on TCP 9555: DENIED"
        ),
        "{text}"
    );
    assert!(text.contains("wrong label: pod default/cartservice-74f56fd4b needs `app=frontend` but has `app=cartservice`"), "{text}");
    let output = kubedraft(&[
        "reach",
        &input,
        "--explain",
        "default/frontend-99684f7f8",
        "default/adservice-77d5cd745d",
        "--port",
        "9555",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["allowed"], true);
    assert_eq!(
        json["ingress"]["rules"][0]["policy"],
        "default/adservice-netpol"
    );
    // An external address as source.
    let output = kubedraft(&[
        "reach",
        &input,
        "--explain",
        "8.8.8.8",
        "default/frontend-99684f7f8",
        "--port",
        "8080/tcp",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains(": DENIED"), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("peer #0 selects pods, not the external address 8.8.8.8"),
        "{}",
        stdout(&output)
    );
    let open = kubedraft(&[
        "reach",
        &case("minimal_test_in_ns"),
        "--explain",
        "8.8.8.8",
        "hello-world/workload-b",
    ]);
    assert!(
        stdout(&open).contains("ip:8.8.8.8-8.8.8.8 -> hello-world/workload-b on any port: ALLOWED"),
        "{}",
        stdout(&open)
    );
}

#[test]
fn usage_problems_exit_2() {
    let input = case("minimal_test_in_ns");
    let unknown = kubedraft(&[
        "reach",
        &input,
        "--explain",
        "hello-world/nope",
        "hello-world/workload-a",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no workload `hello-world/nope`"),
        "{}",
        stderr(&unknown)
    );
    let bad_port = kubedraft(&[
        "reach",
        &input,
        "--explain",
        "hello-world/workload-a",
        "hello-world/workload-b",
        "--port",
        "http",
    ]);
    assert_eq!(bad_port.status.code(), Some(2));
    assert_eq!(kubedraft(&["reach"]).status.code(), Some(2));
    let missing = kubedraft(&["reach", "tests/fixtures/no-such-file.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("tests/fixtures/no-such-file.yaml"));
    let broken = temp_file(
        "broken.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: 7}\n",
    );
    assert_eq!(
        kubedraft(&["reach", broken.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn invalid_policies_exit_1_and_are_named() {
    let text = format!(
        "{TWO_PODS}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: bad, namespace: a}}\nspec:\n  podSelector: {{}}\n  ingress:\n  - ports: [{{port: 90, endPort: 80}}]\n"
    );
    let path = temp_file("invalid.yaml", &text);
    let output = kubedraft(&["reach", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("NetworkPolicy a/bad: field `spec.ingress[0].ports[0].endPort`: endPort 80 is below port 90"),
        "{}",
        stderr(&output)
    );
    // The analysis without the invalid policy is still printed.
    assert!(
        stdout(&output).contains("a/web => a/db : All Connections"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn diff_lists_gained_and_lost() {
    let old = temp_file("old.yaml", TWO_PODS);
    let new = temp_file(
        "new.yaml",
        &format!(
            "{TWO_PODS}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: db, namespace: a}}\nspec:\n  podSelector: {{matchLabels: {{app: db}}}}\n  ingress:\n  - from: [{{podSelector: {{matchLabels: {{app: web}}}}}}]\n    ports: [{{port: 5432}}]\n"
        ),
    );
    let output = kubedraft(&[
        "reach",
        "--diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("- a/web => a/db : TCP 1-5431,5433-65535 UDP 1-65535 SCTP 1-65535\n"),
        "{text}"
    );
    assert!(
        text.contains("- ip:0.0.0.0-255.255.255.255 => a/db : All Connections\n"),
        "{text}"
    );
    assert!(!text.contains("+ "), "{text}");
    let same = kubedraft(&[
        "reach",
        "--diff",
        old.to_str().unwrap(),
        old.to_str().unwrap(),
    ]);
    assert_eq!(stdout(&same), "no connectivity changes\n");
    let json = kubedraft(&[
        "reach",
        "--diff",
        new.to_str().unwrap(),
        old.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(json["lost"], serde_json::json!([]));
    assert_eq!(json["gained"].as_array().unwrap().len(), 2);
}

#[test]
fn selector_values_written_as_booleans_are_read_with_a_warning() {
    let input = case("exposure_test_with_different_rules_4_with_matching_pods");
    let output = kubedraft(&["reach", &input, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning:")
            && stderr(&output).contains("values[1]`: true read as the string \"true\""),
        "{}",
        stderr(&output)
    );
    // The general import stays strict.
    let export = kubedraft(&["export", &input, "--out", "-"]);
    assert_eq!(export.status.code(), Some(2));
}

#[test]
fn reads_design_files() {
    let design = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/microservices.ron");
    let output = kubedraft(&["reach", design.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Default deny everywhere, one allow policy per destination: only the drawn calls pass.
    assert_eq!(
        stdout(&output),
        "shop-backend/orders => shop-backend/catalog : TCP 8080\n\
         shop-frontend/storefront => shop-backend/catalog : TCP 8080\n\
         shop-frontend/storefront => shop-backend/orders : TCP 8080\n"
    );
}
