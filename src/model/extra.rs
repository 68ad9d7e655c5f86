//! Fields of a manifest that the typed Kubernetes objects do not hold.
//!
//! Import reads each object twice in effect: once into its `k8s-openapi` type, once as a plain value.
//! What the plain value has and the typed object does not write back (a field from a newer API version,
//! a typo the API server would reject, an explicit `null`) is kept here, aligned by map key and by list
//! element `name`, so that export writes it back and an edit of the typed object never loses it.

use std::collections::BTreeMap;

use serde_json::Value;

/// Unknown fields of one value, shaped like the value itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Extra {
    /// A whole subtree the typed object does not know.
    Whole(Value),
    /// Unknown fields inside a map, by key.
    Map(BTreeMap<String, Extra>),
    /// Unknown fields inside list elements that carry a unique `name`.
    ListByName(BTreeMap<String, Extra>),
    /// Unknown fields inside list elements without names, by position.
    ListByIndex(BTreeMap<usize, Extra>),
    /// A field the source did not have, which the typed object writes with this empty value: a
    /// required field read as its default (`k8s-openapi` reads a container without `name` as
    /// `name: ""`). Export leaves it out again while it still holds that value, so what was read is
    /// what is written; once edited to something else, it is written.
    Absent(Value),
}

impl Extra {
    /// What `raw` has that `typed` (the typed object written back as a value) lacks; `None` if nothing.
    ///
    /// Where both hold a scalar that differs (the typed object normalised it), the typed one wins:
    /// it is what the user edits.
    #[must_use]
    pub fn between(raw: &Value, typed: &Value) -> Option<Extra> {
        if raw == typed {
            return None;
        }
        match (raw, typed) {
            (Value::Object(raw_map), Value::Object(typed_map)) => {
                let mut fields = BTreeMap::new();
                for (key, raw_value) in raw_map {
                    let extra = match typed_map.get(key) {
                        None => Some(Extra::Whole(raw_value.clone())),
                        Some(typed_value) => Extra::between(raw_value, typed_value),
                    };
                    if let Some(extra) = extra {
                        fields.insert(key.clone(), extra);
                    }
                }
                // Only empty values: an absent optional field is never written by the typed object,
                // so anything else it adds is a default it filled in, which is not worth hiding.
                for (key, typed_value) in typed_map {
                    if !raw_map.contains_key(key) && is_empty_value(typed_value) {
                        fields.insert(key.clone(), Extra::Absent(typed_value.clone()));
                    }
                }
                (!fields.is_empty()).then_some(Extra::Map(fields))
            }
            (Value::Array(raw_items), Value::Array(typed_items)) => {
                list_extra(raw_items, typed_items)
            }
            _ => None,
        }
    }

    /// Whether this holds fields the source had and the typed object lacks (not only fields the
    /// source lacked).
    #[must_use]
    pub fn has_unknown_fields(&self) -> bool {
        match self {
            Extra::Whole(_) => true,
            Extra::Absent(_) => false,
            Extra::Map(fields) | Extra::ListByName(fields) => {
                fields.values().any(Extra::has_unknown_fields)
            }
            Extra::ListByIndex(items) => items.values().any(Extra::has_unknown_fields),
        }
    }

    /// Writes the unknown fields back into `value` (the typed object as a value). Fields the typed
    /// object now sets itself are left as they are.
    pub fn merge_into(&self, value: &mut Value) {
        match (self, value) {
            (Extra::Map(fields), Value::Object(map)) => {
                for (key, extra) in fields {
                    match (extra, map.get_mut(key)) {
                        (Extra::Whole(raw), None) => {
                            map.insert(key.clone(), raw.clone());
                        }
                        (Extra::Absent(empty), Some(current)) => {
                            if current == empty {
                                map.remove(key);
                            }
                        }
                        (_, Some(inner)) => extra.merge_into(inner),
                        (_, None) => {}
                    }
                }
            }
            (Extra::ListByName(by_name), Value::Array(items)) => {
                for item in items {
                    if let Some(extra) = element_name(item).and_then(|name| by_name.get(name)) {
                        extra.merge_into(item);
                    }
                }
            }
            (Extra::ListByIndex(by_index), Value::Array(items)) => {
                for (index, item) in items.iter_mut().enumerate() {
                    if let Some(extra) = by_index.get(&index) {
                        extra.merge_into(item);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `""`, `0`, `false`, `[]` or `{}`: what a typed object writes for a required field it lacked.
fn is_empty_value(value: &Value) -> bool {
    match value {
        Value::String(text) => text.is_empty(),
        Value::Number(number) => number.as_i64() == Some(0),
        Value::Bool(flag) => !flag,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::Null => false,
    }
}

fn element_name(item: &Value) -> Option<&str> {
    item.get("name").and_then(Value::as_str)
}

/// Names of all elements, if every element has a `name` and no two share one.
fn unique_names(items: &[Value]) -> Option<Vec<&str>> {
    let names: Vec<&str> = items.iter().map(element_name).collect::<Option<_>>()?;
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    (sorted.len() == names.len()).then_some(names)
}

fn list_extra(raw_items: &[Value], typed_items: &[Value]) -> Option<Extra> {
    if let (Some(raw_names), Some(_)) = (unique_names(raw_items), unique_names(typed_items)) {
        let mut by_name = BTreeMap::new();
        for (name, raw_item) in raw_names.into_iter().zip(raw_items) {
            let typed_item = typed_items
                .iter()
                .find(|item| element_name(item) == Some(name));
            if let Some(extra) =
                typed_item.and_then(|typed_item| Extra::between(raw_item, typed_item))
            {
                by_name.insert(name.to_owned(), extra);
            }
        }
        return (!by_name.is_empty()).then_some(Extra::ListByName(by_name));
    }
    let mut by_index = BTreeMap::new();
    for (index, (raw_item, typed_item)) in raw_items.iter().zip(typed_items).enumerate() {
        if let Some(extra) = Extra::between(raw_item, typed_item) {
            by_index.insert(index, extra);
        }
    }
    (!by_index.is_empty()).then_some(Extra::ListByIndex(by_index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_values_have_no_extra() {
        let v = json!({"a": 1, "b": [1, 2]});
        assert_eq!(Extra::between(&v, &v), None);
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let raw = json!({"spec": {"replicas": 3, "futureField": {"x": true}}, "odd": null});
        let typed = json!({"spec": {"replicas": 3}});
        let extra = Extra::between(&raw, &typed).expect("extra");
        let mut merged = typed.clone();
        extra.merge_into(&mut merged);
        assert_eq!(merged, raw);
    }

    #[test]
    fn named_list_elements_keep_their_fields_after_reordering() {
        let raw = json!({"containers": [{"name": "a", "x": 1}, {"name": "b", "y": 2}]});
        let typed = json!({"containers": [{"name": "a"}, {"name": "b"}]});
        let extra = Extra::between(&raw, &typed).expect("extra");
        // The user reorders the containers and removes "a": "b" keeps its unknown field.
        let mut edited = json!({"containers": [{"name": "b"}, {"name": "c"}]});
        extra.merge_into(&mut edited);
        assert_eq!(
            edited,
            json!({"containers": [{"name": "b", "y": 2}, {"name": "c"}]})
        );
    }

    #[test]
    fn typed_value_wins_over_stale_extra() {
        let raw = json!({"spec": {"odd": null}});
        let typed = json!({"spec": {}});
        let extra = Extra::between(&raw, &typed).expect("extra");
        let mut edited = json!({"spec": {"odd": 5}});
        extra.merge_into(&mut edited);
        assert_eq!(edited, json!({"spec": {"odd": 5}}));
    }

    #[test]
    fn fields_the_source_lacked_stay_absent_until_edited() {
        // A trimmed Pod: its container has no name; the typed object writes `name: ""`.
        let raw = json!({"containers": [{"image": "nginx"}]});
        let typed = json!({"containers": [{"image": "nginx", "name": ""}]});
        let extra = Extra::between(&raw, &typed).expect("extra");
        let mut merged = typed.clone();
        extra.merge_into(&mut merged);
        assert_eq!(merged, raw);
        // Once the user names the container, the name is written.
        let mut named = json!({"containers": [{"image": "nginx", "name": "web"}]});
        extra.merge_into(&mut named);
        assert_eq!(
            named,
            json!({"containers": [{"image": "nginx", "name": "web"}]})
        );
        // A non-empty value the typed object adds is not a placeholder: kept.
        let filled = json!({"containers": [{"image": "nginx", "name": "", "x": 1}]});
        let extra = Extra::between(&raw, &filled).expect("extra");
        let mut merged = filled.clone();
        extra.merge_into(&mut merged);
        assert_eq!(merged, json!({"containers": [{"image": "nginx", "x": 1}]}));
    }

    #[test]
    fn unnamed_lists_align_by_index() {
        let raw = json!([{"a": 1, "z": 0}, {"a": 2}]);
        let typed = json!([{"a": 1}, {"a": 2}]);
        let extra = Extra::between(&raw, &typed).expect("extra");
        let mut merged = typed.clone();
        extra.merge_into(&mut merged);
        assert_eq!(merged, raw);
    }
}
