//! K8S-API-012 `invalid-containers`: containers are missing, duplicated by name, or have no image.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-012",
    name: "invalid-containers",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "containers are missing, duplicated by name, or have no image",
    docs: r#"## What it does

containers[] non-empty; container names DNS-1123 labels unique across initContainers+containers; image set, without surrounding whitespace and a valid reference (`[host[:port]/]path[:tag][@algorithm:hex]`: lowercase path components, tag `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; image is optional in templates per API docs, but pods cannot start without it).

## Why is this bad?

Pods without containers are rejected; duplicate container names are rejected; a container without an image cannot start.

## Example

Two containers named `app`, or `image: " nginx:1.27"`, `image: "Bad Image:"`, `image: "nginx:"`.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: "nginx:"
```

## Use instead

Give every container a unique DNS-label name and a valid image reference without surrounding whitespace.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: [CV] validateContainers (Duplicate name), validateContainersOnlyForPod; API ref Container.image; distribution reference grammar (kubelet refuses to pull an invalid reference: InvalidImageName)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use std::collections::BTreeSet;

use crate::rules::syntax::is_dns1123_label;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        if at.spec.containers.is_empty() {
            out.report(
                at.id,
                format!("{}.containers", at.path),
                "the pod has no containers",
            );
        }
        let mut names = BTreeSet::new();
        for c in containers(at, true) {
            let name = c.container.name.as_str();
            if !is_dns1123_label(name) {
                out.report(
                    at.id,
                    c.field("name"),
                    format!("container name `{name}` is not a DNS-1123 label"),
                );
            } else if !names.insert(name) {
                out.report(
                    at.id,
                    c.field("name"),
                    format!("container name `{name}` is used twice in the pod"),
                );
            }
            match c.container.image.as_deref() {
                None | Some("") => {
                    out.report(
                        at.id,
                        c.field("image"),
                        format!("container `{name}` has no image"),
                    );
                }
                Some(image) if image.trim() != image => {
                    out.report(
                        at.id,
                        c.field("image"),
                        format!("image `{image}` of container `{name}` has surrounding whitespace"),
                    );
                }
                Some(image) => {
                    if let Some(problem) = image_reference_problem(image) {
                        out.report(
                            at.id,
                            c.field("image"),
                            format!(
                                "image `{image}` of container `{name}` is not a valid reference: {problem}"
                            ),
                        );
                    }
                }
            }
        }
    }
}

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
