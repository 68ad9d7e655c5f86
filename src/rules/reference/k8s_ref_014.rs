//! K8S-REF-014 `cross-namespace-reference`: a reference that is namespace-local points into another namespace.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-014",
    name: "cross-namespace-reference",
    severity: RuleSeverity::Error,
    kinds: "All",
    summary: "a reference that is namespace-local points into another namespace",
    docs: r#"What it checks: Namespace scoping: Service->pods, Ingress->Service, StatefulSet->serviceName, pod->ConfigMap/Secret/PVC/SA are namespace-local; only NetworkPolicy namespaceSelector crosses namespaces. A designer edge that crosses namespaces cannot work.

Why it matters: Services select pods, Ingresses route to Services and pods mount objects only in their own namespace; such a reference can never work.

Example: An Ingress in `web` whose backend names `api.shop` expecting namespace shop.

How to fix: Move the objects into one namespace, or expose the target with an ExternalName Service.

Source: API refs (LocalObjectReference, IngressServiceBackend); [D] network-policies"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::NotChecked("not implemented yet"),
};
