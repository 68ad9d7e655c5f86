//! K8S-REF-012 `overlapping-workload-selectors`: two workloads' selectors select each other's pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-012",
    name: "overlapping-workload-selectors",
    severity: RuleSeverity::Warning,
    kinds: "Deployment, StatefulSet, Service",
    summary: "two workloads' selectors select each other's pods",
    docs: r#"What it checks: Overlapping workload selectors (one workload's selector matches another's template): controllers fight over pods. A Service selecting pods of several unrelated workloads: info (fine for canary, usually a label mistake).

Why it matters: Controllers with overlapping selectors fight over pods (scale-downs and rollouts hit the wrong pods).

Example: Deployments `web` and `web-canary` both selecting `app: web` only.

How to fix: Add a distinguishing label (e.g. `track: canary`) to one selector and its template.

Source: [D] workloads/controllers/deployment ("If you have multiple controllers that have overlapping selectors, the controllers will fight")"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
