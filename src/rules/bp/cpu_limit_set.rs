//! K8S-BP-004 `cpu-limit-set`: container sets a CPU limit (CFS throttling); informational.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-004",
    name: "cpu-limit-set",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "container sets a CPU limit (CFS throttling); informational",
    docs: r"## What it does

Consider omitting CPU limits (CFS throttling); never report a missing CPU limit as a problem. If a CPU limit is set, show it as an informational note. Peers take the OPPOSITE stance (they require CPU limits) - deliberate divergence.

## Why is this bad?

CPU limits throttle a container even when the node is idle, causing latency spikes; requests already share CPU fairly. Peers require CPU limits: this catalog deliberately does not.

## Example

`limits: {cpu: 500m}`.

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
        resources:
          requests:
            cpu: 250m
            memory: 256Mi
          limits:
            cpu: 500m
            memory: 256Mi
```

## Use instead

Consider removing the CPU limit and keeping the request.

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
        resources:
          requests:
            cpu: 250m
            memory: 256Mi
          limits:
            memory: 256Mi
```

## Fix

There is no automatic fix.

Source: Seed rule; kube-score flag --ignore-container-cpu-limit",
    peers: Peers {
        kube_score: &["(inverse) container-resources"],
        kube_linter: &["(inverse) unset-cpu-requirements"],
        polaris: &["(inverse) cpuLimitsMissing"],
        checkov: &["(inverse) CKV_K8S_11"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let Some(limit) = c
                .container
                .resources
                .as_ref()
                .and_then(|r| r.limits.as_ref())
                .and_then(|l| l.get("cpu"))
            else {
                continue;
            };
            out.report(
                at.id,
                c.field("resources.limits.cpu"),
                format!(
                    "container `{}` has a CPU limit of {}: it is throttled at that rate even on an idle node; consider keeping only the request",
                    c.container.name, limit.0
                ),
            );
        }
    }
}
