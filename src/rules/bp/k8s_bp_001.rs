//! K8S-BP-001 `default-namespace`: object is in the default namespace (or has no namespace).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-BP-001",
    name: "default-namespace",
    severity: RuleSeverity::Warning,
    kinds: "All namespaced",
    summary: "object is in the default namespace (or has no namespace)",
    docs: r#"What it checks: Never deploy application workloads into the "default" namespace (also flag missing metadata.namespace when exporting without a target namespace).

Why it matters: The default namespace mixes unrelated workloads, cannot be governed by per-team quotas and policies, and is where kubectl puts anything by accident (CIS 5.7.4).

Example: A Deployment without `metadata.namespace`.

How to fix: Set a dedicated namespace (the fix sets one).

Source: Seed rule; CIS Kubernetes Benchmark 5.7.4"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["use-namespace"],
        polaris: &[],
        checkov: &["CKV_K8S_21"],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::document::Command;
use crate::model::Namespace;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    // Suggest the design's only other namespace, else one named after the object.
    let others: Vec<&str> = ctx
        .namespace_names()
        .iter()
        .copied()
        .filter(|ns| *ns != "default")
        .collect();
    for &(id, object) in &ctx.objects {
        if object.effective_namespace() != Some("default") {
            continue;
        }
        let target = match others.as_slice() {
            [only] => (*only).to_owned(),
            _ => object.name().to_owned(),
        };
        let mut commands = Vec::new();
        if !target.is_empty() && !ctx.model.namespaces().contains_key(&target) {
            commands.push(Command::AddNamespace {
                name: target.clone(),
                namespace: Namespace::default(),
                frame: None,
            });
        }
        let edit = crate::rules::fix::edit(id, object, |copy| {
            copy.metadata_mut().namespace = Some(target.clone());
            !target.is_empty()
        });
        let message = if object.namespace().is_none_or(str::is_empty) {
            "no namespace set: kubectl puts it into the default namespace"
        } else {
            "in the default namespace; use a dedicated namespace"
        };
        let finding = out.report(id, "metadata.namespace", message);
        if let Some(edit) = edit {
            commands.push(edit);
            finding.fix(format!("Move to namespace {target}"), commands);
        }
    }
}
