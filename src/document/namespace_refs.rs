//! Places where objects name a namespace: NetworkPolicy namespace selectors on the
//! `kubernetes.io/metadata.name` label, `RoleBinding` subjects, `ExternalName` Services pointing at
//! cluster DNS. Renaming a namespace rewrites them, so what the design allowed stays allowed.

use k8s_openapi::api::networking::v1::NetworkPolicyPeer;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use serde_json::Value;

use crate::model::{NAMESPACE_NAME_LABEL, Object, Resource};

/// Points every reference to namespace `old` inside `object` at `new`; whether any changed.
/// (The object's own `metadata.namespace` is the caller's business.)
pub fn retarget_namespace(object: &mut Object, old: &str, new: &str) -> bool {
    match object.resource_mut() {
        Resource::NetworkPolicy(policy) => {
            let Some(spec) = policy.spec.as_mut() else {
                return false;
            };
            let from = spec.ingress.iter_mut().flatten().map(|r| &mut r.from);
            let to = spec.egress.iter_mut().flatten().map(|r| &mut r.to);
            let mut changed = false;
            for peer in from.chain(to).flatten().flatten() {
                changed |= retarget_peer(peer, old, new);
            }
            changed
        }
        Resource::Service(service) => service
            .spec
            .as_mut()
            .and_then(|spec| spec.external_name.as_mut())
            .is_some_and(|name| retarget_dns_name(name, old, new)),
        Resource::Other(other)
            if matches!(other.kind.as_str(), "RoleBinding" | "ClusterRoleBinding") =>
        {
            let Some(Value::Array(subjects)) = other.body.get_mut("subjects") else {
                return false;
            };
            let mut changed = false;
            for subject in subjects.iter_mut().filter_map(Value::as_object_mut) {
                if subject.get("namespace").and_then(Value::as_str) == Some(old) {
                    subject.insert("namespace".to_owned(), Value::String(new.to_owned()));
                    changed = true;
                }
            }
            changed
        }
        _ => false,
    }
}

fn retarget_peer(peer: &mut NetworkPolicyPeer, old: &str, new: &str) -> bool {
    peer.namespace_selector
        .as_mut()
        .is_some_and(|selector| retarget_selector(selector, old, new))
}

/// Rewrites `kubernetes.io/metadata.name` in a namespace selector: the `matchLabels` value and the
/// values of `matchExpressions` on that key.
pub fn retarget_selector(selector: &mut LabelSelector, old: &str, new: &str) -> bool {
    let mut changed = false;
    if let Some(value) = selector
        .match_labels
        .as_mut()
        .and_then(|labels| labels.get_mut(NAMESPACE_NAME_LABEL))
        && value == old
    {
        new.clone_into(value);
        changed = true;
    }
    let expressions = selector.match_expressions.iter_mut().flatten();
    for requirement in expressions.filter(|r| r.key == NAMESPACE_NAME_LABEL) {
        for value in requirement.values.iter_mut().flatten() {
            if value == old {
                new.clone_into(value);
                changed = true;
            }
        }
    }
    changed
}

/// Rewrites the namespace part of an in-cluster DNS name: `db.old.svc`, `db.old.svc.cluster.local`.
fn retarget_dns_name(name: &mut String, old: &str, new: &str) -> bool {
    let mut labels: Vec<&str> = name.split('.').collect();
    let in_cluster = labels.get(2) == Some(&"svc") && labels.get(1) == Some(&old);
    if !in_cluster {
        return false;
    }
    if let Some(namespace) = labels.get_mut(1) {
        *namespace = new;
    }
    *name = labels.join(".");
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names_of_the_namespace_follow() {
        let mut name = "db.shop.svc.cluster.local".to_owned();
        assert!(retarget_dns_name(&mut name, "shop", "store"));
        assert_eq!(name, "db.store.svc.cluster.local");
        let mut name = "db.shop.svc".to_owned();
        assert!(retarget_dns_name(&mut name, "shop", "store"));
        assert_eq!(name, "db.store.svc");
        // Not an in-cluster name of that namespace.
        for other in ["shop.example.com", "db.shopping.svc", "db.shop.example.com"] {
            let mut name = other.to_owned();
            assert!(!retarget_dns_name(&mut name, "shop", "store"));
            assert_eq!(name, other);
        }
    }
}
