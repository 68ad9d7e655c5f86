//! K8S-API-012 `invalid-containers`: containers are missing, duplicated by name, or have no image.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-012",
    name: "invalid-containers",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "containers are missing, duplicated by name, or have no image",
    docs: r#"## What it does

containers[] non-empty; container names DNS-1123 labels unique across initContainers+containers; image set, without surrounding whitespace and a valid reference (`[host[:port]/]path[:tag][@algorithm:hex]`: lowercase path components, tag `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; image is optional in templates per API docs, but pods cannot start without it).

## Why is this bad?

Pods without containers are rejected; duplicate container names are rejected; a container without an image cannot start.

## Example

Two containers named `app`, or `image: " nginx:1.27"`, `image: "Bad Image:"`, `image: "nginx:"`.

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
        image: "nginx:"
```

## Use instead

Give every container a unique DNS-label name and a valid image reference without surrounding whitespace.

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

Source: [CV] validateContainers (Duplicate name), validateContainersOnlyForPod; API ref Container.image; distribution reference grammar (kubelet refuses to pull an invalid reference: InvalidImageName)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use std::collections::BTreeSet;

use crate::model::validation::{image_reference_problem, is_dns1123_label};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        if at.spec.containers.is_empty() {
            out.report(
                at.id,
                format!("{}.containers", at.path),
                "the pod has no containers",
            );
        }
        let mut names = BTreeSet::new();
        for c in containers(at, true) {
            let name = c.container.name.as_str();
            if !is_dns1123_label(name) {
                out.report(
                    at.id,
                    c.field("name"),
                    format!("container name `{name}` is not a DNS-1123 label"),
                );
            } else if !names.insert(name) {
                out.report(
                    at.id,
                    c.field("name"),
                    format!("container name `{name}` is used twice in the pod"),
                );
            }
            match c.container.image.as_deref() {
                None | Some("") => {
                    out.report(
                        at.id,
                        c.field("image"),
                        format!("container `{name}` has no image"),
                    );
                }
                Some(image) if image.trim() != image => {
                    out.report(
                        at.id,
                        c.field("image"),
                        format!("image `{image}` of container `{name}` has surrounding whitespace"),
                    );
                }
                Some(image) => {
                    if let Some(problem) = image_reference_problem(image) {
                        out.report(
                            at.id,
                            c.field("image"),
                            format!(
                                "image `{image}` of container `{name}` is not a valid reference: {problem}"
                            ),
                        );
                    }
                }
            }
        }
    }
}
