//! Listener admission over the cases of the Gateway API spec (allowedRoutes, sectionName, port,
//! protocol and hostnames).

use serde_json::json;

use super::*;

fn gateway(listeners: &serde_json::Value) -> Gateway {
    serde_json::from_value(json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "gw", "namespace": "infra"},
        "spec": {"gatewayClassName": "example", "listeners": listeners},
    }))
    .expect("gateway")
}

fn labels(namespace: &str, extra: &[(&str, &str)]) -> Labels {
    let mut labels: Labels = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    labels.insert(
        crate::model::NAMESPACE_NAME_LABEL.to_owned(),
        namespace.to_owned(),
    );
    labels
}

fn parent(section: Option<&str>, port: Option<i32>) -> ParentReference {
    ParentReference {
        name: "gw".to_owned(),
        section_name: section.map(str::to_owned),
        port,
        ..ParentReference::default()
    }
}

fn accepted(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// The names of the listeners that accept, or the refusals.
fn outcome(attachment: &Attachment) -> Result<Vec<String>, Vec<(String, ListenerRefusal)>> {
    match attachment {
        Attachment::Accepted(list) => Ok(list.iter().map(|l| l.name.clone()).collect()),
        Attachment::NotAllowed(refused) => Err(refused.clone()),
        Attachment::NoMatchingListener => Err(Vec::new()),
    }
}

#[test]
fn namespaces_from_same_all_and_selector() {
    let gw = gateway(&json!([
        {"name": "same", "port": 80, "protocol": "HTTP"},
        {"name": "all", "port": 8080, "protocol": "HTTP",
         "allowedRoutes": {"namespaces": {"from": "All"}}},
        {"name": "selected", "port": 8081, "protocol": "HTTP",
         "allowedRoutes": {"namespaces": {"from": "Selector",
            "selector": {"matchLabels": {"shared-gateway-access": "true"}}}}},
    ]));
    let infra = labels("infra", &[]);
    let shared = labels("shop", &[("shared-gateway-access", "true")]);
    let other = labels("other", &[]);
    let route = |namespace, namespace_labels| RouteFacts {
        kind: Kind::HttpRoute,
        namespace,
        namespace_labels,
        hostnames: &[],
    };
    let any = parent(None, None);
    assert_eq!(
        outcome(&attach(&any, &gw, "infra", &route("infra", &infra))),
        Ok(accepted(&["same", "all"]))
    );
    assert_eq!(
        outcome(&attach(&any, &gw, "infra", &route("shop", &shared))),
        Ok(accepted(&["all", "selected"]))
    );
    assert_eq!(
        outcome(&attach(&any, &gw, "infra", &route("other", &other))),
        Ok(accepted(&["all"]))
    );
    // Only the listener named by sectionName counts.
    assert_eq!(
        attach(
            &parent(Some("same"), None),
            &gw,
            "infra",
            &route("other", &other)
        ),
        Attachment::NotAllowed(vec![("same".to_owned(), ListenerRefusal::Namespace)])
    );
    // A Selector without a selector, or an unknown `from`, admits no namespace.
    let strict = gateway(&json!([
        {"name": "a", "port": 80, "protocol": "HTTP",
         "allowedRoutes": {"namespaces": {"from": "Selector"}}},
        {"name": "b", "port": 81, "protocol": "HTTP",
         "allowedRoutes": {"namespaces": {"from": "Nowhere"}}},
    ]));
    assert_eq!(
        outcome(&attach(&any, &strict, "infra", &route("infra", &infra))),
        Err(vec![
            ("a".to_owned(), ListenerRefusal::Namespace),
            ("b".to_owned(), ListenerRefusal::Namespace)
        ])
    );
}

#[test]
fn section_name_and_port_select_listeners() {
    let gw = gateway(&json!([
        {"name": "http", "port": 80, "protocol": "HTTP"},
        {"name": "https", "port": 443, "protocol": "HTTPS",
         "tls": {"certificateRefs": [{"name": "cert"}]}},
        {"name": "alt", "port": 443, "protocol": "HTTPS", "hostname": "alt.example.com",
         "tls": {"certificateRefs": [{"name": "alt"}]}},
    ]));
    let ns = labels("infra", &[]);
    let route = RouteFacts {
        kind: Kind::HttpRoute,
        namespace: "infra",
        namespace_labels: &ns,
        hostnames: &[],
    };
    let cases = [
        (None, None, Ok(accepted(&["http", "https", "alt"]))),
        (Some("https"), None, Ok(accepted(&["https"]))),
        (None, Some(443), Ok(accepted(&["https", "alt"]))),
        (Some("alt"), Some(443), Ok(accepted(&["alt"]))),
    ];
    for (section, port, expected) in cases {
        assert_eq!(
            outcome(&attach(&parent(section, port), &gw, "infra", &route)),
            expected,
            "{section:?} {port:?}"
        );
    }
    for (section, port) in [
        (Some("grpc"), None),
        (None, Some(8443)),
        (Some("http"), Some(443)),
    ] {
        assert_eq!(
            attach(&parent(section, port), &gw, "infra", &route),
            Attachment::NoMatchingListener,
            "{section:?} {port:?}"
        );
    }
}

#[test]
fn kinds_follow_allowed_routes_and_the_protocol() {
    let gw = gateway(&json!([
        {"name": "http", "port": 80, "protocol": "HTTP"},
        {"name": "http-only", "port": 81, "protocol": "HTTP",
         "allowedRoutes": {"kinds": [{"kind": "HTTPRoute"}]}},
        {"name": "wrong-kind", "port": 82, "protocol": "HTTP",
         "allowedRoutes": {"kinds": [{"kind": "TCPRoute"}]}},
        {"name": "tcp", "port": 9000, "protocol": "TCP"},
        {"name": "udp", "port": 9001, "protocol": "UDP"},
        {"name": "passthrough", "port": 8443, "protocol": "TLS", "tls": {"mode": "Passthrough"}},
        {"name": "terminate", "port": 8444, "protocol": "TLS",
         "tls": {"certificateRefs": [{"name": "c"}]}},
        {"name": "custom", "port": 7000, "protocol": "example.com/quic"},
        {"name": "other-group", "port": 83, "protocol": "HTTP",
         "allowedRoutes": {"kinds": [{"group": "example.com", "kind": "HTTPRoute"}]}},
    ]));
    let ns = labels("infra", &[]);
    let any = parent(None, None);
    let admitted = |kind| {
        let route = RouteFacts {
            kind,
            namespace: "infra",
            namespace_labels: &ns,
            hostnames: &[],
        };
        outcome(&attach(&any, &gw, "infra", &route)).unwrap_or_default()
    };
    assert_eq!(
        admitted(Kind::HttpRoute),
        accepted(&["http", "http-only", "custom"])
    );
    assert_eq!(admitted(Kind::GrpcRoute), accepted(&["http", "custom"]));
    assert_eq!(
        admitted(Kind::TcpRoute),
        accepted(&["tcp", "terminate", "custom"])
    );
    assert_eq!(admitted(Kind::UdpRoute), accepted(&["udp", "custom"]));
    assert_eq!(
        admitted(Kind::TlsRoute),
        accepted(&["passthrough", "terminate", "custom"])
    );
    // Not a route kind at all.
    assert!(admitted(Kind::Ingress).is_empty());
}

#[test]
fn hostnames_must_intersect() {
    let gw = gateway(&json!([
        {"name": "wild", "port": 80, "protocol": "HTTP", "hostname": "*.example.com"},
        {"name": "exact", "port": 81, "protocol": "HTTP", "hostname": "shop.example.net"},
        {"name": "open", "port": 82, "protocol": "HTTP"},
    ]));
    let ns = labels("infra", &[]);
    let any = parent(None, None);
    let hostnames = vec!["foo.example.com".to_owned()];
    let route = RouteFacts {
        kind: Kind::HttpRoute,
        namespace: "infra",
        namespace_labels: &ns,
        hostnames: &hostnames,
    };
    let Attachment::Accepted(list) = attach(&any, &gw, "infra", &route) else {
        panic!("not accepted");
    };
    assert_eq!(
        list,
        vec![
            AcceptedListener {
                name: "wild".to_owned(),
                hostnames: HostnameMatch::Hosts(vec!["foo.example.com".to_owned()]),
            },
            AcceptedListener {
                name: "open".to_owned(),
                hostnames: HostnameMatch::Hosts(vec!["foo.example.com".to_owned()]),
            },
        ]
    );
    assert_eq!(
        attach(&parent(Some("exact"), None), &gw, "infra", &route),
        Attachment::NotAllowed(vec![("exact".to_owned(), ListenerRefusal::Hostname)])
    );
    // TCP routes match no hostname: the listener's hostname does not keep them out.
    let tcp = gateway(&json!([
        {"name": "tcp", "port": 9000, "protocol": "TCP", "hostname": "db.example.com"},
    ]));
    let stream = RouteFacts {
        kind: Kind::TcpRoute,
        namespace: "infra",
        namespace_labels: &ns,
        hostnames: &[],
    };
    assert_eq!(
        outcome(&attach(&any, &tcp, "infra", &stream)),
        Ok(accepted(&["tcp"]))
    );
}
