//! K8S-BP-014 `duplicate-env-var`: the same env var name appears twice in a container.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-014",
    name: "duplicate-env-var",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "the same env var name appears twice in a container",
    docs: r"## What it does

Duplicate env var names in one container: accepted, last one wins - almost always a mistake.

## Why is this bad?

Kubernetes accepts it and the last one wins, which is almost always a mistake.

## Example

Two entries `name: LOG_LEVEL`.

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
        env:
        - name: LOG_LEVEL
          value: info
        - name: LOG_LEVEL
          value: debug
```

## Use instead

Remove one of them.

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
        env:
        - name: LOG_LEVEL
          value: debug
```

## Fix

There is no automatic fix.

Source: API semantics; [PW] (recent versions warn)",
    peers: Peers {
        kube_score: &["environment-variable-key-duplication"],
        kube_linter: &["duplicate-env-var"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use std::collections::BTreeSet;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let mut seen = BTreeSet::new();
            let mut reported = BTreeSet::new();
            for (i, env) in c.container.env.iter().flatten().enumerate() {
                if !seen.insert(env.name.as_str()) && reported.insert(env.name.as_str()) {
                    out.report(
                        at.id,
                        c.field(&format!("env[{i}]")),
                        format!(
                            "container `{}` sets env var {} more than once; the last one wins",
                            c.container.name, env.name
                        ),
                    );
                }
            }
        }
    }
}
