//! How the context lays out its indexes: the objects in output order, and the objects of a kind
//! (and of a kind in a namespace) as runs of them.

use k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec;
use serde::Deserialize as _;

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

/// Reads the spec of every `PodDisruptionBudget` once.
pub(super) fn pdb_specs(
    budgets: &[(ObjectId, &Object)],
) -> HashMap<ObjectId, Result<PodDisruptionBudgetSpec, String>> {
    budgets
        .iter()
        .filter_map(|&(id, object)| match object.resource() {
            Resource::Other(other) => other.body.get("spec").map(|spec| {
                let parsed = PodDisruptionBudgetSpec::deserialize(spec).map_err(|e| e.to_string());
                (id, parsed)
            }),
            _ => None,
        })
        .collect()
}
