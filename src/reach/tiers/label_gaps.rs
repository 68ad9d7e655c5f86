//! Workloads whose pods differ in labels. The analysis treats a workload as one set of labels (its
//! first pod's); that is exact only while no selector tells its pods apart. A cluster policy with
//! a pod selector that does is reported and left out, as netpol-analyzer refuses such input.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::{CompiledTierPolicy, PodChoice, TierPeer};
use crate::model::Labels;
use crate::model::selector::selector_matches;
use crate::reach::policy::{Direction, PolicyError};

/// A workload whose pods do not all carry the same labels: its id and each pod's name and labels.
#[derive(Clone, Debug)]
pub struct LabelGap {
    pub workload: String,
    pub pods: Vec<(String, Labels)>,
}

/// A pod selector of a policy: the rule holding it (none for the subject), its field, itself.
type FieldSelector<'a> = (Option<(Direction, usize)>, String, &'a LabelSelector);

/// The pod selectors of a policy with the field that holds each.
fn pod_selectors(policy: &CompiledTierPolicy) -> Vec<FieldSelector<'_>> {
    let mut list = Vec::new();
    if let PodChoice::Pods { pods, .. } = &policy.subject {
        list.push((None, "spec.subject.pods.podSelector".to_owned(), pods));
    }
    for direction in [Direction::Ingress, Direction::Egress] {
        for (r, rule) in policy.rules(direction).iter().enumerate() {
            for (p, peer) in rule.peers.iter().enumerate() {
                if let TierPeer::Workloads(PodChoice::Pods { pods, .. }) = peer {
                    list.push((
                        Some((direction, r)),
                        format!(
                            "spec.{}[{r}].{}[{p}].pods.podSelector",
                            direction.field(),
                            direction.peers_field()
                        ),
                        pods,
                    ));
                }
            }
        }
    }
    list
}

/// The errors of `policy`: one per pod selector that tells the pods of a gap workload apart.
#[must_use]
pub fn label_gap_errors(policy: &CompiledTierPolicy, gaps: &[LabelGap]) -> Vec<PolicyError> {
    let mut errors = Vec::new();
    for (rule, field, selector) in pod_selectors(policy) {
        for gap in gaps {
            let matching: Vec<&str> = gap
                .pods
                .iter()
                .filter(|(_, labels)| selector_matches(selector, labels))
                .map(|(name, _)| name.as_str())
                .collect();
            if matching.is_empty() || matching.len() == gap.pods.len() {
                continue;
            }
            errors.push(PolicyError {
                kind: policy.kind.as_str(),
                policy: policy.name.clone(),
                object: policy.object,
                rule,
                field: field.clone(),
                message: format!(
                    "the pods of workload {} differ in their labels and this selector tells them \
                     apart (it matches only {}), so the workload cannot be analysed as one",
                    gap.workload,
                    matching.join(", ")
                ),
            });
        }
    }
    errors
}
