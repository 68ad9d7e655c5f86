//! K8S-CNP-001 `invalid-cluster-policy`: a cluster policy the API server (or, for `v1alpha1`, the
//! conventions of netpol-analyzer) refuses; `reach` leaves it out.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-CNP-001",
    name: "invalid-cluster-policy",
    severity: RuleSeverity::Error,
    kinds: "AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy",
    summary: "cluster policy is invalid (subject, priority, tier, peers, ports, CIDRs or actions)",
    docs: r#"## What it does

Reports every problem `reach` finds compiling a cluster policy, at the field that holds it: a
missing or empty subject, a priority outside 0-1000 (or missing), a ClusterNetworkPolicy
`tier` that is not Admin or Baseline, a rule without peers, a bad CIDR, a port entry with
none or more than one of its fields set, an action the tier does not allow (Pass in the
Baseline tier), `ports` on a ClusterNetworkPolicy or `protocols` on a `v1alpha1` kind; and,
as netpol-analyzer does, two AdminNetworkPolicies with one priority, a second
BaselineAdminNetworkPolicy, or one not named `default`.

## Why is this bad?

The API server refuses the object (or the cluster has no defined answer for it), so none of
its rules are in effect; the reachability matrix leaves it out.

## Example

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-to-legacy
spec:
  tier: Admin
  priority: 1200
  subject:
    namespaces: {}
  egress:
  - name: legacy
    action: Deny
    to:
    - networks:
      - 10.20.0.0/33
```

## Use instead

```yaml
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-to-legacy
spec:
  tier: Admin
  priority: 120
  subject:
    namespaces: {}
  egress:
  - name: legacy
    action: Deny
    to:
    - networks:
      - 10.20.0.0/16
```

## Fix

There is no automatic fix.

Source: network-policy-api ClusterNetworkPolicy and AdminNetworkPolicy CRD validation (priority minimum 0, maximum 1000; subject, peers and port entries "exactly one field must be set"; CIDR format); netpol-analyzer ANP/BANP input checks"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    // Every cluster policy is cluster-scoped: the problems of one (shared names and priorities
    // included) depend on the cluster-scoped objects only.
    scope: Scope::Namespace,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    let here = super::policies_in(ctx);
    if here.is_empty() {
        return;
    }
    let Some(tiers) = ctx.cluster_tiers() else {
        return;
    };
    for (id, _) in here {
        for error in tiers.errors.get(&id).into_iter().flatten() {
            out.report(id, error.field.clone(), error.message.clone());
        }
    }
}
