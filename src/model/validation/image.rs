//! Image references as the container runtime parses them (`[host[:port]/]path[:tag][@digest]`),
//! the grammar K8S-API-012 checks and the inspector's Image field shows.

/// One alphanumeric run: `[a-z0-9]+`.
fn is_alphanumeric_run(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// A repository path component: lowercase alphanumeric runs joined by `.`, `_`, `__` or `-`s.
fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !alnum(first) || !alnum(last) {
        return false;
    }
    // Separators between runs: `.`, `_`, `__` or any number of `-`.
    component
        .split(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        .filter(|separator| !separator.is_empty())
        .all(|separator| {
            matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-')
        })
        && component
            .bytes()
            .all(|b| alnum(&b) || matches!(b, b'.' | b'_' | b'-'))
}

/// A registry host (`name[.name]*` or a bracketed IPv6 address) with an optional `:port`.
fn is_domain(domain: &str) -> bool {
    let (host, port) = if let Some(rest) = domain.strip_prefix('[') {
        let Some((address, after)) = rest.split_once(']') else {
            return false;
        };
        if address.is_empty() || !address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return false;
        }
        let port = match after {
            "" => None,
            after => Some(after.strip_prefix(':').unwrap_or("")),
        };
        (None, port)
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(domain), None),
        }
    };
    let host_ok = host.is_none_or(|host| {
        host.split('.').all(|part| {
            !part.is_empty()
                && !part.starts_with('-')
                && !part.ends_with('-')
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    });
    let port_ok =
        port.is_none_or(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

/// Why `image` is not a valid image reference (`[host[:port]/]path[:tag][@algorithm:hex]`, the
/// container runtime's grammar), or `None` when it is. Shared with the inspector's Image field.
#[must_use]
pub fn image_reference_problem(image: &str) -> Option<&'static str> {
    if image.chars().any(char::is_whitespace) {
        return Some("it contains whitespace");
    }
    let (rest, digest) = match image.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (image, None),
    };
    if let Some(digest) = digest {
        let Some((algorithm, hex)) = digest.split_once(':') else {
            return Some("the digest must be `algorithm:hex`");
        };
        let algorithm_ok = !algorithm.is_empty()
            && algorithm
                .split(['+', '.', '_', '-'])
                .all(is_alphanumeric_run);
        if !algorithm_ok || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some("the digest must be `algorithm:hex` (at least 32 hex digits)");
        }
    }
    // The tag follows the last `:` after the last `/` (a `:` before it belongs to the host).
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    let last = rest.get(slash..).unwrap_or(rest);
    let (name, tag) = match last.split_once(':') {
        Some((before, tag)) => (rest.get(..slash + before.len()).unwrap_or(rest), Some(tag)),
        None => (rest, None),
    };
    if let Some(tag) = tag {
        if tag.is_empty() {
            return Some("the tag after `:` is empty");
        }
        let mut bytes = tag.bytes();
        let first_ok = bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !first_ok
            || tag.len() > 128
            || !bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        {
            return Some("the tag must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        }
    }
    if name.is_empty() {
        return Some("the repository name is empty");
    }
    if name.len() > 255 {
        return Some("the name is longer than 255 characters");
    }
    let mut components: Vec<&str> = name.split('/').collect();
    // The first component is a registry host when it looks like one (as the runtime decides).
    if components.len() > 1
        && components.first().is_some_and(|first| {
            first.contains(['.', ':'])
                || *first == "localhost"
                || first.bytes().any(|b| b.is_ascii_uppercase())
        })
    {
        let domain = components.remove(0);
        if !is_domain(domain) {
            return Some("the registry host is not `host[:port]`");
        }
    }
    if components
        .iter()
        .any(|c| c.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Some("the repository name must be lowercase");
    }
    if !components.iter().all(|c| is_path_component(c)) {
        return Some(
            "path components must be lowercase letters and digits joined by `.`, `_`, `__` or `-`",
        );
    }
    None
}

/// The tag of an image reference (`None` without one, or with an empty one: the runtime would
/// pull `:latest`). A reference with a digest is pinned whatever its tag.
#[must_use]
pub fn image_tag(image: &str) -> Option<&str> {
    let name = image.rsplit('/').next().unwrap_or(image);
    // `nginx:` names no tag either: the runtime would pull :latest (if it accepted it at all).
    name.split_once(':')
        .map(|(_, tag)| tag)
        .filter(|tag| !tag.is_empty())
}

#[cfg(test)]
mod tests {
    use super::image_reference_problem;

    #[test]
    fn valid_references_pass() {
        for image in [
            "nginx",
            "nginx:1.27.3",
            "library/nginx:latest",
            "ghcr.io/org/app_name/sub-part:v1.2_rc-3",
            "localhost:5000/app:1",
            "localhost/app",
            "registry.example.com:443/a/b__c/d--e:TAG_1",
            "[::1]:5000/app:1",
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "Registry.Example.com/app:1",
        ] {
            assert_eq!(image_reference_problem(image), None, "{image}");
        }
    }

    #[test]
    fn invalid_references_are_named() {
        for (image, problem) in [
            ("Bad Image:", "whitespace"),
            ("nginx:", "tag after `:` is empty"),
            ("Nginx:1.27", "lowercase"),
            ("nginx:.1", "tag must match"),
            ("nginx:a/b", "registry host"),
            ("nginx@sha256:abc", "digest"),
            ("nginx@", "digest"),
            ("app-:1", "lowercase letters"),
            ("a//b", "lowercase letters"),
            (":1", "repository name is empty"),
            ("host:port/app", "registry host"),
        ] {
            let found = image_reference_problem(image);
            assert!(
                found.is_some_and(|p| p.contains(problem)),
                "{image}: {found:?}"
            );
        }
    }
}
