//! K8S-API-022 `invalid-ingress-host`: Ingress host, TLS host, secretName or class is invalid.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-022",
    name: "invalid-ingress-host",
    severity: RuleSeverity::Error,
    kinds: "Ingress",
    summary: "Ingress host, TLS host, secretName or class is invalid",
    docs: r#"## What it does

rules[].host and tls[].hosts are DNS-1123 subdomains, not IP addresses; a wildcard is only allowed as the whole first label ("*.foo.com"); tls.secretName is a valid Secret name; ingressClassName is a DNS subdomain and, if the legacy kubernetes.io/ingress.class annotation is also set, both must be equal.

## Why is this bad?

The API server rejects the Ingress ("must be a DNS name, not an IP address").

## Example

`host: 10.0.0.1`, `host: foo.*.com`, or ingressClassName differing from the kubernetes.io/ingress.class annotation.

```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: 10.0.0.1
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
```

## Use instead

Use DNS names (a wildcard only as the whole first label) and keep class name and annotation equal or drop the annotation.

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
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
```

## Fix

There is no automatic fix.

Source: [NV] validateIngressRules ("must be a DNS name, not an IP address"), validateIngressTLS, ValidateIngressCreate"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::is_dns1123_subdomain;

fn host_problem(host: &str) -> Option<String> {
    if host.parse::<std::net::IpAddr>().is_ok() {
        return Some(format!(
            "host `{host}` must be a DNS name, not an IP address"
        ));
    }
    let rest = host.strip_prefix("*.").unwrap_or(host);
    if rest.contains('*') {
        return Some(format!(
            "host `{host}`: a wildcard is only allowed as the whole first label (*.example.com)"
        ));
    }
    (!is_dns1123_subdomain(rest)).then(|| format!("host `{host}` is not a lowercase DNS name"))
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Ingress") {
        let Resource::Ingress(ingress) = object.resource() else {
            continue;
        };
        let Some(spec) = &ingress.spec else { continue };
        for (r, rule) in spec.rules.iter().flatten().enumerate() {
            if let Some(problem) = rule
                .host
                .as_deref()
                .filter(|h| !h.is_empty())
                .and_then(host_problem)
            {
                out.report(id, format!("spec.rules[{r}].host"), problem);
            }
        }
        for (t, tls) in spec.tls.iter().flatten().enumerate() {
            for (h, host) in tls.hosts.iter().flatten().enumerate() {
                if let Some(problem) = host_problem(host) {
                    out.report(id, format!("spec.tls[{t}].hosts[{h}]"), problem);
                }
            }
            if let Some(name) = tls
                .secret_name
                .as_deref()
                .filter(|n| !n.is_empty() && !is_dns1123_subdomain(n))
            {
                out.report(
                    id,
                    format!("spec.tls[{t}].secretName"),
                    format!("`{name}` is not a valid Secret name"),
                );
            }
        }
        let class = spec.ingress_class_name.as_deref();
        if let Some(name) = class.filter(|n| !is_dns1123_subdomain(n)) {
            out.report(
                id,
                "spec.ingressClassName",
                format!("`{name}` is not a DNS subdomain"),
            );
        }
        let annotation = object
            .metadata()
            .annotations
            .as_ref()
            .and_then(|a| a.get("kubernetes.io/ingress.class"));
        if let (Some(class), Some(annotation)) = (class, annotation)
            && class != annotation
        {
            out.report(
                id,
                "spec.ingressClassName",
                format!("ingressClassName {class} differs from the kubernetes.io/ingress.class annotation {annotation}; both must be equal"),
            );
        }
    }
}
