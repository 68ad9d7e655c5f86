//! Hostname intersection between a listener and a route, as the Gateway API spec defines it.
//!
//! A hostname is exact (`foo.example.com`) or a wildcard (`*.example.com`). A wildcard stands for
//! one or more leading labels: `*.example.com` matches `foo.example.com` and
//! `foo.bar.example.com`, never `example.com`. A route attaches to a listener only when the two
//! share a hostname (or one of them names none), and then serves the intersection.

/// Which requests a route serves through a listener, by hostname.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostnameMatch {
    /// Neither the listener nor the route names a hostname: every host.
    Any,
    /// The hostnames both accept (the more specific of each matching pair), sorted.
    Hosts(Vec<String>),
    /// Both name hostnames and none intersects: the route does not attach.
    Disjoint,
}

/// The suffix after `*.` of a wildcard hostname.
fn wildcard_suffix(hostname: &str) -> Option<&str> {
    hostname.strip_prefix("*.")
}

/// Whether `hostname` ends in `.suffix` with at least one label before it.
fn under(hostname: &str, suffix: &str) -> bool {
    hostname
        .strip_suffix(suffix)
        .and_then(|rest| rest.strip_suffix('.'))
        .is_some_and(|labels| !labels.is_empty())
}

/// The hostname two hostnames both accept, if any: the more specific of the two.
#[must_use]
pub fn intersect(a: &str, b: &str) -> Option<String> {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    match (wildcard_suffix(&a), wildcard_suffix(&b)) {
        (None, None) => (a == b).then_some(a),
        (Some(suffix), None) => under(&b, suffix).then_some(b),
        (None, Some(suffix)) => under(&a, suffix).then_some(a),
        (Some(sa), Some(sb)) => {
            if sa == sb || under(sa, sb) {
                Some(a)
            } else if under(sb, sa) {
                Some(b)
            } else {
                None
            }
        }
    }
}

/// How a listener's `hostname` and a route's `hostnames` intersect.
#[must_use]
pub fn listener_route_match(listener: Option<&str>, route: &[String]) -> HostnameMatch {
    let listener = listener.filter(|h| !h.is_empty());
    match (listener, route.is_empty()) {
        (None, true) => HostnameMatch::Any,
        (Some(host), true) => HostnameMatch::Hosts(vec![host.to_ascii_lowercase()]),
        (None, false) => {
            let mut hosts: Vec<String> = route.iter().map(|h| h.to_ascii_lowercase()).collect();
            hosts.sort();
            hosts.dedup();
            HostnameMatch::Hosts(hosts)
        }
        (Some(host), false) => {
            let mut hosts: Vec<String> = route.iter().filter_map(|r| intersect(host, r)).collect();
            hosts.sort();
            hosts.dedup();
            if hosts.is_empty() {
                HostnameMatch::Disjoint
            } else {
                HostnameMatch::Hosts(hosts)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| (*h).to_owned()).collect()
    }

    /// The examples of the HTTPRoute `hostnames` and Listener `hostname` documentation.
    #[test]
    fn the_spec_examples_intersect_as_documented() {
        // "A Listener with `test.example.com` as the hostname matches HTTPRoutes that have either
        // not specified any hostnames, or have specified at least one of `test.example.com` or
        // `*.example.com`."
        for route in ["test.example.com", "*.example.com"] {
            assert_eq!(
                listener_route_match(Some("test.example.com"), &hosts(&[route])),
                HostnameMatch::Hosts(hosts(&["test.example.com"])),
                "{route}"
            );
        }
        assert_eq!(
            listener_route_match(Some("test.example.com"), &[]),
            HostnameMatch::Hosts(hosts(&["test.example.com"]))
        );
        // "A Listener with `*.example.com` as the hostname matches HTTPRoutes that have either
        // not specified any hostnames or have specified at least one hostname that matches the
        // Listener hostname. For example, `*.example.com`, `test.example.com`, and
        // `foo.test.example.com` would all match. On the other hand, `example.com` and
        // `test.example.net` would not match."
        for route in ["*.example.com", "test.example.com", "foo.test.example.com"] {
            assert_eq!(
                listener_route_match(Some("*.example.com"), &hosts(&[route])),
                HostnameMatch::Hosts(hosts(&[route])),
                "{route}"
            );
        }
        for route in ["example.com", "test.example.net"] {
            assert_eq!(
                listener_route_match(Some("*.example.com"), &hosts(&[route])),
                HostnameMatch::Disjoint,
                "{route}"
            );
        }
        // "If both the Listener and HTTPRoute have specified hostnames, any HTTPRoute hostnames
        // that do not match the Listener hostname MUST be ignored."
        assert_eq!(
            listener_route_match(
                Some("*.example.com"),
                &hosts(&["foo.example.com", "foo.example.net"])
            ),
            HostnameMatch::Hosts(hosts(&["foo.example.com"]))
        );
    }

    #[test]
    fn wildcards_intersect_to_the_more_specific() {
        assert_eq!(
            intersect("*.example.com", "*.foo.example.com").as_deref(),
            Some("*.foo.example.com")
        );
        assert_eq!(
            intersect("*.foo.example.com", "*.example.com").as_deref(),
            Some("*.foo.example.com")
        );
        assert_eq!(intersect("*.example.com", "*.example.net"), None);
        assert_eq!(intersect("*.example.com", "*.xample.com"), None);
        // A wildcard needs at least one label: `*.example.com` is not `example.com`, and a
        // suffix that only ends alike (`badexample.com`) is no subdomain.
        assert_eq!(intersect("*.example.com", "badexample.com"), None);
        assert_eq!(intersect("*.example.com", ".example.com"), None);
        assert_eq!(
            intersect("Foo.Example.com", "foo.example.COM").as_deref(),
            Some("foo.example.com")
        );
    }

    #[test]
    fn no_hostname_on_either_side_matches_everything() {
        assert_eq!(listener_route_match(None, &[]), HostnameMatch::Any);
        assert_eq!(listener_route_match(Some(""), &[]), HostnameMatch::Any);
        assert_eq!(
            listener_route_match(None, &hosts(&["b.example.com", "a.example.com"])),
            HostnameMatch::Hosts(hosts(&["a.example.com", "b.example.com"]))
        );
    }
}
