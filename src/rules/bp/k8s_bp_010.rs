//! K8S-BP-010 `not-highly-available`: workload has one replica or no spreading across nodes.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-010",
    name: "not-highly-available",
    severity: RuleSeverity::Info,
    kinds: "Deployment, StatefulSet",
    summary: "workload has one replica or no spreading across nodes",
    docs: r#"What it checks: High availability: replicas >= 2 and spread across nodes/zones with podAntiAffinity or topologySpreadConstraints.

Why it matters: A single replica or replicas on one node go down together.

Example: `replicas: 1`, or 3 replicas without podAntiAffinity/topologySpreadConstraints.

How to fix: Run at least 2 replicas and spread them with topologySpreadConstraints or podAntiAffinity.

Source: [D] scheduling-eviction/topology-spread-constraints"#,
    peers: Peers {
        kube_score: &["deployment-replicas", "deployment-has-host-podantiaffinity", "statefulset-has-host-podantiaffinity", "pod-topology-spread-constraints"],
        kube_linter: &["~minimum-three-replicas", "no-anti-affinity"],
        polaris: &["deploymentMissingReplicas", "topologySpreadConstraint"],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
