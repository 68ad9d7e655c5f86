//! The Ingresses of a model as the conversion reads them: class, hosts with their paths and
//! backends, default backend, TLS, and what the ingress-nginx annotations ask for.

use std::collections::BTreeSet;

use k8s_openapi::api::networking::v1::{Ingress, IngressBackend, IngressSpec};

use super::{ConvertOptions, Note, NoteLevel};
use crate::model::{Model, ObjectId, Resource};

/// The prefix of the ingress-nginx annotations.
pub const ANNOTATION_PREFIX: &str = "nginx.ingress.kubernetes.io/";

/// The annotations the conversion turns into Gateway API fields (every other one is listed in a
/// note as not converted). `rewrite-target` only where its form has an equivalent.
pub const CONVERTED_ANNOTATIONS: [&str; 8] = [
    "kubernetes.io/ingress.class",
    "kubedraft.io/external",
    "nginx.ingress.kubernetes.io/ssl-redirect",
    "nginx.ingress.kubernetes.io/force-ssl-redirect",
    "nginx.ingress.kubernetes.io/rewrite-target",
    "nginx.ingress.kubernetes.io/canary",
    "nginx.ingress.kubernetes.io/canary-weight",
    "nginx.ingress.kubernetes.io/canary-weight-total",
];

/// The class given to Ingresses that name none, when no Gateway class is chosen.
pub const DEFAULT_CLASS: &str = "default";

/// A Service backend: name and port number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Backend {
    pub service: String,
    pub port: i32,
}

/// A path rewrite with a Gateway API equivalent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Rewrite {
    /// The whole path becomes this (`rewrite-target` without capture groups).
    FullPath(String),
    /// The matched prefix becomes this (`path: /p(/|$)(.*)` with `rewrite-target: /$2`).
    PrefixMatch(String),
}

/// One path of an Ingress rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PathEntry {
    /// `Exact`; otherwise a Gateway API `PathPrefix`.
    pub exact: bool,
    pub value: String,
    pub backend: Backend,
    pub rewrite: Option<Rewrite>,
}

/// The paths of one host ("" for the rules without a host), in the Ingress's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct HostPaths {
    pub host: String,
    pub paths: Vec<PathEntry>,
}

/// A canary Ingress's share: `weight` of `total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Canary {
    pub weight: i32,
    pub total: i32,
}

/// One Ingress as the conversion reads it.
#[derive(Clone, Debug)]
pub(super) struct Source {
    pub id: ObjectId,
    /// `metadata.namespace` as written (the new objects keep it so).
    pub namespace: Option<String>,
    pub effective_namespace: String,
    pub name: String,
    /// `namespace/name`, as notes name it.
    pub display: String,
    pub class: String,
    pub canary: Option<Canary>,
    pub hosts: Vec<HostPaths>,
    pub default_backend: Option<Backend>,
    /// TLS blocks: hosts ("" when the block names none) and Secret.
    pub tls: Vec<(Vec<String>, String)>,
    /// `ssl-redirect` is not `"false"`: HTTP requests to a TLS host are redirected.
    pub ssl_redirect: bool,
    /// `force-ssl-redirect: "true"`: HTTP requests are redirected even without TLS.
    pub force_ssl_redirect: bool,
    /// The `kubedraft.io/external` annotation, carried over to the new objects.
    pub external: Option<String>,
}

impl Source {
    fn note(&self, level: NoteLevel, field: impl Into<String>, message: impl Into<String>) -> Note {
        Note {
            ingress: self.display.clone(),
            level,
            field: field.into(),
            message: message.into(),
        }
    }

    /// The Service entries of the `kubedraft.io/external` annotation (a route's backends).
    pub fn external_services(&self) -> Option<String> {
        let list = self.external.as_deref()?;
        let services: Vec<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|entry| {
                entry
                    .split_once('/')
                    .is_some_and(|(kind, _)| kind.eq_ignore_ascii_case("Service"))
            })
            .collect();
        (!services.is_empty()).then(|| services.join(", "))
    }

    /// Whether the `kubedraft.io/external` annotation lists `kind/name`.
    pub fn marks_external(&self, kind: &str, name: &str) -> bool {
        self.external.as_deref().is_some_and(|list| {
            list.split(',').map(str::trim).any(|entry| {
                entry
                    .split_once('/')
                    .is_some_and(|(k, n)| k.eq_ignore_ascii_case(kind) && n == name)
            })
        })
    }
}

/// The Ingresses of the model, by namespace and name.
pub(super) fn sources(
    model: &Model,
    options: &ConvertOptions,
    notes: &mut Vec<Note>,
) -> Vec<Source> {
    let mut sources: Vec<Source> = model
        .objects()
        .filter_map(|(id, object)| match object.resource() {
            Resource::Ingress(ingress) => Some(read_one(model, id, ingress, options, notes)),
            _ => None,
        })
        .collect();
    sources
        .sort_by(|a, b| (&a.effective_namespace, &a.name).cmp(&(&b.effective_namespace, &b.name)));
    sources
}

fn read_one(
    model: &Model,
    id: ObjectId,
    ingress: &Ingress,
    options: &ConvertOptions,
    notes: &mut Vec<Note>,
) -> Source {
    let meta = &ingress.metadata;
    let annotations = meta.annotations.clone().unwrap_or_default();
    let namespace = meta.namespace.clone().filter(|ns| !ns.is_empty());
    let effective_namespace = namespace.clone().unwrap_or_else(|| "default".to_owned());
    let name = meta.name.clone().unwrap_or_default();
    let spec = ingress.spec.clone().unwrap_or_default();
    let named_class = spec
        .ingress_class_name
        .clone()
        .or_else(|| annotations.get("kubernetes.io/ingress.class").cloned())
        .filter(|c| !c.is_empty());
    let class = options
        .gateway_class
        .clone()
        .or_else(|| named_class.clone())
        .unwrap_or_else(|| DEFAULT_CLASS.to_owned());
    let nginx = |key: &str| annotations.get(&format!("{ANNOTATION_PREFIX}{key}"));
    let canary = (nginx("canary").map(String::as_str) == Some("true")).then(|| Canary {
        weight: nginx("canary-weight")
            .and_then(|w| w.trim().parse().ok())
            .unwrap_or(0),
        total: nginx("canary-weight-total")
            .and_then(|w| w.trim().parse().ok())
            .filter(|t: &i32| *t > 0)
            .unwrap_or(100),
    });
    let mut source = Source {
        id,
        display: format!("{effective_namespace}/{name}"),
        namespace,
        effective_namespace,
        name,
        class,
        canary,
        hosts: Vec::new(),
        default_backend: None,
        tls: Vec::new(),
        ssl_redirect: nginx("ssl-redirect").map(String::as_str) != Some("false"),
        force_ssl_redirect: nginx("force-ssl-redirect").map(String::as_str) == Some("true"),
        external: annotations.get("kubedraft.io/external").cloned(),
    };
    if named_class.is_none() && options.gateway_class.is_none() {
        notes.push(source.note(
            NoteLevel::Warning,
            "spec.ingressClassName",
            format!(
                "names no class (the cluster's default IngressClass serves it): its routes go to the Gateway of class `{DEFAULT_CLASS}`; choose your Gateway implementation's class"
            ),
        ));
    }
    let rewrite_target = nginx("rewrite-target").cloned();
    let rewrite_used = read_rules(model, &mut source, &spec, rewrite_target.as_deref(), notes);
    if let Some(default) = &spec.default_backend {
        match backend(model, &source.effective_namespace, default) {
            Ok(backend) => source.default_backend = Some(backend),
            Err(message) => {
                notes.push(source.note(NoteLevel::NotConverted, "spec.defaultBackend", message));
            }
        }
    }
    for (t, tls) in spec.tls.iter().flatten().enumerate() {
        let Some(secret) = tls.secret_name.clone().filter(|s| !s.is_empty()) else {
            notes.push(source.note(
                NoteLevel::NotConverted,
                format!("spec.tls[{t}]"),
                "names no Secret (the controller's default certificate): no HTTPS listener",
            ));
            continue;
        };
        let mut hosts: Vec<String> = tls
            .hosts
            .iter()
            .flatten()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        if hosts.is_empty() {
            hosts.push(String::new());
        }
        source.tls.push((hosts, secret));
    }
    annotation_notes(&source, &annotations, rewrite_used, notes);
    source
}

/// The hosts and paths of the Ingress into `source`; whether a path uses `rewrite_target`.
fn read_rules(
    model: &Model,
    source: &mut Source,
    spec: &IngressSpec,
    rewrite_target: Option<&str>,
    notes: &mut Vec<Note>,
) -> bool {
    let mut rewrite_used = false;
    for (r, rule) in spec.rules.iter().flatten().enumerate() {
        let host = rule.host.clone().unwrap_or_default().to_ascii_lowercase();
        if let Some(suffix) = host.strip_prefix("*.") {
            notes.push(source.note(
                NoteLevel::Warning,
                format!("spec.rules[{r}].host"),
                format!(
                    "wildcard host {host}: an Ingress wildcard stands for one label, a Gateway API wildcard for one or more (a.b.{suffix} matches too)"
                ),
            ));
        }
        let mut entries = Vec::new();
        let paths = rule.http.iter().flat_map(|http| http.paths.iter());
        for (p, path) in paths.enumerate() {
            let field = format!("spec.rules[{r}].http.paths[{p}]");
            let value = path.path.clone().unwrap_or_default();
            let value = if value.is_empty() {
                "/".to_owned()
            } else {
                value
            };
            let (exact, value, rewrite) = match path_match(&path.path_type, &value, rewrite_target)
            {
                Ok(found) => found,
                Err(message) => {
                    notes.push(source.note(NoteLevel::NotConverted, field, message));
                    continue;
                }
            };
            if rewrite.is_some() && !rewrite_used {
                notes.push(source.note(
                    NoteLevel::Warning,
                    format!("metadata.annotations[{ANNOTATION_PREFIX}rewrite-target]"),
                    "with rewrite-target, ingress-nginx matches the paths as case-insensitive regular expressions; the Gateway API matches are case-sensitive and whole path elements",
                ));
            }
            rewrite_used |= rewrite.is_some();
            // The `(/|$)` rewrite form already matched whole path elements only.
            let element_wise = matches!(rewrite, Some(Rewrite::PrefixMatch(_)));
            if path.path_type == "ImplementationSpecific" && !element_wise {
                notes.push(source.note(
                    NoteLevel::Warning,
                    format!("{field}.pathType"),
                    format!(
                        "ImplementationSpecific path {value} becomes a PathPrefix: it now matches whole path elements only ({value}/x, not {value}x)"
                    ),
                ));
            }
            match backend(model, &source.effective_namespace, &path.backend) {
                Ok(backend) => entries.push(PathEntry {
                    exact,
                    value,
                    backend,
                    rewrite,
                }),
                Err(message) => {
                    notes.push(source.note(
                        NoteLevel::NotConverted,
                        format!("{field}.backend"),
                        message,
                    ));
                }
            }
        }
        match source.hosts.iter_mut().find(|h| h.host == host) {
            Some(existing) => existing.paths.extend(entries),
            None => source.hosts.push(HostPaths {
                host,
                paths: entries,
            }),
        }
    }
    rewrite_used
}

/// Notes for the annotations the conversion does not turn into Gateway API fields.
fn annotation_notes(
    source: &Source,
    annotations: &std::collections::BTreeMap<String, String>,
    rewrite_used: bool,
    notes: &mut Vec<Note>,
) {
    let canary_keys: BTreeSet<&str> = ["canary-weight", "canary-weight-total"]
        .into_iter()
        .collect();
    for (key, value) in annotations {
        let converted = CONVERTED_ANNOTATIONS.contains(&key.as_str());
        let idle = match key.strip_prefix(ANNOTATION_PREFIX) {
            Some("rewrite-target") => !rewrite_used,
            Some(rest) if canary_keys.contains(rest) => source.canary.is_none(),
            _ => false,
        };
        if converted && !idle {
            continue;
        }
        let message = if idle {
            format!("{value:?} has no Gateway API equivalent in this Ingress: not converted")
        } else {
            format!(
                "{value:?} is not converted: configure its equivalent in the Gateway implementation, or a policy of it"
            )
        };
        notes.push(source.note(
            NoteLevel::NotConverted,
            format!("metadata.annotations[{key}]"),
            message,
        ));
    }
}

/// The Gateway API path match (exact?, value) and rewrite of an Ingress path, or why it has none.
fn path_match(
    path_type: &str,
    value: &str,
    rewrite_target: Option<&str>,
) -> Result<(bool, String, Option<Rewrite>), String> {
    if let Some(target) = rewrite_target {
        // ingress-nginx reads the paths of an Ingress with rewrite-target as regular expressions;
        // the prefix-stripping form has an exact Gateway API equivalent.
        if let Some(prefix) = value.strip_suffix("(/|$)(.*)")
            && target == "/$2"
            && valid_path(prefix)
        {
            return Ok((
                false,
                prefix.to_owned(),
                Some(Rewrite::PrefixMatch("/".to_owned())),
            ));
        }
        if !target.contains('$') && valid_path(value) && valid_path(target) {
            return Ok((
                path_type == "Exact",
                value.to_owned(),
                Some(Rewrite::FullPath(target.to_owned())),
            ));
        }
        return Err(format!(
            "path {value} with rewrite-target {target:?} is a regular expression rewrite with no Gateway API equivalent"
        ));
    }
    if !valid_path(value) {
        return Err(format!(
            "path {value:?} is not a Gateway API path (it must start with / and hold no regular expression, `//`, `/./`, `/../` or `#`)"
        ));
    }
    match path_type {
        "Exact" => Ok((true, value.to_owned(), None)),
        "Prefix" | "ImplementationSpecific" => Ok((false, value.to_owned(), None)),
        other => Err(format!("pathType {other:?} is not one Kubernetes defines")),
    }
}

/// Whether `value` is a path the HTTPRoute CRD accepts for `Exact` and `PathPrefix` matches.
fn valid_path(value: &str) -> bool {
    const ALLOWED: &str = "-/._~!$&'()*+,;=:@%";
    value.starts_with('/')
        && value.len() <= 1024
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ALLOWED.contains(c))
        && !value.contains("//")
        && !value.contains("/./")
        && !value.contains("/../")
        && !value.ends_with("/..")
        && !value.ends_with("/.")
        && !value.to_ascii_lowercase().contains("%2f")
        && !value.contains('#')
}

/// The Service and port number of an Ingress backend (a named port is looked up in the
/// Service), or why there is none.
fn backend(model: &Model, namespace: &str, backend: &IngressBackend) -> Result<Backend, String> {
    let Some(service) = &backend.service else {
        return Err(
            "a resource backend has no Gateway API equivalent (backendRefs name Services)"
                .to_owned(),
        );
    };
    let port = service.port.as_ref();
    if let Some(number) = port.and_then(|p| p.number) {
        return Ok(Backend {
            service: service.name.clone(),
            port: number,
        });
    }
    let Some(port_name) = port.and_then(|p| p.name.clone()) else {
        return Err(format!(
            "the backend Service {} names no port",
            service.name
        ));
    };
    let number = model
        .find("Service", Some(namespace), &service.name)
        .and_then(|id| model.get(id))
        .and_then(|object| match object.resource() {
            Resource::Service(s) => s.spec.as_ref().and_then(|spec| spec.ports.clone()),
            _ => None,
        })
        .into_iter()
        .flatten()
        .find(|p| p.name.as_deref() == Some(port_name.as_str()))
        .map(|p| p.port);
    number
        .map(|port| Backend {
            service: service.name.clone(),
            port,
        })
        .ok_or_else(|| {
            format!(
                "port {port_name} of Service {}: the Service is not in the design, and a backendRef needs the port number",
                service.name
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_targets_convert_only_in_the_forms_gateway_api_has() {
        assert_eq!(
            path_match("Prefix", "/tf(/|$)(.*)", Some("/$2")),
            Ok((
                false,
                "/tf".to_owned(),
                Some(Rewrite::PrefixMatch("/".to_owned()))
            ))
        );
        assert_eq!(
            path_match("Exact", "/old", Some("/new")),
            Ok((
                true,
                "/old".to_owned(),
                Some(Rewrite::FullPath("/new".to_owned()))
            ))
        );
        // A capture group anywhere else, or a target using one, has no equivalent.
        assert!(path_match("Prefix", "/api(/|$)(.*)", Some("/v2/$2")).is_err());
        assert!(path_match("Prefix", "/(.+)/x", Some("/$1")).is_err());
    }

    #[test]
    fn paths_the_crd_refuses_are_not_converted() {
        assert_eq!(
            path_match("Prefix", "/a/b/", None),
            Ok((false, "/a/b/".to_owned(), None))
        );
        for refused in ["relative", "/a//b", "/a/../b", "/a|b", "/a#b", "/a%2Fb"] {
            assert!(path_match("Prefix", refused, None).is_err(), "{refused}");
        }
        assert!(path_match("Glob", "/a", None).is_err());
    }
}
