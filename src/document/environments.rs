//! Environments: named variants of a design (dev, staging, prod) that override fields of its
//! objects, and add or leave out whole objects.
//!
//! An override is a JSON pointer into the object's manifest and the value put there, merged into
//! the manifest when the effective design of an environment is made ([`Document::effective`]).
//! A pointer was chosen over a typed field enum because a design stores each object as its
//! manifest (see [`crate::design_file`]): every field a manifest can hold can be overridden, of
//! every kind, including kinds the model keeps untyped (a Gateway's hostnames, an HPA's bounds),
//! with no second description of Kubernetes fields to keep in step with the model; the typed
//! model still decides what the result means, because the merged manifest is read back through
//! [`Object::from_value`] like any other. The same pointers are what Kustomize's JSON6902 patches
//! take, so an overlay is written without translation.
//!
//! Objects are named by kind, namespace and name ([`ObjectKey`]), not by id: an override of an
//! object that was deleted then stays in the document (and in the file) and is reported by
//! [`Document::environment_problems`] instead of vanishing.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Document;
use super::pointer::{self, PointerError};
use crate::model::{Object, ObjectId};

/// An object named the way people name it: kind, namespace (none for cluster-scoped), name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectKey {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
}

impl ObjectKey {
    /// The key of an object.
    #[must_use]
    pub fn of(object: &Object) -> Self {
        ObjectKey {
            kind: object.kind_name().to_owned(),
            namespace: object.effective_namespace().map(str::to_owned),
            name: object.name().to_owned(),
        }
    }
}

impl std::fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{}/{ns}/{}", self.kind, self.name),
            None => write!(f, "{}/{}", self.kind, self.name),
        }
    }
}

/// One environment: its overrides and which objects it adds or leaves out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Environment {
    pub name: String,
    /// Per object, JSON pointer → value (`null` removes the field).
    pub overrides: BTreeMap<ObjectKey, BTreeMap<String, Value>>,
    /// Objects of the design that are not in the base ([`Environments::env_only`]) but are in
    /// this environment.
    pub include: BTreeSet<ObjectKey>,
    /// Objects of the base this environment leaves out.
    pub exclude: BTreeSet<ObjectKey>,
}

/// The environments of a design, in the order the designer made them (the switcher's order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Environments {
    pub list: Vec<Environment>,
    /// Objects that are only in the environments that include them, not in the base.
    pub env_only: BTreeSet<ObjectKey>,
}

impl Environments {
    /// Whether the design has no environments and nothing environment-only.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.env_only.is_empty()
    }

    /// The environment named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Environment> {
        self.list.iter().find(|e| e.name == name)
    }

    /// The environment named `name`, to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Environment> {
        self.list.iter_mut().find(|e| e.name == name)
    }

    /// The names, in order.
    #[must_use]
    pub fn names(&self) -> Vec<&str> {
        self.list.iter().map(|e| e.name.as_str()).collect()
    }

    /// Moves everything said about `from` to `to` (an object was renamed or moved).
    pub fn rekey(&mut self, from: &ObjectKey, to: &ObjectKey) {
        if from == to {
            return;
        }
        if self.env_only.remove(from) {
            self.env_only.insert(to.clone());
        }
        for env in &mut self.list {
            if let Some(fields) = env.overrides.remove(from) {
                env.overrides.insert(to.clone(), fields);
            }
            for set in [&mut env.include, &mut env.exclude] {
                if set.remove(from) {
                    set.insert(to.clone());
                }
            }
        }
    }
}

/// Why an environment cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EnvError {
    #[error("no environment `{name}` in the design (it has: {known})")]
    NoSuchEnvironment { name: String, known: String },
    #[error("environment `{0}` already exists")]
    Exists(String),
    #[error("`{0}` is not a valid environment name: use letters, digits, `-` and `_` (at most 63)")]
    InvalidName(String),
    #[error(transparent)]
    Pointer(#[from] PointerError),
}

/// Whether `name` can name an environment: it becomes a file name (`values-<env>.yaml`, an
/// overlay folder) and a `[name]` tag, so it is kept to a safe set.
#[must_use]
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name != "base"
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Something an environment says that does not fit the design: reported, never dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvProblem {
    pub environment: String,
    pub object: ObjectKey,
    /// The overridden field, when the problem is with one override.
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for EnvProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(
                f,
                "environment `{}`: {} {field}: {}",
                self.environment, self.object, self.message
            ),
            None => write!(
                f,
                "environment `{}`: {}: {}",
                self.environment, self.object, self.message
            ),
        }
    }
}

/// An object's manifest with an environment's overrides merged in, or the first that failed.
pub fn apply_overrides(
    object: &Object,
    fields: &BTreeMap<String, Value>,
) -> Result<Object, (String, String)> {
    let mut manifest = object.to_value();
    for (field, value) in fields {
        pointer::set(&mut manifest, field, value).map_err(|e| (field.clone(), e.to_string()))?;
    }
    Object::from_value(&manifest).map_err(|e| (String::new(), e.to_string()))
}

/// An object with those of its overrides merged in that apply (the others are reported by
/// [`Document::environment_problems`]); `None` when the result is not a valid object.
fn apply_applicable(object: &Object, fields: &BTreeMap<String, Value>) -> Option<Object> {
    let mut manifest = object.to_value();
    for (field, value) in fields {
        if pointer::can_set(&manifest, field) {
            let _ = pointer::set(&mut manifest, field, value);
        }
    }
    Object::from_value(&manifest).ok()
}

/// Object ids by kind, namespace and name, borrowed from the model (no key is allocated).
type KeyIndex<'a> = HashMap<(&'a str, Option<&'a str>, &'a str), (crate::model::Kind, ObjectId)>;

/// Below this many overridden objects the overrides are merged on one thread.
const PARALLEL_FROM: usize = 64;

/// The objects with their overrides merged in (those whose result is valid), in the given order;
/// many are merged on several threads (each merge reads and writes its own manifest).
fn merge_all<'a>(
    work: &[(ObjectId, &'a Object, &'a BTreeMap<String, Value>)],
) -> Vec<(ObjectId, Object)> {
    let merge =
        |part: &[(ObjectId, &Object, &BTreeMap<String, Value>)]| -> Vec<(ObjectId, Object)> {
            part.iter()
                .filter_map(|(id, object, fields)| {
                    apply_applicable(object, fields).map(|o| (*id, o))
                })
                .collect()
        };
    let threads = crate::parallel::threads();
    if threads < 2 || work.len() < PARALLEL_FROM {
        return merge(work);
    }
    let size = work.len().div_ceil(threads);
    let parts: Vec<_> = work.chunks(size).collect();
    crate::parallel::on_threads(parts.len(), |index| {
        parts.get(index).map_or_else(Vec::new, |part| merge(part))
    })
    .into_iter()
    .flatten()
    .collect()
}

impl Document {
    /// Ids of the objects by key (the first of equal keys, as [`crate::model::Model::find`]).
    #[must_use]
    pub fn ids_by_key(&self) -> BTreeMap<ObjectKey, ObjectId> {
        let mut ids = BTreeMap::new();
        for (id, object) in self.model.objects_sorted() {
            ids.entry(ObjectKey::of(object)).or_insert(id);
        }
        ids
    }

    /// The same choice as [`Document::ids_by_key`] (the first of equal keys in
    /// [`crate::model::Model::objects_sorted`] order: the least kind, then id), without sorting
    /// the objects or allocating their keys: a switch of environment looks up a few keys.
    fn key_index(&self) -> KeyIndex<'_> {
        let mut index: KeyIndex<'_> = HashMap::with_capacity(self.model.len());
        for (id, object) in self.model.objects() {
            let rank = (object.kind().resource_kind(), id);
            let key = (
                object.kind_name(),
                object.effective_namespace(),
                object.name(),
            );
            index
                .entry(key)
                .and_modify(|best| *best = (*best).min(rank))
                .or_insert(rank);
        }
        index
    }

    /// The design as deployed to environment `env` (`None`: the base): objects it leaves out
    /// removed, its overrides merged in. Relations, rules, reachability and export then run on
    /// it as on any design. An owned result has no environments of its own. Overrides that do not
    /// apply are left out here and reported by [`Document::environment_problems`].
    pub fn effective(&self, env: Option<&str>) -> Result<Cow<'_, Document>, EnvError> {
        let environment =
            match env {
                None => None,
                Some(name) => Some(self.environments.get(name).ok_or_else(|| {
                    EnvError::NoSuchEnvironment {
                        name: name.to_owned(),
                        known: self.environments.names().join(", "),
                    }
                })?),
            };
        // The base of a design without environment-only objects is the design itself (it then
        // still lists its environments).
        if self.environments.is_empty()
            || (environment.is_none() && self.environments.env_only.is_empty())
        {
            return Ok(Cow::Borrowed(self));
        }
        let index = self.key_index();
        let id_of = |key: &ObjectKey| {
            index
                .get(&(
                    key.kind.as_str(),
                    key.namespace.as_deref(),
                    key.name.as_str(),
                ))
                .map(|(_, id)| *id)
        };
        let mut leave_out: BTreeSet<ObjectId> = BTreeSet::new();
        for key in &self.environments.env_only {
            if !environment.is_some_and(|e| e.include.contains(key))
                && let Some(id) = id_of(key)
            {
                leave_out.insert(id);
            }
        }
        let mut work = Vec::new();
        if let Some(environment) = environment {
            leave_out.extend(environment.exclude.iter().filter_map(id_of));
            for (key, fields) in &environment.overrides {
                let Some(id) = id_of(key) else { continue };
                let Some(object) = self.model.get(id) else {
                    continue;
                };
                work.push((id, object, fields));
            }
        }
        let changed = merge_all(&work);
        // Field by field, so that the environments (overrides of every object, often) are not
        // copied only to be dropped.
        let mut doc = Document {
            model: self.model.clone(),
            layout: self.layout.clone(),
            complete: self.complete,
            intents: self.intents.clone(),
            deployed: self.deployed.clone(),
            environments: Environments::default(),
        };
        let leave_out_list: Vec<ObjectId> = leave_out.iter().copied().collect();
        doc.model.replace_and_remove(changed, &leave_out_list);
        for id in &leave_out {
            doc.layout.positions.remove(id);
        }
        doc.intents
            .retain(|i| !leave_out.contains(&i.from) && !leave_out.contains(&i.to));
        Ok(Cow::Owned(doc))
    }

    /// Every override, inclusion and exclusion that does not fit the design: an object that no
    /// longer exists, a field that no longer exists, a value the object cannot hold. Sorted by
    /// environment order, then object and field.
    #[must_use]
    pub fn environment_problems(&self) -> Vec<EnvProblem> {
        let ids = self.ids_by_key();
        let mut problems = Vec::new();
        let object_of = |key: &ObjectKey| ids.get(key).and_then(|id| self.model.get(*id));
        for env in &self.environments.list {
            let problem =
                |object: &ObjectKey, field: Option<&String>, message: String| EnvProblem {
                    environment: env.name.clone(),
                    object: object.clone(),
                    field: field.cloned(),
                    message,
                };
            for (key, fields) in &env.overrides {
                let Some(object) = object_of(key) else {
                    problems.push(problem(key, None, "no such object in the design".into()));
                    continue;
                };
                let mut manifest = object.to_value();
                for (field, value) in fields {
                    if let Err(error) = pointer::set(&mut manifest, field, value) {
                        problems.push(problem(key, Some(field), error.to_string()));
                    }
                }
                if apply_applicable(object, fields).is_none() {
                    problems.push(problem(
                        key,
                        None,
                        "the overridden object is invalid; its overrides are not applied".into(),
                    ));
                }
            }
            for key in &env.include {
                if object_of(key).is_none() {
                    problems.push(problem(key, None, "included, but no such object".into()));
                } else if !self.environments.env_only.contains(key) {
                    problems.push(problem(
                        key,
                        None,
                        "included, but the object is in the base already".into(),
                    ));
                }
            }
            for key in &env.exclude {
                if object_of(key).is_none() {
                    problems.push(problem(key, None, "left out, but no such object".into()));
                }
            }
        }
        for key in &self.environments.env_only {
            if object_of(key).is_none() {
                problems.push(EnvProblem {
                    environment: String::new(),
                    object: key.clone(),
                    field: None,
                    message: "marked environment-only, but no such object".into(),
                });
            }
        }
        problems
    }

    /// Whether object `id` is in environment `env` (`None`: the base).
    #[must_use]
    pub fn in_environment(&self, id: ObjectId, env: Option<&str>) -> bool {
        let Some(object) = self.model.get(id) else {
            return false;
        };
        let key = ObjectKey::of(object);
        let environment = env.and_then(|name| self.environments.get(name));
        if self.environments.env_only.contains(&key) {
            environment.is_some_and(|e| e.include.contains(&key))
        } else {
            !environment.is_some_and(|e| e.exclude.contains(&key))
        }
    }

    /// The overrides environment `env` makes to object `id` (pointer → value), for the
    /// inspector's marks and the compare view.
    #[must_use]
    pub fn overrides_of(&self, id: ObjectId, env: &str) -> Option<&BTreeMap<String, Value>> {
        let object = self.model.get(id)?;
        self.environments
            .get(env)?
            .overrides
            .get(&ObjectKey::of(object))
    }
}
