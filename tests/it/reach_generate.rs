//! Generated policies, proven with the engine: exactly the intended traffic (plus DNS) passes.

use kubedraft::document::Document;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::model::{ObjectId, Protocol, TrafficIntent};
use kubedraft::reach::{
    Conn, Direction, GenerateOptions, PortSet, Reachability, check_intents, generate_policies,
    is_generated, regenerate,
};

fn deployment(namespace: &str, name: &str, labels: &str, ports: &str) -> String {
    format!(
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec:\n  selector: {{matchLabels: {{{labels}}}}}\n  template:\n    metadata: {{labels: {{{labels}}}}}\n    spec: {{containers: [{{name: c, image: x, ports: [{ports}]}}]}}\n"
    )
}

pub(crate) fn design() -> Document {
    let yaml = [
        deployment("shop", "web", "app: web", "{name: http, containerPort: 8080}"),
        deployment("shop", "api", "app: api", ""),
        deployment("shop", "idle", "app: idle", ""),
        deployment("data", "db", "app: db", ""),
        deployment("other", "batch", "app: batch", ""),
        deployment("kube-system", "coredns", "k8s-app: kube-dns", ""),
        deployment("ingress-nginx", "controller", "app: ingress-nginx", ""),
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]\n".to_owned(),
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n".to_owned(),
    ]
    .concat();
    let imported = parse_manifests(&yaml, "design.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}

fn id(doc: &Document, namespace: &str, name: &str) -> ObjectId {
    doc.model.find("Deployment", Some(namespace), name).unwrap()
}

pub(crate) fn intents(doc: &Document) -> Vec<TrafficIntent> {
    let intent = |from: (&str, &str), to: (&str, &str), port, protocol| TrafficIntent {
        from: id(doc, from.0, from.1),
        to: id(doc, to.0, to.1),
        port,
        protocol,
    };
    vec![
        intent(("shop", "web"), ("shop", "api"), 9090, Protocol::Tcp),
        intent(("shop", "api"), ("data", "db"), 5432, Protocol::Tcp),
        intent(("shop", "api"), ("data", "db"), 9999, Protocol::Udp),
    ]
}

pub(crate) fn port(protocol: Protocol, number: u16) -> Conn {
    Conn::of(protocol, PortSet::single(number))
}

pub(crate) fn isolated_namespace(namespace: &str) -> bool {
    namespace == "shop" || namespace == "data"
}

/// Independent expectation: the namespaces with intended traffic are isolated; in them only the
/// intents, DNS to kube-dns and the ingress controller's route pass; elsewhere everything does.
/// Traffic from outside the cluster reaches none of their pods, except under the Baseline target
/// the pods that receive no drawn traffic (`open_to_outside`): the ClusterNetworkPolicy API has
/// no ingress peer for external addresses, and no generated NetworkPolicy isolates them.
pub(crate) fn assert_exactly_intended(
    reach: &Reachability,
    intents: &[TrafficIntent],
    open_to_outside: &[&str],
) {
    let isolated = isolated_namespace;
    let dns = port(Protocol::Udp, 53).union(&port(Protocol::Tcp, 53));
    let workloads = reach.workloads();
    for (s, src) in workloads.iter().enumerate() {
        for (d, dst) in workloads.iter().enumerate() {
            if s == d {
                continue;
            }
            let intended = intents
                .iter()
                .filter(|i| src.objects.contains(&i.from) && dst.objects.contains(&i.to))
                .fold(Conn::none(), |acc, i| acc.union(&port(i.protocol, i.port)));
            let mut egress = intended.clone();
            if dst.id == "kube-system/coredns" {
                egress = egress.union(&dns);
            }
            let mut ingress = intended.clone();
            if src.namespace == "ingress-nginx" && dst.id == "shop/web" {
                // Ingress → Service web:80 → targetPort `http` = 8080 on the web pods.
                ingress = ingress.union(&port(Protocol::Tcp, 8080));
            }
            let egress = if isolated(&src.namespace) {
                egress
            } else {
                Conn::all()
            };
            let ingress = if isolated(&dst.namespace) {
                ingress
            } else {
                Conn::all()
            };
            let expected = egress.intersect(&ingress);
            assert_eq!(reach.conn(s, d), &expected, "{} => {}", src.id, dst.id);
        }
        if isolated(&src.namespace) {
            assert!(
                reach.external(s, Direction::Egress).is_empty(),
                "{} reaches outside",
                src.id
            );
            let from_outside = reach.external(s, Direction::Ingress);
            if open_to_outside.contains(&src.id.as_str()) {
                assert_eq!(from_outside.len(), 1, "{}: {from_outside:?}", src.id);
                let (range, conn) = from_outside[0];
                assert_eq!((range.first, range.last), (0, u32::MAX), "{}", src.id);
                assert!(conn.is_all(), "{}: {conn}", src.id);
            } else {
                assert!(from_outside.is_empty(), "{} reachable from outside", src.id);
            }
        }
    }
}

#[test]
fn generated_policies_allow_exactly_the_intents_and_dns() {
    let mut doc = design();
    let intents = intents(&doc);
    let generated = generate_policies(&doc.model, &intents, &GenerateOptions::default());
    assert!(generated.problems.is_empty(), "{:?}", generated.problems);
    let names: Vec<String> = generated
        .policies
        .iter()
        .map(kubedraft::model::Object::display_id)
        .collect();
    assert_eq!(
        names,
        [
            "NetworkPolicy/data/kubedraft-allow-dns",
            "NetworkPolicy/data/kubedraft-default-deny",
            "NetworkPolicy/data/kubedraft-ingress-db",
            "NetworkPolicy/shop/kubedraft-allow-dns",
            "NetworkPolicy/shop/kubedraft-default-deny",
            "NetworkPolicy/shop/kubedraft-egress-api",
            "NetworkPolicy/shop/kubedraft-egress-web",
            "NetworkPolicy/shop/kubedraft-ingress-api",
            "NetworkPolicy/shop/kubedraft-ingress-web",
        ]
    );
    assert!(generated.policies.iter().all(is_generated));
    for policy in generated.policies {
        doc.model.add(policy);
    }
    let reach = Reachability::compute(&doc.model);
    assert!(reach.errors().is_empty(), "{:?}", reach.errors());

    assert_exactly_intended(&reach, &intents, &[]);
    // Against the intents: nothing blocked; what is allowed beyond them is DNS and the ingress
    // controller's route, and traffic of the namespaces left open.
    let check = check_intents(&reach, &intents);
    assert!(check.blocked.is_empty(), "{:?}", check.blocked);
    let name = |w: usize| reach.workloads()[w].id.clone();
    let extras: Vec<(String, String, String)> = check
        .unintended
        .iter()
        .filter(|(s, _, _)| isolated_namespace(&reach.workloads()[*s].namespace))
        .map(|(s, d, c)| (name(*s), name(*d), c.to_string()))
        .collect();
    assert!(
        extras
            .iter()
            .all(|(_, to, conn)| to == "kube-system/coredns" && conn == "TCP 53 UDP 53"),
        "{extras:?}"
    );
    assert_eq!(extras.len(), 4, "{extras:?}");
    // The expectation above is not vacuous.
    let at = |id: &str| reach.workload_index(id).unwrap();
    assert_eq!(
        reach.conn(at("shop/web"), at("shop/api")).to_string(),
        "TCP 9090"
    );
    assert_eq!(
        reach.conn(at("shop/api"), at("data/db")).to_string(),
        "TCP 5432 UDP 9999"
    );
    assert_eq!(
        reach.conn(at("shop/api"), at("shop/web")).to_string(),
        "No Connections"
    );
    assert_eq!(
        reach
            .conn(at("shop/idle"), at("kube-system/coredns"))
            .to_string(),
        "TCP 53 UDP 53"
    );
    assert_eq!(
        reach
            .conn(at("ingress-nginx/controller"), at("shop/web"))
            .to_string(),
        "TCP 8080"
    );
    assert_eq!(
        reach.conn(at("other/batch"), at("shop/api")).to_string(),
        "No Connections"
    );
    assert_eq!(
        reach
            .conn(at("other/batch"), at("ingress-nginx/controller"))
            .to_string(),
        "All Connections"
    );
}

#[test]
fn regenerate_replaces_only_generated_policies_in_one_undoable_step() {
    let mut doc = design();
    let hand_written = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: kubedraft-ingress-api, namespace: other}\nspec: {podSelector: {}}\n";
    let imported = parse_manifests(hand_written, "hand.yaml");
    let hand_id = doc.model.add(imported.objects[0].0.clone());
    let hand = doc.model.get(hand_id).unwrap().clone();
    let mut intents = intents(&doc);
    let options = GenerateOptions::default();

    let (command, problems) = regenerate(&mut doc, &intents, &options);
    assert!(problems.is_empty());
    let undo_first = command.unwrap().apply(&mut doc).unwrap();
    let count = |doc: &Document| doc.model.objects().filter(|(_, o)| is_generated(o)).count();
    assert_eq!(count(&doc), 9);
    // Nothing to do when the intents did not change.
    assert!(regenerate(&mut doc, &intents, &options).0.is_none());

    // Drop the web → api intent: web's egress policy goes, api's ingress policy changes in place.
    let api_ingress = doc
        .model
        .find("NetworkPolicy", Some("shop"), "kubedraft-ingress-api")
        .unwrap();
    intents.remove(0);
    let before = doc.model.clone();
    let (command, _) = regenerate(&mut doc, &intents, &options);
    let undo = command.unwrap().apply(&mut doc).unwrap();
    assert_eq!(count(&doc), 7, "egress-web and ingress-api are gone");
    assert!(
        doc.model
            .find("NetworkPolicy", Some("shop"), "kubedraft-egress-web")
            .is_none()
    );
    assert!(!doc.model.contains(api_ingress));
    assert_eq!(
        doc.model.get(hand_id),
        Some(&hand),
        "hand-written policy untouched"
    );
    let reach = Reachability::compute(&doc.model);
    let at = |id: &str| reach.workload_index(id).unwrap();
    assert!(reach.conn(at("shop/web"), at("shop/api")).is_empty());

    // One undo restores the previous design exactly; the first undo removes everything generated.
    undo.apply(&mut doc).unwrap();
    assert_eq!(doc.model, before);
    undo_first.apply(&mut doc).unwrap();
    assert_eq!(count(&doc), 0);
    assert_eq!(doc.model.get(hand_id), Some(&hand));
}

#[test]
fn ambiguous_labels_are_reported() {
    let mut doc = design();
    let twin = deployment(
        "shop",
        "web-canary",
        "app: web, track: canary",
        "{name: http, containerPort: 8080}",
    );
    let imported = parse_manifests(&twin, "twin.yaml");
    doc.model.add(imported.objects[0].0.clone());
    let generated = generate_policies(&doc.model, &intents(&doc), &GenerateOptions::default());
    assert_eq!(generated.problems.len(), 1, "{:?}", generated.problems);
    assert!(
        generated.problems[0].contains("shop/web also match shop/web-canary"),
        "{}",
        generated.problems[0]
    );
}
