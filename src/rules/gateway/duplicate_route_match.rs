//! K8S-GW-007 `duplicate-route-match`: an HTTPRoute match repeats an earlier one, so it never
//! receives a request.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-007",
    name: "duplicate-route-match",
    severity: RuleSeverity::Warning,
    kinds: "HTTPRoute",
    summary: "an HTTPRoute match repeats an earlier match and never receives a request",
    docs: r#"## What it does

Compares the matches of an HTTPRoute's rules after the API defaults (a rule without matches
matches `PathPrefix /`; a path without a type is a `PathPrefix`; headers and query parameters
without a type are `Exact`; header names compare without case, in any order). A match equal to
one of an earlier rule is shadowed: Gateway API gives ties to the first rule in list order, so
the later rule never gets those requests. A match repeated inside one rule is redundant (a note).

## Why is this bad?

The shadowed rule's backends and filters never apply to the requests the designer meant for
them, and nothing reports it at runtime.

## Example

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs:
  - name: web
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /api
    backendRefs:
    - name: api
      port: 80
  - matches:
    - path:
        value: /api
    backendRefs:
    - name: api-v2
      port: 80
```

## Use instead

Tell the rules apart (another path, a header), or split the traffic in one rule with weights.

```yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs:
  - name: web
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /api
    backendRefs:
    - name: api
      port: 80
  - matches:
    - path:
        value: /api
      headers:
      - name: x-version
        value: "2"
    backendRefs:
    - name: api-v2
      port: 80
```

## Fix

There is no automatic fix.

Source: Gateway API spec, HTTPRouteRule.matches (precedence: "If ties still exist within an HTTPRoute, matching precedence MUST be granted to the FIRST matching rule (in list order)") and the CRD defaults of HTTPRouteMatch"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use std::collections::BTreeMap;

use crate::model::gateway::HttpRoute;
use crate::model::gateway::http_route::{HttpRouteMatch, NameValueMatch};

/// A match as the data plane compares it: (path type, path, method, headers, query params).
type MatchKey = (
    String,
    String,
    String,
    Vec<(String, String, String)>,
    Vec<(String, String, String)>,
);

fn key(m: &HttpRouteMatch) -> MatchKey {
    let path = m.path.as_ref();
    let pairs = |list: Option<&Vec<NameValueMatch>>, fold: bool| {
        let mut pairs: Vec<(String, String, String)> = list
            .into_iter()
            .flatten()
            .map(|n| {
                let name = if fold {
                    n.name.to_ascii_lowercase()
                } else {
                    n.name.clone()
                };
                let kind = n.match_type.clone().unwrap_or_else(|| "Exact".to_owned());
                (name, kind, n.value.clone())
            })
            .collect();
        pairs.sort();
        pairs
    };
    (
        path.and_then(|p| p.match_type.clone())
            .unwrap_or_else(|| "PathPrefix".to_owned()),
        path.and_then(|p| p.value.clone())
            .unwrap_or_else(|| "/".to_owned()),
        m.method.clone().unwrap_or_default(),
        pairs(m.headers.as_ref(), true),
        pairs(m.query_params.as_ref(), false),
    )
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("HTTPRoute") {
        let (Kind::HttpRoute, Resource::Other(other)) = (object.kind(), object.resource()) else {
            continue;
        };
        let Ok(route) = crate::model::gateway::read::<HttpRoute>(other) else {
            continue;
        };
        let rules = route.spec.and_then(|s| s.rules).unwrap_or_default();
        let mut seen: BTreeMap<MatchKey, (usize, usize)> = BTreeMap::new();
        let default = [HttpRouteMatch::default()];
        for (r, rule) in rules.iter().enumerate() {
            let matches = rule.matches.as_deref().filter(|m| !m.is_empty());
            for (m, one) in matches.unwrap_or(&default).iter().enumerate() {
                let field = if matches.is_some() {
                    format!("spec.rules[{r}].matches[{m}]")
                } else {
                    format!("spec.rules[{r}]")
                };
                match seen.get(&key(one)) {
                    None => {
                        seen.insert(key(one), (r, m));
                    }
                    Some(&(first_rule, first_match)) if first_rule == r => {
                        out.report(
                            id,
                            field,
                            format!(
                                "repeats matches[{first_match}] of the same rule: it adds nothing"
                            ),
                        )
                        .severity(Severity::Info);
                    }
                    Some(&(first_rule, first_match)) => {
                        out.report(
                            id,
                            field,
                            format!(
                                "matches the same requests as spec.rules[{first_rule}].matches[{first_match}]: the earlier rule wins every tie, so this match never receives a request"
                            ),
                        );
                    }
                }
            }
        }
    }
}
