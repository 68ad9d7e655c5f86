//! The values tree of a chart: what `values.yaml` holds, with comments, and the JSON schema that
//! `helm lint` checks it against. Both come from one tree so they cannot disagree.

use serde_json::{Map, Value, json};

use crate::manifest::yaml::{self, YamlError};

/// One key of the values tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    /// Written as `# …` lines above the key.
    pub comment: Option<String>,
    pub node: Node,
}

/// A leaf value with its schema, or a map of further entries.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Leaf { value: Value, schema: Value },
    Branch(Vec<Entry>),
}

impl Entry {
    /// A leaf entry.
    #[must_use]
    pub fn leaf(key: &str, comment: Option<String>, value: Value, schema: Value) -> Self {
        Entry {
            key: key.to_owned(),
            comment,
            node: Node::Leaf { value, schema },
        }
    }

    /// A map entry.
    #[must_use]
    pub fn branch(key: &str, comment: Option<String>, children: Vec<Entry>) -> Self {
        Entry {
            key: key.to_owned(),
            comment,
            node: Node::Branch(children),
        }
    }
}

/// The plain values (what Helm reads from `values.yaml`).
#[must_use]
pub fn to_value(entries: &[Entry]) -> Value {
    Value::Object(
        entries
            .iter()
            .map(|entry| {
                let value = match &entry.node {
                    Node::Leaf { value, .. } => value.clone(),
                    Node::Branch(children) => to_value(children),
                };
                (entry.key.clone(), value)
            })
            .collect(),
    )
}

/// The JSON schema of a map of entries: every key required, no other keys allowed, so a typo in
/// an override fails `helm lint` instead of being ignored.
#[must_use]
pub fn schema(entries: &[Entry]) -> Value {
    let mut properties = Map::new();
    for entry in entries {
        let schema = match &entry.node {
            Node::Leaf { schema, .. } => schema.clone(),
            Node::Branch(children) => schema(children),
        };
        properties.insert(entry.key.clone(), schema);
    }
    let required: Vec<Value> = entries
        .iter()
        .map(|e| Value::String(e.key.clone()))
        .collect();
    // Built by moving the parts in: `json!` would serialize `properties` into a new value at
    // every level, copying each subtree once per level above it (three quarters of the time of
    // a 10,000-object chart export).
    let mut object = Map::new();
    object.insert("type".to_owned(), Value::String("object".to_owned()));
    object.insert("properties".to_owned(), Value::Object(properties));
    object.insert("required".to_owned(), Value::Array(required));
    object.insert("additionalProperties".to_owned(), Value::Bool(false));
    Value::Object(object)
}

/// `values.yaml` text: entries in order, comments above their keys, every scalar quoted where a
/// YAML 1.1 reader would misread it.
pub fn to_yaml(header: &str, entries: &[Entry]) -> Result<String, YamlError> {
    let mut out = String::new();
    for line in header.lines() {
        push_comment(&mut out, "", line);
    }
    emit(entries, 0, &mut out)?;
    Ok(out)
}

/// A `# …` line; an empty comment line is a blank line, to separate sections.
fn push_comment(out: &mut String, pad: &str, line: &str) {
    if line.is_empty() {
        out.push('\n');
        return;
    }
    out.push_str(pad);
    out.push_str("# ");
    out.push_str(line);
    out.push('\n');
}

fn emit(entries: &[Entry], indent: usize, out: &mut String) -> Result<(), YamlError> {
    let pad = " ".repeat(indent);
    for entry in entries {
        if let Some(comment) = &entry.comment {
            for line in comment.lines() {
                push_comment(out, &pad, line);
            }
        }
        match &entry.node {
            Node::Branch(children) if !children.is_empty() => {
                out.push_str(&pad);
                out.push_str(&key_text(&entry.key)?);
                out.push_str(":\n");
                emit(children, indent + 2, out)?;
            }
            node => {
                let value = match node {
                    Node::Leaf { value, .. } => value.clone(),
                    Node::Branch(_) => json!({}),
                };
                let mut single = Map::new();
                single.insert(entry.key.clone(), value);
                let text = yaml::to_yaml(&Value::Object(single))?;
                for line in text.lines() {
                    // Empty lines stay empty: inside a block scalar, spaces would become content.
                    if !line.is_empty() {
                        out.push_str(&pad);
                    }
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    Ok(())
}

/// A mapping key as YAML: plain or quoted as the emitter writes a lone string, but never as a
/// block scalar (`>-`, `|`), which a long or wide string becomes and which cannot be a key; then
/// JSON's double-quoted form, which YAML reads the same.
fn key_text(key: &str) -> Result<String, YamlError> {
    let text = yaml::to_yaml(&Value::String(key.to_owned()))?;
    let text = text.trim_end();
    if text.contains('\n') || text.starts_with('>') || text.starts_with('|') {
        return serde_json::to_string(key).map_err(|error| YamlError {
            line: None,
            column: None,
            message: error.to_string(),
        });
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::yaml::{parse_document, split_documents};

    #[test]
    fn a_long_or_wide_branch_key_stays_a_key() {
        let wide = format!("cedr{}ic", "\u{fffd}".repeat(90));
        let long = "k".repeat(300);
        for key in [wide, long, "line\nbreak".to_owned()] {
            let entries = vec![Entry::branch(
                &key,
                None,
                vec![Entry::leaf("replicas", None, json!(1), json!({}))],
            )];
            let text = to_yaml("", &entries).expect("yaml");
            let documents = split_documents(&text);
            let value = parse_document(&documents[0]).expect("reads back");
            assert_eq!(value[key.as_str()]["replicas"], json!(1), "{text}");
        }
    }

    #[test]
    fn yaml_reads_back_as_the_values_and_keeps_comments() {
        let entries = vec![
            Entry::branch(
                "workloads",
                Some("Workloads".to_owned()),
                vec![Entry::branch(
                    "no",
                    None,
                    vec![
                        Entry::leaf("replicas", Some("Pods".to_owned()), json!(3), json!({})),
                        Entry::leaf("tag", None, json!("0755"), json!({})),
                        Entry::leaf(
                            "env",
                            None,
                            json!([{"name": "A", "value": "line one\n\nline three\n"}]),
                            json!({}),
                        ),
                    ],
                )],
            ),
            Entry::branch("services", None, vec![]),
        ];
        let text = to_yaml("Header", &entries).expect("yaml");
        assert!(
            text.starts_with("# Header\n# Workloads\nworkloads:\n"),
            "{text}"
        );
        assert!(text.contains("    # Pods\n    replicas: 3\n"), "{text}");
        let docs = split_documents(&text);
        let [doc] = docs.as_slice() else {
            panic!("{text}")
        };
        assert_eq!(parse_document(doc).expect("parse"), to_value(&entries));
    }

    #[test]
    fn schema_requires_every_key_and_no_other() {
        let entries = vec![Entry::leaf("a", None, json!(1), json!({"type": "integer"}))];
        assert_eq!(
            schema(&entries),
            json!({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"], "additionalProperties": false})
        );
    }
}
