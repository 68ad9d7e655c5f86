//! Ingress → Gateway API, proved by meaning: for every host and path of every Ingress in
//! tests/fixtures and examples/ (the shared corpus, the rule fixtures, the example designs) and of
//! tests/fixtures/convert/ingress-cases.yaml (one Ingress per conversion case), a request is
//! routed once through the Ingresses as ingress-nginx reads them (written here, from the
//! Ingress objects) and once through the converted Gateway and HTTPRoutes (the core's
//! `gateway::routing`, over `GatewayIndex` attachment), over http and https: both must answer
//! alike (the same Services, ports and weights, the same forwarded path, a redirect, or nothing).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::ingress_nginx::{Ing, Outcome, ingresses, nginx_routes};
use kubedraft::document::History;
use kubedraft::document::convert_ingress::convert_ingresses_command;
use kubedraft::manifest::export;
use kubedraft::model::gateway::convert::{Conversion, ConvertOptions, NoteLevel, convert};
use kubedraft::model::gateway::relations::GatewayIndex;
use kubedraft::model::gateway::routing::{Request, Routed, route_request};
use kubedraft::model::gateway::{self, Gateway};
use kubedraft::model::{Model, ObjectId, Resource};
use kubedraft::rules::{self, Severity};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> PathBuf {
    root().join("tests/fixtures/convert/ingress-cases.yaml")
}

/// Every file of tests/fixtures (but the fuzz inputs, which are not meant to load) and
/// examples/ that holds an Ingress.
fn ingress_files() -> Vec<PathBuf> {
    fn walk(folder: &Path, found: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
            .expect("folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "fuzz") {
                    walk(&path, found);
                }
            } else if std::fs::read_to_string(&path).is_ok_and(|text| {
                text.contains("kind: Ingress\n") || text.contains("\"kind\": \"Ingress\"")
            }) {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("tests/fixtures"), &mut files);
    walk(&root().join("examples"), &mut files);
    files
}

fn load(path: &Path) -> kubedraft::io::Loaded {
    kubedraft::io::load(&[path.to_path_buf()]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---- The converted design ------------------------------------------------------------------

fn gateway_routes(
    model: &Model,
    index: &GatewayIndex,
    gateway: ObjectId,
    https: bool,
    host: &str,
    path: &str,
) -> Outcome {
    let request = Request {
        port: if https { 443 } else { 80 },
        host,
        path,
        method: "GET",
    };
    match route_request(model, index, gateway, &request) {
        Routed::NoListener | Routed::NotFound => Outcome::NotFound,
        Routed::Redirect {
            scheme,
            hostname,
            port,
        } => {
            assert_eq!(
                (scheme.as_deref(), hostname, port),
                (Some("https"), None, None)
            );
            Outcome::RedirectToHttps
        }
        Routed::Forward { path, backends, .. } => Outcome::Forward {
            path,
            backends: backends
                .into_iter()
                .map(|b| (b.namespace, b.service, b.port.unwrap_or_default(), b.weight))
                .collect(),
        },
    }
}

/// The Gateway serving `class` in the converted model.
fn gateway_of_class(model: &Model, class: &str) -> ObjectId {
    let found = model.objects().find(|(_, o)| {
        matches!(o.resource(), Resource::Other(other) if o.kind_name() == "Gateway"
            && gateway::read::<Gateway>(other).is_ok_and(|g| g.class_name() == class))
    });
    let Some((id, _)) = found else {
        panic!("no Gateway of class {class}");
    };
    id
}

/// The request samples of one Ingress: (host, path) for each path (the path itself and one
/// below it), a path nothing serves, per host; the `(/|$)(.*)` rewrite form by its prefix.
fn samples(
    ing: &Ing,
    skipped: &BTreeSet<String>,
    out: &mut BTreeSet<(String, String)>,
    left_out: &mut usize,
) {
    let request_host = |host: &str| match host.strip_prefix("*.") {
        _ if host.is_empty() => "unknown.example.net".to_owned(),
        Some(suffix) => format!("x.{suffix}"),
        None => host.to_owned(),
    };
    let mut hosts: BTreeSet<String> = BTreeSet::new();
    for (r, rule) in ing.rules().enumerate() {
        let host = request_host(&rule.host.clone().unwrap_or_default().to_ascii_lowercase());
        hosts.insert(host.clone());
        for (p, path) in rule.http.iter().flat_map(|h| h.paths.iter()).enumerate() {
            if skipped.contains(&format!("spec.rules[{r}].http.paths[{p}]")) {
                *left_out += 1;
                continue;
            }
            let value = path.path.clone().unwrap_or_default();
            let value = value
                .strip_suffix("(/|$)(.*)")
                .map_or(value.clone(), str::to_owned);
            let value = if value.is_empty() {
                "/".to_owned()
            } else {
                value
            };
            out.insert((host.clone(), value.clone()));
            if path.path_type != "Exact" {
                out.insert((host.clone(), format!("{}/x/y", value.trim_end_matches('/'))));
            }
        }
    }
    for tls in ing.ingress.spec.iter().flat_map(|s| s.tls.iter().flatten()) {
        hosts.extend(
            tls.hosts
                .iter()
                .flatten()
                .map(|h| request_host(&h.to_ascii_lowercase())),
        );
    }
    hosts.insert(request_host(""));
    for host in hosts {
        out.insert((host.clone(), "/".to_owned()));
        out.insert((host, "/kubedraft-probe".to_owned()));
    }
}

/// Converts the design at `path` (as the app does: one command, applied) and compares every
/// sample; returns the number of (host, path) pairs compared, the outcomes met and the paths
/// left out because the converter refused them.
fn compare_by_meaning(path: &Path, outcomes: &mut BTreeSet<&'static str>) -> (usize, usize) {
    let loaded = load(path);
    let original = loaded.document.model.clone();
    if ingresses(&original).is_empty() {
        // The file names an Ingress the model does not read as one (a removed apiVersion).
        return (0, 0);
    }
    let mut doc = loaded.document;
    let Ok((command, conversion)) = convert_ingresses_command(&mut doc, &ConvertOptions::default())
    else {
        panic!("{}: nothing converted", path.display());
    };
    let mut history = History::new();
    history
        .execute(&mut doc, command, None)
        .expect("the conversion applies");
    let index = GatewayIndex::new(&doc.model);
    let ings = ingresses(&original);
    let mut by_class: BTreeMap<String, Vec<&Ing>> = BTreeMap::new();
    for ing in &ings {
        by_class.entry(ing.class()).or_default().push(ing);
    }
    let (mut compared, mut left_out) = (0, 0);
    for (class, members) in &by_class {
        let gateway = gateway_of_class(&doc.model, class);
        let mut pairs = BTreeSet::new();
        for ing in members {
            let refused: BTreeSet<String> = conversion
                .notes
                .iter()
                .filter(|n| {
                    n.level == NoteLevel::NotConverted
                        && n.ingress == format!("{}/{}", ing.namespace, ing.name)
                })
                .map(|n| n.field.trim_end_matches(".backend").to_owned())
                .collect();
            samples(ing, &refused, &mut pairs, &mut left_out);
        }
        for (host, request_path) in &pairs {
            for https in [false, true] {
                let expected = nginx_routes(&original, members, https, host, request_path);
                let got = gateway_routes(&doc.model, &index, gateway, https, host, request_path);
                assert_eq!(
                    got,
                    expected,
                    "{}: class {class}, {}://{host}{request_path}",
                    path.display(),
                    if https { "https" } else { "http" }
                );
                outcomes.insert(match &expected {
                    Outcome::NotFound => "not found",
                    Outcome::RedirectToHttps => "redirect",
                    Outcome::Forward { backends, .. } if backends.len() > 1 => "weighted",
                    Outcome::Forward { path, .. } if path != request_path => "rewritten",
                    Outcome::Forward { .. } => "forwarded",
                });
            }
            compared += 1;
        }
    }
    // One undo step brings the Ingresses back.
    history.undo(&mut doc).expect("undo");
    assert_eq!(
        doc.model,
        original,
        "{}: undo restores the design",
        path.display()
    );
    (compared, left_out)
}

#[test]
fn converted_routes_send_every_request_where_the_ingresses_did() {
    let mut outcomes = BTreeSet::new();
    let (cases_compared, cases_left_out) = compare_by_meaning(&cases(), &mut outcomes);
    assert_eq!(cases_left_out, 0, "every path of the cases converts");
    // Every case is met by some request, so none of them can pass by not being exercised.
    assert_eq!(
        outcomes.into_iter().collect::<Vec<_>>(),
        [
            "forwarded",
            "not found",
            "redirect",
            "rewritten",
            "weighted"
        ]
    );
    let files = ingress_files();
    let mut total = cases_compared;
    let mut summary = Vec::new();
    for file in &files {
        let mut met = BTreeSet::new();
        let (compared, left_out) = compare_by_meaning(file, &mut met);
        let shown = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        // Only the rule fixtures that fire on a broken Ingress may hold paths the converter
        // refuses (and names in a note).
        if !shown.contains("/rules/") || !shown.contains(".fires.") {
            assert_eq!(left_out, 0, "{shown}: a path was not converted");
        }
        total += compared;
        summary.push(format!("{shown}: {compared} pairs, {left_out} left out"));
    }
    for corpus in [
        "minimal-ingress.yaml",
        "bookinfo-ingress.yaml",
        "model-serving-tensorflow/ingress.yaml",
        "web-tier.ron",
        "microservices.ron",
    ] {
        assert!(
            summary
                .iter()
                .any(|s| s.contains(corpus) && !s.contains(": 0 pairs")),
            "{corpus} is compared: {summary:#?}"
        );
    }
    println!(
        "{total} host/path pairs compared over http and https ({cases_compared} from the cases)\n{}",
        summary.join("\n")
    );
}

fn conversion_of(path: &Path) -> (kubedraft::io::Loaded, Conversion) {
    let loaded = load(path);
    let conversion = convert(&loaded.document.model, &ConvertOptions::default()).expect("converts");
    (loaded, conversion)
}

#[test]
fn converted_objects_validate_against_the_crds_and_keep_the_k8s_gw_rules_quiet() {
    let mut schemas = BTreeMap::new();
    for path in [
        cases(),
        root().join("examples/web-tier.ron"),
        root().join("examples/microservices.ron"),
    ] {
        let (_, conversion) = conversion_of(&path);
        let mut model = Model::new();
        model.add_all(conversion.objects.iter().cloned());
        for manifest in export::manifests(&model) {
            if manifest["kind"] == "Namespace" {
                continue;
            }
            let errors = crate::gateway_api::schema_errors(&manifest, &mut schemas);
            assert!(
                errors.is_empty(),
                "{}: {manifest:#}\n{errors:#?}",
                path.display()
            );
        }
        let mut doc = load(&path).document;
        let (command, _) =
            convert_ingresses_command(&mut doc, &ConvertOptions::default()).expect("converts");
        command.apply(&mut doc).expect("applies");
        let found: Vec<String> = rules::check(&doc.model, doc.complete)
            .into_iter()
            .filter(|d| d.rule.starts_with("K8S-GW-") && d.severity >= Severity::Warning)
            .map(|d| {
                format!(
                    "{} {} {}: {}",
                    d.rule,
                    d.object_display(),
                    d.field,
                    d.message
                )
            })
            .collect();
        // The one Ingress that turned the redirect off keeps plain HTTP beside HTTPS: the
        // best-practice warning is right to say so.
        let expected: Vec<&str> = if path == cases() {
            vec!["K8S-GW-009 Gateway/shop/nginx spec.listeners[4]"]
        } else {
            vec![]
        };
        assert_eq!(
            found
                .iter()
                .map(|f| f.split(':').next().unwrap_or_default())
                .collect::<Vec<_>>(),
            expected,
            "{}: {found:#?}",
            path.display()
        );
    }
}

#[test]
fn the_conversion_is_deterministic_and_notes_what_does_not_carry_over() {
    let (_, first) = conversion_of(&cases());
    let (_, again) = conversion_of(&cases());
    assert_eq!(first, again);
    // The same Ingresses read in the opposite order convert to the same objects.
    let text = std::fs::read_to_string(cases()).expect("read");
    let mut documents: Vec<&str> = text.split("\n---\n").collect();
    documents.reverse();
    let folder = std::env::temp_dir().join(format!("kubedraft-convert-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("temp folder");
    let reversed = folder.join("reversed.yaml");
    std::fs::write(&reversed, documents.join("\n---\n")).expect("write");
    let (_, backwards) = conversion_of(&reversed);
    assert_eq!(first.objects, backwards.objects);
    assert_eq!(first.notes, backwards.notes);
    let _ = std::fs::remove_dir_all(&folder);

    let notes: Vec<String> = first.notes.iter().map(ToString::to_string).collect();
    for expected in [
        "not converted: Ingress shop/shop metadata.annotations[nginx.ingress.kubernetes.io/proxy-body-size]",
        "warning: Ingress shop/shop spec.rules[0].http.paths[2].pathType: ImplementationSpecific path /cart/items becomes a PathPrefix",
        "warning: Ingress shop/shop spec.rules[1].host: wildcard host *.apps.example.com",
        "warning: Ingress web/status spec.defaultBackend: for any other host, the defaultBackend of Ingress shop/shop comes first",
        "warning: Ingress web/legacy metadata.annotations[nginx.ingress.kubernetes.io/force-ssl-redirect]: legacy.example.com has no TLS block",
    ] {
        assert!(
            notes.iter().any(|n| n.starts_with(expected)),
            "missing {expected:?} in {notes:#?}"
        );
    }
    let kinds: Vec<(&str, &str)> = first
        .objects
        .iter()
        .map(|o| (o.kind_name(), o.name()))
        .collect();
    assert!(
        kinds.contains(&("ReferenceGrant", "nginx-certificates")),
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|(k, _)| *k == "Gateway").count(),
        2,
        "one Gateway per class: {kinds:?}"
    );
}

#[test]
fn the_cli_writes_the_converted_objects_and_lists_the_notes() {
    let out = crate::support::cli::kubedraft(&[
        "convert",
        "ingress-to-gateway",
        &cases().display().to_string(),
        "--out",
        "-",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, conversion) = conversion_of(&cases());
    let mut model = Model::new();
    model.add_all(conversion.objects.iter().cloned());
    let values: Vec<serde_json::Value> = export::manifests(&model)
        .into_iter()
        .filter(|v| v["kind"] != "Namespace")
        .collect();
    let expected = kubedraft::manifest::yaml::to_yaml_stream(&values).expect("yaml");
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not converted: Ingress shop/shop metadata.annotations[nginx.ingress.kubernetes.io/proxy-body-size]"), "{stderr}");
    assert!(stderr.contains("10 Ingresses converted to"), "{stderr}");

    // One Gateway name cannot serve two classes unless the class is given too.
    let refused = crate::support::cli::kubedraft(&[
        "convert",
        "ingress-to-gateway",
        &cases().display().to_string(),
        "--gateway",
        "edge/main",
        "--out",
        "-",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("several classes (nginx, traefik)"));
    let one = crate::support::cli::kubedraft(&[
        "convert",
        "ingress-to-gateway",
        &cases().display().to_string(),
        "--gateway",
        "edge/main",
        "--gateway-class",
        "envoy",
        "--out",
        "-",
    ]);
    assert_eq!(
        one.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let text = String::from_utf8_lossy(&one.stdout);
    assert_eq!(text.matches("\nkind: Gateway\n").count(), 1, "{text}");
    assert!(
        text.contains("gatewayClassName: envoy")
            && text.contains("  name: main\n  namespace: edge\n"),
        "{text}"
    );
}

#[test]
fn the_app_converts_from_the_command_palette_in_one_undo_step() {
    use eframe::egui;
    use egui_kittest::kittest::Queryable as _;
    use kubedraft::ui::actions::{Action, Menu};

    assert!(Action::in_menu(Menu::Edit).contains(&Action::ConvertIngressToGateway));
    let mut harness = crate::support::ui::harness();
    harness.run();
    let before = harness.state().doc.model.clone();
    assert!(before.find("Ingress", Some("web"), "api-server").is_some());
    assert!(harness.state().can_perform(Action::ConvertIngressToGateway));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness.get_by_label("Command").type_text("migrate ingress");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    // The dialog previews what will be made; nothing changes until Convert.
    assert!(
        harness
            .query_by_label_contains("1 Ingress replaced by 1 Gateway, 2 HTTPRoutes")
            .is_some(),
        "the preview"
    );
    assert_eq!(harness.state().doc.model, before);
    harness.get_by_label("Convert").click();
    harness.run();
    harness.run();
    let model = &harness.state().doc.model;
    assert!(
        model.find("Ingress", Some("web"), "api-server").is_none(),
        "the Ingress is replaced"
    );
    for (kind, name) in [
        ("Gateway", "nginx"),
        ("HTTPRoute", "api-server"),
        ("HTTPRoute", "api-server-redirect"),
    ] {
        assert!(
            model.find(kind, Some("web"), name).is_some(),
            "{kind} {name}"
        );
    }
    assert!(
        !harness.state().can_perform(Action::ConvertIngressToGateway),
        "nothing left to convert"
    );
    crate::support::ui::undo(&mut harness);
    assert_eq!(
        harness.state().doc.model,
        before,
        "one undo brings the Ingress back"
    );
}

#[test]
fn the_conversion_dialog_takes_the_gateway_class_and_name() {
    use egui_kittest::kittest::Queryable as _;
    use kubedraft::ui::actions::Action;

    let mut harness = crate::support::ui::harness();
    harness.run();
    harness.state_mut().perform(Action::ConvertIngressToGateway);
    harness.run();
    harness.get_by_label("Gateway").click();
    harness.run();
    harness.get_by_label("Gateway").type_text("edge-only");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("write it as namespace/name")
            .is_some(),
        "a name without namespace is refused before anything runs"
    );
    let before = harness.state().doc.model.clone();
    harness.get_by_label("Convert").click();
    harness.run();
    harness.run();
    assert_eq!(
        harness.state().doc.model,
        before,
        "Convert is disabled then"
    );
    crate::support::ui::type_into(&mut harness, "Gateway", 0, "web/public");
    crate::support::ui::type_into(&mut harness, "Gateway class", 0, "eg");
    harness.get_by_label("Convert").click();
    harness.run();
    harness.run();
    let model = &harness.state().doc.model;
    let gateway = model
        .find("Gateway", Some("web"), "public")
        .expect("the Gateway named in the dialog");
    assert_eq!(
        model.get(gateway).unwrap().to_value()["spec"]["gatewayClassName"],
        "eg"
    );
    assert!(model.find("Ingress", Some("web"), "api-server").is_none());
    assert!(
        harness
            .query_by_label("Convert Ingresses to Gateway API")
            .is_none(),
        "the dialog closes"
    );
}

/// The converted objects are drawn where their Ingresses were, Gateways to the left, and none
/// covers another node: three Ingresses of three classes stacked one above the other become three
/// Gateways and three routes, all apart.
#[test]
fn converted_objects_do_not_cover_each_other_or_the_design() {
    let yaml: String = ["nginx", "istio", "traefik"]
        .iter()
        .map(|class| {
            format!(
                "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: {class}-app, namespace: web}}\nspec:\n  ingressClassName: {class}\n  rules:\n  - host: {class}.example.com\n    http:\n      paths:\n      - {{path: /, pathType: Prefix, backend: {{service: {{name: web, port: {{number: 80}}}}}}}}\n"
            )
        })
        .chain(std::iter::once(
            "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n".to_owned(),
        ))
        .collect();
    let imported = kubedraft::manifest::import::parse_manifests(&yaml, "three.yaml");
    let mut doc = kubedraft::manifest::import::into_document(imported);
    // The Ingresses one right below the other, as a hand-made design may have them.
    let ingresses: Vec<ObjectId> = doc
        .model
        .objects_sorted()
        .into_iter()
        .filter(|(_, o)| o.kind_name() == "Ingress")
        .map(|(id, _)| id)
        .collect();
    let moves = ingresses
        .iter()
        .enumerate()
        .map(|(i, id)| {
            #[allow(clippy::cast_precision_loss)]
            let y = i as f32 * 70.0;
            (*id, kubedraft::document::Point::new(400.0, y))
        })
        .collect();
    kubedraft::document::Command::MoveObjects { moves }
        .apply(&mut doc)
        .unwrap();
    let (command, conversion) =
        convert_ingresses_command(&mut doc, &ConvertOptions::default()).unwrap();
    assert_eq!(
        conversion.objects.len(),
        6,
        "three Gateways and three routes"
    );
    command.apply(&mut doc).unwrap();
    let rects: Vec<(String, kubedraft::document::Rect)> = doc
        .model
        .objects()
        .map(|(id, o)| (o.display_id(), doc.node_rect(id)))
        .collect();
    for (i, (a, ra)) in rects.iter().enumerate() {
        for (b, rb) in &rects[i + 1..] {
            let apart = ra.max.x <= rb.min.x
                || rb.max.x <= ra.min.x
                || ra.max.y <= rb.min.y
                || rb.max.y <= ra.min.y;
            assert!(apart, "{a} covers {b}: {ra:?} {rb:?}");
        }
    }
}
