#![allow(clippy::expect_used, clippy::unwrap_used)] // Tests fail loudly by design.

//! On a generated cluster, every incremental policy update equals a full recomputation.

#[path = "support/synthetic.rs"]
mod synthetic;

use kubedraft::reach::{Reachability, allowed};

#[test]
fn incremental_matches_full_on_a_generated_cluster() {
    let (namespaces, per_namespace, policies) = (4, 30, 60);
    let (mut model, ids) = synthetic::cluster(namespaces, per_namespace, policies);
    let mut reach = Reachability::compute(&model);
    let mut changes = 0;
    for (step, j) in [5_usize, 17, 30, 2, 44, 5].into_iter().enumerate() {
        let before = allowed(&reach);
        let id = ids[j];
        if step == 3 {
            // Remove the default deny of namespace 2, then check.
            model.remove(id).unwrap();
        } else {
            let variant = step % 2 == 0;
            model
                .replace(
                    id,
                    synthetic::object(&synthetic::policy_yaml(
                        j,
                        namespaces,
                        per_namespace,
                        variant,
                    )),
                )
                .unwrap();
        }
        reach.update_policies(&model, &[id]);
        let full = Reachability::compute(&model);
        let now = allowed(&reach);
        assert!(
            now == allowed(&full),
            "step {step} (policy {j}) differs from full recomputation"
        );
        if now != before {
            changes += 1;
        }
    }
    assert!(
        changes >= 4,
        "only {changes} edits changed connectivity; the test would be weak"
    );
    // A new policy with several edits at once.
    let extra = synthetic::object(&synthetic::policy_yaml(61, namespaces, per_namespace, true));
    let new_id = model.add(extra);
    model.remove(ids[20]).unwrap();
    reach.update_policies(&model, &[new_id, ids[20]]);
    assert!(allowed(&reach) == allowed(&Reachability::compute(&model)));
}
