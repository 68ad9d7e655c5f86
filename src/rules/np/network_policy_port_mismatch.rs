//! K8S-NP-007 `network-policy-port-mismatch`: NetworkPolicy port is a Service port, not the pod's port.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-007",
    name: "network-policy-port-mismatch",
    severity: RuleSeverity::Warning,
    kinds: "NetworkPolicy, Service, Ingress",
    summary: "NetworkPolicy port is a Service port, not the pod's port",
    docs: r"## What it does

Reachability: NetworkPolicy ports are POD ports - a rule written with the Service port instead of the targetPort matches nothing; an isolated pod behind a Service/Ingress needs a rule allowing the targetPort from the clients / ingress-controller namespace.

## Why is this bad?

NetworkPolicy ports are pod ports: a rule written with the Service port matches nothing when targetPort differs.

## Example

Service `port: 80, targetPort: 8080`; policy allows port 80.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
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
        - name: http
          containerPort: 8080
---
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
    - podSelector:
        matchLabels:
          app: frontend
    ports:
    - protocol: TCP
      port: 80
```

## Use instead

Use the targetPort (container port) in the policy.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
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
        - name: http
          containerPort: 8080
---
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
    - podSelector:
        matchLabels:
          app: frontend
    ports:
    - protocol: TCP
      port: 8080
```

## Fix

There is no automatic fix.

Source: [D] network-policies (policies apply to pods); API ref NetworkPolicyPort",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(service_id, service_object) in ctx.of_kind("Service") {
        let Resource::Service(service) = service_object.resource() else {
            continue;
        };
        let Some(namespace) = service_object.effective_namespace() else {
            continue;
        };
        let targets = ctx.service_targets(service_id);
        if targets.is_empty() {
            continue;
        }
        for port in service.spec.iter().flat_map(|s| s.ports.iter().flatten()) {
            // The pod port: a number, or a name resolved against the selected containers.
            let target = match &port.target_port {
                Some(IntOrString::Int(n)) => Some(*n),
                Some(IntOrString::String(name)) => targets.iter().find_map(|w| {
                    w.object.pod_spec().and_then(|spec| {
                        container_ports(spec)
                            .find(|(n, _, _)| *n == Some(name.as_str()))
                            .map(|(_, number, _)| number)
                    })
                }),
                None => None,
            };
            let Some(target) = target.filter(|t| *t != port.port) else {
                continue;
            };
            for &(policy_id, policy_object) in ctx.of_kind_in("NetworkPolicy", namespace) {
                let Resource::NetworkPolicy(policy) = policy_object.resource() else {
                    continue;
                };
                let Some(spec) = &policy.spec else { continue };
                if !targets
                    .iter()
                    .any(|w| crate::rules::policy::selects(spec, w.labels))
                {
                    continue;
                }
                for (r, rule) in spec.ingress.iter().flatten().enumerate() {
                    let ports = rule.ports.as_deref().unwrap_or_default();
                    let uses_service_port = ports
                        .iter()
                        .any(|p| p.port == Some(IntOrString::Int(port.port)));
                    let has_target = ports.iter().any(|p| match &p.port {
                        Some(IntOrString::Int(n)) => {
                            *n == target
                                || p.end_port.is_some_and(|end| *n <= target && target <= end)
                        }
                        _ => true,
                    });
                    if uses_service_port && !has_target {
                        out.report(
                            policy_id,
                            format!("spec.ingress[{r}].ports"),
                            format!(
                                "allows port {} (the port of Service {}), but NetworkPolicy ports are pod ports: the pods listen on targetPort {target}",
                                port.port,
                                service_object.name()
                            ),
                        );
                    }
                }
            }
        }
    }
}
