//! The Gateway API relations of small models.

use serde_json::{Value, json};

use super::*;

fn build(values: &[Value]) -> Model {
    let mut model = Model::new();
    model.add_all(
        values
            .iter()
            .map(|v| Object::from_value(v).unwrap_or_else(|e| panic!("{v}: {e}"))),
    );
    model
}

fn id(model: &Model, kind: &str, namespace: Option<&str>, name: &str) -> ObjectId {
    model
        .find(kind, namespace, name)
        .unwrap_or_else(|| panic!("{kind} {namespace:?}/{name}"))
}

fn service(namespace: &str, name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": name, "namespace": namespace},
           "spec": {"ports": [{"port": 8080}]}})
}

fn gateway() -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "edge", "namespace": "infra"},
        "spec": {"gatewayClassName": "example", "listeners": [
            {"name": "http", "port": 80, "protocol": "HTTP",
             "allowedRoutes": {"namespaces": {"from": "All"}}},
            {"name": "https", "port": 443, "protocol": "HTTPS", "hostname": "*.example.com",
             "tls": {"certificateRefs": [{"name": "wildcard"}, {"name": "shared", "namespace": "certs"}]},
             "allowedRoutes": {"namespaces": {"from": "All"}}},
            {"name": "internal", "port": 8080, "protocol": "HTTP"},
        ]},
    })
}

fn http_route(hostnames: &[&str]) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": "shop", "namespace": "shop"},
        "spec": {
            "parentRefs": [{"name": "edge", "namespace": "infra"}],
            "hostnames": hostnames,
            "rules": [
                {"backendRefs": [{"name": "web", "port": 8080, "weight": 90},
                                 {"name": "web-canary", "port": 8080, "weight": 10}]},
                {"matches": [{"path": {"type": "PathPrefix", "value": "/api"}}],
                 "backendRefs": [{"name": "api", "namespace": "backends", "port": 8080}]},
            ],
        },
    })
}

fn secret(namespace: &str, name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": namespace}})
}

fn grant(namespace: &str, from_kind: &str, from_namespace: &str, to_kind: &str) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
        "metadata": {"name": format!("allow-{}", from_kind.to_lowercase()), "namespace": namespace},
        "spec": {"from": [{"group": "gateway.networking.k8s.io", "kind": from_kind,
                           "namespace": from_namespace}],
                 "to": [{"group": "", "kind": to_kind}]},
    })
}

fn base() -> Vec<Value> {
    vec![
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
               "metadata": {"name": "example"}, "spec": {"controllerName": "example.com/gw"}}),
        gateway(),
        service("shop", "web"),
        service("shop", "web-canary"),
        service("backends", "api"),
        secret("infra", "wildcard"),
        secret("certs", "shared"),
    ]
}

#[test]
fn routes_attach_split_and_reach_their_services() {
    let mut values = base();
    values.push(http_route(&["shop.example.com"]));
    let model = build(&values);
    let route = id(&model, "HTTPRoute", Some("shop"), "shop");
    let gateway = id(&model, "Gateway", Some("infra"), "edge");
    let relations = model.relations_from(route);
    let attaches = Relation::RouteAttaches {
        listeners: vec!["http".to_owned(), "https".to_owned()],
    };
    assert!(relations.contains(&(gateway, attaches)), "{relations:?}");
    let backend = |rule, share, permitted| Relation::RouteBackend {
        rule,
        port: Some(8080),
        weight: match share {
            Some(90) => 90,
            Some(_) => 10,
            None => 1,
        },
        share,
        permitted,
    };
    let web = id(&model, "Service", Some("shop"), "web");
    let canary = id(&model, "Service", Some("shop"), "web-canary");
    let api = id(&model, "Service", Some("backends"), "api");
    assert!(relations.contains(&(web, backend(0, Some(90), true))));
    assert!(relations.contains(&(canary, backend(0, Some(10), true))));
    // Into another namespace without a ReferenceGrant: drawn, but marked not permitted.
    assert!(relations.contains(&(api, backend(1, None, false))));
    assert_eq!(
        backend(0, Some(90), true).edge_label().as_deref(),
        Some(":8080 90%")
    );
    assert_eq!(relations.len(), 4, "{relations:?}");

    // The Gateway's class and certificates.
    let from_gateway = model.relations_from(gateway);
    let class = id(&model, "GatewayClass", None, "example");
    assert!(from_gateway.contains(&(class, Relation::GatewayClassOf)));
    let wildcard = id(&model, "Secret", Some("infra"), "wildcard");
    let shared = id(&model, "Secret", Some("certs"), "shared");
    let certificate = |permitted| Relation::GatewayCertificate {
        listeners: vec!["https".to_owned()],
        permitted,
    };
    assert!(from_gateway.contains(&(wildcard, certificate(true))));
    assert!(from_gateway.contains(&(shared, certificate(false))));
    // The rules read the same answers, with the listener and position of each reference.
    let index = GatewayIndex::new(&model);
    let (_, namespace, view) = index.gateways().next().expect("gateway");
    let outcomes = index.certificates(namespace, view);
    assert_eq!(
        outcomes
            .iter()
            .map(|o| (o.listener.as_str(), o.index, o.secret, o.permitted))
            .collect::<Vec<_>>(),
        [
            ("https", 0, Some(wildcard), true),
            ("https", 1, Some(shared), false)
        ]
    );
}

#[test]
fn reference_grants_permit_cross_namespace_references() {
    let mut values = base();
    values.push(http_route(&[]));
    values.push(grant("backends", "HTTPRoute", "shop", "Service"));
    values.push(grant("certs", "Gateway", "infra", "Secret"));
    let model = build(&values);
    let route = id(&model, "HTTPRoute", Some("shop"), "shop");
    let api = id(&model, "Service", Some("backends"), "api");
    let permitted = model.relations_from(route).into_iter().any(|(to, r)| {
        to == api
            && matches!(
                r,
                Relation::RouteBackend {
                    permitted: true,
                    ..
                }
            )
    });
    assert!(permitted);
    let gateway = id(&model, "Gateway", Some("infra"), "edge");
    let shared = id(&model, "Secret", Some("certs"), "shared");
    assert!(model.relations_from(gateway).contains(&(
        shared,
        Relation::GatewayCertificate {
            listeners: vec!["https".to_owned()],
            permitted: true
        }
    )));
    // A grant for another route kind permits nothing for this one.
    let mut values = base();
    values.push(http_route(&[]));
    values.push(grant("backends", "GRPCRoute", "shop", "Service"));
    let model = build(&values);
    let route = id(&model, "HTTPRoute", Some("shop"), "shop");
    assert!(
        model
            .relations_from(route)
            .into_iter()
            .any(|(to, r)| to == api
                && matches!(
                    r,
                    Relation::RouteBackend {
                        permitted: false,
                        ..
                    }
                ))
    );
}

#[test]
fn a_route_the_gateway_does_not_accept_does_not_attach() {
    // Hostnames outside `*.example.com`: only the open `http` listener admits the route.
    let mut values = base();
    values.push(http_route(&["shop.example.net"]));
    let model = build(&values);
    let route = id(&model, "HTTPRoute", Some("shop"), "shop");
    let gateway = id(&model, "Gateway", Some("infra"), "edge");
    assert!(model.relations_from(route).contains(&(
        gateway,
        Relation::RouteAttaches {
            listeners: vec!["http".to_owned()]
        }
    )));
    // Only the `internal` listener, which admits routes of its own namespace only.
    let mut pinned = http_route(&[]);
    pinned["spec"]["parentRefs"][0]["sectionName"] = json!("internal");
    let mut values = base();
    values.push(pinned);
    let model = build(&values);
    let route = id(&model, "HTTPRoute", Some("shop"), "shop");
    assert!(
        !model
            .relations_from(route)
            .iter()
            .any(|(_, r)| matches!(r, Relation::RouteAttaches { .. }))
    );
    let index = GatewayIndex::new(&model);
    let outcome = index.parents(&index.routes()[0]);
    assert_eq!(
        outcome[0].attachment,
        Some(Attachment::NotAllowed(vec![(
            "internal".to_owned(),
            super::super::admission::ListenerRefusal::Namespace
        )]))
    );
}

#[test]
fn shares_round_and_zero_weights_send_nothing() {
    assert_eq!(share_percent(1, 3), 33);
    assert_eq!(share_percent(2, 3), 67);
    assert_eq!(share_percent(0, 0), 0);
    assert_eq!(share_percent(5, 5), 100);
    assert_eq!(share_percent(-1, 4), 0);
}
