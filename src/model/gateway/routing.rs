//! Where a Gateway sends one HTTP request: the listener that takes it (port, most specific
//! hostname), the HTTPRoutes attached there (read from [`GatewayIndex`] attachment), and the
//! rule whose match wins by the Gateway API precedence; then that rule's redirect, rewrite and
//! backends.
//!
//! Precedence, as the HTTPRoute CRD states it: the route with the most characters in a matching
//! non-wildcard hostname, then in a matching hostname; then an `Exact` path, the longest
//! `PathPrefix`, a method match, the most header and query matches; then the route first by
//! `namespace/name` (objects of a design have no creation time), and the first rule and match in
//! list order. `RegularExpression` paths are implementation-specific and match nothing here.

use super::admission::Attachment;
use super::gateways::{Gateway, Listener};
use super::hostname::HostnameMatch;
use super::http_route::{HttpRoute, HttpRouteMatch};
use super::read;
use super::relations::{GatewayIndex, RouteEntry};
use crate::model::{Kind, Model, ObjectId, Resource};

/// An HTTP request as the routing reads it (no headers, no query parameters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    /// The port the request arrives at (80 for http, 443 for https by default).
    pub port: i32,
    pub host: &'a str,
    pub path: &'a str,
    pub method: &'a str,
}

/// A backend a request is forwarded to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Forwarded {
    pub namespace: String,
    pub service: String,
    pub port: Option<i32>,
    pub weight: i32,
}

/// What the Gateway does with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Routed {
    /// No HTTP or HTTPS listener takes the request's port and host.
    NoListener,
    /// A listener takes it, but no rule of an attached route matches: 404.
    NotFound,
    /// The matching rule redirects (scheme, hostname and port as set by the filter).
    Redirect {
        scheme: Option<String>,
        hostname: Option<String>,
        port: Option<i32>,
    },
    /// The matching rule forwards to `backends` (by weight), with the path after any rewrite.
    Forward {
        route: ObjectId,
        rule: usize,
        path: String,
        backends: Vec<Forwarded>,
    },
}

/// How specific a hostname match is: (non-wildcard characters, characters); `None`: no match.
fn hostname_rank(pattern: &str, host: &str) -> Option<(usize, usize)> {
    let (pattern, host) = (pattern.to_ascii_lowercase(), host.to_ascii_lowercase());
    match pattern.strip_prefix("*.") {
        None => (pattern == host).then_some((pattern.len(), pattern.len())),
        Some(suffix) => host
            .strip_suffix(suffix)
            .and_then(|rest| rest.strip_suffix('.'))
            .is_some_and(|labels| !labels.is_empty())
            .then_some((0, pattern.len())),
    }
}

/// Whether a `PathPrefix` value matches `path` element by element (a trailing `/` ignored).
fn prefix_matches(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    prefix.is_empty()
        || path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The precedence of a match against the request (greater wins), `None` when it does not match.
/// A match's precedence: exact path, path length, method, header and query matches.
type MatchRank = (bool, usize, bool, usize, usize);

fn match_rank(m: &HttpRouteMatch, request: &Request) -> Option<MatchRank> {
    let path = m.path.as_ref();
    let kind = path
        .and_then(|p| p.match_type.as_deref())
        .unwrap_or("PathPrefix");
    let value = path.and_then(|p| p.value.as_deref()).unwrap_or("/");
    let exact = match kind {
        "Exact" if value == request.path => true,
        "PathPrefix" if prefix_matches(value, request.path) => false,
        _ => return None,
    };
    if m.method
        .as_deref()
        .is_some_and(|method| method != request.method)
    {
        return None;
    }
    // The request carries no headers and no query parameters, so a match asking for any fails.
    if m.headers.as_ref().is_some_and(|h| !h.is_empty())
        || m.query_params.as_ref().is_some_and(|q| !q.is_empty())
    {
        return None;
    }
    Some((exact, value.len(), m.method.is_some(), 0, 0))
}

/// The path after a `URLRewrite` path modifier, for a request matched by `prefix`.
fn rewritten(
    path: &str,
    prefix: &str,
    kind: &str,
    full: Option<&str>,
    replace: Option<&str>,
) -> String {
    match (kind, full, replace) {
        ("ReplaceFullPath", Some(full), _) => full.to_owned(),
        ("ReplacePrefixMatch", _, Some(replace)) => {
            let prefix = prefix.trim_end_matches('/');
            let rest = path.get(prefix.len()..).unwrap_or_default();
            let joined = match (replace.strip_suffix('/'), rest.starts_with('/')) {
                (Some(base), true) => format!("{base}{rest}"),
                _ => format!("{replace}{rest}"),
            };
            if joined.is_empty() {
                "/".to_owned()
            } else {
                joined
            }
        }
        _ => path.to_owned(),
    }
}

/// The listener of `gateway` taking the request: its port, HTTP or HTTPS, the most specific
/// hostname (exact, then the longest wildcard, then none); the first on a tie.
fn pick_listener<'a>(gateway: &'a Gateway, request: &Request) -> Option<&'a Listener> {
    gateway
        .listeners()
        .iter()
        .filter(|l| l.port == request.port && matches!(l.protocol.as_str(), "HTTP" | "HTTPS"))
        .filter_map(|l| match l.hostname.as_deref().filter(|h| !h.is_empty()) {
            None => Some(((0, 0, false), l)),
            Some(pattern) => hostname_rank(pattern, request.host).map(|(a, b)| ((a, b, true), l)),
        })
        .fold(
            None,
            |best: Option<((usize, usize, bool), &Listener)>, (rank, l)| match best {
                Some((r, _)) if r >= rank => best,
                _ => Some((rank, l)),
            },
        )
        .map(|(_, l)| l)
}

/// The winning match so far: its precedence, the route (`namespace/name` for ties, id, view),
/// and the rule and match positions.
struct Best {
    rank: ((usize, usize), MatchRank),
    key: (String, String),
    rule: usize,
    matched: usize,
    id: ObjectId,
    route: HttpRoute,
}

/// The hostname rank of the route at `listener`: the best of the hostnames it serves there.
fn route_host_rank(
    index: &GatewayIndex,
    entry: &RouteEntry,
    gateway: ObjectId,
    listener: &str,
    host: &str,
) -> Option<(usize, usize)> {
    index
        .parents(entry)
        .into_iter()
        .filter(|p| p.gateway == Some(gateway))
        .filter_map(|p| match p.attachment {
            Some(Attachment::Accepted(listeners)) => Some(listeners),
            _ => None,
        })
        .flatten()
        .filter(|accepted| accepted.name == listener)
        .filter_map(|accepted| match accepted.hostnames {
            HostnameMatch::Any => Some((0, 0)),
            HostnameMatch::Hosts(hosts) => {
                hosts.iter().filter_map(|h| hostname_rank(h, host)).max()
            }
            HostnameMatch::Disjoint => None,
        })
        .max()
}

/// The match that wins the request among the HTTPRoutes attached to `listener`.
fn best_match(
    model: &Model,
    index: &GatewayIndex,
    gateway: ObjectId,
    listener: &str,
    request: &Request,
) -> Option<Best> {
    let mut best: Option<Best> = None;
    for entry in index.routes().iter().filter(|r| r.kind == Kind::HttpRoute) {
        let Some(host_rank) = route_host_rank(index, entry, gateway, listener, request.host) else {
            continue;
        };
        let Some(object) = model.get(entry.id) else {
            continue;
        };
        let Resource::Other(other) = object.resource() else {
            continue;
        };
        let Ok(route) = read::<HttpRoute>(other) else {
            continue;
        };
        let key = (entry.namespace.clone(), object.name().to_owned());
        let rules = route
            .spec
            .as_ref()
            .and_then(|s| s.rules.as_deref())
            .unwrap_or_default();
        let default = [HttpRouteMatch::default()];
        for (r, rule) in rules.iter().enumerate() {
            let matches = rule
                .matches
                .as_deref()
                .filter(|m| !m.is_empty())
                .unwrap_or(&default);
            for (m, one) in matches.iter().enumerate() {
                let Some(rank) = match_rank(one, request) else {
                    continue;
                };
                let rank = (host_rank, rank);
                // Greater rank wins; on a tie the smaller namespace/name, then rule, then match.
                let better = best.as_ref().is_none_or(|b| {
                    rank > b.rank || (rank == b.rank && (&key, r, m) < (&b.key, b.rule, b.matched))
                });
                if better {
                    best = Some(Best {
                        rank,
                        key: key.clone(),
                        rule: r,
                        matched: m,
                        id: entry.id,
                        route: route.clone(),
                    });
                }
            }
        }
    }
    best
}

/// Where the Gateway `gateway` sends `request`.
#[must_use]
pub fn route_request(
    model: &Model,
    index: &GatewayIndex,
    gateway: ObjectId,
    request: &Request,
) -> Routed {
    let Some((_, _, view)) = index.gateways().find(|(id, _, _)| *id == gateway) else {
        return Routed::NoListener;
    };
    let Some(listener) = pick_listener(view, request) else {
        return Routed::NoListener;
    };
    let Some(best) = best_match(model, index, gateway, &listener.name, request) else {
        return Routed::NotFound;
    };
    let rules = best.route.spec.and_then(|s| s.rules).unwrap_or_default();
    let Some(rule) = rules.get(best.rule) else {
        return Routed::NotFound;
    };
    let prefix = rule
        .matches
        .as_ref()
        .and_then(|list| list.get(best.matched))
        .and_then(|one| one.path.as_ref())
        .and_then(|p| p.value.clone())
        .unwrap_or_else(|| "/".to_owned());
    let mut path = request.path.to_owned();
    for filter in rule.filters.iter().flatten() {
        if let Some(redirect) = &filter.request_redirect {
            return Routed::Redirect {
                scheme: redirect.scheme.clone(),
                hostname: redirect.hostname.clone(),
                port: redirect.port,
            };
        }
        if let Some(modifier) = filter.url_rewrite.as_ref().and_then(|u| u.path.as_ref()) {
            path = rewritten(
                request.path,
                &prefix,
                &modifier.modifier_type,
                modifier.replace_full_path.as_deref(),
                modifier.replace_prefix_match.as_deref(),
            );
        }
    }
    let namespace = &best.key.0;
    let mut backends: Vec<Forwarded> = rule
        .backend_refs
        .iter()
        .flatten()
        .map(|b| Forwarded {
            namespace: b.namespace_or(namespace).to_owned(),
            service: b.name.clone(),
            port: b.port,
            weight: b.weight(),
        })
        .collect();
    backends.sort();
    Routed::Forward {
        route: best.id,
        rule: best.rule,
        path,
        backends,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_path_elements() {
        assert!(prefix_matches("/abc", "/abc"));
        assert!(prefix_matches("/abc", "/abc/"));
        assert!(prefix_matches("/abc", "/abc/def"));
        assert!(!prefix_matches("/abc", "/abcd"));
        assert!(prefix_matches("/abc/", "/abc"));
        assert!(prefix_matches("/", "/anything"));
    }

    #[test]
    fn prefix_rewrites_follow_the_crd_table() {
        // The rows of the ReplacePrefixMatch table in the HTTPRoute CRD.
        for (path, prefix, replace, expected) in [
            ("/foo/bar", "/foo", "/xyz", "/xyz/bar"),
            ("/foo/bar", "/foo", "/xyz/", "/xyz/bar"),
            ("/foo/bar", "/foo/", "/xyz", "/xyz/bar"),
            ("/foo/bar", "/foo/", "/xyz/", "/xyz/bar"),
            ("/foo", "/foo", "/xyz", "/xyz"),
            ("/foo/", "/foo", "/xyz", "/xyz/"),
            ("/foo/bar", "/foo", "", "/bar"),
            ("/foo/", "/foo", "", "/"),
            ("/foo", "/foo", "", "/"),
            ("/foo/", "/foo", "/", "/"),
            ("/foo", "/foo", "/", "/"),
        ] {
            assert_eq!(
                rewritten(path, prefix, "ReplacePrefixMatch", None, Some(replace)),
                expected,
                "{path} {prefix} {replace}"
            );
        }
    }

    #[test]
    fn hostnames_rank_exact_before_wildcard() {
        assert_eq!(
            hostname_rank("a.example.com", "A.example.com"),
            Some((13, 13))
        );
        assert_eq!(
            hostname_rank("*.example.com", "a.example.com"),
            Some((0, 13))
        );
        assert_eq!(hostname_rank("*.example.com", "example.com"), None);
        assert_eq!(hostname_rank("b.example.com", "a.example.com"), None);
    }
}
