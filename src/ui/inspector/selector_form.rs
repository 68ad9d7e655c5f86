//! The form for a `metav1.LabelSelector`: `matchLabels` as key/value pairs and `matchExpressions` as
//! a list of requirements (key, operator, values), with the API server's objections at the field.

use egui::Ui;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};

use crate::model::validation::{OPERATORS, operator_takes_values};

use super::field_notes::At;
use crate::ui::inspector::form;

/// Edits a label selector; `what` names its entries ("pod label", "namespace label"); `at` is the
/// selector's field path, under which the checker's findings are shown.
pub fn label_selector(ui: &mut Ui, what: &str, selector: &mut LabelSelector, at: &At<'_>) -> bool {
    let mut changed = form::optional_key_values(ui, what, &mut selector.match_labels);
    at.field("matchLabels").show_all(ui);
    let noun = format!("{what} expression");
    let add_label = format!("Add {noun}");
    let spec = form::ListSpec::compact(&noun, &noun, &add_label);
    let expressions = selector.match_expressions.get_or_insert_with(Vec::new);
    let new_requirement = |_| LabelSelectorRequirement {
        key: String::new(),
        operator: "In".to_owned(),
        values: None,
    };
    let expressions_at = at.field("matchExpressions");
    changed |= form::list_editor(ui, &spec, expressions, new_requirement, |ui, index, r| {
        let changed = requirement(ui, r);
        expressions_at.item(index).show_all(ui);
        changed
    });
    if expressions.is_empty() {
        selector.match_expressions = None;
    }
    at.show(ui);
    changed
}

/// One `matchExpressions` entry. Values are typed as one comma-separated line: label values cannot
/// hold commas.
fn requirement(ui: &mut Ui, requirement: &mut LabelSelectorRequirement) -> bool {
    let mut changed = form::text(ui, "Expression key", &mut requirement.key, None);
    let takes_values = operator_takes_values;
    if form::required_choice(ui, "Operator", &mut requirement.operator, &OPERATORS) {
        // Switching to Exists/DoesNotExist drops the values it would refuse.
        if !takes_values(&requirement.operator) {
            requirement.values = None;
        }
        changed = true;
    }
    let takes_values = takes_values(&requirement.operator);
    if takes_values || requirement.values.is_some() {
        changed |= form::comma_list(ui, "Values", &mut requirement.values, None);
    }
    changed
}
