//! K8S-SEC-005 `capabilities-not-dropped`: container keeps default capabilities or adds dangerous ones.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-005",
    name: "capabilities-not-dropped",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "container keeps default capabilities or adds dangerous ones",
    docs: r"## What it does

Capabilities: drop ALL (at least NET_RAW); do not add SYS_ADMIN or other dangerous capabilities.

## Why is this bad?

The default capability set includes NET_RAW (packet spoofing); SYS_ADMIN and friends are near-root.

## Example

No `capabilities.drop: [ALL]`, or `add: [SYS_ADMIN]`.

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
          capabilities:
            add:
            - SYS_ADMIN
```

## Use instead

Drop ALL and add back only NET_BIND_SERVICE if needed.

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
          capabilities:
            drop:
            - ALL
            add:
            - NET_BIND_SERVICE
```

## Fix

There is no automatic fix.

Source: [D] pod-security-standards (restricted: drop ALL, add only NET_BIND_SERVICE)",
    peers: Peers {
        kube_score: &[],
        kube_linter: &["drop-net-raw-capability"],
        polaris: &["dangerousCapabilities", "insecureCapabilities"],
        checkov: &["CKV_K8S_28", "CKV_K8S_37", "CKV_K8S_25", "CKV_K8S_39"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

/// Capabilities that give (nearly) root on the node or the network.
const DANGEROUS: [&str; 10] = [
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_BOOT",
    "DAC_READ_SEARCH",
    "BPF",
    "NET_RAW",
];

fn normalise(capability: &str) -> String {
    capability
        .trim()
        .trim_start_matches("CAP_")
        .to_ascii_uppercase()
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let capabilities = c
                .container
                .security_context
                .as_ref()
                .and_then(|s| s.capabilities.as_ref());
            let dropped: Vec<String> = capabilities
                .and_then(|c| c.drop.as_ref())
                .into_iter()
                .flatten()
                .map(|c| normalise(c))
                .collect();
            if !dropped.iter().any(|c| c == "ALL" || c == "NET_RAW") {
                out.report(
                    at.id,
                    c.field("securityContext.capabilities.drop"),
                    format!(
                        "container `{}` keeps the default capabilities (including NET_RAW); drop ALL",
                        c.container.name
                    ),
                );
            }
            for capability in capabilities
                .and_then(|c| c.add.as_ref())
                .into_iter()
                .flatten()
            {
                let name = normalise(capability);
                if DANGEROUS.contains(&name.as_str()) {
                    out.report(
                        at.id,
                        c.field("securityContext.capabilities.add"),
                        format!(
                            "container `{}` adds the dangerous capability {name}",
                            c.container.name
                        ),
                    );
                }
            }
        }
    }
}
