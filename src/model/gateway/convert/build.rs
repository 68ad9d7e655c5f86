//! The Gateway API objects of one Ingress class: its Gateway (listeners per host), the
//! HTTPRoutes of each Ingress and host (with the redirect routes and canary weights), and the
//! ReferenceGrants that let the Gateway read certificates of other namespaces.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::read::{Backend, PathEntry, Rewrite, Source};
use super::{ConvertOptions, Note, NoteLevel, is_dns_subdomain};
use crate::model::gateway::GROUP;
use crate::model::{Model, NAMESPACE_NAME_LABEL, Object, ObjectId};

const API_VERSION: &str = "gateway.networking.k8s.io/v1";

/// What the Ingresses of the class say about one host ("" for requests no host rule takes).
#[derive(Clone, Debug, Default)]
struct HostInfo {
    /// The certificate Secret and its namespace.
    tls: Option<(String, String)>,
    /// An Ingress has a `Prefix /` path for the host: no default backend applies.
    root: bool,
    /// The Ingress (position among the sources) whose `defaultBackend` answers what no path takes.
    default_owner: Option<usize>,
}

/// One rule of a route: its match, backends with weights (`None`: unsplit) and rewrite.
#[derive(Clone, Debug)]
struct RulePlan {
    exact: bool,
    value: String,
    backends: Vec<(Backend, Option<i32>)>,
    rewrite: Option<Rewrite>,
}

impl RulePlan {
    fn from_entry(entry: &PathEntry) -> Self {
        RulePlan {
            exact: entry.exact,
            value: entry.value.clone(),
            backends: vec![(entry.backend.clone(), None)],
            rewrite: entry.rewrite.clone(),
        }
    }
}

fn note(source: &Source, level: NoteLevel, field: &str, message: String) -> Note {
    Note {
        ingress: source.display.clone(),
        level,
        field: field.to_owned(),
        message,
    }
}

/// A name fit for a Kubernetes object from an Ingress class name.
fn object_name(class: &str) -> String {
    let mut name: String = class
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    name = name.trim_matches(|c| c == '-' || c == '.').to_owned();
    if is_dns_subdomain(&name) {
        name
    } else {
        "gateway".to_owned()
    }
}

/// The part of a listener or route name standing for a host.
fn host_slug(host: &str) -> String {
    if host.is_empty() {
        "any".to_owned()
    } else {
        host.replace('*', "wildcard")
    }
}

/// A host as notes show it.
fn shown(host: &str) -> &str {
    if host.is_empty() { "any host" } else { host }
}

fn listener_name(scheme: &str, host: &str) -> String {
    if host.is_empty() {
        scheme.to_owned()
    } else {
        format!("{scheme}-{}", host_slug(host))
    }
}

/// The objects of one class; `members` are sorted by namespace and name.
pub(super) fn group(
    model: &Model,
    class: &str,
    members: &[&Source],
    options: &ConvertOptions,
    notes: &mut Vec<Note>,
) -> Vec<(Object, ObjectId)> {
    let (gateway_namespace, gateway_name) = match &options.gateway {
        Some((namespace, name)) => (Some(namespace.clone()), name.clone()),
        None => {
            let first = members.first().and_then(|s| s.namespace.clone());
            (first, object_name(class))
        }
    };
    let gateway_effective = gateway_namespace
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    let mains: Vec<(usize, &Source)> = members
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, s)| s.canary.is_none())
        .collect();

    // Hosts first, so default backends know which hosts have an explicit `/`.
    let mut hosts: BTreeMap<String, HostInfo> = BTreeMap::new();
    let mut plans: BTreeMap<(usize, String), Vec<RulePlan>> = BTreeMap::new();
    // A host and path served by two Ingresses goes to the first (namespace and name order), as
    // one route's rule; the later one is left out, so route names never decide the tie.
    let mut served: BTreeMap<(String, bool, String), &str> = BTreeMap::new();
    for &(at, source) in &mains {
        for host in &source.hosts {
            let info = hosts.entry(host.host.clone()).or_default();
            info.root |= host.paths.iter().any(|p| !p.exact && p.value == "/");
            let rules = plans.entry((at, host.host.clone())).or_default();
            for entry in &host.paths {
                let key = (host.host.clone(), entry.exact, entry.value.clone());
                match served.get(&key) {
                    Some(first) if *first != source.display => notes.push(note(
                        source,
                        NoteLevel::NotConverted,
                        "spec.rules",
                        format!(
                            "path {} of {} is served by Ingress {first} already",
                            entry.value,
                            shown(&host.host)
                        ),
                    )),
                    _ => {
                        served.insert(key, &source.display);
                        rules.push(RulePlan::from_entry(entry));
                    }
                }
            }
        }
    }
    for &(at, source) in &mains {
        let Some(_) = &source.default_backend else {
            continue;
        };
        let mut targets: Vec<String> = source.hosts.iter().map(|h| h.host.clone()).collect();
        targets.push(String::new());
        targets.dedup();
        for target in targets {
            let info = hosts.entry(target.clone()).or_default();
            if info.root {
                continue;
            }
            match info.default_owner {
                None => {
                    info.default_owner = Some(at);
                    plans.entry((at, target)).or_default();
                }
                Some(owner) if owner != at => {
                    let shown = members.get(owner).map_or("", |s| s.display.as_str());
                    let host = if target.is_empty() {
                        "any other host"
                    } else {
                        target.as_str()
                    };
                    notes.push(note(
                        source,
                        NoteLevel::Warning,
                        "spec.defaultBackend",
                        format!("for {host}, the defaultBackend of Ingress {shown} comes first (namespace and name order): this one is not used there"),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    for &(_, source) in &mains {
        for (t, (tls_hosts, secret)) in source.tls.iter().enumerate() {
            for host in tls_hosts {
                let field = format!("spec.tls[{t}]");
                let Some(info) = hosts.get_mut(host) else {
                    notes.push(note(
                        source,
                        NoteLevel::NotConverted,
                        &field,
                        format!("no rule serves host {host}: no HTTPS listener for it"),
                    ));
                    continue;
                };
                match &info.tls {
                    None => info.tls = Some((secret.clone(), source.effective_namespace.clone())),
                    Some((first, _)) if first != secret => notes.push(note(
                        source,
                        NoteLevel::Warning,
                        &field,
                        format!("host {host} already has the certificate Secret {first}: {secret} is not used"),
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    merge_canaries(members, &mut plans, notes);

    let mut objects = Vec::new();
    let mut taken: BTreeSet<(String, String)> = BTreeSet::new();
    let parent = |route_namespace: &str, section: &str| {
        let mut reference = json!({"name": gateway_name, "sectionName": section});
        if route_namespace != gateway_effective {
            reference["namespace"] = json!(gateway_effective);
        }
        reference
    };
    for &(at, source) in &mains {
        let own: Vec<&(usize, String)> = plans.keys().filter(|(s, _)| *s == at).collect();
        for key in own.iter().copied() {
            let host = &key.1;
            let Some(info) = hosts.get(host) else {
                continue;
            };
            let mut rules: Vec<RulePlan> = plans.get(key).cloned().unwrap_or_default();
            if info.default_owner == Some(at)
                && let Some(backend) = &source.default_backend
            {
                rules.push(RulePlan {
                    exact: false,
                    value: "/".to_owned(),
                    backends: vec![(backend.clone(), None)],
                    rewrite: None,
                });
            }
            if rules.is_empty() {
                continue;
            }
            let base = if own.len() == 1 {
                source.name.clone()
            } else {
                format!("{}-{}", source.name, host_slug(host))
            };
            let redirect = (info.tls.is_some() && source.ssl_redirect) || source.force_ssl_redirect;
            let mut parents = Vec::new();
            if !redirect {
                parents.push(parent(
                    &source.effective_namespace,
                    &listener_name("http", host),
                ));
            }
            if info.tls.is_some() {
                parents.push(parent(
                    &source.effective_namespace,
                    &listener_name("https", host),
                ));
            }
            if parents.is_empty() {
                let shown = if host.is_empty() {
                    "any host"
                } else {
                    host.as_str()
                };
                notes.push(note(
                    source,
                    NoteLevel::Warning,
                    "metadata.annotations[nginx.ingress.kubernetes.io/force-ssl-redirect]",
                    format!("{shown} has no TLS block: HTTP requests are redirected to https, which this Gateway does not serve (TLS ends in front of it?)"),
                ));
            } else {
                let served: Vec<Value> = rules.iter().map(rule_value).collect();
                let name = unique(&mut taken, &source.effective_namespace, &base);
                objects.extend(route(source, &name, host, parents, served).map(|o| (o, source.id)));
            }
            if redirect {
                let matches: Vec<Value> = rules.iter().map(match_value).collect();
                let redirect_rule = json!({
                    "matches": matches,
                    "filters": [{"type": "RequestRedirect",
                                 "requestRedirect": {"scheme": "https", "statusCode": 301}}],
                });
                let name = unique(
                    &mut taken,
                    &source.effective_namespace,
                    &format!("{base}-redirect"),
                );
                let parents = vec![parent(
                    &source.effective_namespace,
                    &listener_name("http", host),
                )];
                objects.extend(
                    route(source, &name, host, parents, vec![redirect_rule])
                        .map(|o| (o, source.id)),
                );
            }
        }
    }
    let route_namespaces: BTreeSet<&str> = mains
        .iter()
        .map(|(_, s)| s.effective_namespace.as_str())
        .collect();
    let near = members.first().map_or(ObjectId(0), |s| s.id);
    objects.extend(
        gateway(
            model,
            class,
            members,
            &hosts,
            (&gateway_namespace, &gateway_effective, &gateway_name),
            &route_namespaces,
        )
        .map(|o| (o, near)),
    );
    objects.extend(
        reference_grants(&hosts, &gateway_effective, &gateway_name)
            .into_iter()
            .map(|o| (o, near)),
    );
    objects
}

/// A name not yet taken in the namespace: `base`, else `base-2`, `base-3`…
fn unique(taken: &mut BTreeSet<(String, String)>, namespace: &str, base: &str) -> String {
    let mut name = base.to_owned();
    let mut n = 1;
    while !taken.insert((namespace.to_owned(), name.clone())) {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

/// Canary Ingresses become weights on the backends of the same host and path of the main
/// Ingress of their namespace.
fn merge_canaries(
    members: &[&Source],
    plans: &mut BTreeMap<(usize, String), Vec<RulePlan>>,
    notes: &mut Vec<Note>,
) {
    for canary_source in members.iter().filter(|s| s.canary.is_some()) {
        let Some(canary) = canary_source.canary else {
            continue;
        };
        for host in &canary_source.hosts {
            for entry in &host.paths {
                let target = plans.iter_mut().find_map(|((at, h), rules)| {
                    let same_namespace = members.get(*at).is_some_and(|m| {
                        m.effective_namespace == canary_source.effective_namespace
                    });
                    (same_namespace && *h == host.host)
                        .then(|| {
                            rules
                                .iter_mut()
                                .find(|r| r.exact == entry.exact && r.value == entry.value)
                        })
                        .flatten()
                });
                let shown_host = if host.host.is_empty() {
                    "any host"
                } else {
                    host.host.as_str()
                };
                match target {
                    Some(rule) if rule.backends.len() == 1 => {
                        let weight = canary.weight.clamp(0, canary.total);
                        if let Some(main) = rule.backends.first_mut() {
                            main.1 = Some(canary.total - weight);
                        }
                        rule.backends.push((entry.backend.clone(), Some(weight)));
                    }
                    Some(_) => notes.push(note(
                        canary_source,
                        NoteLevel::NotConverted,
                        "metadata.annotations[nginx.ingress.kubernetes.io/canary]",
                        format!("{shown_host} {} already has a canary: this one is not used", entry.value),
                    )),
                    None => notes.push(note(
                        canary_source,
                        NoteLevel::NotConverted,
                        "metadata.annotations[nginx.ingress.kubernetes.io/canary]",
                        format!("no main Ingress of the namespace serves {shown_host} {}: the canary path is not used", entry.value),
                    )),
                }
            }
        }
        if canary_source.default_backend.is_some() {
            notes.push(note(
                canary_source,
                NoteLevel::NotConverted,
                "spec.defaultBackend",
                "a canary's defaultBackend is not used".to_owned(),
            ));
        }
    }
}

fn match_value(rule: &RulePlan) -> Value {
    let kind = if rule.exact { "Exact" } else { "PathPrefix" };
    json!({"path": {"type": kind, "value": rule.value}})
}

fn rule_value(rule: &RulePlan) -> Value {
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

fn route(
    source: &Source,
    name: &str,
    host: &str,
    parents: Vec<Value>,
    rules: Vec<Value>,
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

fn gateway(
    model: &Model,
    class: &str,
    members: &[&Source],
    hosts: &BTreeMap<String, HostInfo>,
    (namespace, effective, name): (&Option<String>, &str, &str),
    route_namespaces: &BTreeSet<&str>,
) -> Option<Object> {
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
        "metadata": metadata(namespace.as_ref(), name, external),
        "spec": {"gatewayClassName": class, "listeners": listeners},
    });
    Object::from_value(&value).ok()
}

/// One ReferenceGrant per namespace holding certificates of a Gateway in another namespace.
fn reference_grants(
    hosts: &BTreeMap<String, HostInfo>,
    gateway_namespace: &str,
    gateway_name: &str,
) -> Vec<Object> {
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
