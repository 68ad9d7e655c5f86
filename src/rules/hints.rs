//! Shared helpers for messages: showing labels, near-miss suggestions, controller-added labels.

use crate::model::kinds::edit_distance;
use crate::model::{Labels, ObjectId};

use super::context::Workload;

/// Labels that controllers add to pods (not written in templates): a selector using one of them
/// targets pods the design cannot show (a Gateway's data-plane pods among them).
pub const CONTROLLER_LABELS: [&str; 9] = [
    "pod-template-hash",
    "controller-revision-hash",
    "statefulset.kubernetes.io/pod-name",
    "apps.kubernetes.io/pod-index",
    "batch.kubernetes.io/job-name",
    "batch.kubernetes.io/controller-uid",
    "job-name",
    "controller-uid",
    crate::model::gateway::GATEWAY_NAME_LABEL,
];

/// Whether any of the keys is added by a controller.
pub fn uses_controller_label<'a>(mut keys: impl Iterator<Item = &'a str>) -> bool {
    keys.any(|key| CONTROLLER_LABELS.contains(&key))
}

/// `app=web, tier=front`.
#[must_use]
pub fn show_labels(labels: &Labels) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest label pairs among the workloads for a selector that matches none of them: for each
/// workload, each selector pair is matched to its nearest label (edit distance of key and value);
/// the workload with the smallest total wins when every pair is close (at most 3 edits, or the key
/// `app` written as `app.kubernetes.io/name`). Returns the workload and the corrected selector.
#[must_use]
pub fn nearest_selector(
    selector: &Labels,
    workloads: &[Workload<'_>],
) -> Option<(ObjectId, Labels)> {
    let mut best: Option<(usize, ObjectId, Labels)> = None;
    for workload in workloads {
        let mut total = 0;
        let mut corrected = Labels::new();
        let mut close = true;
        for (key, value) in selector {
            let nearest = workload
                .labels
                .iter()
                .map(|(k, v)| (pair_distance(key, value, k, v), k, v))
                .min_by_key(|(distance, k, v)| (*distance, (*k).clone(), (*v).clone()));
            match nearest {
                Some((distance, k, v))
                    if distance <= 3 || (v == value && is_name_key(k) && is_name_key(key)) =>
                {
                    total += distance;
                    corrected.insert(k.clone(), v.clone());
                }
                _ => {
                    close = false;
                    break;
                }
            }
        }
        if close && !corrected.is_empty() && best.as_ref().is_none_or(|(d, _, _)| total < *d) {
            best = Some((total, workload.id, corrected));
        }
    }
    best.map(|(_, id, labels)| (id, labels))
}

fn is_name_key(key: &str) -> bool {
    matches!(key, "app" | "app.kubernetes.io/name" | "name" | "k8s-app")
}

fn pair_distance(key: &str, value: &str, k: &str, v: &str) -> usize {
    edit_distance(key, k)
        + edit_distance(&value.to_lowercase(), &v.to_lowercase())
        + usize::from(value != v && value.eq_ignore_ascii_case(v))
}
