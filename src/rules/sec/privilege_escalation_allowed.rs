//! K8S-SEC-003 `privilege-escalation-allowed`: container does not set allowPrivilegeEscalation: false.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-003",
    name: "privilege-escalation-allowed",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container does not set allowPrivilegeEscalation: false",
    docs: r"## What it does

Set allowPrivilegeEscalation: false.

## Why is this bad?

setuid binaries can gain more privileges than the process started with.

## Example

A container without `allowPrivilegeEscalation: false`.

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

Set `securityContext.allowPrivilegeEscalation: false`.

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
          allowPrivilegeEscalation: false
```

## Fix

There is no automatic fix.

Source: [D] pod-security-standards (restricted)",
    peers: Peers {
        kube_score: &[],
        kube_linter: &["privilege-escalation-container"],
        polaris: &["privilegeEscalationAllowed"],
        checkov: &["CKV_K8S_20"],
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
                .and_then(|s| s.allow_privilege_escalation)
                != Some(false)
            {
                out.report(
                    at.id,
                    c.field("securityContext.allowPrivilegeEscalation"),
                    format!(
                        "container `{}` does not set allowPrivilegeEscalation: false",
                        c.container.name
                    ),
                );
            }
        }
    }
}
