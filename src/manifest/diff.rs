//! The difference between two manifests as JSON patch operations (RFC 6902): what a Kustomize
//! overlay applies to the base, and which fields a chart must take into values.

use serde_json::{Value, json};

use crate::document::pointer;

/// One JSON patch operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Add(Vec<String>, Value),
    Replace(Vec<String>, Value),
    Remove(Vec<String>),
}

impl Op {
    /// The path the operation changes, as tokens.
    #[must_use]
    pub fn path(&self) -> &[String] {
        match self {
            Op::Add(path, _) | Op::Replace(path, _) | Op::Remove(path) => path,
        }
    }

    /// The operation as RFC 6902 JSON.
    #[must_use]
    pub fn to_json(&self) -> Value {
        match self {
            Op::Add(path, value) => {
                json!({"op": "add", "path": pointer::join(path), "value": value})
            }
            Op::Replace(path, value) => {
                json!({"op": "replace", "path": pointer::join(path), "value": value})
            }
            Op::Remove(path) => json!({"op": "remove", "path": pointer::join(path)}),
        }
    }
}

/// The operations that turn `from` into `to`: maps key by key (in key order), lists of equal
/// length item by item, anything else replaced whole. Deterministic; empty when equal.
#[must_use]
pub fn diff(from: &Value, to: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    walk(from, to, &mut Vec::new(), &mut ops);
    ops
}

fn walk(from: &Value, to: &Value, path: &mut Vec<String>, ops: &mut Vec<Op>) {
    if from == to {
        return;
    }
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                path.push(key.clone());
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => walk(x, y, path, ops),
                    (Some(_), None) => ops.push(Op::Remove(path.clone())),
                    (None, Some(y)) => ops.push(Op::Add(path.clone(), y.clone())),
                    (None, None) => {}
                }
                path.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(index.to_string());
                walk(x, y, path, ops);
                path.pop();
            }
        }
        _ => ops.push(Op::Replace(path.clone(), to.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies operations the way a JSON patch tool does (enough for the tests).
    fn apply(mut value: Value, ops: &[Op]) -> Value {
        for op in ops {
            let text = pointer::join(op.path());
            match op {
                Op::Add(_, v) | Op::Replace(_, v) => pointer::set(&mut value, &text, v),
                Op::Remove(_) => pointer::set(&mut value, &text, &Value::Null),
            }
            .expect("apply");
        }
        value
    }

    #[test]
    fn diff_applies_back() {
        let a = json!({"spec": {"replicas": 3, "list": [1, 2], "m": {"x": 1, "y": 2}}});
        let b = json!({"spec": {"replicas": 5, "list": [1, 2, 3], "m": {"x": 1, "z/w": 3}}});
        let ops = diff(&a, &b);
        assert_eq!(ops.len(), 4, "{ops:?}");
        assert_eq!(apply(a.clone(), &ops), b);
        assert!(diff(&a, &a).is_empty());
    }
}
