//! K8S-API-024 `invalid-network-policy-peer`: a NetworkPolicy peer is empty, mixes ipBlock with selectors, or has a bad CIDR.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-024",
    name: "invalid-network-policy-peer",
    severity: RuleSeverity::Error,
    kinds: "NetworkPolicy",
    summary: "a NetworkPolicy peer is empty, mixes ipBlock with selectors, or has a bad CIDR",
    docs: r#"## What it does

Each from/to peer sets at least one of podSelector/namespaceSelector/ipBlock; ipBlock may not be combined with a selector in the same peer; ipBlock.cidr is a valid CIDR and every except entry is a strict subset of it. The policy's podSelector and the peers' podSelector and namespaceSelector have valid matchExpressions (qualified keys; In/NotIn with values, Exists/DoesNotExist without).

## Why is this bad?

The API server rejects the NetworkPolicy ("must specify a peer", "may not specify both ipBlock and another peer").

## Example

`from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]` or an except range outside the cidr.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
      podSelector: {}
```

## Use instead

Split the peer into separate list entries; use valid CIDRs whose except entries lie strictly inside.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
    - podSelector: {}
```

## Fix

There is no automatic fix.

Source: [NV] ValidateNetworkPolicyPeer ("must specify a peer", "may not specify both ipBlock and another peer"), ValidateIPBlock ("must be a strict subset of `cidr`")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use std::net::IpAddr;

use k8s_openapi::api::networking::v1::{IPBlock, NetworkPolicyPeer};

use crate::model::validation::label_selector_problems;

/// A parsed CIDR: address as a 128-bit number (IPv4 mapped), prefix length in that space, family.
fn parse_cidr(text: &str) -> Option<(u128, u32, bool)> {
    let (address, prefix) = text.split_once('/')?;
    let address: IpAddr = address.parse().ok()?;
    let prefix: u32 = prefix.parse().ok()?;
    match address {
        IpAddr::V4(v4) if prefix <= 32 => Some((u128::from(u32::from(v4)), prefix + 96, true)),
        IpAddr::V6(v6) if prefix <= 128 => Some((u128::from(v6), prefix, false)),
        _ => None,
    }
}

fn network(address: u128, prefix: u32) -> u128 {
    if prefix == 0 {
        0
    } else {
        address & (u128::MAX << (128 - prefix.min(128)))
    }
}

fn check_peers(out: &mut Findings, id: ObjectId, field: &str, peers: &[NetworkPolicyPeer]) {
    for (p, peer) in peers.iter().enumerate() {
        let field = format!("{field}[{p}]");
        let selectors = peer.pod_selector.is_some() || peer.namespace_selector.is_some();
        for (which, selector) in [
            ("podSelector", &peer.pod_selector),
            ("namespaceSelector", &peer.namespace_selector),
        ] {
            for (below, problem) in selector.iter().flat_map(label_selector_problems) {
                out.report(id, format!("{field}.{which}.{below}"), problem);
            }
        }
        let Some(block) = &peer.ip_block else {
            if !selectors {
                out.report(
                    id,
                    field,
                    "must specify a peer (podSelector, namespaceSelector or ipBlock)",
                );
            }
            continue;
        };
        if selectors {
            out.report(
                id,
                field.clone(),
                "may not specify both ipBlock and another peer",
            );
        }
        let problems = ip_block_problems(block);
        if let Some(problem) = problems.cidr {
            out.report(id, format!("{field}.ipBlock.cidr"), problem);
        }
        for (e, problem) in problems.except {
            out.report(id, format!("{field}.ipBlock.except[{e}]"), problem);
        }
    }
}

/// What the API server objects to in an `ipBlock`: its `cidr`, and `except` entries by position.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IpBlockProblems {
    pub cidr: Option<String>,
    pub except: Vec<(usize, String)>,
}

/// Checks an `ipBlock`: a valid `cidr`, every `except` entry a strict subset of it. Except entries
/// are not checked while the cidr itself is invalid.
#[must_use]
pub fn ip_block_problems(block: &IPBlock) -> IpBlockProblems {
    let Some((address, prefix, v4)) = parse_cidr(&block.cidr) else {
        return IpBlockProblems {
            cidr: Some(format!("`{}` is not a valid CIDR", block.cidr)),
            except: Vec::new(),
        };
    };
    let except = block
        .except
        .iter()
        .flatten()
        .enumerate()
        .filter(|(_, except)| {
            !parse_cidr(except).is_some_and(|(a, p, f)| {
                f == v4 && p > prefix && network(a, prefix) == network(address, prefix)
            })
        })
        .map(|(e, except)| {
            (
                e,
                format!(
                    "except `{except}` must be a strict subset of cidr `{}`",
                    block.cidr
                ),
            )
        })
        .collect();
    IpBlockProblems { cidr: None, except }
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("NetworkPolicy") {
        let Resource::NetworkPolicy(policy) = object.resource() else {
            continue;
        };
        let Some(spec) = &policy.spec else { continue };
        for (below, problem) in spec.pod_selector.iter().flat_map(label_selector_problems) {
            out.report(id, format!("spec.podSelector.{below}"), problem);
        }
        for (r, rule) in spec.ingress.iter().flatten().enumerate() {
            check_peers(
                out,
                id,
                &format!("spec.ingress[{r}].from"),
                rule.from.as_deref().unwrap_or_default(),
            );
        }
        for (r, rule) in spec.egress.iter().flatten().enumerate() {
            check_peers(
                out,
                id,
                &format!("spec.egress[{r}].to"),
                rule.to.as_deref().unwrap_or_default(),
            );
        }
    }
}
