//! K8S-API-012 `invalid-containers`: containers are missing, duplicated by name, or have no image.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-012",
    name: "invalid-containers",
    severity: RuleSeverity::Error,
    kinds: "Pod templates",
    summary: "containers are missing, duplicated by name, or have no image",
    docs: r#"What it checks: containers[] non-empty; container names DNS-1123 labels unique across initContainers+containers; image set and without surrounding whitespace (image is optional in templates per API docs, but pods cannot start without it).

Why it matters: Pods without containers are rejected; duplicate container names are rejected; a container without an image cannot start.

Example: Two containers named `app`, or `image: " nginx:1.27"`.

How to fix: Give every container a unique DNS-label name and an image without surrounding whitespace.

Source: [CV] validateContainers (Duplicate name), validateContainersOnlyForPod; API ref Container.image"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
