//! Label selector matching, as the API server does it.
//!
//! Two selector shapes exist in Kubernetes: the plain `map[string]string` of a Service (every pair must
//! be present) and `metav1.LabelSelector` with `matchLabels` and `matchExpressions`. Both are handled
//! here so that every part of the program agrees on what a selector selects.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};

/// Labels of one object, as Kubernetes stores them.
pub type Labels = BTreeMap<String, String>;

/// Whether a `metav1.LabelSelector` selects an object with `labels`.
///
/// An empty selector (`{}`) selects everything; a requirement with an unknown operator, or `In` /
/// `NotIn` without values, is invalid and selects nothing (the API server would reject the object,
/// which the rules report separately).
#[must_use]
pub fn selector_matches(selector: &LabelSelector, labels: &Labels) -> bool {
    let labels_match = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(key, value)| labels.get(key) == Some(value));
    labels_match
        && selector
            .match_expressions
            .iter()
            .flatten()
            .all(|requirement| requirement_matches(requirement, labels))
}

/// Whether one `matchExpressions` entry holds for `labels`.
#[must_use]
pub fn requirement_matches(requirement: &LabelSelectorRequirement, labels: &Labels) -> bool {
    let value = labels.get(&requirement.key);
    let values = requirement.values.as_deref().unwrap_or_default();
    match requirement.operator.as_str() {
        "In" => !values.is_empty() && value.is_some_and(|v| values.contains(v)),
        "NotIn" => !values.is_empty() && value.is_none_or(|v| !values.contains(v)),
        "Exists" => values.is_empty() && value.is_some(),
        "DoesNotExist" => values.is_empty() && value.is_none(),
        _ => false,
    }
}

/// Whether a Service-style selector (`map[string]string`) selects an object with `labels`.
///
/// An empty or missing map selects nothing: such a Service has no automatic endpoints.
#[must_use]
pub fn map_selector_matches(selector: &Labels, labels: &Labels) -> bool {
    !selector.is_empty()
        && selector
            .iter()
            .all(|(key, value)| labels.get(key) == Some(value))
}

/// Whether the selector is `{}` (selects every pod of its namespace).
#[must_use]
pub fn selector_is_empty(selector: &LabelSelector) -> bool {
    selector
        .match_labels
        .as_ref()
        .is_none_or(BTreeMap::is_empty)
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(Vec::is_empty)
}

/// A short human form of a selector: `app=web, tier in (a, b), !legacy`.
#[must_use]
pub fn describe_selector(selector: &LabelSelector) -> String {
    let mut parts: Vec<String> = selector
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for requirement in selector.match_expressions.iter().flatten() {
        let values = requirement.values.as_deref().unwrap_or_default().join(", ");
        parts.push(match requirement.operator.as_str() {
            "In" => format!("{} in ({values})", requirement.key),
            "NotIn" => format!("{} notin ({values})", requirement.key),
            "Exists" => requirement.key.clone(),
            "DoesNotExist" => format!("!{}", requirement.key),
            other => format!("{} {other} ({values})", requirement.key),
        });
    }
    if parts.is_empty() {
        "(all pods)".to_owned()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn expr(key: &str, operator: &str, values: Option<&[&str]>) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: key.to_owned(),
            operator: operator.to_owned(),
            values: values.map(|v| v.iter().map(|s| (*s).to_owned()).collect()),
        }
    }

    fn with_exprs(exprs: Vec<LabelSelectorRequirement>) -> LabelSelector {
        LabelSelector {
            match_expressions: Some(exprs),
            match_labels: None,
        }
    }

    #[test]
    fn match_labels_needs_every_pair() {
        let selector = LabelSelector {
            match_labels: Some(labels(&[("app", "web"), ("tier", "front")])),
            match_expressions: None,
        };
        assert!(selector_matches(
            &selector,
            &labels(&[("app", "web"), ("tier", "front"), ("x", "y")])
        ));
        assert!(!selector_matches(&selector, &labels(&[("app", "web")])));
        assert!(!selector_matches(
            &selector,
            &labels(&[("app", "web"), ("tier", "back")])
        ));
    }

    #[test]
    fn empty_selector_selects_everything() {
        let selector = LabelSelector::default();
        assert!(selector_is_empty(&selector));
        assert!(selector_matches(&selector, &Labels::new()));
        assert!(selector_matches(&selector, &labels(&[("a", "b")])));
        assert_eq!(describe_selector(&selector), "(all pods)");
    }

    #[test]
    fn in_operator() {
        let s = with_exprs(vec![expr("env", "In", Some(&["prod", "staging"]))]);
        assert!(selector_matches(&s, &labels(&[("env", "prod")])));
        assert!(!selector_matches(&s, &labels(&[("env", "dev")])));
        assert!(!selector_matches(&s, &Labels::new()));
        let no_values = with_exprs(vec![expr("env", "In", Some(&[]))]);
        assert!(!selector_matches(&no_values, &labels(&[("env", "prod")])));
    }

    #[test]
    fn not_in_operator_matches_missing_key() {
        let s = with_exprs(vec![expr("env", "NotIn", Some(&["prod"]))]);
        assert!(selector_matches(&s, &labels(&[("env", "dev")])));
        assert!(selector_matches(&s, &Labels::new()));
        assert!(!selector_matches(&s, &labels(&[("env", "prod")])));
    }

    #[test]
    fn exists_and_does_not_exist() {
        let exists = with_exprs(vec![expr("canary", "Exists", None)]);
        assert!(selector_matches(&exists, &labels(&[("canary", "")])));
        assert!(!selector_matches(&exists, &Labels::new()));
        let missing = with_exprs(vec![expr("canary", "DoesNotExist", None)]);
        assert!(selector_matches(&missing, &Labels::new()));
        assert!(!selector_matches(&missing, &labels(&[("canary", "1")])));
        // Exists with values is invalid and selects nothing.
        let invalid = with_exprs(vec![expr("canary", "Exists", Some(&["1"]))]);
        assert!(!selector_matches(&invalid, &labels(&[("canary", "1")])));
    }

    #[test]
    fn unknown_operator_selects_nothing() {
        let s = with_exprs(vec![expr("a", "Equals", Some(&["b"]))]);
        assert!(!selector_matches(&s, &labels(&[("a", "b")])));
    }

    #[test]
    fn labels_and_expressions_are_anded() {
        let s = LabelSelector {
            match_labels: Some(labels(&[("app", "db")])),
            match_expressions: Some(vec![expr("role", "In", Some(&["primary"]))]),
        };
        assert!(selector_matches(
            &s,
            &labels(&[("app", "db"), ("role", "primary")])
        ));
        assert!(!selector_matches(
            &s,
            &labels(&[("app", "db"), ("role", "replica")])
        ));
        assert!(!selector_matches(
            &s,
            &labels(&[("app", "web"), ("role", "primary")])
        ));
        assert_eq!(describe_selector(&s), "app=db, role in (primary)");
    }

    #[test]
    fn service_selector_needs_pairs() {
        assert!(!map_selector_matches(
            &Labels::new(),
            &labels(&[("app", "web")])
        ));
        assert!(map_selector_matches(
            &labels(&[("app", "web")]),
            &labels(&[("app", "web"), ("v", "1")])
        ));
        assert!(!map_selector_matches(
            &labels(&[("app", "web")]),
            &labels(&[("app", "wbe")])
        ));
    }
}
