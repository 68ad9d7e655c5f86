//! The inspector's forms for Gateway API objects: a Gateway's class, listeners (protocol, port,
//! hostname, TLS and certificates, which namespaces may attach routes) and data-plane namespace;
//! an HTTPRoute's parents, hostnames and rules (path and method matches, filters, weighted
//! backends; the filters in `route_filter_form`). Both edit the typed views of `model::gateway` and write them back keeping every
//! field the views do not hold, as the other kept kinds do.

use egui::Ui;

use crate::model::gateway::gateways::{
    AllowedRoutes, GatewaySpec, Listener, ListenerTls, RouteNamespaces,
};
use crate::model::gateway::http_route::{
    HttpPathMatch, HttpRouteMatch, HttpRouteRule, HttpRouteSpec,
};
use crate::model::gateway::refs::{BackendRef, ParentReference, SecretObjectReference};
use crate::model::gateway::{Gateway, HttpRoute};
use crate::model::{Object, Resource};
use crate::reach::gateway::{DATA_PLANE_NAMESPACE_ANNOTATION, with_data_plane_namespace};

use super::field_notes::At;
use super::form::{self, ListSpec};
use super::other_kind_form::{edit_as, section};

const PROTOCOLS: [&str; 5] = ["HTTP", "HTTPS", "TLS", "TCP", "UDP"];
const PATH_TYPES: [&str; 3] = ["PathPrefix", "Exact", "RegularExpression"];
const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

/// The Gateway form; returns whether the object changed.
pub fn gateway_form(ui: &mut Ui, object: &mut Object, at: &At<'_>) -> bool {
    let mut changed = {
        let Resource::Other(other) = object.resource_mut() else {
            return false;
        };
        edit_as(ui, other, |ui, gateway: &mut Gateway| {
            gateway_sections(ui, gateway, at)
        })
    };
    // Not a field of the API: an annotation, read by reachability (`reach::gateway`).
    let current = object
        .metadata()
        .annotations
        .as_ref()
        .and_then(|a| a.get(DATA_PLANE_NAMESPACE_ANNOTATION))
        .cloned();
    let mut value = current.clone();
    let own = object.effective_namespace().unwrap_or("default").to_owned();
    section(ui, "Data plane", |ui| {
        ui.weak(format!(
            "The namespace its proxy pods run in, for reachability; empty: {own} (GEP-1762)."
        ));
        form::optional_text(ui, "Data-plane namespace", &mut value)
    });
    if value != current {
        *object = with_data_plane_namespace(object, value.as_deref().unwrap_or_default());
        changed = true;
    }
    changed
}

fn gateway_sections(ui: &mut Ui, gateway: &mut Gateway, at: &At<'_>) -> bool {
    let spec = gateway.spec.get_or_insert_with(GatewaySpec::default);
    let at = at.field("spec");
    at.show(ui);
    let mut changed = section(ui, "Gateway", |ui| {
        let changed = form::text(ui, "Gateway class", &mut spec.gateway_class_name, None);
        at.field("gatewayClassName").show(ui);
        changed
    });
    changed |= section(ui, "Listeners", |ui| {
        let at = at.field("listeners");
        at.show(ui);
        form::list_editor(
            ui,
            &ListSpec::separated("listeners", "listener", "Add listener"),
            &mut spec.listeners,
            |len| Listener {
                name: format!("http-{}", len + 1),
                protocol: "HTTP".to_owned(),
                port: 80,
                ..Listener::default()
            },
            |ui, index, listener| listener_fields(ui, listener, &at.item(index)),
        )
    });
    changed
}

fn listener_fields(ui: &mut Ui, listener: &mut Listener, at: &At<'_>) -> bool {
    at.show(ui);
    let mut changed = form::text(ui, "Listener name", &mut listener.name, None);
    changed |= form::required_choice(ui, "Protocol", &mut listener.protocol, &PROTOCOLS);
    changed |= form::number(ui, "Port", &mut listener.port, 1..=65_535);
    at.field("port").show(ui);
    changed |= form::optional_text(ui, "Hostname", &mut listener.hostname);
    at.field("hostname").show(ui);
    if matches!(listener.protocol.as_str(), "HTTPS" | "TLS") {
        let had_tls = listener.tls.is_some();
        let tls = listener.tls.get_or_insert_with(ListenerTls::default);
        changed |= form::choice(ui, "TLS mode", &mut tls.mode, &["Terminate", "Passthrough"]);
        let mut names: Option<Vec<String>> = tls
            .certificate_refs
            .as_ref()
            .map(|refs| refs.iter().map(|r| r.name.clone()).collect());
        if form::comma_list(ui, "Certificate Secrets", &mut names, None) {
            // Entries keep their group, kind and namespace when only a name changed.
            let old = tls.certificate_refs.take().unwrap_or_default();
            tls.certificate_refs = names.map(|names| {
                names
                    .into_iter()
                    .enumerate()
                    .map(|(i, name)| SecretObjectReference {
                        name,
                        ..old.get(i).cloned().unwrap_or_default()
                    })
                    .collect()
            });
            changed = true;
        }
        // Drawing the fields must not write an empty `tls` block.
        if !had_tls && listener.tls == Some(ListenerTls::default()) {
            listener.tls = None;
        }
        at.field("tls").show_all(ui);
    }
    let routes = listener
        .allowed_routes
        .get_or_insert_with(AllowedRoutes::default);
    let namespaces = routes
        .namespaces
        .get_or_insert_with(RouteNamespaces::default);
    let before = namespaces.from.clone();
    changed |= form::choice(
        ui,
        "Routes from namespaces",
        &mut namespaces.from,
        &["Same", "All", "Selector"],
    );
    if namespaces.from != before && namespaces.from.as_deref() != Some("Selector") {
        namespaces.selector = None;
    }
    if namespaces.from.is_none() && namespaces.selector.is_none() {
        routes.namespaces = None;
    }
    if routes.namespaces.is_none() && routes.kinds.is_none() {
        listener.allowed_routes = None;
    }
    at.field("allowedRoutes").show_all(ui);
    changed
}

/// The HTTPRoute form; returns whether the object changed.
pub fn http_route_form(ui: &mut Ui, object: &mut Object, at: &At<'_>) -> bool {
    let Resource::Other(other) = object.resource_mut() else {
        return false;
    };
    edit_as(ui, other, |ui, route: &mut HttpRoute| {
        route_sections(ui, route, at)
    })
}

fn route_sections(ui: &mut Ui, route: &mut HttpRoute, at: &At<'_>) -> bool {
    let spec = route.spec.get_or_insert_with(HttpRouteSpec::default);
    let at = at.field("spec");
    at.show(ui);
    let mut changed = section(ui, "Gateways", |ui| {
        ui.weak("Drag the route onto a Gateway on the canvas to attach it.");
        let at = at.field("parentRefs");
        at.show(ui);
        let mut parents = spec.parent_refs.take().unwrap_or_default();
        let changed = form::list_editor(
            ui,
            &ListSpec::separated("parents", "parent", "Add Gateway"),
            &mut parents,
            |_| ParentReference::default(),
            |ui, index, parent| {
                let at = at.item(index);
                at.show(ui);
                let mut changed = form::text(ui, "Gateway", &mut parent.name, None);
                changed |= form::optional_text(ui, "Gateway namespace", &mut parent.namespace);
                changed |= form::optional_text(ui, "Listener", &mut parent.section_name);
                at.field("sectionName").show(ui);
                changed |= form::optional_number(ui, "Port", &mut parent.port, 443, 1..=65_535);
                changed
            },
        );
        spec.parent_refs = (!parents.is_empty()).then_some(parents);
        changed
    });
    changed |= section(ui, "Hosts", |ui| {
        let changed = form::comma_list(ui, "Hostnames", &mut spec.hostnames, None);
        at.field("hostnames").show_all(ui);
        changed
    });
    changed |= section(ui, "Rules", |ui| {
        let at = at.field("rules");
        at.show(ui);
        let mut rules = spec.rules.take().unwrap_or_default();
        let changed = form::list_editor(
            ui,
            &ListSpec::separated("rules", "rule", "Add rule"),
            &mut rules,
            |_| HttpRouteRule {
                matches: Some(vec![prefix_match("/")]),
                ..HttpRouteRule::default()
            },
            |ui, index, rule| {
                ui.strong(format!("Rule {index}"));
                rule_fields(ui, rule, &at.item(index))
            },
        );
        spec.rules = (!rules.is_empty()).then_some(rules);
        changed
    });
    changed
}

fn prefix_match(path: &str) -> HttpRouteMatch {
    HttpRouteMatch {
        path: Some(HttpPathMatch {
            match_type: Some("PathPrefix".to_owned()),
            value: Some(path.to_owned()),
        }),
        ..HttpRouteMatch::default()
    }
}

fn rule_fields(ui: &mut Ui, rule: &mut HttpRouteRule, at: &At<'_>) -> bool {
    at.show(ui);
    let mut changed = false;
    ui.label("Matches (any of them)");
    let mut matches = rule.matches.take().unwrap_or_default();
    changed |= form::list_editor(
        ui,
        &ListSpec::compact("matches", "match", "Add match"),
        &mut matches,
        |_| prefix_match("/"),
        |ui, index, m| {
            let at = at.field("matches").item(index);
            let path = m.path.get_or_insert_with(HttpPathMatch::default);
            let mut changed = form::choice(ui, "Path match", &mut path.match_type, &PATH_TYPES);
            changed |= form::optional_text(ui, "Path", &mut path.value);
            if path.match_type.is_none() && path.value.is_none() {
                m.path = None;
            }
            changed |= form::choice(ui, "Method", &mut m.method, &METHODS);
            let headers = m.headers.as_ref().map_or(0, Vec::len);
            let queries = m.query_params.as_ref().map_or(0, Vec::len);
            if headers + queries > 0 {
                ui.weak(format!(
                    "also {headers} header and {queries} query conditions (YAML tab)"
                ));
            }
            at.show_all(ui);
            changed
        },
    );
    rule.matches = (!matches.is_empty()).then_some(matches);
    let mut filters = rule.filters.take().unwrap_or_default();
    changed |= super::route_filter_form::filters_ui(ui, &mut filters, &at.field("filters"));
    rule.filters = (!filters.is_empty()).then_some(filters);
    ui.label("Backends (requests split by weight)");
    let mut backends = rule.backend_refs.take().unwrap_or_default();
    changed |= form::list_editor(
        ui,
        &ListSpec::compact("backends", "backend", "Add backend"),
        &mut backends,
        |_| BackendRef::default(),
        |ui, index, backend| {
            let at = at.field("backendRefs").item(index);
            let mut changed = form::text(ui, "Service", &mut backend.name, None);
            changed |= form::optional_number(ui, "Service port", &mut backend.port, 80, 1..=65_535);
            changed |= form::optional_number(ui, "Weight", &mut backend.weight, 1, 0..=1_000_000);
            at.show_all(ui);
            changed
        },
    );
    rule.backend_refs = (!backends.is_empty()).then_some(backends);
    changed
}
