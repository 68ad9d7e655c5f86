//! The Gateway API values of a chart: per Gateway its class and the hostname of each listener,
//! per HTTPRoute its hostnames and the weights of its backends. Like the other sections, each
//! value holds what the plain export has, so the default values render it exactly.

use serde_json::{Map, Value, json};

use super::extract::{path, string, with};
use super::template::{Action, Placeholders, Step};
use super::values::Entry;

/// The values of one Gateway (`gateways.KEY`).
pub fn gateway(value: &mut Value, key: &str, placeholders: &mut Placeholders) -> Vec<Entry> {
    let base = path(&["gateways", key]);
    let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    entries.extend(string(
        spec,
        "gatewayClassName",
        "GatewayClass of the Gateway.",
        json!({"type": "string", "minLength": 1}),
        &with(&base, &["gatewayClassName"]),
        placeholders,
    ));
    let mut listeners = Vec::new();
    if let Some(Value::Array(list)) = spec.get_mut("listeners") {
        for listener in list.iter_mut().filter_map(Value::as_object_mut) {
            let Some(name) = listener
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                continue;
            };
            // Listener names are unique in a valid Gateway; a repeated one keeps its literal.
            if name.is_empty() || listeners.iter().any(|e: &Entry| e.key == name) {
                continue;
            }
            let children: Vec<Entry> = string(
                listener,
                "hostname",
                "Hostname the listener serves (empty: every hostname).",
                json!({"type": "string"}),
                &with(&base, &["listeners", &name, "hostname"]),
                placeholders,
            )
            .into_iter()
            .collect();
            listeners.push(Entry::branch(&name, None, children));
        }
    }
    if !listeners.is_empty() {
        entries.push(Entry::branch(
            "listeners",
            Some("Listeners, by name.".to_owned()),
            listeners,
        ));
    }
    entries
}

/// The values of one HTTPRoute (`httpRoutes.KEY`).
pub fn http_route(value: &mut Value, key: &str, placeholders: &mut Placeholders) -> Vec<Entry> {
    let base = path(&["httpRoutes", key]);
    let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut hostnames = Vec::new();
    if let Some(Value::Array(list)) = spec.get_mut("hostnames") {
        for item in list.iter_mut() {
            if let Value::String(host) = item.clone() {
                let mut host_path = with(&base, &["hostnames"]);
                host_path.push(Step::Index(hostnames.len()));
                *item = Value::String(placeholders.token(Action::Quote(host_path)));
                hostnames.push(Value::String(host));
            }
        }
    }
    let count = hostnames.len();
    entries.push(Entry::leaf(
        "hostnames",
        Some("Hostnames the route serves, in order.".to_owned()),
        Value::Array(hostnames),
        json!({"type": "array", "items": {"type": "string", "minLength": 1},
               "minItems": count, "maxItems": count}),
    ));
    if let Some(entry) = backend_weights(spec, &base, placeholders) {
        entries.push(entry);
    }
    entries
}

/// The weights the route's rules set, per rule in order (rules and backends without a weight
/// keep their literal form, so a weight is never added where the export has none).
fn backend_weights(
    spec: &mut Map<String, Value>,
    base: &[Step],
    placeholders: &mut Placeholders,
) -> Option<Entry> {
    let Some(Value::Array(rules)) = spec.get_mut("rules") else {
        return None;
    };
    let mut per_rule = Vec::new();
    let mut described = Vec::new();
    for (rule_index, rule) in rules.iter_mut().enumerate() {
        let mut weights = Vec::new();
        let mut names = Vec::new();
        if let Some(Value::Array(backends)) = rule.get_mut("backendRefs") {
            for backend in backends.iter_mut().filter_map(Value::as_object_mut) {
                let Some(weight) = backend.get("weight").filter(|w| w.is_i64()).cloned() else {
                    continue;
                };
                let mut weight_path = with(base, &["backendWeights"]);
                weight_path.push(Step::Index(rule_index));
                weight_path.push(Step::Index(weights.len()));
                backend.insert(
                    "weight".to_owned(),
                    Value::String(placeholders.token(Action::Scalar(weight_path))),
                );
                weights.push(weight);
                names.push(
                    backend
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
        }
        if !names.is_empty() {
            described.push(format!("rule {rule_index}: {}", names.join(", ")));
        }
        per_rule.push(weights);
    }
    if described.is_empty() {
        return None;
    }
    let items: Vec<Value> = per_rule
        .iter()
        .map(|weights| {
            json!({"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 1_000_000},
                   "minItems": weights.len(), "maxItems": weights.len()})
        })
        .collect();
    let rules = per_rule.len();
    Some(Entry::leaf(
        "backendWeights",
        Some(format!(
            "Per rule, the weights its backendRefs set, in order ({}).",
            described.join("; ")
        )),
        Value::Array(per_rule.into_iter().map(Value::Array).collect()),
        // Draft 07, as `values.schema.json` declares: a tuple is `items` as a list.
        json!({"type": "array", "items": items, "additionalItems": false,
               "minItems": rules, "maxItems": rules}),
    ))
}
