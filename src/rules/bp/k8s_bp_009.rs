//! K8S-BP-009 `missing-pod-disruption-budget`: replicated workload has no PodDisruptionBudget, or its PDB allows no evictions.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-009",
    name: "missing-pod-disruption-budget",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet, PDB",
    summary: "replicated workload has no PodDisruptionBudget, or its PDB allows no evictions",
    docs: r#"What it checks: Critical (replicas >= 2) services should be covered by a PodDisruptionBudget, and the PDB must still allow evictions (not maxUnavailable 0 / minAvailable >= replicas / 100%), otherwise node drains block.

Why it matters: Node drains can evict all replicas at once without a PDB; a PDB allowing zero disruptions blocks drains forever.

Example: A 3-replica Deployment with no PDB, or a PDB with `maxUnavailable: 0`.

How to fix: Add a PDB with `maxUnavailable: 1` selecting the pods (the fix creates one).

Source: Seed rule; [D] tasks/run-application/configure-pdb"#,
    peers: Peers {
        kube_score: &["deployment-has-poddisruptionbudget", "statefulset-has-poddisruptionbudget"],
        kube_linter: &["pdb-max-unavailable", "pdb-min-available"],
        polaris: &["missingPodDisruptionBudget", "pdbDisruptionsIsZero"],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
