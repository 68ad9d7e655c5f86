//! Edits that touch several objects at once: renames that keep references intact, deleting a
//! namespace with its objects, duplicating the traffic among copies. Each builds one [`Command`]
//! (a Batch) so it is a single undo step.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::model::{Kind, NAMESPACE_NAME_LABEL, Object, ObjectId, Resource};

use super::namespace_refs::retarget_namespace;
use super::{Command, Document};

/// Why a rename was refused; the text is shown to the designer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    /// The name breaks the grammar of the kind (`rule`, from [`Kind::name_syntax`]): the same
    /// check as K8S-API-001, so a rename never makes a name the checker flags.
    #[error("“{name}” is not a valid name for a {kind}: it must be {rule}")]
    InvalidName {
        name: String,
        kind: String,
        rule: &'static str,
    },
    #[error("namespace `{0}` already exists")]
    NamespaceExists(String),
    #[error("another {kind} in `{namespace}` is called {name}")]
    NameTaken {
        kind: String,
        namespace: String,
        name: String,
    },
    #[error("no such object")]
    NoSuchObject,
    #[error("nothing to rename: the name is unchanged")]
    Unchanged,
}

/// Renames an object. Renaming a Service also renames it in the Ingress backends and
/// StatefulSet `serviceName`s of its namespace that name it, in the same step.
pub fn rename_object(doc: &Document, id: ObjectId, new_name: &str) -> Result<Command, RenameError> {
    let object = doc.model.get(id).ok_or(RenameError::NoSuchObject)?;
    let old_name = object.name().to_owned();
    if old_name == new_name {
        return Err(RenameError::Unchanged);
    }
    let syntax = Kind::from_name(object.kind_name()).name_syntax();
    if !syntax.accepts(new_name) {
        return Err(RenameError::InvalidName {
            name: new_name.to_owned(),
            kind: object.kind_name().to_owned(),
            rule: syntax.describe(),
        });
    }
    let namespace = object.effective_namespace();
    if doc
        .model
        .find(object.kind_name(), namespace, new_name)
        .is_some()
    {
        return Err(RenameError::NameTaken {
            kind: object.kind_name().to_owned(),
            namespace: namespace.unwrap_or("cluster").to_owned(),
            name: new_name.to_owned(),
        });
    }
    let mut renamed = object.clone();
    renamed.metadata_mut().name = Some(new_name.to_owned());
    let mut commands = vec![Command::ReplaceObject {
        id,
        object: renamed,
    }];
    if matches!(object.resource(), Resource::Service(_)) {
        for (other_id, other) in doc.model.objects_sorted() {
            if other.effective_namespace() != namespace {
                continue;
            }
            let mut changed = other.clone();
            if retarget_service(changed.resource_mut(), &old_name, new_name) {
                commands.push(Command::ReplaceObject {
                    id: other_id,
                    object: changed,
                });
            }
        }
    }
    Ok(Command::Batch(commands))
}

/// Points every reference to Service `old` in an Ingress or StatefulSet at `new`; whether any changed.
fn retarget_service(resource: &mut Resource, old: &str, new: &str) -> bool {
    let mut changed = false;
    match resource {
        Resource::Ingress(ingress) => {
            let Some(spec) = ingress.spec.as_mut() else {
                return false;
            };
            let paths = spec
                .rules
                .iter_mut()
                .flatten()
                .filter_map(|rule| rule.http.as_mut())
                .flat_map(|http| http.paths.iter_mut().map(|path| &mut path.backend));
            for backend in spec.default_backend.iter_mut().chain(paths) {
                if let Some(service) = backend.service.as_mut()
                    && service.name == old
                {
                    new.clone_into(&mut service.name);
                    changed = true;
                }
            }
        }
        Resource::StatefulSet(set) => {
            if let Some(spec) = set.spec.as_mut()
                && spec.service_name.as_deref() == Some(old)
            {
                spec.service_name = Some(new.to_owned());
                changed = true;
            }
        }
        _ => {}
    }
    changed
}

/// Renames a namespace: every object in it moves to the new name, the declaration and the frame
/// follow, and references to it by name elsewhere (NetworkPolicy namespace selectors on
/// `kubernetes.io/metadata.name`, `RoleBinding` subjects, `ExternalName` Services) are rewritten.
/// Traffic intents name their workloads by id, so they follow by themselves. One step.
pub fn rename_namespace(doc: &Document, old: &str, new: &str) -> Result<Command, RenameError> {
    if old == new {
        return Err(RenameError::Unchanged);
    }
    let syntax = Kind::Namespace.name_syntax();
    if !syntax.accepts(new) {
        return Err(RenameError::InvalidName {
            name: new.to_owned(),
            kind: Kind::Namespace.as_str().to_owned(),
            rule: syntax.describe(),
        });
    }
    if doc.model.all_namespace_names().iter().any(|n| n == new) {
        return Err(RenameError::NamespaceExists(new.to_owned()));
    }
    // Members move; every object (members included) that names the namespace follows, in the same
    // replacement so each object changes once.
    let moves = doc
        .model
        .objects_sorted()
        .into_iter()
        .filter_map(|(id, object)| {
            let mut changed = object.clone();
            let member = object.effective_namespace() == Some(old);
            if member {
                changed.metadata_mut().namespace = Some(new.to_owned());
            }
            let retargeted = retarget_namespace(&mut changed, old, new);
            (member || retargeted).then_some(Command::ReplaceObject {
                id,
                object: changed,
            })
        });
    let frame = doc.layout.frames.get(old).copied();
    let mut commands = Vec::new();
    if let Some(namespace) = doc.model.namespaces().get(old) {
        let mut namespace = namespace.clone();
        if let Some(label) = namespace.labels.get_mut(NAMESPACE_NAME_LABEL)
            && label == old
        {
            new.clone_into(label);
        }
        // New declaration first and old one last, so each end is empty when removed, also on undo.
        commands.push(Command::AddNamespace {
            name: new.to_owned(),
            namespace,
            frame,
        });
        commands.extend(moves);
        commands.push(Command::RemoveNamespace {
            name: old.to_owned(),
        });
    } else {
        commands.extend(moves);
        if frame.is_some() {
            commands.push(Command::SetFrame {
                name: old.to_owned(),
                frame: None,
            });
            commands.push(Command::SetFrame {
                name: new.to_owned(),
                frame,
            });
        }
    }
    Ok(Command::Batch(commands))
}

/// Deletes a namespace with every object in it (their traffic intents go with them). One step.
#[must_use]
pub fn delete_namespace(doc: &Document, name: &str) -> Command {
    let mut commands: Vec<Command> = members(doc, name)
        .into_iter()
        .map(|id| Command::RemoveObject { id })
        .collect();
    if doc.model.namespaces().contains_key(name) {
        commands.push(Command::RemoveNamespace {
            name: name.to_owned(),
        });
    } else if doc.layout.frames.contains_key(name) {
        commands.push(Command::SetFrame {
            name: name.to_owned(),
            frame: None,
        });
    }
    Command::Batch(commands)
}

/// Objects whose namespace is `name`, in id order.
#[must_use]
pub fn members(doc: &Document, name: &str) -> Vec<ObjectId> {
    doc.model
        .objects_sorted()
        .into_iter()
        .filter(|(_, o)| o.effective_namespace() == Some(name))
        .map(|(id, _)| id)
        .collect()
}

/// Copies of the traffic intents between duplicated objects, pointing at the copies.
/// `copies` maps each original to its copy; apply these after the copies were added.
#[must_use]
pub fn duplicate_intents(doc: &Document, copies: &BTreeMap<ObjectId, ObjectId>) -> Vec<Command> {
    doc.intents
        .iter()
        .filter_map(|intent| {
            let from = *copies.get(&intent.from)?;
            let to = *copies.get(&intent.to)?;
            let mut copy = *intent;
            copy.from = from;
            copy.to = to;
            Some(Command::AddIntent(copy))
        })
        .collect()
}

/// Label keys whose value names the workload: a copy under a new name gets its own values, so
/// that copy and original select separate pods.
const IDENTIFYING_KEYS: [&str; 5] = [
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app",
    "name",
    "k8s-app",
];

/// Rewrites identifying label values equal to `old` to `new` (other labels stay).
fn relabel(labels: Option<&mut BTreeMap<String, String>>, old: &str, new: &str) {
    for (key, value) in labels.into_iter().flatten() {
        if value == old && IDENTIFYING_KEYS.contains(&key.as_str()) {
            new.clone_into(value);
        }
    }
}

/// Rewrites a pod template's labels and the selectors its pods use to spread themselves.
fn relabel_template(template: &mut PodTemplateSpec, old: &str, new: &str) {
    relabel(
        template.metadata.as_mut().and_then(|m| m.labels.as_mut()),
        old,
        new,
    );
    let constraints = template
        .spec
        .as_mut()
        .and_then(|spec| spec.topology_spread_constraints.as_mut());
    for constraint in constraints.into_iter().flatten() {
        relabel_selector(constraint.label_selector.as_mut(), old, new);
    }
}

fn relabel_selector(selector: Option<&mut LabelSelector>, old: &str, new: &str) {
    relabel(selector.and_then(|s| s.match_labels.as_mut()), old, new);
}

/// Makes a workload copied (duplicated or pasted) from one named `old` into a separate
/// workload under its own name: identifying label values equal to `old` (`app`, `name`,
/// `app.kubernetes.io/name`, ...) become the copy's name in its labels, selector and pod
/// template together. Otherwise copy and original would select each other's pods and every
/// Service would select both. Objects without pods, or not renamed, stay as they are.
pub fn relabel_copy(object: &mut Object, old: &str) {
    let new = object.name().to_owned();
    if new == old {
        return;
    }
    let workload = match object.resource_mut() {
        Resource::Deployment(o) => o.spec.as_mut().map(|spec| {
            relabel_selector(Some(&mut spec.selector), old, &new);
            relabel_template(&mut spec.template, old, &new);
        }),
        Resource::StatefulSet(o) => o.spec.as_mut().map(|spec| {
            relabel_selector(Some(&mut spec.selector), old, &new);
            relabel_template(&mut spec.template, old, &new);
        }),
        Resource::DaemonSet(o) => o.spec.as_mut().map(|spec| {
            relabel_selector(Some(&mut spec.selector), old, &new);
            relabel_template(&mut spec.template, old, &new);
        }),
        Resource::ReplicaSet(o) => o.spec.as_mut().map(|spec| {
            relabel_selector(Some(&mut spec.selector), old, &new);
            if let Some(template) = spec.template.as_mut() {
                relabel_template(template, old, &new);
            }
        }),
        Resource::Job(o) => o.spec.as_mut().map(|spec| {
            relabel_selector(spec.selector.as_mut(), old, &new);
            relabel_template(&mut spec.template, old, &new);
        }),
        Resource::CronJob(o) => o
            .spec
            .as_mut()
            .and_then(|spec| spec.job_template.spec.as_mut())
            .map(|spec| {
                relabel_selector(spec.selector.as_mut(), old, &new);
                relabel_template(&mut spec.template, old, &new);
            }),
        Resource::Pod(_) => Some(()),
        _ => None,
    };
    if workload.is_some() {
        relabel(object.metadata_mut().labels.as_mut(), old, &new);
    }
}

/// Makes the Services, `PodDisruptionBudget`s and `NetworkPolicies` copied together with
/// workloads follow the copies: a selector value naming a copied workload (`renamed`: old name
/// to the copy's name, as [`relabel_copy`] rewrote its pods) under an identifying key becomes
/// the copy's name. Without it a copied Service would still select the original's pods.
pub fn follow_copied_workloads(object: &mut Object, renamed: &BTreeMap<String, String>) {
    let rewrite = |labels: &mut BTreeMap<String, String>| {
        for (key, value) in labels.iter_mut() {
            if let Some(new) = renamed.get(value.as_str())
                && IDENTIFYING_KEYS.contains(&key.as_str())
            {
                new.clone_into(value);
            }
        }
    };
    match object.resource_mut() {
        Resource::Service(o) => {
            if let Some(selector) = o.spec.as_mut().and_then(|s| s.selector.as_mut()) {
                rewrite(selector);
            }
        }
        Resource::NetworkPolicy(o) => {
            if let Some(labels) = o
                .spec
                .as_mut()
                .and_then(|s| s.pod_selector.as_mut())
                .and_then(|s| s.match_labels.as_mut())
            {
                rewrite(labels);
            }
        }
        Resource::Other(o)
            if Kind::of_manifest(&o.api_version, &o.kind) == Kind::PodDisruptionBudget =>
        {
            let labels = o
                .body
                .get_mut("spec")
                .and_then(|spec| spec.get_mut("selector"))
                .and_then(|selector| selector.get_mut("matchLabels"))
                .and_then(serde_json::Value::as_object_mut);
            for (key, value) in labels.into_iter().flatten() {
                if let Some(new) = value.as_str().and_then(|v| renamed.get(v))
                    && IDENTIFYING_KEYS.contains(&key.as_str())
                {
                    *value = serde_json::Value::String(new.clone());
                }
            }
        }
        _ => {}
    }
}

/// Applies [`follow_copied_workloads`] to the objects a batch of copies adds, given which
/// workloads it copied under new names.
pub fn follow_copied_workloads_in(commands: &mut [Command], renamed: &BTreeMap<String, String>) {
    if renamed.is_empty() {
        return;
    }
    for command in commands {
        if let Command::AddObject { object, .. } = command
            && object.pod_labels().is_none()
        {
            follow_copied_workloads(object, renamed);
        }
    }
}
