//! K8S-GW-007 `duplicate-route-match`: an HTTPRoute or GRPCRoute match repeats an earlier one,
//! so it never receives a request.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-GW-007",
    name: "duplicate-route-match",
    severity: RuleSeverity::Warning,
    kinds: "HTTPRoute, GRPCRoute",
    summary: "a route match repeats an earlier match and never receives a request",
    docs: r#"## What it does

Compares the matches of an HTTPRoute's rules after the API defaults (a rule without matches
matches `PathPrefix /`; a path without a type is a `PathPrefix`; headers and query parameters
without a type are `Exact`; header names compare without case, in any order), and those of a
GRPCRoute's rules alike (service, method and their match type, `Exact` when unset; headers).
A match equal to one of an earlier rule is shadowed: Gateway API gives ties to the first rule in list order, so
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

Source: Gateway API spec, HTTPRouteRule.matches and GRPCRouteRule.matches (precedence: "If ties still exist within an HTTPRoute, matching precedence MUST be granted to the FIRST matching rule (in list order)") and the CRD defaults of HTTPRouteMatch and GRPCMethodMatch"#,
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

use crate::model::gateway::http_route::{HttpRouteMatch, NameValueMatch};
use crate::model::gateway::routes::GrpcRouteMatch;
use crate::model::gateway::{GrpcRoute, HttpRoute};

/// Header or query parameter matches as compared: (name, type, value), sorted.
type Pairs = Vec<(String, String, String)>;

/// A match as the data plane compares it: HTTP (path type, path, method, headers, query
/// params); gRPC (method match type, service, method, headers, nothing).
type MatchKey = (String, String, String, Pairs, Pairs);

fn pairs(list: Option<&Vec<NameValueMatch>>, fold: bool) -> Pairs {
    let mut pairs: Pairs = list
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
}

fn http_key(m: &HttpRouteMatch) -> MatchKey {
    let path = m.path.as_ref();
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

fn grpc_key(m: &GrpcRouteMatch) -> MatchKey {
    let method = m.method.as_ref();
    (
        method
            .and_then(|m| m.match_type.clone())
            .unwrap_or_else(|| "Exact".to_owned()),
        method.and_then(|m| m.service.clone()).unwrap_or_default(),
        method.and_then(|m| m.method.clone()).unwrap_or_default(),
        pairs(m.headers.as_ref(), true),
        Vec::new(),
    )
}

/// The match keys of each rule, and whether the rule lists its matches (`None`: it has the
/// default one, which matches every request).
fn rule_keys<M>(
    rules: impl Iterator<Item = Option<Vec<M>>>,
    key: fn(&M) -> MatchKey,
    default: &M,
) -> Vec<(bool, Vec<MatchKey>)> {
    rules
        .map(|matches| match matches.filter(|m| !m.is_empty()) {
            Some(matches) => (true, matches.iter().map(key).collect()),
            None => (false, vec![key(default)]),
        })
        .collect()
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for name in ["HTTPRoute", "GRPCRoute"] {
        for &(id, object) in ctx.of_kind(name) {
            let Resource::Other(other) = object.resource() else {
                continue;
            };
            let rules = match object.kind() {
                Kind::HttpRoute => {
                    let Ok(route) = crate::model::gateway::read::<HttpRoute>(other) else {
                        continue;
                    };
                    let rules = route.spec.and_then(|s| s.rules).unwrap_or_default();
                    let matches = rules.into_iter().map(|r| r.matches);
                    rule_keys(matches, http_key, &HttpRouteMatch::default())
                }
                Kind::GrpcRoute => {
                    let Ok(route) = crate::model::gateway::read::<GrpcRoute>(other) else {
                        continue;
                    };
                    let rules = route.spec.and_then(|s| s.rules).unwrap_or_default();
                    let matches = rules.into_iter().map(|r| r.matches);
                    rule_keys(matches, grpc_key, &GrpcRouteMatch::default())
                }
                _ => continue,
            };
            report_repeats(id, &rules, out);
        }
    }
}

/// Reports each match equal to an earlier one: in the same rule a note, in a later rule a
/// shadowed match.
fn report_repeats(id: ObjectId, rules: &[(bool, Vec<MatchKey>)], out: &mut Findings) {
    let mut seen: BTreeMap<&MatchKey, (usize, usize)> = BTreeMap::new();
    for (r, (listed, keys)) in rules.iter().enumerate() {
        for (m, key) in keys.iter().enumerate() {
            let field = if *listed {
                format!("spec.rules[{r}].matches[{m}]")
            } else {
                format!("spec.rules[{r}]")
            };
            match seen.get(key) {
                None => {
                    seen.insert(key, (r, m));
                }
                Some(&(first_rule, first_match)) if first_rule == r => {
                    out.report(
                        id,
                        field,
                        format!("repeats matches[{first_match}] of the same rule: it adds nothing"),
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
