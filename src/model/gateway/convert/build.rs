//! The Gateway API objects of one Ingress class: its Gateway (listeners per host), the
//! HTTPRoutes of each Ingress and host (with the redirect routes and canary weights), and the
//! ReferenceGrants that let the Gateway read certificates of other namespaces.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::objects;
use super::read::{Backend, PathEntry, Rewrite, Source};
use super::{ConvertOptions, Note, NoteLevel, is_dns_subdomain};
use crate::model::{Model, Object, ObjectId};

/// What the Ingresses of the class say about one host ("" for requests no host rule takes).
#[derive(Clone, Debug, Default)]
pub(super) struct HostInfo {
    /// The certificate Secret and its namespace.
    pub tls: Option<(String, String)>,
    /// An Ingress has a `Prefix /` path for the host: no default backend applies.
    pub root: bool,
    /// The Ingress (position among the sources) whose `defaultBackend` answers what no path takes.
    pub default_owner: Option<usize>,
}

/// One rule of a route: its match, backends with weights (`None`: unsplit) and rewrite.
#[derive(Clone, Debug)]
pub(super) struct RulePlan {
    pub exact: bool,
    pub value: String,
    pub backends: Vec<(Backend, Option<i32>)>,
    pub rewrite: Option<Rewrite>,
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
    let name: String = class
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
    let name = name.trim_matches(|c| c == '-' || c == '.');
    if is_dns_subdomain(name) {
        name.to_owned()
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

pub(super) fn listener_name(scheme: &str, host: &str) -> String {
    if host.is_empty() {
        scheme.to_owned()
    } else {
        format!("{scheme}-{}", host_slug(host))
    }
}

/// The Gateway of a class: namespace as written, effective namespace, name.
pub(super) struct GatewayName {
    pub namespace: Option<String>,
    pub effective: String,
    pub name: String,
}

/// The hosts of a class and the rules of each (Ingress, host), before objects are made.
struct Plan {
    hosts: BTreeMap<String, HostInfo>,
    /// Keyed by the Ingress's position among the members and the host.
    rules: BTreeMap<(usize, String), Vec<RulePlan>>,
}

/// The objects of one class; `members` are sorted by namespace and name.
pub(super) fn group(
    model: &Model,
    class: &str,
    members: &[&Source],
    options: &ConvertOptions,
    notes: &mut Vec<Note>,
) -> Vec<(Object, ObjectId)> {
    let at = if let Some((namespace, name)) = &options.gateway {
        GatewayName {
            namespace: Some(namespace.clone()),
            effective: namespace.clone(),
            name: name.clone(),
        }
    } else {
        let namespace = members.first().and_then(|s| s.namespace.clone());
        GatewayName {
            effective: namespace.clone().unwrap_or_else(|| "default".to_owned()),
            namespace,
            name: object_name(class),
        }
    };
    let mains: Vec<(usize, &Source)> = members
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, s)| s.canary.is_none())
        .collect();
    // Hosts first, so default backends know which hosts have an explicit `/`.
    let mut plan = plan_paths(&mains, notes);
    plan_defaults(&mut plan, members, &mains, notes);
    plan_tls(&mut plan, &mains, notes);
    merge_canaries(members, &mut plan.rules, notes);
    let mut objects = routes(&plan, &mains, &at, notes);
    let route_namespaces: BTreeSet<&str> = mains
        .iter()
        .map(|(_, s)| s.effective_namespace.as_str())
        .collect();
    let near = members.first().map_or(ObjectId(0), |s| s.id);
    let gateway = objects::gateway(model, class, members, &plan.hosts, &at, &route_namespaces);
    objects.extend(gateway.map(|o| (o, near)));
    let grants = objects::reference_grants(&plan.hosts, &at);
    objects.extend(grants.into_iter().map(|o| (o, near)));
    objects
}

/// The paths of every host. A host and path served by two Ingresses goes to the first
/// (namespace and name order), as one route's rule; the later one is left out, so route names
/// never decide the tie.
fn plan_paths(mains: &[(usize, &Source)], notes: &mut Vec<Note>) -> Plan {
    let mut plan = Plan {
        hosts: BTreeMap::new(),
        rules: BTreeMap::new(),
    };
    let mut served: BTreeMap<(String, bool, String), &str> = BTreeMap::new();
    for &(at, source) in mains {
        for host in &source.hosts {
            let info = plan.hosts.entry(host.host.clone()).or_default();
            info.root |= host.paths.iter().any(|p| !p.exact && p.value == "/");
            let rules = plan.rules.entry((at, host.host.clone())).or_default();
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
    plan
}

/// Who answers what no path takes: for each host of an Ingress with a `defaultBackend`, and for
/// the requests of any other host, the first such Ingress, unless a path `/` serves the host.
fn plan_defaults(
    plan: &mut Plan,
    members: &[&Source],
    mains: &[(usize, &Source)],
    notes: &mut Vec<Note>,
) {
    for &(at, source) in mains {
        if source.default_backend.is_none() {
            continue;
        }
        let mut targets: Vec<String> = source.hosts.iter().map(|h| h.host.clone()).collect();
        targets.push(String::new());
        targets.dedup();
        for target in targets {
            let info = plan.hosts.entry(target.clone()).or_default();
            if info.root {
                continue;
            }
            match info.default_owner {
                None => {
                    info.default_owner = Some(at);
                    plan.rules.entry((at, target)).or_default();
                }
                Some(owner) if owner != at => {
                    let first = members.get(owner).map_or("", |s| s.display.as_str());
                    let host = if target.is_empty() {
                        "any other host"
                    } else {
                        target.as_str()
                    };
                    notes.push(note(
                        source,
                        NoteLevel::Warning,
                        "spec.defaultBackend",
                        format!("for {host}, the defaultBackend of Ingress {first} comes first (namespace and name order): this one is not used there"),
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

/// The certificate of each host: the first TLS block naming it.
fn plan_tls(plan: &mut Plan, mains: &[(usize, &Source)], notes: &mut Vec<Note>) {
    for &(_, source) in mains {
        for (t, (tls_hosts, secret)) in source.tls.iter().enumerate() {
            let field = format!("spec.tls[{t}]");
            for host in tls_hosts {
                let Some(info) = plan.hosts.get_mut(host) else {
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
}

/// The HTTPRoutes of each Ingress and host: the route serving the paths, and the redirect route
/// on the HTTP listener when HTTP requests go to https.
fn routes(
    plan: &Plan,
    mains: &[(usize, &Source)],
    at: &GatewayName,
    notes: &mut Vec<Note>,
) -> Vec<(Object, ObjectId)> {
    let mut objects = Vec::new();
    let mut taken: BTreeSet<(String, String)> = BTreeSet::new();
    let parent = |route_namespace: &str, scheme: &str, host: &str| {
        let mut reference = json!({"name": at.name, "sectionName": listener_name(scheme, host)});
        if route_namespace != at.effective {
            reference["namespace"] = json!(at.effective);
        }
        reference
    };
    for &(position, source) in mains {
        let own: Vec<&String> = plan
            .rules
            .keys()
            .filter(|(s, _)| *s == position)
            .map(|(_, host)| host)
            .collect();
        for host in own.iter().copied() {
            let Some(info) = plan.hosts.get(host) else {
                continue;
            };
            let mut rules = plan
                .rules
                .get(&(position, host.clone()))
                .cloned()
                .unwrap_or_default();
            if info.default_owner == Some(position)
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
            let namespace = source.effective_namespace.as_str();
            let redirect = (info.tls.is_some() && source.ssl_redirect) || source.force_ssl_redirect;
            let mut parents = Vec::new();
            if !redirect {
                parents.push(parent(namespace, "http", host));
            }
            if info.tls.is_some() {
                parents.push(parent(namespace, "https", host));
            }
            if parents.is_empty() {
                notes.push(note(
                    source,
                    NoteLevel::Warning,
                    "metadata.annotations[nginx.ingress.kubernetes.io/force-ssl-redirect]",
                    format!("{} has no TLS block: HTTP requests are redirected to https, which this Gateway does not serve (TLS ends in front of it?)", shown(host)),
                ));
            } else {
                let served: Vec<Value> = rules.iter().map(objects::rule_value).collect();
                let name = unique(&mut taken, namespace, &base);
                let route = objects::route(source, &name, host, &parents, &served);
                objects.extend(route.map(|o| (o, source.id)));
            }
            if redirect {
                let matches: Vec<Value> = rules.iter().map(objects::match_value).collect();
                let rule = json!({
                    "matches": matches,
                    "filters": [{"type": "RequestRedirect",
                                 "requestRedirect": {"scheme": "https", "statusCode": 301}}],
                });
                let name = unique(&mut taken, namespace, &format!("{base}-redirect"));
                let parents = [parent(namespace, "http", host)];
                let route = objects::route(source, &name, host, &parents, &[rule]);
                objects.extend(route.map(|o| (o, source.id)));
            }
        }
    }
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
