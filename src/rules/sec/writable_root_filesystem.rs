//! K8S-SEC-004 `writable-root-filesystem`: container root filesystem is writable.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-004",
    name: "writable-root-filesystem",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "container root filesystem is writable",
    docs: r"## What it does

Prefer readOnlyRootFilesystem: true (mount emptyDir for writable paths).

## Why is this bad?

A read-only root filesystem stops attackers from dropping tools into the image.

## Example

No `readOnlyRootFilesystem: true`.

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

Set `readOnlyRootFilesystem: true` and mount emptyDir volumes where the app writes.

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
      volumes:
      - name: tmp
        emptyDir: {}
      containers:
      - name: web
        image: nginx:1.27.3
        securityContext:
          readOnlyRootFilesystem: true
        volumeMounts:
        - name: tmp
          mountPath: /tmp
```

## Fix

There is no automatic fix.

Source: [D] tasks/configure-pod-container/security-context",
    peers: Peers {
        kube_score: &["container-security-context-readonlyrootfilesystem"],
        kube_linter: &["no-read-only-root-fs"],
        polaris: &["notReadOnlyRootFilesystem"],
        checkov: &["CKV_K8S_22"],
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
                .and_then(|s| s.read_only_root_filesystem)
                != Some(true)
            {
                out.report(
                    at.id,
                    c.field("securityContext.readOnlyRootFilesystem"),
                    format!(
                        "container `{}` has a writable root filesystem",
                        c.container.name
                    ),
                );
            }
        }
    }
}
