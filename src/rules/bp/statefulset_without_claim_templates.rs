//! K8S-BP-012 `statefulset-without-claim-templates`: StatefulSet has no volumeClaimTemplates.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-012",
    name: "statefulset-without-claim-templates",
    severity: RuleSeverity::Info,
    kinds: "StatefulSet",
    summary: "StatefulSet has no volumeClaimTemplates",
    docs: r"## What it does

StatefulSets that need per-pod storage should use volumeClaimTemplates (not a single shared PVC); a StatefulSet without volumeClaimTemplates may be better as a Deployment.

## Why is this bad?

A StatefulSet without per-pod storage gains nothing over a Deployment; a shared claim defeats per-pod state.

## Example

A StatefulSet mounting one persistentVolumeClaim for all pods, with no volumeClaimTemplates.

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

Use volumeClaimTemplates, or a Deployment if there is no per-pod state.

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

Source: Seed rule; [D] workloads/controllers/statefulset#volume-claim-templates",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("StatefulSet") {
        let Resource::StatefulSet(set) = object.resource() else {
            continue;
        };
        let templates = set
            .spec
            .as_ref()
            .and_then(|s| s.volume_claim_templates.as_ref())
            .is_some_and(|t| !t.is_empty());
        if templates {
            continue;
        }
        let shared = object
            .pod_spec()
            .into_iter()
            .flat_map(|s| s.volumes.iter().flatten())
            .find_map(|v| {
                v.persistent_volume_claim
                    .as_ref()
                    .map(|c| c.claim_name.clone())
            });
        let message = match shared {
            Some(claim) => format!(
                "all pods share the claim {claim}; per-pod storage needs volumeClaimTemplates"
            ),
            None => "no volumeClaimTemplates: without per-pod storage a Deployment may fit better"
                .to_owned(),
        };
        out.report(id, "spec.volumeClaimTemplates", message);
    }
}
