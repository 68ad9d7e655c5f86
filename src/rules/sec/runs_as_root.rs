//! K8S-SEC-001 `runs-as-root`: container may run as root.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-001",
    name: "runs-as-root",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container may run as root",
    docs: r"## What it does

Run as a non-root user: runAsNonRoot: true and/or runAsUser != 0 (pod or container level); UID >= 10000 recommended to avoid host UID clashes.

## Why is this bad?

A process running as root inside a container is one kernel bug away from root on the node.

## Example

No `runAsNonRoot: true` at pod or container level, or `runAsUser: 0`.

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
          runAsUser: 0
```

## Use instead

Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` (10000 or above).

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
          runAsNonRoot: true
          runAsUser: 10001
```

## Fix

There is no automatic fix.

Source: Seed rule; [D] concepts/security/pod-security-standards (restricted: runAsNonRoot)",
    peers: Peers {
        kube_score: &["container-security-context-user-group-id"],
        kube_linter: &["run-as-non-root"],
        polaris: &["runAsRootAllowed"],
        checkov: &["CKV_K8S_23", "~CKV_K8S_40"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::rules::security::run_as;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let name = &c.container.name;
            match run_as(at.spec, c.container) {
                (_, Some(0)) => {
                    out.report(
                        at.id,
                        c.field("securityContext.runAsUser"),
                        format!("container `{name}` runs as UID 0 (root)"),
                    );
                }
                (Some(true), _) | (_, Some(10000..)) => {}
                (_, Some(uid)) => {
                    out.report(
                        at.id,
                        c.field("securityContext.runAsUser"),
                        format!("container `{name}` runs as UID {uid}; a UID of 10000 or more avoids clashes with host users"),
                    )
                    .severity(Severity::Info);
                }
                (_, None) => {
                    out.report(
                        at.id,
                        c.field("securityContext.runAsNonRoot"),
                        format!("container `{name}` may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set (pod or container)"),
                    );
                }
            }
        }
    }
}
