//! K8S-BP-011 `wrong-controller-for-state`: stateful workload in a Deployment (shared `ReadWriteOnce` PVC or database image).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-011",
    name: "wrong-controller-for-state",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet",
    summary: "stateful workload in a Deployment (shared ReadWriteOnce PVC or database image)",
    docs: r#"## What it does

Right controller: Deployments for stateless apps, StatefulSets for databases/clustered state. Deployment with replicas > 1 mounting one ReadWriteOnce PVC cannot run all replicas (Multi-Attach); well-known DB images (postgres, mysql, mariadb, mongo, redis, cassandra, elasticsearch, zookeeper, kafka) in a Deployment: info.

## Why is this bad?

Several Deployment replicas cannot mount one ReadWriteOnce volume (Multi-Attach error); databases need stable identities and per-pod storage.

## Example

A `postgres:16` Deployment with 3 replicas mounting one PVC.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
      containers:
      - name: db
        image: postgres:16.4
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
```

## Use instead

Use a StatefulSet with volumeClaimTemplates.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16.4
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 10Gi
```

## Fix

There is no automatic fix.

Source: Seed rule; [D] workloads/controllers/statefulset ("stable, persistent storage")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

const DATABASES: [&str; 9] = [
    "postgres",
    "mysql",
    "mariadb",
    "mongo",
    "redis",
    "cassandra",
    "elasticsearch",
    "zookeeper",
    "kafka",
];

/// The image's repository name without registry, path or tag (`docker.io/library/postgres:16` → `postgres`).
fn image_name(image: &str) -> &str {
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split([':', '@']).next().unwrap_or(last)
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Deployment") {
        let Some(spec) = object.pod_spec() else {
            continue;
        };
        let replicas = object.replicas().unwrap_or(1);
        let path = crate::rules::context::pod_spec_path(object);
        if replicas > 1 {
            for (i, volume) in spec.volumes.iter().flatten().enumerate() {
                let Some(claim) = &volume.persistent_volume_claim else {
                    continue;
                };
                let read_write_once = ctx
                    .find(
                        "PersistentVolumeClaim",
                        object.effective_namespace(),
                        &claim.claim_name,
                    )
                    .and_then(|(_, pvc)| match pvc.resource() {
                        Resource::Other(o) => o
                            .body
                            .get("spec")
                            .and_then(|s| s.get("accessModes"))
                            .cloned(),
                        _ => None,
                    })
                    .and_then(|modes| modes.as_array().cloned())
                    .is_none_or(|modes| modes.iter().any(|m| m.as_str() == Some("ReadWriteOnce")));
                if read_write_once && claim.read_only != Some(true) {
                    out.report(
                        id,
                        format!("{path}.volumes[{i}].persistentVolumeClaim"),
                        format!(
                            "{replicas} replicas share the ReadWriteOnce claim {}: only pods on one node can mount it (Multi-Attach error); use a StatefulSet with volumeClaimTemplates",
                            claim.claim_name
                        ),
                    );
                }
            }
        }
        for (i, container) in spec.containers.iter().enumerate() {
            let name = image_name(container.image.as_deref().unwrap_or_default());
            if DATABASES.contains(&name) {
                out.report(
                    id,
                    format!("{path}.containers[{i}].image"),
                    format!("runs the database image {name} as a Deployment; databases usually need a StatefulSet (stable identity, per-pod storage)"),
                )
                .severity(Severity::Info);
            }
        }
    }
}
