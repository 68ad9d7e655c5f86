//! One object into one Helm template.
//!
//! The object is written as plain YAML with unique placeholder tokens where values go; then every
//! `{{` of the literal text is escaped (so Helm prints it instead of running it), and each token is
//! replaced by its template action. Literal strings keep the quoting of the plain export, and
//! values go through `quote` or `toYaml`, so hostile strings survive both ways.

use std::fmt::Write as _;

use serde_json::Value;

use crate::manifest::yaml::{self, YamlError};

/// One step of a path into the values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// How a placeholder becomes template text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A string value, written with `quote`.
    Quote(Vec<Step>),
    /// A number or boolean, written with `toYaml`.
    Scalar(Vec<Step>),
    /// A map or list under its key, written with `toYaml | nindent`.
    Block(Vec<Step>),
    /// Like `Block`, but the key is left out while the value is empty (the field was absent).
    OptionalBlock(Vec<Step>),
    /// A map or list that holds a string `toYaml` cannot write ([`breaks_to_yaml`]), written
    /// as flow YAML by the chart's `flow` helper ([`flow_helper`]), every string through `quote`.
    FlowBlock(Vec<Step>),
    /// Like `Quote`, but the key is left out while the value is empty (the field was absent).
    OptionalQuote(Vec<Step>),
    /// An image reference from `repository` and `tag` values.
    Image(Vec<Step>),
    /// The standard Helm labels (those the object does not set itself), in a labels map.
    Labels(Vec<&'static str>),
}

/// An object with placeholders, and what each placeholder stands for.
#[derive(Clone, Debug, Default)]
pub struct Placeholders {
    prefix: String,
    pub actions: Vec<(String, Action)>,
}

impl Placeholders {
    /// Placeholders for an object whose plain YAML is `plain`: the token prefix is chosen so it
    /// occurs nowhere in the object.
    #[must_use]
    pub fn for_text(plain: &str) -> Self {
        let mut prefix = "kdhelmsub".to_owned();
        while plain.contains(&prefix) {
            prefix.push('q');
        }
        Placeholders {
            prefix,
            actions: Vec::new(),
        }
    }

    /// Whether `text` is (or starts with) one of these placeholders' tokens.
    #[must_use]
    pub fn is_token(&self, text: &str) -> bool {
        text.starts_with(&self.prefix)
    }

    /// A new token standing for `action`. Tokens are plain YAML scalars and valid map keys; the
    /// trailing `z` keeps `…1z` from matching inside `…10z`.
    pub fn token(&mut self, action: Action) -> String {
        let token = format!("{}{}z", self.prefix, self.actions.len());
        self.actions.push((token.clone(), action));
        token
    }
}

/// A Go template string literal.
fn go_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `c` is outside YAML's printable set while JSON writes it raw: DEL, the C1 controls
/// but NEL, U+FFFE and U+FFFF. Helm's `toYaml` goes through JSON and reads that back as YAML,
/// which refuses such a character; `toYaml` then yields nothing, and a container's whole `env:`
/// was rendered empty for one such value. (Other controls JSON escapes, so they pass.)
fn is_raw_unprintable(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether a value holds a string (or key) Helm's `toYaml` cannot write.
#[must_use]
pub fn breaks_to_yaml(value: &Value) -> bool {
    let unprintable = |s: &str| s.chars().any(is_raw_unprintable);
    match value {
        Value::String(s) => unprintable(s),
        Value::Array(items) => items.iter().any(breaks_to_yaml),
        Value::Object(map) => map
            .iter()
            .any(|(key, value)| unprintable(key) || breaks_to_yaml(value)),
        _ => false,
    }
}

/// The `flow` helper of a chart named `chart`: a value as one line of flow YAML, maps with
/// sorted keys, strings through `quote` (Go's quoting escapes what YAML cannot hold raw, as
/// `\x7f`, `\u009f`, `\ufffe`, all YAML escapes too), numbers, booleans and null as JSON.
#[must_use]
pub fn flow_helper(chart: &str) -> String {
    FLOW_HELPER.replace("CHART", chart)
}

/// [`flow_helper`] with `CHART` for the chart name.
const FLOW_HELPER: &str = r#"
{{/* A value as flow YAML with every string quoted: for values toYaml cannot write. */}}
{{- define "CHART.flow" -}}
{{- if kindIs "map" . -}}
{ {{- range $i, $k := keys . | sortAlpha }}{{ if $i }}, {{ end }}{{ $k | quote }}: {{ include "CHART.flow" (get $ $k) }}{{ end -}} }
{{- else if kindIs "slice" . -}}
[ {{- range $i, $v := . }}{{ if $i }}, {{ end }}{{ include "CHART.flow" $v }}{{ end -}} ]
{{- else if kindIs "string" . -}}
{{ . | quote }}
{{- else -}}
{{ toJson . }}
{{- end -}}
{{- end }}
"#;

/// `(index .Values "a" "b" 0)`: `index` accepts any key, where `.Values.a-b` would not parse.
#[must_use]
pub fn values_expression(path: &[Step]) -> String {
    let mut out = "(index .Values".to_owned();
    for step in path {
        out.push(' ');
        match step {
            Step::Key(key) => out.push_str(&go_string(key)),
            Step::Index(index) => out.push_str(&index.to_string()),
        }
    }
    out.push(')');
    out
}

/// Text that Helm prints unchanged: every `{{` becomes an action printing `{{`.
#[must_use]
pub fn escape_literal(text: &str) -> String {
    text.replace("{{", "{{ \"{{\" }}")
}

/// The template text of an object holding the placeholders.
pub fn render(
    value: &Value,
    placeholders: &Placeholders,
    chart: &str,
) -> Result<String, YamlError> {
    let mut text = escape_literal(&yaml::to_yaml(value)?);
    for (token, action) in &placeholders.actions {
        text = substitute(&text, token, action, chart);
    }
    Ok(text)
}

fn substitute(text: &str, token: &str, action: &Action, chart: &str) -> String {
    match action {
        Action::Quote(path) => text.replacen(
            token,
            &format!("{{{{ {} | quote }}}}", values_expression(path)),
            1,
        ),
        Action::Scalar(path) => text.replacen(
            token,
            &format!("{{{{ {} | toYaml }}}}", values_expression(path)),
            1,
        ),
        Action::Image(path) => text.replacen(
            token,
            &format!(
                "{{{{ include {} {} }}}}",
                go_string(&format!("{chart}.image")),
                values_expression(path)
            ),
            1,
        ),
        Action::Block(_)
        | Action::OptionalBlock(_)
        | Action::FlowBlock(_)
        | Action::OptionalQuote(_)
        | Action::Labels(_) => {
            let mut out = String::with_capacity(text.len() + 128);
            for line in text.split_inclusive('\n') {
                match line.find(token) {
                    Some(at) => out.push_str(&line_action(line, at, action, chart)),
                    None => out.push_str(line),
                }
            }
            out
        }
    }
}

/// The replacement of a whole `key: TOKEN` line (or `TOKEN: ""` line for labels).
fn line_action(line: &str, at: usize, action: &Action, chart: &str) -> String {
    let before = line.get(..at).unwrap_or_default();
    let indent = before.len() - before.trim_start().len();
    // A key that opens a list item (`- key: …`) sits two columns right of the dash.
    let key_column = if before.trim_start().starts_with("- ") {
        indent + 2
    } else {
        indent
    };
    let prefix = before.trim_end();
    let child = key_column + 2;
    match action {
        Action::Block(path) => format!(
            "{prefix}{{{{ toYaml {} | nindent {child} }}}}\n",
            values_expression(path)
        ),
        Action::OptionalBlock(path) => format!(
            "{{{{- with {} }}}}\n{prefix}{{{{ toYaml . | nindent {child} }}}}\n{{{{- end }}}}\n",
            values_expression(path)
        ),
        Action::FlowBlock(path) => format!(
            "{prefix} {{{{ include {} {} }}}}\n",
            go_string(&format!("{chart}.flow")),
            values_expression(path)
        ),
        Action::OptionalQuote(path) => format!(
            "{{{{- with {} }}}}\n{prefix} {{{{ . | quote }}}}\n{{{{- end }}}}\n",
            values_expression(path)
        ),
        Action::Labels(labels) => {
            let pad = " ".repeat(indent);
            let mut out = String::new();
            for label in labels {
                let _ = writeln!(out, "{pad}{label}: {}", label_value(label, chart));
            }
            out
        }
        Action::Quote(_) | Action::Scalar(_) | Action::Image(_) => line.to_owned(),
    }
}

/// The standard labels Helm charts add, and the template of each.
pub const STANDARD_LABELS: [&str; 3] = [
    "app.kubernetes.io/instance",
    "app.kubernetes.io/managed-by",
    "helm.sh/chart",
];

fn label_value(label: &str, chart: &str) -> String {
    match label {
        "app.kubernetes.io/instance" => "{{ .Release.Name | quote }}".to_owned(),
        "app.kubernetes.io/managed-by" => "{{ .Release.Service | quote }}".to_owned(),
        _ => format!(
            "{{{{ include {} . | quote }}}}",
            go_string(&format!("{chart}.chart"))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_go_string_literals() {
        assert_eq!(
            values_expression(&[
                Step::Key("workloads".into()),
                Step::Key("a\"b\\c".into()),
                Step::Index(2)
            ]),
            r#"(index .Values "workloads" "a\"b\\c" 2)"#
        );
    }

    #[test]
    fn literal_braces_are_escaped() {
        assert_eq!(
            escape_literal("x: '{{ .Values.x }}'"),
            r#"x: '{{ "{{" }} .Values.x }}'"#
        );
    }

    #[test]
    fn the_prefix_avoids_the_objects_own_text() {
        let mut placeholders = Placeholders::for_text("name: kdhelmsub0z");
        let token = placeholders.token(Action::Quote(vec![]));
        assert_eq!(token, "kdhelmsubq0z");
    }

    #[test]
    fn block_lines_keep_their_indentation() {
        let line = "  - name: x\n";
        let replaced = line_action(
            "    env: tok\n",
            9,
            &Action::Block(vec![Step::Key("e".into())]),
            "c",
        );
        assert_eq!(
            replaced,
            "    env:{{ toYaml (index .Values \"e\") | nindent 6 }}\n"
        );
        assert_eq!(line_action(line, 10, &Action::Quote(vec![]), "c"), line);
    }
}
