//! The Gateway API objects as JSON values: route rules, routes, the Gateway with its listeners,
//! ReferenceGrants for certificates of other namespaces.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::build::{GatewayName, HostInfo, RulePlan, listener_name};
use super::read::{Rewrite, Source};
use crate::model::gateway::GROUP;
use crate::model::{Model, NAMESPACE_NAME_LABEL, Object};

const API_VERSION: &str = "gateway.networking.k8s.io/v1";

/// A path match (`Exact` or `PathPrefix`).
pub(super) fn match_value(rule: &RulePlan) -> Value {
    let kind = if rule.exact { "Exact" } else { "PathPrefix" };
    json!({"path": {"type": kind, "value": rule.value}})
}

/// A rule serving the path: match, weighted backends, URL rewrite.
pub(super) fn rule_value(rule: &RulePlan) -> Value {
    let backends: Vec<Value> = rule
        .backends
        .iter()
        .map(|(backend, weight)| {
            let mut value = json!({"name": backend.service, "port": backend.port});
            if let Some(weight) = weight {
                value["weight"] = json!(weight);
            }
            value
        })
        .collect();
    let mut value = json!({"matches": [match_value(rule)], "backendRefs": backends});
    let path = match &rule.rewrite {
        None => None,
        Some(Rewrite::FullPath(path)) => {
            Some(json!({"type": "ReplaceFullPath", "replaceFullPath": path}))
        }
        Some(Rewrite::PrefixMatch(path)) => {
            Some(json!({"type": "ReplacePrefixMatch", "replacePrefixMatch": path}))
        }
    };
    if let Some(path) = path {
        value["filters"] = json!([{"type": "URLRewrite", "urlRewrite": {"path": path}}]);
    }
    value
}

fn metadata(namespace: Option<&String>, name: &str, external: Option<String>) -> Value {
    let mut meta = json!({"name": name});
    if let Some(namespace) = namespace {
        meta["namespace"] = json!(namespace);
    }
    if let Some(external) = external {
        meta["annotations"] = json!({"kubedraft.io/external": external});
    }
    meta
}

/// An HTTPRoute of the Ingress `source` for `host` ("": every host).
pub(super) fn route(
    source: &Source,
    name: &str,
    host: &str,
    parents: &[Value],
    rules: &[Value],
) -> Option<Object> {
    let mut spec = json!({"parentRefs": parents, "rules": rules});
    if !host.is_empty() {
        spec["hostnames"] = json!([host]);
    }
    let value = json!({
        "apiVersion": API_VERSION,
        "kind": "HTTPRoute",
        "metadata": metadata(source.namespace.as_ref(), name, source.external_services()),
        "spec": spec,
    });
    Object::from_value(&value).ok()
}

/// The Gateway of a class: a listener per host (HTTP, and HTTPS where a TLS block names the
/// host), admitting the routes of every namespace the class's Ingresses are in.
pub(super) fn gateway(
    model: &Model,
    class: &str,
    members: &[&Source],
    hosts: &BTreeMap<String, HostInfo>,
    at: &GatewayName,
    route_namespaces: &BTreeSet<&str>,
) -> Option<Object> {
    let effective = at.effective.as_str();
    let allowed = (route_namespaces.iter().any(|ns| *ns != effective)).then(|| {
        json!({"namespaces": {"from": "Selector", "selector": {"matchExpressions": [
            {"key": NAMESPACE_NAME_LABEL, "operator": "In", "values": route_namespaces}
        ]}}})
    });
    let mut listeners = Vec::new();
    let mut external = Vec::new();
    if model.find("GatewayClass", None, class).is_none() {
        external.push(format!("GatewayClass/{class}"));
    }
    for (host, info) in hosts {
        let mut http = json!({"name": listener_name("http", host), "port": 80, "protocol": "HTTP"});
        let mut https = info.tls.as_ref().map(|(secret, secret_namespace)| {
            let mut reference = json!({"name": secret});
            if secret_namespace != effective {
                reference["namespace"] = json!(secret_namespace);
            }
            if members.iter().any(|s| s.marks_external("Secret", secret)) {
                external.push(format!("Secret/{secret}"));
            }
            json!({"name": listener_name("https", host), "port": 443, "protocol": "HTTPS",
                   "tls": {"mode": "Terminate", "certificateRefs": [reference]}})
        });
        for listener in std::iter::once(&mut http).chain(https.as_mut()) {
            if !host.is_empty() {
                listener["hostname"] = json!(host);
            }
            if let Some(allowed) = &allowed {
                listener["allowedRoutes"] = allowed.clone();
            }
        }
        listeners.push(http);
        listeners.extend(https);
    }
    external.sort();
    external.dedup();
    let external = (!external.is_empty()).then(|| external.join(", "));
    let value = json!({
        "apiVersion": API_VERSION,
        "kind": "Gateway",
        "metadata": metadata(at.namespace.as_ref(), &at.name, external),
        "spec": {"gatewayClassName": class, "listeners": listeners},
    });
    Object::from_value(&value).ok()
}

/// One ReferenceGrant per namespace holding certificates of a Gateway in another namespace.
pub(super) fn reference_grants(
    hosts: &BTreeMap<String, HostInfo>,
    at: &GatewayName,
) -> Vec<Object> {
    let (gateway_namespace, gateway_name) = (at.effective.as_str(), at.name.as_str());
    let mut secrets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (secret, namespace) in hosts.values().filter_map(|h| h.tls.as_ref()) {
        if namespace != gateway_namespace {
            secrets.entry(namespace).or_default().insert(secret);
        }
    }
    secrets
        .into_iter()
        .filter_map(|(namespace, names)| {
            let to: Vec<Value> = names
                .into_iter()
                .map(|name| json!({"group": "", "kind": "Secret", "name": name}))
                .collect();
            let value = json!({
                "apiVersion": API_VERSION,
                "kind": "ReferenceGrant",
                "metadata": {"name": format!("{gateway_name}-certificates"), "namespace": namespace},
                "spec": {"from": [{"group": GROUP, "kind": "Gateway", "namespace": gateway_namespace}], "to": to},
            });
            Object::from_value(&value).ok()
        })
        .collect()
}
