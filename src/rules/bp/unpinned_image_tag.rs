//! K8S-BP-013 `unpinned-image-tag`: image has no tag or uses :latest.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-013",
    name: "unpinned-image-tag",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "image has no tag or uses :latest",
    docs: r"## What it does

Pin image tags: no :latest and no missing tag (digest pinning = info). imagePullPolicy: peers want Always; with pinned tags IfNotPresent is fine -> info only.

## Why is this bad?

An unpinned image changes under you: rollbacks and node restarts pull different code.

## Example

`image: nginx` or `image: nginx:latest`.

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
        image: nginx:latest
```

## Use instead

Pin a version tag (or a digest).

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

## Fix

There is no automatic fix.

Source: Seed rule; [D] concepts/containers/images#image-pull-policy; [H] chart_best_practices/pods (fixed tags)",
    peers: Peers {
        kube_score: &["container-image-tag", "~container-image-pull-policy"],
        kube_linter: &["latest-tag"],
        polaris: &["tagNotSpecified", "~pullPolicyNotAlways"],
        checkov: &["CKV_K8S_14", "~CKV_K8S_43", "~CKV_K8S_15"],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::validation::image_tag as tag;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        for c in containers(at, true) {
            let Some(image) = c.container.image.as_deref().map(str::trim) else {
                continue;
            };
            if image.is_empty() {
                continue;
            }
            if image.contains('@') {
                out.report(
                    at.id,
                    c.field("image"),
                    format!(
                        "container `{}` pins image {image} by digest",
                        c.container.name
                    ),
                )
                .severity(Severity::Info);
                continue;
            }
            let message = match tag(image) {
                None => format!(
                    "container `{}` uses image {image} without a tag (means :latest)",
                    c.container.name
                ),
                Some("latest") => format!("container `{}` uses image {image}", c.container.name),
                // Pinned: any pull policy is fine (peers want Always; not needed with fixed tags).
                Some(_) => continue,
            };
            out.report(at.id, c.field("image"), message);
        }
    }
}
