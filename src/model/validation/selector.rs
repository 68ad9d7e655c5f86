//! `matchExpressions` requirements: which operators exist and which take values.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};

use crate::model::Labels;
use crate::model::selector::{selector_is_empty, selector_matches};

/// The operators a `matchExpressions` entry may use.
pub const OPERATORS: [&str; 4] = ["In", "NotIn", "Exists", "DoesNotExist"];

/// Whether an operator compares against values (`In`, `NotIn`); the others test the key only.
#[must_use]
pub fn operator_takes_values(operator: &str) -> bool {
    matches!(operator, "In" | "NotIn")
}

/// Why the API server refuses a requirement's operator and values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequirementProblem {
    /// `In` or `NotIn` without values.
    NeedsValues,
    /// `Exists` or `DoesNotExist` with values.
    TakesNoValues,
    /// None of [`OPERATORS`].
    UnknownOperator,
}

impl RequirementProblem {
    /// The problem as it follows the operator's name: "`In` needs at least one value".
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            RequirementProblem::NeedsValues => "needs at least one value",
            RequirementProblem::TakesNoValues => "takes no values",
            RequirementProblem::UnknownOperator => "is not one of In, NotIn, Exists, DoesNotExist",
        }
    }
}

/// The problem of an operator with or without values, if the API server would refuse them.
#[must_use]
pub fn requirement_problem_of(operator: &str, has_values: bool) -> Option<RequirementProblem> {
    if !OPERATORS.contains(&operator) {
        Some(RequirementProblem::UnknownOperator)
    } else if operator_takes_values(operator) && !has_values {
        Some(RequirementProblem::NeedsValues)
    } else if !operator_takes_values(operator) && has_values {
        Some(RequirementProblem::TakesNoValues)
    } else {
        None
    }
}

/// Why the API server would reject one `matchExpressions` entry's operator and values, if it would:
/// `In`/`NotIn` need values, `Exists`/`DoesNotExist` take none.
#[must_use]
pub fn requirement_problem(requirement: &LabelSelectorRequirement) -> Option<String> {
    let has_values = requirement.values.as_ref().is_some_and(|v| !v.is_empty());
    let operator = requirement.operator.as_str();
    requirement_problem_of(operator, has_values).map(|problem| match problem {
        RequirementProblem::NeedsValues => format!("operator {operator} needs values"),
        RequirementProblem::TakesNoValues => format!("operator {operator} takes no values"),
        RequirementProblem::UnknownOperator => {
            format!("unknown operator {operator} (In, NotIn, Exists, DoesNotExist)")
        }
    })
}

/// What the API server refuses in a label selector's `matchExpressions`, each with the field it is
/// about below the selector (`matchExpressions[0].key`, `matchExpressions[1].values`).
#[must_use]
pub fn label_selector_problems(selector: &LabelSelector) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (i, requirement) in selector.match_expressions.iter().flatten().enumerate() {
        let at = format!("matchExpressions[{i}]");
        if requirement.key.is_empty() {
            problems.push((format!("{at}.key"), format!("{at} has no key")));
        } else if let Some(problem) = super::qualified_name_problem(&requirement.key) {
            problems.push((format!("{at}.key"), problem));
        }
        let has_values = requirement.values.as_ref().is_some_and(|v| !v.is_empty());
        if let Some(problem) = requirement_problem_of(&requirement.operator, has_values) {
            let field = if problem == RequirementProblem::UnknownOperator {
                "operator"
            } else {
                "values"
            };
            let described = requirement_problem(requirement).unwrap_or_default();
            let which = if requirement.key.is_empty() {
                at.clone()
            } else {
                format!("matchExpressions key {}", requirement.key)
            };
            problems.push((format!("{at}.{field}"), format!("{which}: {described}")));
        }
    }
    problems
}

/// Why the API server would refuse a workload's selector for its pod labels, if it would: it
/// must not be empty and must select the pod template's labels.
#[must_use]
pub fn workload_selector_problem(
    selector: &LabelSelector,
    pod_labels: &Labels,
) -> Option<&'static str> {
    if selector_is_empty(selector) {
        Some("a workload needs a non-empty selector")
    } else if !selector_matches(selector, pod_labels) {
        Some("the selector does not match the pod labels")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(operator: &str, values: Option<&[&str]>) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: "env".to_owned(),
            operator: operator.to_owned(),
            values: values.map(|v| v.iter().map(|s| (*s).to_owned()).collect()),
        }
    }

    #[test]
    fn requirement_problems_name_the_operator() {
        assert_eq!(
            requirement_problem(&expr("In", Some(&[]))).as_deref(),
            Some("operator In needs values")
        );
        assert_eq!(
            requirement_problem(&expr("NotIn", None)).as_deref(),
            Some("operator NotIn needs values")
        );
        assert_eq!(
            requirement_problem(&expr("Exists", Some(&["a"]))).as_deref(),
            Some("operator Exists takes no values")
        );
        assert_eq!(requirement_problem(&expr("DoesNotExist", None)), None);
        assert_eq!(requirement_problem(&expr("In", Some(&["a"]))), None);
        assert!(
            requirement_problem(&expr("Equals", Some(&["a"])))
                .is_some_and(|p| p.contains("unknown operator"))
        );
    }
}
