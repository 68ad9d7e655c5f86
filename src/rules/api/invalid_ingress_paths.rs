//! K8S-API-020 `invalid-ingress-paths`: Ingress has neither rules nor defaultBackend, or a path is invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-020",
    name: "invalid-ingress-paths",
    severity: RuleSeverity::Error,
    kinds: "Ingress",
    summary: "Ingress has neither rules nor defaultBackend, or a path is invalid",
    docs: r#"## What it does

Either defaultBackend or rules must be set; an http rule needs >=1 path; pathType is required (Exact|Prefix|ImplementationSpecific); Exact/Prefix paths must start with "/" and must not contain //, /./, /../, %2f or end in /.. or /.

## Why is this bad?

The API server rejects the Ingress ("pathType must be specified", "must be an absolute path").

## Example

A path without pathType, or `path: api` with pathType Prefix.

```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: api
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
```

## Use instead

Set pathType (Prefix, Exact or ImplementationSpecific) and absolute paths without `//`, `/./` or `/../`.

```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
```

## Fix

There is no automatic fix.

Source: [NV] ValidateIngressSpec ("either `defaultBackend` or `rules` must be specified"), validateHTTPIngressPath ("pathType must be specified", "must be an absolute path")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn path_problem(path: &str) -> Option<&'static str> {
    if !path.starts_with('/') {
        return Some("must be an absolute path");
    }
    let lower = path.to_ascii_lowercase();
    if path.contains("//")
        || path.contains("/./")
        || path.contains("/../")
        || lower.contains("%2f")
        || path.ends_with("/..")
        || path.ends_with("/.")
    {
        return Some("must not contain '//', '/./', '/../', '%2f' or end in '/.' or '/..'");
    }
    None
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Ingress") {
        let Resource::Ingress(ingress) = object.resource() else {
            continue;
        };
        let Some(spec) = &ingress.spec else {
            out.report(
                id,
                "spec",
                "either defaultBackend or rules must be specified",
            );
            continue;
        };
        if spec.default_backend.is_none() && spec.rules.as_ref().is_none_or(Vec::is_empty) {
            out.report(
                id,
                "spec",
                "either defaultBackend or rules must be specified",
            );
        }
        for (r, rule) in spec.rules.iter().flatten().enumerate() {
            let Some(http) = &rule.http else { continue };
            if http.paths.is_empty() {
                out.report(
                    id,
                    format!("spec.rules[{r}].http.paths"),
                    "an http rule needs at least one path",
                );
            }
            for (p, path) in http.paths.iter().enumerate() {
                let field = format!("spec.rules[{r}].http.paths[{p}]");
                match path.path_type.as_str() {
                    "" => {
                        out.report(
                            id,
                            format!("{field}.pathType"),
                            "pathType must be specified (Prefix, Exact or ImplementationSpecific)",
                        );
                    }
                    "Exact" | "Prefix" => {
                        let value = path.path.as_deref().unwrap_or_default();
                        if let Some(problem) = path_problem(value) {
                            out.report(
                                id,
                                format!("{field}.path"),
                                format!("path `{value}` {problem}"),
                            );
                        }
                    }
                    "ImplementationSpecific" => {}
                    other => {
                        out.report(
                            id,
                            format!("{field}.pathType"),
                            format!(
                                "pathType {other} is not Prefix, Exact or ImplementationSpecific"
                            ),
                        );
                    }
                }
            }
        }
    }
}
