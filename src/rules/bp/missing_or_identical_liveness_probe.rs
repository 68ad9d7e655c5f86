//! K8S-BP-007 `missing-or-identical-liveness-probe`: container has no liveness probe, or it is identical to the readiness probe.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-007",
    name: "missing-or-identical-liveness-probe",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container has no liveness probe, or it is identical to the readiness probe",
    docs: r"## What it does

Liveness probe on long-running containers; it must not be identical to the readiness probe (restarts instead of removing from endpoints).

## Why is this bad?

Without liveness a hung process is never restarted; an identical liveness probe restarts containers that should only be taken out of rotation.

## Example

`livenessProbe` and `readinessProbe` both `httpGet /healthz` with the same timings.

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
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
```

## Use instead

Add a liveness probe that checks only that the process is alive, with more lenient thresholds.

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
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /ready
            port: http
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
          periodSeconds: 10
          failureThreshold: 6
```

## Fix

There is no automatic fix.

Source: Seed rule; [D] configure-liveness-readiness-startup-probes",
    peers: Peers {
        kube_score: &["pod-probes", "pod-probes-identical"],
        kube_linter: &["no-liveness-probe"],
        polaris: &["livenessProbeMissing"],
        checkov: &["CKV_K8S_8"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        if matches!(
            at.object.resource(),
            Resource::Job(_) | Resource::CronJob(_)
        ) {
            continue;
        }
        for c in containers(at, false) {
            match (&c.container.liveness_probe, &c.container.readiness_probe) {
                (None, _) => {
                    out.report(
                        at.id,
                        c.field("livenessProbe"),
                        format!(
                            "container `{}` has no liveness probe: a hung process is never restarted",
                            c.container.name
                        ),
                    );
                }
                (Some(liveness), Some(readiness)) if liveness == readiness => {
                    out.report(
                        at.id,
                        c.field("livenessProbe"),
                        format!(
                            "container `{}` uses the same probe for liveness and readiness: a slow dependency restarts it instead of taking it out of rotation",
                            c.container.name
                        ),
                    );
                }
                _ => {}
            }
        }
    }
}
