//! K8S-BP-015 `node-port-service`: Service of type `NodePort`.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-015",
    name: "node-port-service",
    severity: RuleSeverity::Info,
    kinds: "Service",
    summary: "Service of type NodePort",
    docs: r"What it checks: Avoid NodePort Services for exposure; prefer Ingress or LoadBalancer (NodePort opens a port on every node, hard to firewall).

Why it matters: NodePort opens a port on every node, which is hard to firewall and to move.

Example: `type: NodePort`.

How to fix: Expose through an Ingress or a LoadBalancer Service.

Source: [D] concepts/services-networking/service#type-nodeport",
    peers: Peers {
        kube_score: &["service-type"],
        kube_linter: &["~exposed-services (configurable)"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("Service") {
        let Resource::Service(service) = object.resource() else {
            continue;
        };
        if service.spec.as_ref().and_then(|s| s.type_.as_deref()) == Some("NodePort") {
            out.report(
                id,
                "spec.type",
                "NodePort opens the port on every node; prefer an Ingress or a LoadBalancer",
            );
        }
    }
}
