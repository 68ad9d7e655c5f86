//! Where ingress-nginx sends a request, read from the Ingress objects themselves: the reference
//! the conversion test (`convert_ingress.rs`) holds the converted Gateway API objects to.
//!
//! The meaning: a server per host (the exact host, else the longest wildcard standing for one
//! label, else the default server of the rules without a host); in it the longest matching
//! path, `Exact` before `Prefix` on a tie, then the first Ingress by namespace and name; paths
//! are regular expressions (case-insensitive, anchored at the start) in an Ingress with
//! `rewrite-target` or `use-regex`, `ImplementationSpecific` ones plain string prefixes; no path:
//! the `defaultBackend` of the first Ingress serving the host; HTTPS only where a TLS block
//! covers the host; HTTP redirected to https for a TLS host unless `ssl-redirect: "false"`, and
//! always with `force-ssl-redirect: "true"`; a canary Ingress of the namespace with the same
//! host and path takes `canary-weight` of `canary-weight-total`; `rewrite-target` replaces the
//! whole path, its `$n` filled from the path's groups.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::networking::v1::{HTTPIngressPath, Ingress, IngressBackend, IngressRule};
use kubedraft::model::{Model, Resource};
use regex::Regex;

/// What a request gets: nothing (404, or no listener), a redirect to https, or backends
/// (namespace, Service, port, weight) with the path they receive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    NotFound,
    RedirectToHttps,
    Forward {
        path: String,
        backends: Vec<(String, String, i32, i32)>,
    },
}

/// One Ingress with what the routing reads.
pub struct Ing<'a> {
    pub namespace: String,
    pub name: String,
    pub ingress: &'a Ingress,
    annotations: BTreeMap<String, String>,
}

impl Ing<'_> {
    fn nginx(&self, key: &str) -> Option<&str> {
        self.annotations
            .get(&format!("nginx.ingress.kubernetes.io/{key}"))
            .map(String::as_str)
    }

    /// The class, `default` when the Ingress names none.
    pub fn class(&self) -> String {
        let spec = self.ingress.spec.as_ref();
        spec.and_then(|s| s.ingress_class_name.clone())
            .or_else(|| self.annotations.get("kubernetes.io/ingress.class").cloned())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "default".to_owned())
    }

    fn is_canary(&self) -> bool {
        self.nginx("canary") == Some("true")
    }

    /// The rules, in order.
    pub fn rules(&self) -> impl Iterator<Item = &IngressRule> {
        self.ingress
            .spec
            .iter()
            .flat_map(|s| s.rules.iter().flatten())
    }

    fn names_host(&self, host: &str) -> bool {
        self.rules().any(|r| {
            r.host
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(host))
        })
    }

    fn paths(&self, host: &str) -> Vec<&HTTPIngressPath> {
        self.rules()
            .filter(|r| r.host.clone().unwrap_or_default().to_ascii_lowercase() == host)
            .flat_map(|r| r.http.iter().flat_map(|h| h.paths.iter()))
            .collect()
    }

    fn regex_paths(&self) -> bool {
        self.nginx("rewrite-target").is_some() || self.nginx("use-regex") == Some("true")
    }

    fn default_backend(&self) -> Option<&IngressBackend> {
        self.ingress
            .spec
            .as_ref()
            .and_then(|s| s.default_backend.as_ref())
    }
}

/// The Ingresses of the model, by namespace and name.
pub fn ingresses(model: &Model) -> Vec<Ing<'_>> {
    let mut list: Vec<Ing> = model
        .objects()
        .filter_map(|(_, o)| match o.resource() {
            Resource::Ingress(ingress) => Some(Ing {
                namespace: o.effective_namespace().unwrap_or("default").to_owned(),
                name: o.name().to_owned(),
                ingress,
                annotations: ingress.metadata.annotations.clone().unwrap_or_default(),
            }),
            _ => None,
        })
        .collect();
    list.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    list
}

/// A Service backend's (Service, port number); a named port is looked up in the Service.
fn service_port(model: &Model, namespace: &str, backend: &IngressBackend) -> Option<(String, i32)> {
    let service = backend.service.as_ref()?;
    let port = service.port.as_ref()?;
    if let Some(number) = port.number {
        return Some((service.name.clone(), number));
    }
    let id = model.find("Service", Some(namespace), &service.name)?;
    let Resource::Service(s) = model.get(id)?.resource() else {
        return None;
    };
    let ports = s.spec.as_ref()?.ports.as_ref()?;
    let found = ports.iter().find(|p| p.name == port.name)?;
    Some((service.name.clone(), found.port))
}

/// Whether the Kubernetes `Prefix` `value` matches `path` (element-wise, trailing `/` ignored).
fn k8s_prefix(value: &str, path: &str) -> bool {
    let value = value.trim_end_matches('/');
    value.is_empty()
        || path == value
        || path
            .strip_prefix(value)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The nginx server taking `host`: the exact host, else the longest one-label wildcard, else
/// the default server ("").
fn server(mains: &[&&Ing], host: &str) -> String {
    let hosts: BTreeSet<String> = mains
        .iter()
        .flat_map(|i| i.rules().filter_map(|r| r.host.clone()))
        .map(|h| h.to_ascii_lowercase())
        .collect();
    if hosts.contains(host) {
        return host.to_owned();
    }
    hosts
        .iter()
        .filter(|h| {
            h.strip_prefix("*.").is_some_and(|suffix| {
                host.strip_suffix(suffix)
                    .and_then(|l| l.strip_suffix('.'))
                    .is_some_and(|label| !label.is_empty() && !label.contains('.'))
            })
        })
        .max_by_key(|h| h.len())
        .cloned()
        .unwrap_or_default()
}

/// Whether a TLS block with a Secret covers the server.
fn has_tls(mains: &[&&Ing], server: &str) -> bool {
    mains.iter().any(|i| {
        let blocks = i.ingress.spec.iter().flat_map(|s| s.tls.iter().flatten());
        blocks
            .filter(|t| t.secret_name.as_deref().is_some_and(|s| !s.is_empty()))
            .any(|t| {
                let names: Vec<String> = t
                    .hosts
                    .iter()
                    .flatten()
                    .map(|h| h.to_ascii_lowercase())
                    .collect();
                names.iter().any(|n| n == server) || (names.is_empty() && server.is_empty())
            })
    })
}

/// The location taking `path` in the server: the longest path, `Exact` first on a tie, then
/// the first Ingress.
fn location<'a>(
    mains: &[&&'a Ing<'a>],
    server: &str,
    path: &str,
) -> Option<(&'a Ing<'a>, &'a HTTPIngressPath)> {
    let mut best: Option<((usize, bool), &Ing, &HTTPIngressPath)> = None;
    for ing in mains {
        for p in ing.paths(server) {
            let value = p.path.clone().unwrap_or_default();
            let value = if value.is_empty() {
                "/".to_owned()
            } else {
                value
            };
            let matched = match p.path_type.as_str() {
                "Exact" => value == path,
                _ if ing.regex_paths() => {
                    Regex::new(&format!("(?i)^{value}")).is_ok_and(|re| re.is_match(path))
                }
                "Prefix" => k8s_prefix(&value, path),
                _ => path.starts_with(&value),
            };
            let rank = (value.len(), p.path_type == "Exact");
            if matched && best.as_ref().is_none_or(|(b, _, _)| rank > *b) {
                best = Some((rank, ing, p));
            }
        }
    }
    best.map(|(_, ing, p)| (ing, p))
}

/// The canary share of a location: the canary Ingress's (Service, port) and weight, and the
/// weight total.
fn canary(
    model: &Model,
    class: &[&Ing],
    main: &Ing,
    server: &str,
    at: &HTTPIngressPath,
) -> Option<((String, i32), i32, i32)> {
    class
        .iter()
        .filter(|c| c.is_canary() && c.namespace == main.namespace)
        .find_map(|c| {
            let path = c
                .paths(server)
                .into_iter()
                .find(|p| p.path == at.path && p.path_type == at.path_type)?;
            let backend = service_port(model, &c.namespace, &path.backend)?;
            let total = c
                .nginx("canary-weight-total")
                .and_then(|t| t.parse().ok())
                .unwrap_or(100);
            let weight = c
                .nginx("canary-weight")
                .and_then(|w| w.parse().ok())
                .unwrap_or(0);
            Some((backend, weight, total))
        })
}

/// The path nginx forwards: `rewrite-target` replaces the whole path, `$n` from the groups.
fn forwarded(ing: &Ing, at: Option<&HTTPIngressPath>, path: &str) -> String {
    let (Some(target), Some(at)) = (ing.nginx("rewrite-target"), at) else {
        return path.to_owned();
    };
    let re =
        Regex::new(&format!("(?i){}", at.path.clone().unwrap_or_default())).expect("path regex");
    let captures = re.captures(path).expect("the location matched");
    let mut out = String::new();
    captures.expand(target, &mut out);
    out
}

/// Where ingress-nginx sends the request, from the Ingresses of one class.
pub fn nginx_routes(model: &Model, class: &[&Ing], https: bool, host: &str, path: &str) -> Outcome {
    let mains: Vec<&&Ing> = class.iter().filter(|i| !i.is_canary()).collect();
    let server = server(&mains, host);
    let tls = has_tls(&mains, &server);
    if https && !tls {
        return Outcome::NotFound;
    }
    let (ing, backend, at) = if let Some((ing, p)) = location(&mains, &server, path) {
        (ing, &p.backend, Some(p))
    } else {
        let found = mains.iter().find(|i| {
            i.default_backend().is_some() && (server.is_empty() || i.names_host(&server))
        });
        let Some((ing, backend)) = found.and_then(|i| Some((**i, i.default_backend()?))) else {
            return Outcome::NotFound;
        };
        (ing, backend, None)
    };
    let redirected = (tls && ing.nginx("ssl-redirect") != Some("false"))
        || ing.nginx("force-ssl-redirect") == Some("true");
    if !https && redirected {
        return Outcome::RedirectToHttps;
    }
    let Some((service, port)) = service_port(model, &ing.namespace, backend) else {
        return Outcome::NotFound;
    };
    let mut backends = vec![(ing.namespace.clone(), service, port, 1)];
    if let Some(((service, port), weight, total)) =
        at.and_then(|at| canary(model, class, ing, &server, at))
    {
        if let Some(main) = backends.first_mut() {
            main.3 = total - weight;
        }
        backends.push((ing.namespace.clone(), service, port, weight));
    }
    backends.sort();
    Outcome::Forward {
        path: forwarded(ing, at, path),
        backends,
    }
}
