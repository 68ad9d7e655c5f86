//! K8S-REF-008 `network-policy-named-port-missing`: a named port in a NetworkPolicy rule is not declared by the pods it targets.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-008",
    name: "network-policy-named-port-missing",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy",
    summary: "a named port in a NetworkPolicy rule is not declared by the pods it targets",
    docs: r#"## What it does

Named port in a NetworkPolicy rule is not defined by the selected pods (ingress) / destination pods (egress): that port entry matches nothing.

## Why is this bad?

That port entry matches nothing, so the intended traffic is dropped.

## Example

ingress port `metrics` while the selected containers name their port `http-metrics`.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-metrics
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - ports:
    - protocol: TCP
      port: metrics
---
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
        ports:
        - name: http-metrics
          containerPort: 9090
```

## Use instead

Use a port name the containers declare, or the number.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-metrics
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - ports:
    - protocol: TCP
      port: metrics
---
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
        ports:
        - name: metrics
          containerPort: 9090
```

## Fix

There is no automatic fix.

Source: API ref NetworkPolicyPort.port ("named port on a pod")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::api::networking::v1::NetworkPolicyPort;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::rules::context::Workload;

/// Named ports of a rule that none of the pods declares (with that protocol).
fn unresolved<'a>(ports: &'a [NetworkPolicyPort], pods: &[Workload<'_>]) -> Vec<(usize, &'a str)> {
    ports
        .iter()
        .enumerate()
        .filter_map(|(i, port)| match &port.port {
            Some(IntOrString::String(name)) => {
                let protocol = port.protocol.as_deref().unwrap_or("TCP");
                let declared = pods.iter().any(|w| {
                    w.object.pod_spec().is_some_and(|spec| {
                        container_ports(spec)
                            .any(|(n, _, p)| n == Some(name.as_str()) && p == protocol)
                    })
                });
                (!declared).then_some((i, name.as_str()))
            }
            _ => None,
        })
        .collect()
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("NetworkPolicy") {
        let Resource::NetworkPolicy(policy) = object.resource() else {
            continue;
        };
        let (Some(spec), Some(namespace)) = (&policy.spec, object.effective_namespace()) else {
            continue;
        };
        let selected = ctx.select_pods(namespace, spec.pod_selector.as_ref());
        if !selected.is_empty() {
            for (r, rule) in spec.ingress.iter().flatten().enumerate() {
                for (i, name) in unresolved(rule.ports.as_deref().unwrap_or_default(), &selected) {
                    out.report(
                        id,
                        format!("spec.ingress[{r}].ports[{i}].port"),
                        format!("named port {name} is not declared by the pods this policy selects; this entry matches nothing"),
                    );
                }
            }
        }
        for (r, rule) in spec.egress.iter().flatten().enumerate() {
            let peers = rule.to.as_deref().unwrap_or_default();
            // Only rules whose destinations are all same-namespace pods in the design.
            if peers.is_empty()
                || peers.iter().any(|p| {
                    p.namespace_selector.is_some()
                        || p.ip_block.is_some()
                        || p.pod_selector.is_none()
                })
            {
                continue;
            }
            let destinations: Vec<Workload<'_>> = peers
                .iter()
                .filter_map(|p| p.pod_selector.as_ref())
                .flat_map(|s| ctx.select(namespace, s))
                .collect();
            if destinations.is_empty() {
                continue;
            }
            for (i, name) in unresolved(rule.ports.as_deref().unwrap_or_default(), &destinations) {
                out.report(
                    id,
                    format!("spec.egress[{r}].ports[{i}].port"),
                    format!("named port {name} is not declared by the destination pods; this entry matches nothing"),
                );
            }
        }
    }
}
