//! K8S-BP-010 `not-highly-available`: workload has one replica or no spreading across nodes.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-010",
    name: "not-highly-available",
    severity: RuleSeverity::Info,
    kinds: "Deployment, StatefulSet",
    summary: "workload has one replica or no spreading across nodes",
    docs: r"What it checks: High availability: replicas >= 2 and spread across nodes/zones with podAntiAffinity or topologySpreadConstraints.

Why it matters: A single replica or replicas on one node go down together.

Example: `replicas: 1`, or 3 replicas without podAntiAffinity/topologySpreadConstraints.

How to fix: Run at least 2 replicas and spread them with topologySpreadConstraints or podAntiAffinity.

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
