//! K8S-SEC-002 `privileged-container`: container runs privileged.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-002",
    name: "privileged-container",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container runs privileged",
    docs: r"## What it does

privileged: true grants full host access - flag loudly.

## Why is this bad?

privileged: true disables nearly every isolation: devices, capabilities, seccomp.

## Example

`securityContext: {privileged: true}`.

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
        securityContext:
          privileged: true
```

## Use instead

Remove privileged; add only the capabilities needed.

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
        securityContext:
          privileged: false
          capabilities:
            drop:
            - ALL
```

## Fix

There is no automatic fix.

Source: [D] pod-security-standards (baseline forbids privileged)",
    peers: Peers {
        kube_score: &["container-security-context-privileged"],
        kube_linter: &["privileged-container"],
        polaris: &["runAsPrivileged"],
        checkov: &["CKV_K8S_16"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            if c.container
                .security_context
                .as_ref()
                .and_then(|s| s.privileged)
                == Some(true)
            {
                out.report(
                    at.id,
                    c.field("securityContext.privileged"),
                    format!(
                        "container `{}` is privileged: it has full access to the host",
                        c.container.name
                    ),
                );
            }
        }
    }
}
