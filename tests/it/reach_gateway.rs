//! Reachability through Gateways (issue 12 point 7): a Gateway stands for its data-plane pods,
//! routes the Gateway admits are drawn traffic to the pods behind their backends, and generated
//! policies admit exactly that traffic, proven with the engine.

use kubedraft::document::Document;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::model::{Object, Protocol, TrafficIntent};
use kubedraft::reach::gateway::{DATA_PLANE_NAMESPACE_ANNOTATION, route_traffic};
use kubedraft::reach::{
    Conn, Direction, GenerateOptions, PortSet, Reachability, check_intents, generate_policies,
};

fn deployment(namespace: &str, name: &str, labels: &str, ports: &str) -> String {
    format!(
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec:\n  selector: {{matchLabels: {{{labels}}}}}\n  template:\n    metadata: {{labels: {{{labels}}}}}\n    spec: {{containers: [{{name: c, image: x, ports: [{ports}]}}]}}\n"
    )
}

fn service(namespace: &str, name: &str, selector: &str, ports: &str) -> String {
    format!(
        "---\napiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec:\n  selector: {{{selector}}}\n  ports: [{ports}]\n"
    )
}

/// A Gateway `shop/public` (HTTP 80, HTTPS 443, routes from every namespace), a route from
/// `shop` to the web Service (port 80 → named pod port `http` = 8080) and one from `blog` to its
/// own Service (port 8000, targetPort 3000). `annotations` goes into the Gateway's metadata.
fn design(annotations: &str) -> Document {
    let yaml = [
        deployment("shop", "web", "app: web", "{name: http, containerPort: 8080}"),
        deployment("shop", "worker", "app: worker", ""),
        deployment("blog", "blog", "app: blog", ""),
        deployment("kube-system", "coredns", "k8s-app: kube-dns", ""),
        service("shop", "web", "app: web", "{name: http, port: 80, targetPort: http}"),
        service("blog", "blog", "app: blog", "{port: 8000, targetPort: 3000}"),
        format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: public, namespace: shop{annotations}}}\nspec:\n  gatewayClassName: example\n  listeners:\n  - {{name: http, protocol: HTTP, port: 80, allowedRoutes: {{namespaces: {{from: All}}}}}}\n  - name: https\n    protocol: HTTPS\n    port: 443\n    tls: {{certificateRefs: [{{name: cert}}]}}\n    allowedRoutes: {{namespaces: {{from: All}}}}\n"
        ),
        "---\napiVersion: v1\nkind: Secret\nmetadata: {name: cert, namespace: shop}\ntype: kubernetes.io/tls\n".to_owned(),
        "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  parentRefs: [{name: public}]\n  rules:\n  - backendRefs: [{name: web, port: 80}]\n".to_owned(),
        "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: blog, namespace: blog}\nspec:\n  parentRefs: [{name: public, namespace: shop}]\n  rules:\n  - backendRefs: [{name: blog, port: 8000}]\n".to_owned(),
    ]
    .concat();
    let imported = parse_manifests(&yaml, "design.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported)
}

fn tcp(number: u16) -> Conn {
    Conn::of(Protocol::Tcp, PortSet::single(number))
}

/// The routed traffic as `gateway workload → workload : port`, through the engine's identities,
/// sorted by name.
fn routed(reach: &Reachability) -> Vec<String> {
    let mut list: Vec<String> = reach
        .routed()
        .iter()
        .map(|t| {
            let name = |id| {
                reach
                    .workload_of(id)
                    .map_or("?".to_owned(), |w| reach.workloads()[w].id.clone())
            };
            format!(
                "{} => {} : {} {}",
                name(t.from),
                name(t.to),
                t.protocol.as_str(),
                t.port
            )
        })
        .collect();
    list.sort();
    list
}

#[test]
fn a_gateway_is_a_workload_and_its_routes_are_drawn_traffic() {
    let doc = design("");
    let reach = Reachability::compute(&doc.model);
    let gateway = reach.workload_index("shop/public[Gateway]").unwrap();
    let plane = &reach.workloads()[gateway];
    assert_eq!(plane.kind, "Gateway");
    assert_eq!(plane.namespace, "shop");
    assert_eq!(
        plane.labels.get("gateway.networking.k8s.io/gateway-name"),
        Some(&"public".to_owned())
    );
    // Named target ports resolve on the backend's pods; numbered ones are taken as written.
    assert_eq!(
        routed(&reach),
        [
            "shop/public[Gateway] => blog/blog : TCP 3000",
            "shop/public[Gateway] => shop/web : TCP 8080",
        ]
    );
    // Nothing isolates the pods yet: the routed traffic passes and nothing is blocked.
    assert!(check_intents(&reach, &[]).blocked.is_empty());
}

#[test]
fn routes_the_gateway_does_not_admit_are_no_traffic() {
    // The HTTPS listener admits routes of its own namespace only, the HTTP one no HTTPRoutes at
    // all (only TCPRoutes): the blog route, from another namespace, attaches nowhere.
    let mut doc = design("");
    let id = doc.model.find("Gateway", Some("shop"), "public").unwrap();
    let mut gateway = doc.model.get(id).unwrap().clone();
    let kubedraft::model::Resource::Other(other) = gateway.resource_mut() else {
        panic!("a Gateway is kept as a plain object");
    };
    other.body["spec"]["listeners"][0]["allowedRoutes"] =
        serde_json::json!({"kinds": [{"kind": "TCPRoute"}]});
    other.body["spec"]["listeners"][1]["allowedRoutes"] =
        serde_json::json!({"namespaces": {"from": "Same"}});
    doc.model.replace(id, gateway).unwrap();
    let reach = Reachability::compute(&doc.model);
    assert_eq!(
        routed(&reach),
        ["shop/public[Gateway] => shop/web : TCP 8080"]
    );
}

#[test]
fn generated_policies_admit_exactly_the_routed_traffic() {
    let mut doc = design("");
    let generated = generate_policies(&doc.model, &[], &GenerateOptions::default());
    assert!(generated.problems.is_empty(), "{:?}", generated.problems);
    let names: Vec<String> = generated.policies.iter().map(Object::display_id).collect();
    assert_eq!(
        names,
        [
            "NetworkPolicy/blog/kubedraft-allow-dns",
            "NetworkPolicy/blog/kubedraft-default-deny",
            "NetworkPolicy/blog/kubedraft-ingress-blog",
            "NetworkPolicy/shop/kubedraft-allow-dns",
            "NetworkPolicy/shop/kubedraft-default-deny",
            "NetworkPolicy/shop/kubedraft-egress-gateway-public",
            "NetworkPolicy/shop/kubedraft-ingress-gateway-public",
            "NetworkPolicy/shop/kubedraft-ingress-web",
        ]
    );
    for policy in generated.policies {
        doc.model.add(policy);
    }
    let reach = Reachability::compute(&doc.model);
    assert!(reach.errors().is_empty(), "{:?}", reach.errors());
    let at = |id: &str| reach.workload_index(id).unwrap();
    let gateway = at("shop/public[Gateway]");
    let dns = Conn::of(Protocol::Udp, PortSet::single(53)).union(&tcp(53));
    for (s, src) in reach.workloads().iter().enumerate() {
        for (d, dst) in reach.workloads().iter().enumerate() {
            if s == d {
                continue;
            }
            // Independent expectation: the routes, DNS from the isolated namespaces, and
            // everything between the namespaces left open (kube-system).
            let isolated = |ns: &str| ns == "shop" || ns == "blog";
            let expected = match (src.id.as_str(), dst.id.as_str()) {
                ("shop/public[Gateway]", "shop/web") => tcp(8080),
                ("shop/public[Gateway]", "blog/blog") => tcp(3000),
                (_, "kube-system/coredns") if isolated(&src.namespace) => dns.clone(),
                (_, "shop/public[Gateway]") if !isolated(&src.namespace) => {
                    tcp(80).union(&tcp(443))
                }
                _ if isolated(&src.namespace) || isolated(&dst.namespace) => Conn::none(),
                _ => Conn::all(),
            };
            assert_eq!(reach.conn(s, d), &expected, "{} => {}", src.id, dst.id);
        }
    }
    // Clients reach the Gateway on its listener ports, from anywhere; the backends only from it.
    let from_outside = reach.external(gateway, Direction::Ingress);
    assert!(!from_outside.is_empty());
    let listeners = tcp(80).union(&tcp(443));
    for (range, conn) in from_outside {
        assert_eq!(conn, &listeners, "{range:?}");
    }
    assert!(
        reach
            .external(at("shop/web"), Direction::Ingress)
            .is_empty()
    );
    assert!(reach.external(gateway, Direction::Egress).is_empty());
    // The routed traffic is not blocked, and nothing beyond it and DNS is allowed from the
    // isolated namespaces.
    let check = check_intents(&reach, &[]);
    assert!(check.blocked.is_empty(), "{:?}", check.blocked);
}

#[test]
fn a_data_plane_in_a_controller_namespace_is_admitted_as_that_namespace() {
    let mut doc = design(&format!(
        ", annotations: {{{DATA_PLANE_NAMESPACE_ANNOTATION}: envoy-gateway-system}}"
    ));
    let reach = Reachability::compute(&doc.model);
    assert!(reach.workload_index("shop/public[Gateway]").is_none());
    assert_eq!(
        routed(&reach),
        [
            "envoy-gateway-system/public[Gateway] => blog/blog : TCP 3000",
            "envoy-gateway-system/public[Gateway] => shop/web : TCP 8080",
        ]
    );
    let generated = generate_policies(&doc.model, &[], &GenerateOptions::default());
    assert!(generated.problems.is_empty(), "{:?}", generated.problems);
    // No policies for the controller's namespace or its pods: only the backends' namespaces.
    assert!(
        generated
            .policies
            .iter()
            .all(|p| p.effective_namespace() != Some("envoy-gateway-system")
                && !p.name().contains("gateway")),
        "{:?}",
        generated
            .policies
            .iter()
            .map(Object::display_id)
            .collect::<Vec<_>>()
    );
    for policy in generated.policies {
        doc.model.add(policy);
    }
    // Another pod of the controller's namespace is admitted too (its pods' labels are the
    // controller's own, so the whole namespace is), a pod of `shop` is not.
    let mut yaml = deployment("envoy-gateway-system", "other", "app: other", "");
    yaml.push_str(&deployment("kube-system", "probe", "app: probe", ""));
    for (object, _) in parse_manifests(&yaml, "more.yaml").objects {
        doc.model.add(object);
    }
    let reach = Reachability::compute(&doc.model);
    let at = |id: &str| reach.workload_index(id).unwrap();
    let web = at("shop/web");
    assert_eq!(
        reach.conn(at("envoy-gateway-system/public[Gateway]"), web),
        &tcp(8080)
    );
    assert_eq!(
        reach.conn(at("envoy-gateway-system/other"), web),
        &tcp(8080)
    );
    assert_eq!(reach.conn(at("kube-system/probe"), web), &Conn::none());
    assert_eq!(reach.conn(at("shop/worker"), web), &Conn::none());
    assert!(check_intents(&reach, &[]).blocked.is_empty());
}

#[test]
fn routed_traffic_a_policy_denies_is_reported_blocked() {
    let mut doc = design("");
    let deny = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: blog}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n";
    for (object, _) in parse_manifests(deny, "deny.yaml").objects {
        doc.model.add(object);
    }
    let reach = Reachability::compute(&doc.model);
    let blocked: Vec<TrafficIntent> = check_intents(&reach, &[]).blocked;
    assert_eq!(blocked.len(), 1, "{blocked:?}");
    let to = reach.workload_of(blocked[0].to).unwrap();
    assert_eq!(reach.workloads()[to].id, "blog/blog");
    assert_eq!(blocked[0].port, 3000);
    // The problems of route traffic that does not resolve are reported, not dropped.
    let mut problems = Vec::new();
    let _ = route_traffic(&doc.model, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_backend_port_the_service_lacks_is_a_problem() {
    let mut doc = design("");
    let id = doc.model.find("HTTPRoute", Some("shop"), "web").unwrap();
    let mut route = doc.model.get(id).unwrap().clone();
    let kubedraft::model::Resource::Other(other) = route.resource_mut() else {
        panic!("a route is kept as a plain object");
    };
    other.body["spec"]["rules"][0]["backendRefs"][0]["port"] = serde_json::json!(81);
    doc.model.replace(id, route).unwrap();
    let mut problems = Vec::new();
    let traffic = route_traffic(&doc.model, &mut problems);
    assert_eq!(traffic.len(), 1, "only the blog route resolves");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("has no port `81`"), "{problems:?}");
}
