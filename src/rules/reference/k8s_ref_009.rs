//! K8S-REF-009 `selector-matches-nothing`: PDB, affinity or topology spread selector matches no pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-009",
    name: "selector-matches-nothing",
    severity: RuleSeverity::Warning,
    kinds: "PDB, pod templates",
    summary: "PDB, affinity or topology spread selector matches no pods",
    docs: r#"What it checks: Other selectors that match nothing: PDB selector, pod (anti-)affinity labelSelector, topologySpreadConstraints labelSelector. (Real example: website zookeeper.yaml anti-affinity uses key "app" while pods carry app.kubernetes.io/name.)

Why it matters: A PDB that selects nothing protects nothing; an anti-affinity term that matches nothing spreads nothing.

Example: zookeeper anti-affinity on `app: zk` while pods carry `app.kubernetes.io/name: zk`.

How to fix: Use the labels the pods actually carry.

Source: [D] scheduling-eviction/assign-pod-node; [D] tasks/run-application/configure-pdb"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
