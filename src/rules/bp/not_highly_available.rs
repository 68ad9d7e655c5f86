//! K8S-BP-010 `not-highly-available`: workload has one replica or no spreading across nodes.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-010",
    name: "not-highly-available",
    severity: RuleSeverity::Info,
    kinds: "Deployment, StatefulSet",
    summary: "workload has one replica or no spreading across nodes",
    docs: r"## What it does

High availability: replicas >= 2 and spread across nodes/zones with podAntiAffinity or topologySpreadConstraints.

The severity depends on the environment checked (`kubedraft check --env NAME`): a single replica is an info in the base and in a non-production environment (a name such as `dev`, `test`, `qa`, `staging`), and a warning in a production environment (`prod`, `production`, `prd`, `live`, or a name with such a part, as `eu-prod`). A missing spread is an info everywhere.

## Why is this bad?

A single replica or replicas on one node go down together.

## Example

`replicas: 1`, or 3 replicas without podAntiAffinity/topologySpreadConstraints.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 1
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

## Use instead

Run at least 2 replicas and spread them with topologySpreadConstraints or podAntiAffinity.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: web
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: [D] scheduling-eviction/topology-spread-constraints",
    peers: Peers {
        kube_score: &[
            "deployment-replicas",
            "deployment-has-host-podantiaffinity",
            "statefulset-has-host-podantiaffinity",
            "pod-topology-spread-constraints",
        ],
        kube_linter: &["~minimum-three-replicas", "no-anti-affinity"],
        polaris: &["deploymentMissingReplicas", "topologySpreadConstraint"],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx
        .of_kind("Deployment")
        .iter()
        .chain(ctx.of_kind("StatefulSet"))
    {
        let replicas = object.replicas().unwrap_or(1);
        if replicas < 2 {
            out.report(
                id,
                "spec.replicas",
                format!("{replicas} replica: the workload is down whenever its pod is"),
            );
            continue;
        }
        let Some(spec) = object.pod_spec() else {
            continue;
        };
        let spread = spec
            .topology_spread_constraints
            .as_ref()
            .is_some_and(|t| !t.is_empty())
            || spec
                .affinity
                .as_ref()
                .and_then(|a| a.pod_anti_affinity.as_ref())
                .is_some();
        if !spread {
            out.report(
                id,
                format!("{}.affinity", crate::rules::context::pod_spec_path(object)),
                format!("{replicas} replicas without podAntiAffinity or topologySpreadConstraints may all land on one node"),
            );
        }
    }
}
