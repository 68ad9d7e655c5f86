//! The Kubernetes design as plain data: namespaces, objects, and the relations derived from them.
//!
//! Architecture invariant: relations are never stored by hand. They are recomputed from selectors and
//! names whenever an object changes, so the picture cannot disagree with the YAML.

pub mod cluster_policy;
pub mod extra;
pub mod gateway;
pub mod kind;
pub mod kinds;
pub mod object;
pub mod relation_labels;
pub mod relations;
pub mod selector;
pub mod traffic;
pub mod typed_other;
pub mod validation;

use std::collections::BTreeMap;
use std::sync::Arc;

use petgraph::stable_graph::{NodeIndex, StableGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

pub use object::{Kind, Object, ObjectError, OtherObject, Resource};
pub use relations::{Relation, UseSet, UseVia};
pub use selector::Labels;
pub use traffic::{Protocol, TrafficIntent};

/// Stable identity of an object inside one open design (not saved; files name objects by kind,
/// namespace and name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId(pub u64);

/// A namespace of the design and its labels (`kubernetes.io/metadata.name` is implicit).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Namespace {
    pub labels: Labels,
    pub annotations: Labels,
    /// Whether a `kind: Namespace` manifest declared it. Export writes the Namespace object of such
    /// a namespace even when Kubernetes creates it itself (`kube-system`…): the input had it.
    pub from_manifest: bool,
    /// Fields of the Namespace manifest the model does not edit (`spec.finalizers`, other
    /// metadata…), shaped like the manifest; export writes them back where the model sets nothing.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Namespace {
    /// Adds what a later declaration of the same namespace says: its labels, annotations and
    /// unknown fields win over earlier ones.
    pub fn absorb(&mut self, later: &Namespace) {
        self.labels.extend(later.labels.clone());
        self.annotations.extend(later.annotations.clone());
        self.from_manifest |= later.from_manifest;
        merge_missing(&mut self.extra, &later.extra, true);
    }
}

/// Copies the fields of `from` into `into`, recursing into maps both hold. Where both hold a
/// non-map value, `from` wins only if `overwrite`.
pub fn merge_missing(
    into: &mut serde_json::Map<String, serde_json::Value>,
    from: &serde_json::Map<String, serde_json::Value>,
    overwrite: bool,
) {
    for (key, value) in from {
        match (into.get_mut(key), value) {
            (Some(serde_json::Value::Object(inner)), serde_json::Value::Object(from_inner)) => {
                merge_missing(inner, from_inner, overwrite);
            }
            (Some(slot), _) if overwrite => *slot = value.clone(),
            (Some(_), _) => {}
            (None, _) => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The label every namespace carries automatically (used by NetworkPolicy namespace selectors).
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Why a model operation was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("no object with id {0:?}")]
    NoSuchObject(ObjectId),
    #[error("object id {0:?} is already in use")]
    IdInUse(ObjectId),
    #[error("namespace `{0}` already exists")]
    NamespaceExists(String),
    #[error("no namespace `{0}`")]
    NoSuchNamespace(String),
}

/// The objects of a design in a graph whose edges are the derived relations.
#[derive(Clone, Debug, Default)]
pub struct Model {
    graph: StableGraph<ObjectId, Relation>,
    /// Behind a pointer: typed objects are kilobytes each, and a B-tree moves its values when
    /// nodes fill and split (inline, that was a tenth of importing 20,000 objects, and half-full
    /// nodes of kilobyte values). Shared (`Arc`), so that a clone of the model and the rule
    /// checker's snapshot of it hold no second copy of an object (a 5,000-object design took
    /// 20 MB more in the app for the snapshot alone).
    objects: BTreeMap<ObjectId, (NodeIndex, Arc<Object>)>,
    namespaces: BTreeMap<String, Namespace>,
    next_id: u64,
    /// A version per object, unique in the process: every insert or replace takes a fresh one,
    /// so an object with the same version as before is unchanged (the incremental rule checker
    /// compares versions instead of whole objects).
    versions: BTreeMap<ObjectId, u64>,
    /// Per namespace, the relations its objects give among themselves
    /// (`relations::derive_namespace`), kept so that an object edit derives again only the
    /// namespaces it touched; the graph's edges are these plus what reads across namespaces.
    local_relations: BTreeMap<String, relations::NamespaceRelations>,
}

/// The source of object versions (shared by all models, so that versions of different models
/// never collide).
static NEXT_VERSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// An object taken out of the model: itself when nothing else shares it, else a copy.
fn unshared(object: Arc<Object>) -> Object {
    Arc::try_unwrap(object).unwrap_or_else(|shared| (*shared).clone())
}

fn fresh_version() -> u64 {
    NEXT_VERSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl PartialEq for Model {
    /// Two models are equal when they hold the same namespaces and the same objects under the same
    /// ids; the graph is derived from those.
    fn eq(&self, other: &Self) -> bool {
        self.namespaces == other.namespaces
            && self.objects.len() == other.objects.len()
            && self
                .objects
                .iter()
                .zip(&other.objects)
                .all(|((a_id, (_, a)), (b_id, (_, b)))| a_id == b_id && a == b)
    }
}

impl Model {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh id, never handed out before in this model.
    pub fn allocate_id(&mut self) -> ObjectId {
        self.next_id += 1;
        ObjectId(self.next_id)
    }

    /// The id [`Model::allocate_id`] would hand out next, without taking it (fixes computed from a
    /// read-only model use it to add objects).
    #[must_use]
    pub fn next_free_id(&self) -> ObjectId {
        ObjectId(self.next_id + 1)
    }

    /// Adds an object under a fresh id.
    pub fn add(&mut self, object: Object) -> ObjectId {
        let id = self.allocate_id();
        // A fresh id is never in use.
        let _ = self.insert(id, object);
        id
    }

    /// Adds an object under a given id (undo of a removal puts it back under its old id).
    pub fn insert(&mut self, id: ObjectId, object: Object) -> Result<(), ModelError> {
        if self.objects.contains_key(&id) {
            return Err(ModelError::IdInUse(id));
        }
        self.next_id = self.next_id.max(id.0);
        let node = self.graph.add_node(id);
        let namespace = object.effective_namespace().map(str::to_owned);
        self.objects.insert(id, (node, Arc::new(object)));
        self.versions.insert(id, fresh_version());
        self.rebuild_relations_in(&[namespace]);
        Ok(())
    }

    /// Adds many objects at once (import), deriving relations once; returns their ids in order.
    pub fn add_all(&mut self, objects: impl IntoIterator<Item = Object>) -> Vec<ObjectId> {
        let mut ids = Vec::new();
        for object in objects {
            let id = self.allocate_id();
            let node = self.graph.add_node(id);
            self.objects.insert(id, (node, Arc::new(object)));
            self.versions.insert(id, fresh_version());
            ids.push(id);
        }
        self.rebuild_relations();
        ids
    }

    /// Removes an object and returns it.
    pub fn remove(&mut self, id: ObjectId) -> Result<Object, ModelError> {
        let (node, object) = self
            .objects
            .remove(&id)
            .ok_or(ModelError::NoSuchObject(id))?;
        self.versions.remove(&id);
        self.graph.remove_node(node);
        self.rebuild_relations_in(&[object.effective_namespace().map(str::to_owned)]);
        Ok(unshared(object))
    }

    /// Replaces an object and returns the previous version.
    pub fn replace(&mut self, id: ObjectId, object: Object) -> Result<Object, ModelError> {
        let (_, slot) = self
            .objects
            .get_mut(&id)
            .ok_or(ModelError::NoSuchObject(id))?;
        let namespaces = [
            slot.effective_namespace().map(str::to_owned),
            object.effective_namespace().map(str::to_owned),
        ];
        let previous = std::mem::replace(slot, Arc::new(object));
        self.versions.insert(id, fresh_version());
        self.rebuild_relations_in(&namespaces);
        Ok(unshared(previous))
    }

    /// Replaces and removes many objects at once, deriving relations once (an environment's
    /// effective design changes hundreds of objects; one derivation per object took seconds).
    /// Ids that are not in the model are skipped.
    pub fn replace_and_remove(&mut self, replace: Vec<(ObjectId, Object)>, remove: &[ObjectId]) {
        let mut namespaces = std::collections::BTreeSet::new();
        for (id, object) in replace {
            let Some((_, slot)) = self.objects.get_mut(&id) else {
                continue;
            };
            namespaces.insert(slot.effective_namespace().map(str::to_owned));
            namespaces.insert(object.effective_namespace().map(str::to_owned));
            *slot = Arc::new(object);
            self.versions.insert(id, fresh_version());
        }
        for id in remove {
            let Some((node, object)) = self.objects.remove(id) else {
                continue;
            };
            self.versions.remove(id);
            self.graph.remove_node(node);
            namespaces.insert(object.effective_namespace().map(str::to_owned));
        }
        // Many namespaces at once are derived faster in one pass over the objects than one
        // pass each.
        if namespaces.len() > 8 {
            self.rebuild_relations();
        } else {
            let namespaces: Vec<Option<String>> = namespaces.into_iter().collect();
            self.rebuild_relations_in(&namespaces);
        }
    }

    /// Every object's version (ids ascending): equal versions mean equal objects, also across
    /// clones of a model.
    pub fn versions(&self) -> impl Iterator<Item = (ObjectId, u64)> {
        self.versions.iter().map(|(id, version)| (*id, *version))
    }

    /// The version of one object (see [`Model::versions`]).
    #[must_use]
    pub fn version(&self, id: ObjectId) -> Option<u64> {
        self.versions.get(&id).copied()
    }

    #[must_use]
    pub fn get(&self, id: ObjectId) -> Option<&Object> {
        self.objects.get(&id).map(|(_, object)| &**object)
    }

    /// The object `id`, shared with the model (no copy is made; the model's later edits
    /// replace its object, never change the shared one).
    #[must_use]
    pub fn shared(&self, id: ObjectId) -> Option<Arc<Object>> {
        self.objects.get(&id).map(|(_, object)| Arc::clone(object))
    }

    #[must_use]
    pub fn contains(&self, id: ObjectId) -> bool {
        self.objects.contains_key(&id)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// All objects in id order.
    pub fn objects(&self) -> impl Iterator<Item = (ObjectId, &Object)> {
        self.objects
            .iter()
            .map(|(id, (_, object))| (*id, &**object))
    }

    /// All objects sorted by kind, namespace and name (the order of every listing and export).
    #[must_use]
    pub fn objects_sorted(&self) -> Vec<(ObjectId, &Object)> {
        let mut list: Vec<_> = self.objects().collect();
        // Keys computed once per object: finding an untyped object's kind reads its kind name,
        // which per comparison was half the time of `check` on 20,000 objects.
        list.sort_by_cached_key(|&(id, object)| {
            (
                object.kind().resource_kind(),
                object.kind_name(),
                object.effective_namespace(),
                object.name(),
                id,
            )
        });
        list
    }

    /// The object with this kind name, namespace and name.
    #[must_use]
    pub fn find(&self, kind: &str, namespace: Option<&str>, name: &str) -> Option<ObjectId> {
        self.objects()
            .find(|(_, o)| {
                o.kind_name() == kind && o.effective_namespace() == namespace && o.name() == name
            })
            .map(|(id, _)| id)
    }

    /// Namespaces declared in the design (objects may also name namespaces that are not declared).
    #[must_use]
    pub fn namespaces(&self) -> &BTreeMap<String, Namespace> {
        &self.namespaces
    }

    pub fn add_namespace(&mut self, name: &str, namespace: Namespace) -> Result<(), ModelError> {
        if self.namespaces.contains_key(name) {
            return Err(ModelError::NamespaceExists(name.to_owned()));
        }
        self.namespaces.insert(name.to_owned(), namespace);
        self.rebuild_relations();
        Ok(())
    }

    pub fn remove_namespace(&mut self, name: &str) -> Result<Namespace, ModelError> {
        let namespace = self
            .namespaces
            .remove(name)
            .ok_or_else(|| ModelError::NoSuchNamespace(name.to_owned()))?;
        self.rebuild_relations();
        Ok(namespace)
    }

    pub fn replace_namespace(
        &mut self,
        name: &str,
        namespace: Namespace,
    ) -> Result<Namespace, ModelError> {
        let slot = self
            .namespaces
            .get_mut(name)
            .ok_or_else(|| ModelError::NoSuchNamespace(name.to_owned()))?;
        let previous = std::mem::replace(slot, namespace);
        self.rebuild_relations();
        Ok(previous)
    }

    /// Every namespace in use: declared ones and those objects name, sorted.
    #[must_use]
    pub fn all_namespace_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.namespaces.keys().cloned().collect();
        names.extend(
            self.objects()
                .filter_map(|(_, o)| o.effective_namespace().map(str::to_owned)),
        );
        names.sort();
        names.dedup();
        names
    }

    /// Labels of a namespace, including the implicit `kubernetes.io/metadata.name`.
    #[must_use]
    pub fn namespace_labels(&self, name: &str) -> Labels {
        let mut labels = self
            .namespaces
            .get(name)
            .map(|ns| ns.labels.clone())
            .unwrap_or_default();
        labels.insert(NAMESPACE_NAME_LABEL.to_owned(), name.to_owned());
        labels
    }

    /// Derived relations leaving an object, sorted by target.
    #[must_use]
    pub fn relations_from(&self, id: ObjectId) -> Vec<(ObjectId, Relation)> {
        let Some((node, _)) = self.objects.get(&id) else {
            return Vec::new();
        };
        let mut list: Vec<_> = self
            .graph
            .edges(*node)
            .filter_map(|edge| {
                Some((
                    *self.graph.node_weight(edge.target())?,
                    edge.weight().clone(),
                ))
            })
            .collect();
        list.sort();
        list
    }

    /// Derived relations arriving at an object, sorted by source.
    #[must_use]
    pub fn relations_to(&self, id: ObjectId) -> Vec<(ObjectId, Relation)> {
        let Some((node, _)) = self.objects.get(&id) else {
            return Vec::new();
        };
        let mut list: Vec<_> = self
            .graph
            .edges_directed(*node, petgraph::Direction::Incoming)
            .filter_map(|edge| {
                Some((
                    *self.graph.node_weight(edge.source())?,
                    edge.weight().clone(),
                ))
            })
            .collect();
        list.sort();
        list
    }

    /// Every derived relation as (from, to, relation), sorted.
    #[must_use]
    pub fn relations(&self) -> Vec<(ObjectId, ObjectId, Relation)> {
        let mut list: Vec<_> = (&self.graph)
            .edge_references()
            .filter_map(|edge| {
                let from = *self.graph.node_weight(edge.source())?;
                let to = *self.graph.node_weight(edge.target())?;
                Some((from, to, edge.weight().clone()))
            })
            .collect();
        list.sort();
        list
    }

    /// Derives every relation again (namespace changes and bulk additions).
    fn rebuild_relations(&mut self) {
        self.local_relations = relations::objects_by_namespace(self)
            .into_iter()
            .map(|(namespace, objects)| {
                let local = relations::derive_namespace(namespace, &objects);
                (namespace.to_owned(), local)
            })
            .collect();
        self.publish_relations();
    }

    /// Derives again the relations inside `namespaces` (those an object edit touched; `None`
    /// for a cluster-scoped object), and what reads across namespaces.
    fn rebuild_relations_in(&mut self, namespaces: &[Option<String>]) {
        let mut done: std::collections::BTreeSet<&String> = std::collections::BTreeSet::new();
        for namespace in namespaces.iter().flatten() {
            if !done.insert(namespace) {
                continue;
            }
            let objects: Vec<(ObjectId, &Object)> = self
                .objects()
                .filter(|(_, o)| o.effective_namespace() == Some(namespace.as_str()))
                .collect();
            if objects.is_empty() {
                self.local_relations.remove(namespace);
            } else {
                let local = relations::derive_namespace(namespace, &objects);
                self.local_relations.insert(namespace.clone(), local);
            }
        }
        self.publish_relations();
    }

    /// Makes the graph's edges the kept relations of every namespace plus those that read across
    /// namespaces (derived again each time, when some namespace has them).
    fn publish_relations(&mut self) {
        let across = if self.local_relations.values().any(|l| l.reads_others)
            || relations::has_cluster_policies(self)
        {
            relations::derive_across(self)
        } else {
            std::collections::BTreeSet::new()
        };
        self.graph.clear_edges();
        // No edge comes twice: a namespace's relations join its own objects, and a relation
        // across namespaces is one no namespace derives by itself.
        let edges = self
            .local_relations
            .values()
            .flat_map(|local| local.edges.iter().cloned())
            .chain(across);
        for (from, to, relation) in edges {
            if let (Some((a, _)), Some((b, _))) = (self.objects.get(&from), self.objects.get(&to)) {
                self.graph.add_edge(*a, *b, relation);
            }
        }
    }

    /// The relations derived from scratch, for tests that compare the kept ones with them.
    #[doc(hidden)]
    #[must_use]
    pub fn relations_from_scratch(&self) -> Vec<(ObjectId, ObjectId, Relation)> {
        relations::derive(self).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests fail loudly by design.

    use super::*;

    fn config_map(name: &str) -> Object {
        Object::from_value(&serde_json::json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": "shop"}
        }))
        .unwrap()
    }

    /// A clone of the model and [`Model::shared`] hold the model's own objects, not copies; an
    /// edit replaces the model's object and leaves what was shared as it was.
    #[test]
    fn objects_are_shared_not_copied() {
        let mut model = Model::default();
        let id = model.add(config_map("a"));
        let copy = model.clone();
        let shared = model.shared(id).unwrap();
        assert!(std::ptr::eq(model.get(id).unwrap(), copy.get(id).unwrap()));
        assert!(std::ptr::eq(Arc::as_ptr(&shared), model.get(id).unwrap()));
        assert_eq!(model.replace(id, config_map("b")).unwrap().name(), "a");
        assert_eq!(shared.name(), "a");
        assert_eq!(copy.get(id).unwrap().name(), "a");
        assert_eq!(model.get(id).unwrap().name(), "b");
        drop(shared);
        assert_eq!(model.remove(id).unwrap().name(), "b");
        assert!(model.get(id).is_none());
        assert_eq!(copy.get(id).unwrap().name(), "a");
    }
}
