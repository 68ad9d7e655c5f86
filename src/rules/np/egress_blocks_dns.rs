//! K8S-NP-005 `egress-blocks-dns`: egress-isolated pods have no rule allowing DNS.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-005",
    name: "egress-blocks-dns",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy",
    summary: "egress-isolated pods have no rule allowing DNS",
    docs: r"## What it does

Egress-isolated pods with no rule allowing DNS (UDP and TCP 53 to kube-system / kube-dns) cannot resolve names.

## Why is this bad?

Without DNS egress (UDP/TCP 53) pods cannot resolve any name, including Services.

## Example

A default-deny policy isolates the pods for egress, and no policy allows DNS.

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
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  - Egress
```

## Use instead

Add an egress rule to kube-system kube-dns on UDP and TCP 53.

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
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  - Egress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
```

## Fix

Appends an egress rule to kube-system/kube-dns on UDP and TCP 53 to the policy; beside a default-deny policy (which must stay one) it adds a separate `allow-dns` policy selecting the same pods. Unsafe: the pods may then send DNS traffic they could not send before.

Source: ahmetb/kubernetes-network-policy-recipes #11 (allow DNS); [D] network-policies",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::reach::Direction;
use crate::rules::policy::{allows_dns, isolates};

/// Egress to kube-dns in kube-system on UDP and TCP 53.
fn dns_rule() -> NetworkPolicyEgressRule {
    let labels = |k: &str, v: &str| Some([(k.to_owned(), v.to_owned())].into_iter().collect());
    NetworkPolicyEgressRule {
        to: Some(vec![NetworkPolicyPeer {
            namespace_selector: Some(LabelSelector {
                match_labels: labels(crate::model::NAMESPACE_NAME_LABEL, "kube-system"),
                match_expressions: None,
            }),
            pod_selector: Some(LabelSelector {
                match_labels: labels("k8s-app", "kube-dns"),
                match_expressions: None,
            }),
            ip_block: None,
        }]),
        ports: Some(
            ["UDP", "TCP"]
                .into_iter()
                .map(|protocol| NetworkPolicyPort {
                    protocol: Some(protocol.to_owned()),
                    port: Some(IntOrString::Int(53)),
                    end_port: None,
                })
                .collect(),
        ),
    }
}

fn spec_allows_dns(spec: &NetworkPolicySpec) -> bool {
    spec.egress.iter().flatten().any(allows_dns)
}

const MESSAGE: &str = "the selected pods are isolated for egress and no policy allows DNS (UDP 53): they cannot resolve any name";

/// A policy that allows nothing (no ingress and no egress rules): a default-deny.
fn is_deny_policy(spec: &NetworkPolicySpec) -> bool {
    spec.ingress.as_ref().is_none_or(Vec::is_empty)
        && spec.egress.as_ref().is_none_or(Vec::is_empty)
}

/// A new policy `allow-dns` (numbered when taken) allowing DNS egress for the pods `spec`
/// selects, as an add command with its name.
fn allow_dns_policy(
    ctx: &Context<'_>,
    namespace: &str,
    spec: &NetworkPolicySpec,
) -> Option<(String, crate::document::Command)> {
    let taken = |name: &str| {
        ctx.model
            .find("NetworkPolicy", Some(namespace), name)
            .is_some()
    };
    let name = std::iter::once("allow-dns".to_owned())
        // One more candidate than there are policies: one of them is free.
        .chain(
            (2..=ctx.of_kind_in("NetworkPolicy", namespace).len() + 2)
                .map(|n| format!("allow-dns-{n}")),
        )
        .find(|name| !taken(name))?;
    let policy = NetworkPolicy {
        metadata: crate::rules::fix::metadata(&name, Some(namespace)),
        spec: Some(NetworkPolicySpec {
            pod_selector: spec.pod_selector.clone(),
            policy_types: Some(vec!["Egress".to_owned()]),
            egress: Some(vec![dns_rule()]),
            ingress: None,
        }),
    };
    let value = serde_json::to_value(&policy).ok()?;
    let object = Object::from_value(&value).ok()?;
    Some((
        name,
        crate::rules::fix::add(
            ctx.model.next_free_id(),
            object,
            crate::document::Point::default(),
        ),
    ))
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let policies: Vec<(ObjectId, &Object, &NetworkPolicySpec)> = ctx
        .of_kind("NetworkPolicy")
        .iter()
        .filter_map(|&(id, o)| match o.resource() {
            Resource::NetworkPolicy(p) => p.spec.as_ref().map(|s| (id, o, s)),
            _ => None,
        })
        .collect();
    for &(id, object, spec) in &policies {
        if !isolates(ctx, id, Direction::Egress) || spec_allows_dns(spec) {
            continue;
        }
        let Some(namespace) = object.effective_namespace() else {
            continue;
        };
        let selected = ctx.select_pods(namespace, spec.pod_selector.as_ref());
        // Another policy selecting the same pods may allow DNS for them.
        let covered = !selected.is_empty()
            && selected.iter().all(|w| {
                // Egress rules count only where the policy isolates egress: the API server
                // ignores them otherwise.
                ctx.of_kind_in("NetworkPolicy", namespace)
                    .iter()
                    .filter(|&&(id, _)| isolates(ctx, id, Direction::Egress))
                    .filter_map(|(_, o)| match o.resource() {
                        Resource::NetworkPolicy(p) => p.spec.as_ref(),
                        _ => None,
                    })
                    .any(|s| spec_allows_dns(s) && crate::rules::policy::selects(s, w.labels))
            });
        if covered {
            continue;
        }
        if is_deny_policy(spec) {
            // Appending to a default-deny would stop it being one (and belie its name): a
            // separate policy allows DNS for the same pods.
            let finding = out.report(id, "spec.egress", MESSAGE);
            if let Some((name, command)) = allow_dns_policy(ctx, namespace, spec) {
                finding.unsafe_fix(
                    format!(
                        "Add NetworkPolicy {name} allowing DNS to kube-system/kube-dns (UDP and TCP 53)"
                    ),
                    vec![command],
                );
            }
            continue;
        }
        let fix = crate::rules::fix::edit_later(id, |copy| {
            let Resource::NetworkPolicy(p) = copy.resource_mut() else {
                return false;
            };
            let Some(spec) = p.spec.as_mut() else {
                return false;
            };
            spec.egress.get_or_insert_default().push(dns_rule());
            true
        });
        let finding = out.report(id, "spec.egress", MESSAGE);
        finding.unsafe_fix("Allow DNS to kube-system/kube-dns (UDP and TCP 53)", fix);
    }
}
