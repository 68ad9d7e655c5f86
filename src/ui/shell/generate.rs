//! Policy generation from the drawn traffic (two actions of the Edit menu and the command
//! palette, one per target): the kubedraft-generated policies regenerated as one undo step. The
//! target is chosen by the action: namespaced NetworkPolicies only, or a Baseline-tier
//! ClusterNetworkPolicy default deny plus NetworkPolicies (switching replaces the other target's
//! generated policies).

use crate::document::Command;
use crate::model::TrafficIntent;
use crate::reach::{GenerateOptions, GenerateTarget, is_generated, regenerate};
use crate::ui::shell::app::KubedraftApp;
use crate::ui::shell::dialogs::ToastLevel;

impl KubedraftApp {
    /// Regenerates the kubedraft-generated policies for `target` from the drawn traffic, as one
    /// undo step.
    pub(crate) fn generate_policies_from_traffic(&mut self, target: GenerateTarget) {
        let intents: Vec<TrafficIntent> = self.doc.intents.iter().copied().collect();
        let generated_before = self
            .doc
            .model
            .objects()
            .filter(|(_, o)| is_generated(o))
            .count();
        let routed = crate::reach::gateway::route_traffic(&self.doc.model, &mut Vec::new());
        if intents.is_empty() && routed.is_empty() && generated_before == 0 {
            self.toast(
                ToastLevel::Info,
                "No traffic is drawn and no route attaches to a Gateway: connect workloads \
                 first, then generate their policies.",
            );
            return;
        }
        let namespace = self.reach.ingress_namespace.trim();
        let defaults = GenerateOptions::default();
        let options = GenerateOptions {
            ingress_controller_namespace: if namespace.is_empty() {
                defaults.ingress_controller_namespace
            } else {
                namespace.to_owned()
            },
            target,
        };
        let what = match target {
            GenerateTarget::NetworkPolicy => "NetworkPolicies",
            GenerateTarget::Baseline => "policies (Baseline default deny + NetworkPolicies)",
        };
        let (command, problems) = regenerate(&mut self.doc, &intents, &options);
        match command {
            Some(command) => {
                let (added, removed, updated) = batch_counts(&command);
                self.execute(command);
                self.toast(
                    ToastLevel::Info,
                    format!(
                        "Generated {what}: {added} added, {removed} removed, {updated} \
                         updated (hand-written policies untouched). Ctrl+Z undoes."
                    ),
                );
            }
            None => self.toast(
                ToastLevel::Info,
                format!("The generated {what} already match the drawn traffic."),
            ),
        }
        if let Some(first) = problems.first() {
            self.toast(
                ToastLevel::Warning,
                format!(
                    "{} could not be expressed exactly: {first}",
                    crate::ui::plural(problems.len(), "drawn connection")
                ),
            );
        }
    }
}

/// Policies added, removed and replaced by a regeneration batch.
fn batch_counts(command: &Command) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    let list = match command {
        Command::Batch(list) => list.as_slice(),
        single => std::slice::from_ref(single),
    };
    for command in list {
        match command {
            Command::AddObject { .. } => counts.0 += 1,
            Command::RemoveObject { .. } => counts.1 += 1,
            Command::ReplaceObject { .. } => counts.2 += 1,
            _ => {}
        }
    }
    counts
}
