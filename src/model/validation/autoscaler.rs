//! HorizontalPodAutoscaler validity: the scale target, the replica range and the metric targets,
//! as the API server validates them (`pkg/apis/autoscaling/validation`) and as the autoscaler
//! controller needs them to act.

use k8s_openapi::api::autoscaling::v2::{MetricSpec, MetricTarget};

use super::{NameSyntax, parse_quantity, quantity_problem, scale_target_problem};

/// The metric source types of `autoscaling/v2`.
pub const METRIC_TYPES: [&str; 5] = [
    "Resource",
    "Pods",
    "Object",
    "External",
    "ContainerResource",
];

/// The target types a resource metric may use (a raw `Value` is for the other sources).
pub const RESOURCE_TARGET_TYPES: [&str; 2] = ["Utilization", "AverageValue"];

/// What is wrong with a `scaleTargetRef`, each with its field below it (`kind`, `name`). Whether
/// the target exists is a question about the design, not about the reference.
#[must_use]
pub fn scale_target_ref_problems(kind: &str, name: &str) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if kind.is_empty() {
        problems.push((
            "kind".to_owned(),
            "scaleTargetRef.kind is required: pick the kind of workload to scale".to_owned(),
        ));
    } else if let Some(problem) = scale_target_problem(kind) {
        problems.push(("kind".to_owned(), problem));
    }
    if name.is_empty() {
        problems.push((
            "name".to_owned(),
            "scaleTargetRef.name is required: pick the workload to scale".to_owned(),
        ));
    } else if let Some(problem) = NameSyntax::PathSegment.problem(name) {
        problems.push(("name".to_owned(), format!("scaleTargetRef.name: {problem}")));
    }
    problems
}

/// What is wrong with the replica range, each with its field (`minReplicas`, `maxReplicas`). A
/// missing `minReplicas` is 1.
#[must_use]
pub fn replica_range_problems(min: Option<i32>, max: i32) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if let Some(min) = min.filter(|min| *min < 1) {
        problems.push((
            "minReplicas".to_owned(),
            format!(
                "minReplicas is {min}; it must be at least 1 (0 only behind the HPAScaleToZero feature gate)"
            ),
        ));
    }
    if max < 1 {
        problems.push((
            "maxReplicas".to_owned(),
            format!("maxReplicas is {max}; it must be at least 1"),
        ));
    } else if let Some(min) = min.filter(|min| *min > max) {
        // The API server reports it at maxReplicas ("must be greater than or equal to
        // `minReplicas`"): the range is empty, whichever end was typed last.
        problems.push((
            "maxReplicas".to_owned(),
            format!("maxReplicas {max} is below minReplicas {min}: raise it or lower minReplicas"),
        ));
    }
    problems
}

/// What is wrong with the metrics, each with its field below `metrics` (`[0].type`,
/// `[0].resource.target.averageUtilization`).
#[must_use]
pub fn metrics_problems(metrics: &[MetricSpec]) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (i, metric) in metrics.iter().enumerate() {
        let at = format!("[{i}]");
        let kind = metric.type_.as_str();
        if !METRIC_TYPES.contains(&kind) {
            problems.push((
                format!("{at}.type"),
                format!(
                    "metric type `{kind}` is not one of {}",
                    METRIC_TYPES.join(", ")
                ),
            ));
            continue;
        }
        let source = match kind {
            "Resource" => metric.resource.as_ref().map(|r| (&r.name, &r.target)),
            "ContainerResource" => metric
                .container_resource
                .as_ref()
                .map(|r| (&r.name, &r.target)),
            "Pods" => metric.pods.as_ref().map(|p| (&p.metric.name, &p.target)),
            "Object" => metric.object.as_ref().map(|o| (&o.metric.name, &o.target)),
            _ => metric
                .external
                .as_ref()
                .map(|e| (&e.metric.name, &e.target)),
        };
        let field = lower_first(kind);
        let Some((name, target)) = source else {
            problems.push((
                format!("{at}.{field}"),
                format!("a {kind} metric needs its `{field}` source"),
            ));
            continue;
        };
        if name.is_empty() {
            problems.push((
                format!("{at}.{field}.name"),
                format!("the {kind} metric needs a name (e.g. cpu)"),
            ));
        }
        let resource = matches!(kind, "Resource" | "ContainerResource");
        for (below, problem) in target_problems(target, resource) {
            problems.push((format!("{at}.{field}.target{below}"), problem));
        }
    }
    problems
}

/// Why a target utilization (`averageUtilization`, `autoscaling/v1`'s
/// `targetCPUUtilizationPercentage`, named by `field`) is refused: it is a percentage above 0.
#[must_use]
pub fn utilization_problem(field: &str, percent: i32) -> Option<String> {
    (percent < 1).then(|| format!("{field} is {percent}; it must be at least 1 (percent)"))
}

/// `Resource` → `resource`: the field that holds a metric source of that type.
fn lower_first(kind: &str) -> String {
    let mut chars = kind.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// What is wrong with a metric target, each with its field below `target` (empty for the
/// target itself, `.averageUtilization`). A resource metric targets a utilization or an average value only.
fn target_problems(target: &MetricTarget, resource: bool) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let kind = target.type_.as_str();
    let allowed: &[&str] = if resource {
        &RESOURCE_TARGET_TYPES
    } else {
        &["Utilization", "Value", "AverageValue"]
    };
    if !allowed.contains(&kind) {
        problems.push((
            ".type".to_owned(),
            format!(
                "target type `{kind}` is not one of {} for this metric",
                allowed.join(", ")
            ),
        ));
    }
    match (kind, target.average_utilization) {
        ("Utilization", None) => problems.push((
            ".averageUtilization".to_owned(),
            "a Utilization target needs averageUtilization (percent of the pods' requests, e.g. 80)"
                .to_owned(),
        )),
        (_, Some(percent)) => {
            if let Some(problem) = utilization_problem("averageUtilization", percent) {
                problems.push((".averageUtilization".to_owned(), problem));
            }
        }
        _ => {}
    }
    for (field, value, needed) in [
        (
            "averageValue",
            &target.average_value,
            kind == "AverageValue",
        ),
        ("value", &target.value, kind == "Value"),
    ] {
        match value.as_ref().map(|q| q.0.as_str()) {
            None if needed => problems.push((
                format!(".{field}"),
                format!("the {kind} target needs {field} (e.g. 500m)"),
            )),
            None => {}
            Some(text) => {
                if let Some(problem) = quantity_problem(text) {
                    problems.push((format!(".{field}"), format!("{field} `{text}`: {problem}")));
                } else if parse_quantity(text).is_some_and(|v| v <= 0.0) {
                    problems.push((
                        format!(".{field}"),
                        format!("{field} `{text}` must be positive"),
                    ));
                }
            }
        }
    }
    if resource && target.average_utilization.is_some() && target.average_value.is_some() {
        problems.push((
            ".averageValue".to_owned(),
            "a resource metric may not set both averageValue and averageUtilization".to_owned(),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::autoscaling::v2::ResourceMetricSource;
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

    use super::*;

    fn fields(problems: &[(String, String)]) -> Vec<&str> {
        problems.iter().map(|(field, _)| field.as_str()).collect()
    }

    fn cpu(target: MetricTarget) -> MetricSpec {
        MetricSpec {
            type_: "Resource".to_owned(),
            resource: Some(ResourceMetricSource {
                name: "cpu".to_owned(),
                target,
            }),
            ..MetricSpec::default()
        }
    }

    #[test]
    fn the_target_must_be_named_and_scalable() {
        assert!(scale_target_ref_problems("Deployment", "web").is_empty());
        assert_eq!(fields(&scale_target_ref_problems("", "")), ["kind", "name"]);
        let problems = scale_target_ref_problems("DaemonSet", "agent");
        assert_eq!(fields(&problems), ["kind"]);
        assert!(
            problems[0].1.contains("a DaemonSet has none"),
            "{problems:?}"
        );
        assert_eq!(
            fields(&scale_target_ref_problems("Deployment", "a/b")),
            ["name"]
        );
    }

    #[test]
    fn the_range_needs_max_at_least_min_and_one() {
        assert!(replica_range_problems(None, 1).is_empty());
        assert!(replica_range_problems(Some(3), 3).is_empty());
        assert_eq!(fields(&replica_range_problems(Some(4), 3)), ["maxReplicas"]);
        assert_eq!(fields(&replica_range_problems(None, 0)), ["maxReplicas"]);
        assert_eq!(fields(&replica_range_problems(Some(0), 5)), ["minReplicas"]);
    }

    #[test]
    fn metric_targets_need_the_value_their_type_names() {
        let good = cpu(MetricTarget {
            type_: "Utilization".to_owned(),
            average_utilization: Some(80),
            ..MetricTarget::default()
        });
        assert!(metrics_problems(&[good]).is_empty());
        let no_percent = cpu(MetricTarget {
            type_: "Utilization".to_owned(),
            ..MetricTarget::default()
        });
        let zero = cpu(MetricTarget {
            type_: "Utilization".to_owned(),
            average_utilization: Some(0),
            ..MetricTarget::default()
        });
        let bad_value = cpu(MetricTarget {
            type_: "AverageValue".to_owned(),
            average_value: Some(Quantity("lots".to_owned())),
            ..MetricTarget::default()
        });
        let raw_value = cpu(MetricTarget {
            type_: "Value".to_owned(),
            value: Some(Quantity("1".to_owned())),
            ..MetricTarget::default()
        });
        assert_eq!(
            fields(&metrics_problems(&[no_percent, zero, bad_value, raw_value])),
            [
                "[0].resource.target.averageUtilization",
                "[1].resource.target.averageUtilization",
                "[2].resource.target.averageValue",
                "[3].resource.target.type",
            ]
        );
        let unknown = MetricSpec {
            type_: "Magic".to_owned(),
            ..MetricSpec::default()
        };
        let no_source = MetricSpec {
            type_: "Pods".to_owned(),
            ..MetricSpec::default()
        };
        assert_eq!(
            fields(&metrics_problems(&[unknown, no_source])),
            ["[0].type", "[1].pods"]
        );
    }
}
