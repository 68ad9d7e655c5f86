//! K8S-SEC-007 `missing-seccomp-profile`: no seccomp profile (`RuntimeDefault`) at pod or container level.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-007",
    name: "missing-seccomp-profile",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "no seccomp profile (RuntimeDefault) at pod or container level",
    docs: r"## What it does

seccompProfile type RuntimeDefault (or Localhost) at pod or container level.

## Why is this bad?

Without seccomp, every system call is open to the container.

## Example

No `seccompProfile`.

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
```

## Use instead

Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.

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
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: [D] pod-security-standards (restricted)",
    peers: Peers {
        kube_score: &["~container-seccomp-profile"],
        kube_linter: &[],
        polaris: &["~linuxHardening"],
        checkov: &["CKV_K8S_31"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::rules::security::seccomp_type;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            match seccomp_type(at.spec, c.container) {
                Some("RuntimeDefault" | "Localhost") => {}
                other => {
                    let what = other.map_or_else(
                        || "no seccomp profile".to_owned(),
                        |t| format!("seccomp profile {t}"),
                    );
                    out.report(
                        at.id,
                        c.field("securityContext.seccompProfile"),
                        format!(
                            "container `{}` runs with {what}; use RuntimeDefault",
                            c.container.name
                        ),
                    );
                }
            }
        }
    }
}
