//! How the context lays out its indexes: the objects in output order, and the objects of a kind
//! (and of a kind in a namespace) as runs of them.

use k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec;
use serde::Deserialize as _;

use std::sync::OnceLock;

use super::HashMap;
use crate::model::{Object, ObjectId, Resource};

/// The objects of one kind (or of one kind in one namespace). [`Context::objects`] is sorted by
/// kind, namespace and name, so they are usually one run of it, sorted by name; only objects
/// whose kind name is read as two kinds (a `Deployment` of an unknown apiVersion is kept as an
/// untyped object) are scattered, and are then copied, in object order.
#[derive(Debug)]
pub(super) enum Group<'m> {
    Run(std::ops::Range<usize>),
    Scattered(Vec<(ObjectId, &'m Object)>),
}

impl<'m> Group<'m> {
    /// Adds the object at `position` of `objects` (positions come in increasing order).
    pub(super) fn add(&mut self, objects: &[(ObjectId, &'m Object)], position: usize) {
        match self {
            Group::Run(run) if run.end == position => run.end += 1,
            Group::Run(run) => {
                let mut copied = objects.get(run.clone()).unwrap_or(&[]).to_vec();
                copied.extend(objects.get(position).copied());
                *self = Group::Scattered(copied);
            }
            Group::Scattered(copied) => copied.extend(objects.get(position).copied()),
        }
    }
}

/// The sort key of `Model::objects_sorted`: kind, namespace, name, id.
pub(super) fn order_key(
    id: ObjectId,
    o: &Object,
) -> (crate::model::Kind, &str, Option<&str>, &str, ObjectId) {
    (
        o.kind().resource_kind(),
        o.kind_name(),
        o.effective_namespace(),
        o.name(),
        id,
    )
}

/// Objects in the order of `Model::objects_sorted` (kind, namespace, name, id), with each
/// object's sort key computed once.
pub(super) fn sorted<'m>(
    objects: impl Iterator<Item = (ObjectId, &'m Object)>,
) -> Vec<(ObjectId, &'m Object)> {
    let mut keyed: Vec<_> = objects.map(|(id, o)| (order_key(id, o), o)).collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|((.., id), o)| (id, o)).collect()
}

/// The spec of a `PodDisruptionBudget` (`None` without one; `Err`: why it does not read as one).
pub(super) fn pdb_spec(object: &Object) -> Option<Result<PodDisruptionBudgetSpec, String>> {
    match object.resource() {
        Resource::Other(other) => other
            .body
            .get("spec")
            .map(|spec| PodDisruptionBudgetSpec::deserialize(spec).map_err(|e| e.to_string())),
        _ => None,
    }
}

/// A `PodDisruptionBudget`'s spec as read (`Err`: why it does not read as one).
pub(super) type PdbSpec = Result<PodDisruptionBudgetSpec, String>;

/// One empty cache cell per object of a kind.
pub(super) fn cells<T>(objects: &[(ObjectId, &Object)]) -> HashMap<ObjectId, OnceLock<T>> {
    objects
        .iter()
        .map(|&(id, _)| (id, OnceLock::new()))
        .collect()
}

/// The value of a cache cell, made by this thread when no thread has set it yet. The threads
/// of a full pass share one context: waiting for the thread that is making a value (what
/// `get_or_init` does) costs more than making it twice, since the threads often walk the same
/// objects in the same order at the same time.
pub(super) fn racy<T>(cell: &OnceLock<T>, make: impl FnOnce() -> T) -> &T {
    if let Some(value) = cell.get() {
        return value;
    }
    let value = make();
    cell.get_or_init(|| value)
}
