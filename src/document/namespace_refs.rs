//! Places where objects name a namespace: NetworkPolicy namespace selectors on the
//! `kubernetes.io/metadata.name` label, `RoleBinding` subjects, and in-cluster DNS names
//! (`db.<namespace>.svc…`) in `ExternalName` Services and container env values. Renaming a
//! namespace rewrites them, so what the design allowed and reached stays allowed and reached.

use k8s_openapi::api::networking::v1::NetworkPolicyPeer;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use serde_json::Value;

use crate::model::{NAMESPACE_NAME_LABEL, Object, Resource};

/// Points every reference to namespace `old` inside `object` at `new`; whether any changed.
/// (The object's own `metadata.namespace` is the caller's business.)
pub fn retarget_namespace(object: &mut Object, old: &str, new: &str) -> bool {
    let mut env_changed = false;
    if let Some(spec) = object.pod_spec_mut() {
        let containers = spec.containers.iter_mut();
        let init = spec.init_containers.iter_mut().flatten();
        let values = containers
            .chain(init)
            .flat_map(|c| c.env.iter_mut().flatten())
            .filter_map(|var| var.value.as_mut());
        for value in values {
            env_changed |= retarget_dns_names(value, old, new);
        }
    }
    env_changed | retarget_resource(object, old, new)
}

fn retarget_resource(object: &mut Object, old: &str, new: &str) -> bool {
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
            .is_some_and(|name| retarget_dns_names(name, old, new)),
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

/// Rewrites the namespace part of the in-cluster DNS names in `text` (`db.old.svc`,
/// `db.old.svc.cluster.local`, also inside a URL such as `postgres://db.old.svc:5432/app`).
fn retarget_dns_names(text: &mut String, old: &str, new: &str) -> bool {
    let needle = format!(".{old}.svc");
    let mut rewritten = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut changed = false;
    while let Some(at) = rest.find(&needle) {
        let (before, after) = rest.split_at(at);
        let tail = after.get(needle.len()..).unwrap_or_default();
        // A DNS label before, and the name ends or goes on with `.cluster.local`, a port or a path.
        let label_before = before
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
        let name_ends = tail
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '.' | ':' | '/' | ',' | ' ' | '"' | '\''));
        rewritten.push_str(before);
        if label_before && name_ends {
            rewritten.push('.');
            rewritten.push_str(new);
            rewritten.push_str(".svc");
            changed = true;
        } else {
            rewritten.push_str(&needle);
        }
        rest = tail;
    }
    if changed {
        rewritten.push_str(rest);
        *text = rewritten;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names_of_the_namespace_follow() {
        for (before, after) in [
            ("db.shop.svc.cluster.local", "db.store.svc.cluster.local"),
            ("db.shop.svc", "db.store.svc"),
            (
                "postgres://db.shop.svc:5432/app",
                "postgres://db.store.svc:5432/app",
            ),
            ("a.shop.svc,b.shop.svc", "a.store.svc,b.store.svc"),
        ] {
            let mut text = before.to_owned();
            assert!(retarget_dns_names(&mut text, "shop", "store"), "{before}");
            assert_eq!(text, after);
        }
        // Not an in-cluster name of that namespace.
        for other in [
            "shop.example.com",
            "db.shopping.svc",
            "db.eshop.svc",
            "db.shop.example.com",
            "db.shop.svcx",
            ".shop.svc",
        ] {
            let mut text = other.to_owned();
            assert!(!retarget_dns_names(&mut text, "shop", "store"), "{other}");
            assert_eq!(text, other);
        }
    }
}
