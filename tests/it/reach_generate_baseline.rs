//! Policies generated for the Baseline target (issue 14 point 6), proven with the engine: one
//! Baseline-tier ClusterNetworkPolicy default deny plus namespaced allows let exactly the drawn
//! traffic and DNS pass, like the NetworkPolicy target; switching targets is one undo step.

use std::collections::BTreeMap;

use kubedraft::model::{Object, Protocol};
use kubedraft::reach::tiers::Tier;
use kubedraft::reach::{
    BASELINE_NAME, Direction, GenerateOptions, GenerateTarget, Reachability, check_intents,
    generate_policies, is_generated, regenerate,
};

use crate::gateway_api::schema_errors;
use crate::reach_generate::{assert_exactly_intended, design, intents, isolated_namespace, port};

fn baseline() -> GenerateOptions {
    GenerateOptions {
        target: GenerateTarget::Baseline,
        ..GenerateOptions::default()
    }
}

#[test]
fn a_baseline_deny_and_namespaced_allows_pass_exactly_the_intents_and_dns() {
    let mut doc = design();
    let intents = intents(&doc);
    let generated = generate_policies(&doc.model, &intents, &baseline());
    assert!(generated.problems.is_empty(), "{:?}", generated.problems);
    let names: Vec<String> = generated.policies.iter().map(Object::display_id).collect();
    assert_eq!(
        names,
        [
            "ClusterNetworkPolicy/kubedraft-baseline-deny",
            "NetworkPolicy/data/kubedraft-ingress-db",
            "NetworkPolicy/shop/kubedraft-egress-api",
            "NetworkPolicy/shop/kubedraft-egress-web",
            "NetworkPolicy/shop/kubedraft-ingress-api",
            "NetworkPolicy/shop/kubedraft-ingress-web",
        ],
        "no per-namespace default deny: the baseline does it"
    );
    assert!(generated.policies.iter().all(is_generated));
    // The cluster policy is valid for the API server as exported.
    let mut schemas = BTreeMap::new();
    let cnp = generated.policies[0].to_value();
    assert_eq!(schema_errors(&cnp, &mut schemas), Vec::<String>::new());
    assert_eq!(
        cnp["spec"]["subject"]["namespaces"]["matchExpressions"][0]["values"],
        serde_json::json!(["data", "shop"])
    );
    for policy in generated.policies {
        doc.model.add(policy);
    }
    let reach = Reachability::compute(&doc.model);
    assert!(reach.errors().is_empty(), "{:?}", reach.errors());
    let tiers: Vec<(Tier, String)> = reach
        .tier_policies()
        .map(|p| (p.tier, p.name.clone()))
        .collect();
    assert_eq!(tiers, [(Tier::Baseline, BASELINE_NAME.to_owned())]);

    // shop/idle receives no drawn traffic: no NetworkPolicy isolates its ingress, and the
    // baseline cannot deny what comes from outside the cluster.
    assert_exactly_intended(&reach, &intents, &["shop/idle"]);
    let check = check_intents(&reach, &intents);
    assert!(check.blocked.is_empty(), "{:?}", check.blocked);
    let extras: Vec<(usize, usize, String)> = check
        .unintended
        .iter()
        .filter(|(s, _, _)| isolated_namespace(&reach.workloads()[*s].namespace))
        .map(|(s, d, c)| (*s, *d, c.to_string()))
        .collect();
    assert_eq!(
        extras.len(),
        4,
        "DNS from each of the 4 workloads: {extras:?}"
    );

    // Both ways DNS is allowed: by the egress policy's own rule (api, isolated by it) and by the
    // baseline's Accept (idle, selected by no egress policy).
    let at = |id: &str| reach.workload_index(id).unwrap();
    let dns = port(Protocol::Udp, 53).union(&port(Protocol::Tcp, 53));
    let coredns = at("kube-system/coredns");
    assert!(reach.is_isolated(at("shop/api"), Direction::Egress));
    assert!(!reach.is_isolated(at("shop/idle"), Direction::Egress));
    assert_eq!(reach.conn(at("shop/api"), coredns), &dns);
    assert_eq!(reach.conn(at("shop/idle"), coredns), &dns);
    assert!(reach.conn(at("shop/idle"), at("other/batch")).is_empty());
    assert!(reach.conn(at("other/batch"), at("shop/idle")).is_empty());
    assert!(
        reach
            .external(at("shop/idle"), Direction::Egress)
            .is_empty()
    );
    assert_eq!(
        reach.conn(at("shop/api"), at("data/db")).to_string(),
        "TCP 5432 UDP 9999"
    );

    // The expectation depends on the baseline: without it, idle is open again.
    let cnp = doc
        .model
        .find("ClusterNetworkPolicy", None, BASELINE_NAME)
        .unwrap();
    doc.model.remove(cnp).unwrap();
    let open = Reachability::compute(&doc.model);
    let at = |id: &str| open.workload_index(id).unwrap();
    assert!(open.conn(at("other/batch"), at("shop/idle")).is_all());
    assert!(open.conn(at("shop/idle"), at("other/batch")).is_all());
}

#[test]
fn switching_targets_replaces_the_other_targets_policies_in_one_step() {
    let mut doc = design();
    let intents = intents(&doc);
    let count = |doc: &kubedraft::document::Document| {
        doc.model.objects().filter(|(_, o)| is_generated(o)).count()
    };
    let (command, _) = regenerate(&mut doc, &intents, &GenerateOptions::default());
    command.unwrap().apply(&mut doc).unwrap();
    assert_eq!(count(&doc), 9);
    let before = doc.model.clone();

    let (command, problems) = regenerate(&mut doc, &intents, &baseline());
    assert!(problems.is_empty(), "{problems:?}");
    let undo = command.unwrap().apply(&mut doc).unwrap();
    assert_eq!(count(&doc), 6);
    for namespace in ["shop", "data"] {
        assert!(
            doc.model
                .find("NetworkPolicy", Some(namespace), "kubedraft-default-deny")
                .is_none()
        );
    }
    assert!(
        doc.model
            .find("ClusterNetworkPolicy", None, BASELINE_NAME)
            .is_some()
    );
    assert!(regenerate(&mut doc, &intents, &baseline()).0.is_none());
    assert_exactly_intended(&Reachability::compute(&doc.model), &intents, &["shop/idle"]);

    undo.apply(&mut doc).unwrap();
    assert_eq!(doc.model, before);
}

#[test]
fn the_cli_generates_for_either_target() {
    use crate::support::cli::{kubedraft, stderr, stdout};
    let mut doc = design();
    doc.intents = intents(&doc).into_iter().collect();
    let folder =
        std::env::temp_dir().join(format!("kubedraft-generate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let design_path = folder.join("design.ron");
    std::fs::write(&design_path, kubedraft::design_file::to_ron(&doc).unwrap()).unwrap();
    let design_arg = design_path.to_str().unwrap();

    let names = |output: &std::process::Output| -> Vec<String> {
        assert!(output.status.success(), "{}", stderr(output));
        let json: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|m| format!("{}/{}", m["kind"].as_str().unwrap(), m["metadata"]["name"]))
            .collect()
    };
    let plain = kubedraft(&["reach", design_arg, "--generate", "--format", "json"]);
    let listed = names(&plain);
    assert_eq!(listed.len(), 9, "{listed:?}");
    assert!(listed.contains(&"NetworkPolicy/\"kubedraft-default-deny\"".to_owned()));
    let baseline = kubedraft(&[
        "reach",
        design_arg,
        "--generate",
        "--target",
        "baseline",
        "--format",
        "json",
    ]);
    let listed = names(&baseline);
    assert_eq!(listed.len(), 6, "{listed:?}");
    assert_eq!(
        listed[0],
        format!("ClusterNetworkPolicy/\"{BASELINE_NAME}\"")
    );

    // The YAML output, analysed with the design, denies what the baseline denies.
    let yaml = kubedraft(&["reach", design_arg, "--generate", "--target", "baseline"]);
    assert!(yaml.status.success(), "{}", stderr(&yaml));
    let generated_path = folder.join("generated.yaml");
    std::fs::write(&generated_path, stdout(&yaml)).unwrap();
    let explained = kubedraft(&[
        "reach",
        design_arg,
        generated_path.to_str().unwrap(),
        "--explain",
        "other/batch",
        "shop/idle",
        "--format",
        "json",
    ]);
    assert!(explained.status.success(), "{}", stderr(&explained));
    let json: serde_json::Value = serde_json::from_str(&stdout(&explained)).unwrap();
    let text = json.to_string();
    assert!(text.contains(BASELINE_NAME), "{text}");
    assert!(text.contains("\"Baseline\""), "{text}");

    // --target only goes with --generate.
    let refused = kubedraft(&["reach", design_arg, "--target", "baseline"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
}

#[test]
fn the_edit_menu_generates_for_the_baseline_target() {
    use eframe::egui;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;
    use kubedraft::ui::KubedraftApp;

    let mut doc = design();
    doc.intents = intents(&doc).into_iter().collect();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |_| KubedraftApp::with_document(doc.clone(), None));
    harness.run();
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label("Generate Baseline default deny + NetworkPolicies from traffic")
        .click();
    harness.run();
    let model = &harness.state().doc.model;
    assert!(
        model
            .find("ClusterNetworkPolicy", None, BASELINE_NAME)
            .is_some()
    );
    assert!(
        model
            .find("NetworkPolicy", Some("shop"), "kubedraft-default-deny")
            .is_none()
    );
    assert_eq!(model.objects().filter(|(_, o)| is_generated(o)).count(), 6);
    assert!(
        harness
            .query_by_label_contains(
                "Generated policies (Baseline default deny + NetworkPolicies): 6 added"
            )
            .is_some(),
        "a toast says what was generated"
    );
    // One undo step removes them all.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let model = &harness.state().doc.model;
    assert!(model.objects().all(|(_, o)| !is_generated(o)));
}
