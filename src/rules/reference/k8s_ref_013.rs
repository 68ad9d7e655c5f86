//! K8S-REF-013 `duplicate-object-or-port`: duplicate objects, hostPorts, nodePorts or container ports.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-013",
    name: "duplicate-object-or-port",
    severity: RuleSeverity::Error,
    kinds: "All",
    summary: "duplicate objects, hostPorts, nodePorts or container ports",
    docs: r#"What it checks: Conflicts/duplicates: two objects with the same (group, kind, namespace, name) in one design (one silently overwrites); same hostPort+protocol twice in a pod (API error) or hostPort with replicas > schedulable nodes; same nodePort on two Services (allocator rejects the second); duplicate containerPort+protocol across containers of a pod (API warning "duplicate port definition").

Why it matters: A second object with the same identity silently overwrites the first; duplicate hostPorts/nodePorts are rejected.

Example: Two Services `web` in namespace `shop`, or two Services with nodePort 30080.

How to fix: Rename one of them or pick another port.

Source: apiserver AlreadyExists / kubectl apply semantics; [CV] AccumulateUniqueHostPorts; [PW] pkg/api/pod/warnings.go"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
