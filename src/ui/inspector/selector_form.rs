//! The form for a `metav1.LabelSelector`: `matchLabels` as key/value pairs and `matchExpressions` as
//! a list of requirements (key, operator, values), with the API server's objections at the field.

use egui::Ui;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};

use crate::model::validation::{
    OPERATORS, operator_takes_values, qualified_name_problem, requirement_problem,
};

use crate::ui::inspector::form;

/// Edits a label selector; `what` names its entries ("pod label", "namespace label").
pub fn label_selector(ui: &mut Ui, what: &str, selector: &mut LabelSelector) -> bool {
    let mut changed = form::optional_key_values(ui, what, &mut selector.match_labels);
    let noun = format!("{what} expression");
    let add_label = format!("Add {noun}");
    let spec = form::ListSpec::compact(&noun, &noun, &add_label);
    let expressions = selector.match_expressions.get_or_insert_with(Vec::new);
    let new_requirement = |_| LabelSelectorRequirement {
        key: String::new(),
        operator: "In".to_owned(),
        values: None,
    };
    changed |= form::list_editor(ui, &spec, expressions, new_requirement, requirement);
    if expressions.is_empty() {
        selector.match_expressions = None;
    }
    changed
}

/// One `matchExpressions` entry. Values are typed as one comma-separated line: label values cannot
/// hold commas.
fn requirement(ui: &mut Ui, requirement: &mut LabelSelectorRequirement) -> bool {
    let key_problem = if requirement.key.is_empty() {
        Some("a key is required".to_owned())
    } else {
        qualified_name_problem(&requirement.key)
    };
    let mut changed = form::text(
        ui,
        "Expression key",
        &mut requirement.key,
        key_problem.as_deref(),
    );
    let takes_values = operator_takes_values;
    if form::required_choice(ui, "Operator", &mut requirement.operator, &OPERATORS) {
        // Switching to Exists/DoesNotExist drops the values it would refuse.
        if !takes_values(&requirement.operator) {
            requirement.values = None;
        }
        changed = true;
    }
    let takes_values = takes_values(&requirement.operator);
    let problem = requirement_problem(requirement);
    if takes_values || requirement.values.is_some() {
        changed |= form::comma_list(ui, "Values", &mut requirement.values, problem.as_deref());
    } else {
        form::problem(ui, problem.as_deref());
    }
    changed
}
