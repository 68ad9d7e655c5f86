//! YAML text in and out, through serde (serde-saphyr).
//!
//! Reading splits a stream at its `---` / `...` markers first, so that one broken document does not
//! stop the others and every document knows the line it starts on. Writing orders keys the way
//! Kubernetes users read them and quotes every string that YAML 1.1 (kubectl, Helm) would read as
//! something else.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};
use serde_json::Value;

mod split;
pub use split::{RawDocument, split_documents};

/// A YAML syntax or value error, with its position in the whole file (1-based).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
}

/// How deeply mappings and lists may nest in a YAML document (the parser's default, which
/// protects the stack).
pub const MAX_YAML_NESTING: usize = 64;

/// How deeply mappings and lists may nest in a JSON document: as deep as YAML, so that every
/// object import accepts exports to YAML that reads back (`serde_json` alone would read 128
/// levels, and a 100-level JSON object exported to YAML was refused when read again). The deepest
/// value import accepts, so the design file format must read at least this deep.
pub const MAX_JSON_NESTING: usize = MAX_YAML_NESTING;

/// The fewest values (mappings, lists, scalars) a document may hold, whatever its size: room for
/// the aliases of small documents. 250,000 let a 4 KB alias bomb build a quarter of a million
/// values before it was refused (0.65 s in the fuzz build, a timeout under load); documents
/// without aliases never come near it, since twice the size is always allowed.
const MIN_NODE_BUDGET: usize = 50_000;

/// The value budget for a document of `bytes` bytes. Every value the text spells out takes at
/// least one byte (`[a,b]`, `a:` with an empty value), so twice the size admits every document
/// without aliases, however large: a 130,000-key ConfigMap (1.5 MB) that the API server accepts
/// was refused by a fixed 250,000 values. Aliases count each time they are used, so an alias blow-up
/// ("billion laughs") is still refused, after at most a constant times the input's own size.
fn node_budget(bytes: usize) -> usize {
    bytes.saturating_mul(2).max(MIN_NODE_BUDGET)
}

fn parse_options(bytes: usize) -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // kubectl reads YAML 1.1: `0755` is octal there.
    options.legacy_octal_numbers = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_YAML_NESTING;
    budget.max_nodes = node_budget(bytes);
    // A mapping or list is two events (start and end), a scalar one.
    budget.max_events = budget.max_events.max(budget.max_nodes.saturating_mul(2));
    options.budget = Some(budget);
    options
}

/// The error inside the parser's wrappers (source snippet, alias locations).
fn innermost(error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    let mut error = error;
    loop {
        match error {
            serde_saphyr::Error::WithSnippet { error: inner, .. }
            | serde_saphyr::Error::AliasError { error: inner, .. } => error = inner,
            other => return other,
        }
    }
}

/// The parser's message for limits and duplicate keys names its own types (`budget breached:
/// Nodes { nodes: 250001 }`, `set DuplicateKeyPolicy in Options`): these are said in plain words
/// with the limit that applied. `None` for the messages that read well as they are.
fn plain_message(error: &serde_saphyr::Error, bytes: usize) -> Option<String> {
    use serde_saphyr::budget::BudgetBreach;
    match innermost(error) {
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => Some(key.as_ref().map_or_else(
            || "duplicate key in a mapping".to_owned(),
            |key| format!("duplicate key `{key}`"),
        )),
        serde_saphyr::Error::Budget { breach, .. } => Some(match breach {
            BudgetBreach::Depth { .. } => {
                format!("nesting deeper than {MAX_YAML_NESTING} levels")
            }
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => format!(
                "more than {} values in one document (each use of an alias counts again)",
                node_budget(bytes)
            ),
            BudgetBreach::Aliases { .. }
            | BudgetBreach::AliasAnchorRatio { .. }
            | BudgetBreach::RecordedAnchorEvents { .. }
            | BudgetBreach::RecordedAnchorBytes { .. } => {
                "too many uses of aliases (`*name`): the document would expand beyond what can be \
                 read safely"
                    .to_owned()
            }
            BudgetBreach::Anchors { .. } => "too many anchors (`&name`) in one document".to_owned(),
            BudgetBreach::MergeKeys { .. } => {
                "too many merge keys (`<<`) in one document".to_owned()
            }
            BudgetBreach::ScalarBytes { .. } => {
                "more than 64 MiB of text in one document".to_owned()
            }
            _ => "the document is beyond what can be read safely (size, nesting or aliases)"
                .to_owned(),
        }),
        _ => None,
    }
}

/// Where JSON text first nests deeper than `limit` (1-based line and column of the opening
/// bracket), or `None`. Brackets inside strings do not count.
fn json_too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        column += 1;
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => {
                depth += 1;
                if depth > limit {
                    return Some((line, column));
                }
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            '\n' => {
                line += 1;
                column = 0;
            }
            _ => {}
        }
    }
    None
}

/// Parses one document into a plain value. Line numbers in the error count from `first_line`.
pub fn parse_document(document: &RawDocument<'_>) -> Result<Value, YamlError> {
    let trimmed = document.text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        // JSON (a `.json` file or `kubectl get -o json` output): read exactly as JSON first.
        let parsed = serde_json::from_str::<Value>(&document.text);
        let too_deep = match &parsed {
            Ok(_) => true,
            Err(error) => error.to_string().starts_with("recursion limit exceeded"),
        };
        // Valid JSON deeper than the limit (whether `serde_json` read it or not): the error
        // points at the first bracket past the limit.
        if too_deep && let Some((line, column)) = json_too_deep(&document.text, MAX_JSON_NESTING) {
            let offset = document.first_line.saturating_sub(1);
            return Err(YamlError {
                line: u64::try_from(line + offset).ok(),
                column: u64::try_from(column).ok(),
                message: format!("nesting deeper than {MAX_JSON_NESTING} levels"),
            });
        }
        if let Ok(value) = parsed {
            return Ok(value);
        }
    }
    let bytes = document.text.len();
    serde_saphyr::from_str_with_options::<Value>(&document.text, parse_options(bytes)).map_err(
        |error| {
            let location = error.location();
            let offset = u64::try_from(document.first_line)
                .unwrap_or(1)
                .saturating_sub(1);
            YamlError {
                line: location.map(|l| l.line() + offset),
                column: location.map(|l| l.column()),
                message: plain_message(&error, bytes).unwrap_or_else(|| {
                    without_position(&first_line_of(&error.without_snippet().to_string()))
                }),
            }
        },
    )
}

fn first_line_of(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

/// The parser's message without its ` at line N, column M`: that position counts within the
/// document, while the error names the position in the file (a second one would contradict it).
fn without_position(message: &str) -> String {
    const MARKER: &str = " at line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(MARKER) {
        let after = rest.get(start + MARKER.len()..).unwrap_or_default();
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line = digits(after);
        let tail = after.get(line..).unwrap_or_default();
        let position_len = tail
            .strip_prefix(", column ")
            .map(|column| line + ", column ".len() + digits(column))
            .filter(|_| line > 0);
        out.push_str(rest.get(..start).unwrap_or_default());
        match position_len {
            Some(len) if len > line + ", column ".len() => {
                rest = after.get(len..).unwrap_or_default();
            }
            _ => {
                out.push_str(MARKER);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod position_tests {
    use super::without_position;

    #[test]
    fn the_document_relative_position_is_removed() {
        assert_eq!(
            without_position("unclosed bracket '[' at line 4, column 18"),
            "unclosed bracket '['"
        );
        assert_eq!(
            without_position("bad at line 2, column 6: more"),
            "bad: more"
        );
        assert_eq!(
            without_position("a key at line of fire"),
            "a key at line of fire"
        );
    }
}

/// Preferred position of well-known keys; the rest follow alphabetically.
fn key_rank(key: &str) -> u8 {
    match key {
        "apiVersion" => 0,
        "kind" => 1,
        "metadata" => 2,
        "name" => 3,
        "namespace" => 4,
        "spec" => 5,
        _ => 10,
    }
}

/// Serialises a value with keys in the order Kubernetes users expect.
struct Ordered<'a>(&'a Value);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort_by(|a, b| (key_rank(a), *a).cmp(&(key_rank(b), *b)));
                let mut out = serializer.serialize_map(Some(keys.len()))?;
                for key in keys {
                    if let Some(value) = map.get(key) {
                        out.serialize_entry(key, &Ordered(value))?;
                    }
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Ordered(item))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

fn emit_options() -> serde_saphyr::SerializerOptions {
    serde_saphyr::SerializerOptions::default()
}

/// Writes one value as a YAML document (without a `---` marker).
pub fn to_yaml(value: &Value) -> Result<String, YamlError> {
    serde_saphyr::to_string_with_options(&Ordered(value), emit_options()).map_err(|error| {
        YamlError {
            line: None,
            column: None,
            message: error.to_string(),
        }
    })
}

/// Writes values as one multi-document YAML stream, each document introduced by `---`.
pub fn to_yaml_stream(values: &[Value]) -> Result<String, YamlError> {
    let mut out = String::new();
    for value in values {
        out.push_str("---\n");
        let text = to_yaml(value)?;
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_come_in_kubernetes_order() {
        let value = json!({"spec": {"b": 1, "name": "x"}, "kind": "K", "metadata": {"name": "n"}, "apiVersion": "v1"});
        let text = to_yaml(&value).expect("yaml");
        let keys: Vec<&str> = text
            .lines()
            .map(|l| l.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(
            keys,
            vec![
                "apiVersion",
                "kind",
                "metadata",
                "  name",
                "spec",
                "  name",
                "  b"
            ]
        );
    }

    /// Strings that YAML 1.1 readers (kubectl, Helm) take for booleans, numbers or null.
    const HOSTILE: [&str; 16] = [
        "no",
        "on",
        "off",
        "yes",
        "y",
        "n",
        "true",
        "0755",
        "1e3",
        "null",
        "~",
        "",
        "{{ .Values.x }}",
        "line one\nline two\n",
        "- dash",
        "key: value",
    ];

    #[test]
    fn hostile_strings_read_back_as_strings() {
        for hostile in HOSTILE {
            let value = json!({"v": hostile});
            let text = to_yaml(&value).expect("yaml");
            let docs = split_documents(&text);
            let [doc] = docs.as_slice() else {
                panic!("one document expected for {hostile:?}: {text}")
            };
            let back = parse_document(doc).expect("parse");
            assert_eq!(back, value, "{hostile:?} was written as {text:?}");
            // A YAML 1.1 reader sees a plain scalar as a bool/number/null; the value must be quoted
            // (or a block scalar) unless it is plainly a string in both YAML versions.
            let written = text.trim_start_matches("v:").trim();
            if !hostile.contains('\n') {
                assert!(
                    written.starts_with('"') || written.starts_with('\''),
                    "{hostile:?} written bare: {text}"
                );
            }
        }
    }
}
