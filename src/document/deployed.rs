//! The deployed baseline: for each workload as it was last imported or exported, its immutable
//! fields (see [`super::immutable`]) and where that version came from. K8S-API-010 compares the
//! design with it.
//!
//! Entries are keyed by the kind, namespace and name the object was deployed as: in the cluster
//! a renamed or moved object is a different object, so only an object with the same identity is
//! compared. The baseline changes only on import and export, never through a [`super::Command`]:
//! undoing an edit does not undo an export.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Model, Object};

use super::immutable::fields_of;

/// Where a deployed version came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Read from manifests: that text is what runs, or will run, in the cluster.
    Imported { file: String },
    /// Written by an export (YAML or Helm chart) on this date (`YYYY-MM-DD`, UTC).
    Exported { date: String },
}

impl Origin {
    /// "imported from web.yaml", "exported on 2026-11-23".
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Origin::Imported { file } => format!("imported from {file}"),
            Origin::Exported { date } => format!("exported on {date}"),
        }
    }
}

/// An object's identity in the cluster.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DeployedKey {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
}

impl DeployedKey {
    /// The identity `object` deploys as.
    #[must_use]
    pub fn of(object: &Object) -> Self {
        DeployedKey {
            kind: object.kind_name().to_owned(),
            namespace: object.effective_namespace().map(str::to_owned),
            name: object.name().to_owned(),
        }
    }
}

/// One deployed workload: where its version came from and its immutable fields (field path →
/// normalised value; fields that were absent are not listed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeployedState {
    pub origin: Origin,
    #[serde(default)]
    pub fields: BTreeMap<String, Value>,
}

impl DeployedState {
    /// The deployed value of a field (`null` when it was absent).
    #[must_use]
    pub fn field(&self, path: &str) -> &Value {
        self.fields.get(path).unwrap_or(&Value::Null)
    }
}

/// The baseline of a design: deployed workloads by identity.
#[derive(Clone, Debug, Default)]
pub struct Deployed {
    entries: BTreeMap<DeployedKey, DeployedState>,
    /// Which version of the entries these are: every change takes a number no other baseline
    /// of this process has had, and a copy keeps it. So two baselines with one revision hold
    /// the same entries, and the rule checker asks that instead of comparing a thousand
    /// workloads on every edit. Empty baselines made by `default` share revision 0.
    revision: u64,
}

/// Equal entries: the revision says how they were made, not what they are.
impl PartialEq for Deployed {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision || self.entries == other.entries
    }
}

/// The empty baseline (manifests checked on their own, the bench).
static EMPTY: Deployed = Deployed {
    entries: BTreeMap::new(),
    revision: 0,
};

/// A revision no baseline of this process has had yet.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Deployed {
    /// An empty baseline, borrowed for as long as needed.
    #[must_use]
    pub fn empty() -> &'static Deployed {
        &EMPTY
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The version of these entries (see the field): equal revisions mean equal entries.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The deployed version of the object with `object`'s identity.
    #[must_use]
    pub fn get(&self, object: &Object) -> Option<&DeployedState> {
        if self.entries.is_empty() {
            return None;
        }
        self.entries.get(&DeployedKey::of(object))
    }

    /// Entries sorted by kind, namespace and name.
    pub fn iter(&self) -> impl Iterator<Item = (&DeployedKey, &DeployedState)> {
        self.entries.iter()
    }

    /// Sets the deployed state of one identity.
    pub fn insert(&mut self, key: DeployedKey, state: DeployedState) {
        self.entries.insert(key, state);
        self.revision = next_revision();
    }

    /// Takes the entries of `other` over (a later import or export wins).
    pub fn extend(&mut self, other: Deployed) {
        self.entries.extend(other.entries);
        self.revision = next_revision();
    }

    /// Records `object` as deployed from `origin` (objects without immutable fields: nothing).
    /// Returns whether it was recorded.
    pub fn record(&mut self, object: &Object, origin: &Origin) -> bool {
        let mut fields = BTreeMap::new();
        let mut any = false;
        for field in fields_of(object.kind_name()) {
            any = true;
            if let Some(value) = field.value(object).filter(|v| !v.is_null()) {
                fields.insert(field.path.to_owned(), value);
            }
        }
        if any {
            self.insert(
                DeployedKey::of(object),
                DeployedState {
                    origin: origin.clone(),
                    fields,
                },
            );
        }
        any
    }

    /// Records every workload of `model` as deployed from `origin` (an export). Of several
    /// objects with one identity, the first in sorted order counts.
    pub fn record_model(&mut self, model: &Model, origin: &Origin) {
        let mut fresh = Deployed::default();
        for (_, object) in model.objects_sorted() {
            if fresh.get(object).is_none() {
                fresh.record(object, origin);
            }
        }
        self.extend(fresh);
    }
}

/// Today's date in UTC as `YYYY-MM-DD` (what an export is recorded with).
#[must_use]
pub fn today_utc() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    k8s_openapi::jiff::Timestamp::from_second(seconds)
        .unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(file: &str) -> DeployedState {
        DeployedState {
            origin: Origin::Imported {
                file: file.to_owned(),
            },
            fields: BTreeMap::new(),
        }
    }

    fn key(name: &str) -> DeployedKey {
        DeployedKey {
            kind: "StatefulSet".to_owned(),
            namespace: Some("shop".to_owned()),
            name: name.to_owned(),
        }
    }

    #[test]
    fn every_change_takes_a_new_revision_and_a_copy_keeps_it() {
        let mut baseline = Deployed::default();
        assert_eq!(baseline.revision(), Deployed::empty().revision());
        baseline.insert(key("db"), state("a.yaml"));
        let first = baseline.revision();
        assert_ne!(first, 0);
        let copy = baseline.clone();
        assert_eq!(copy.revision(), first);
        assert_eq!(copy, baseline);
        // The same entry again is a new revision with equal entries: still equal as a value.
        baseline.insert(key("db"), state("a.yaml"));
        assert_ne!(baseline.revision(), first);
        assert_eq!(copy, baseline);
        baseline.extend(Deployed::default());
        let mut other = Deployed::default();
        other.insert(key("db"), state("b.yaml"));
        assert_ne!(other.revision(), baseline.revision());
        assert_ne!(other, baseline);
    }
}
