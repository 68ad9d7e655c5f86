//! K8S-BP-011 `wrong-controller-for-state`: stateful workload in a Deployment (shared ReadWriteOnce PVC or database image).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-011",
    name: "wrong-controller-for-state",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet",
    summary: "stateful workload in a Deployment (shared ReadWriteOnce PVC or database image)",
    docs: r#"What it checks: Right controller: Deployments for stateless apps, StatefulSets for databases/clustered state. Deployment with replicas > 1 mounting one ReadWriteOnce PVC cannot run all replicas (Multi-Attach); well-known DB images (postgres, mysql, mariadb, mongo, redis, cassandra, elasticsearch, zookeeper, kafka) in a Deployment: info.

Why it matters: Several Deployment replicas cannot mount one ReadWriteOnce volume (Multi-Attach error); databases need stable identities and per-pod storage.

Example: A `postgres:16` Deployment with 3 replicas mounting one PVC.

How to fix: Use a StatefulSet with volumeClaimTemplates.

Source: Seed rule; [D] workloads/controllers/statefulset ("stable, persistent storage")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
