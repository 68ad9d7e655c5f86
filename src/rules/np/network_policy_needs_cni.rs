//! K8S-NP-001 `network-policy-needs-cni`: NetworkPolicies need a CNI plugin that enforces them.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-NP-001",
    name: "network-policy-needs-cni",
    severity: RuleSeverity::Info,
    kinds: "NetworkPolicy",
    summary: "NetworkPolicies need a CNI plugin that enforces them",
    docs: r"What it checks: NetworkPolicy only works with a CNI plugin that enforces it; without one the objects are accepted and silently have no effect. Show once per design that contains NetworkPolicies.

Why it matters: Without an enforcing CNI (Calico, Cilium, …) the policies are accepted and silently do nothing.

Example: Any design with NetworkPolicies.

How to fix: Make sure the cluster's network plugin enforces NetworkPolicy.

Source: Seed rule; [D] concepts/services-networking/network-policies#prerequisites",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(reads),
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    // Once per design, on the first policy: counted over the whole model, so that a context
    // holding some namespaces only reports the same finding.
    let (count, first) = ctx.design_first(|o| o.kind_name() == "NetworkPolicy");
    if let Some(id) = first {
        out.report(
            id,
            "",
            format!(
                "the design relies on {count} NetworkPolicies: they only take effect with a network plugin that enforces them (Calico, Cilium, …)"
            ),
        );
    }
}

/// The finding names the first policy of the design and counts them all.
pub(crate) fn reads(object: &Object) -> Option<String> {
    (object.kind_name() == "NetworkPolicy")
        .then(|| format!("{:?}/{}", object.effective_namespace(), object.name()))
}
