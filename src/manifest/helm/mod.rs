//! A Helm chart from a design: `Chart.yaml`, commented `values.yaml`, `values.schema.json`, one
//! template per exported object, `_helpers.tpl` and `NOTES.txt`. Pure: returns paths and contents;
//! [`crate::io`] writes them.
//!
//! With the default values, `helm template` renders exactly the objects of the plain YAML export,
//! plus the standard labels `helm.sh/chart`, `app.kubernetes.io/managed-by` and
//! `app.kubernetes.io/instance` in each object's own metadata (never in selectors or pod labels,
//! so Service and NetworkPolicy selectors keep matching).

mod environments;
mod extract;
mod gateway;
mod template;
mod values;

pub use environments::chart_with_environments;
pub use extract::split_image;

use serde_json::{Value, json};

use super::export;
use super::yaml::{self, YamlError};
use crate::model::Model;
use values::Entry;

/// One file of a chart, relative to the folder the chart is written into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartFile {
    /// `<chart>/templates/…`, with `/` separators.
    pub path: String,
    pub contents: String,
}

/// Why a chart could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HelmError {
    #[error(
        "`{0}` is not a valid chart name: use lowercase letters, digits and dashes, starting with a letter (at most 53 characters)"
    )]
    ChartName(String),
    #[error("{object}: {error}")]
    Yaml { object: String, error: YamlError },
    #[error("{0}")]
    Environment(String),
}

/// The chart version written to `Chart.yaml`.
pub const CHART_VERSION: &str = "0.1.0";

/// Whether Helm accepts `name` as a chart name (and as a release name prefix).
#[must_use]
pub fn is_valid_chart_name(name: &str) -> bool {
    name.len() <= 53
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A valid chart name from a hint (a design file name, a namespace): lowercased, other
/// characters turned into dashes, leading non-letters dropped; `kubedraft` if nothing is left.
#[must_use]
pub fn chart_name_from(hint: &str) -> String {
    let mut name = String::new();
    for c in hint.chars().map(|c| c.to_ascii_lowercase()) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if (c == '-' && (name.is_empty() || name.ends_with('-')))
            || (name.is_empty() && !c.is_ascii_lowercase())
        {
            continue;
        }
        name.push(c);
    }
    name.truncate(53);
    let name = name.trim_end_matches('-').to_owned();
    if name.is_empty() {
        "kubedraft".to_owned()
    } else {
        name
    }
}

/// The default chart name: from the design file name if there is one, else the first namespace.
#[must_use]
pub fn default_chart_name(design_stem: Option<&str>, model: &Model) -> String {
    match design_stem {
        Some(stem) => chart_name_from(stem),
        None => chart_name_from(
            model
                .all_namespace_names()
                .first()
                .map_or("kubedraft", String::as_str),
        ),
    }
}

/// Everything a chart is made of, before it is written out.
struct Parts {
    templates: Vec<(String, String)>,
    values: Vec<Entry>,
    app_version: String,
    objects: Vec<String>,
}

fn parts(model: &Model, chart: &str) -> Result<Parts, HelmError> {
    let mut sections = extract::Sections::default();
    let mut templates = Vec::new();
    let mut objects = Vec::new();
    for (index, manifest) in export::manifests(model).into_iter().enumerate() {
        let file = export::split_file_name(index, &manifest);
        let object = describe(&manifest);
        let yaml_error = |error| HelmError::Yaml {
            object: object.clone(),
            error,
        };
        let plain = yaml::to_yaml(&manifest).map_err(yaml_error)?;
        let (value, placeholders) = sections.extract(manifest, &plain);
        let text = template::render(&value, &placeholders, chart).map_err(yaml_error)?;
        templates.push((file, text));
        objects.push(object);
    }
    let app_version = first_tag(&sections.workloads).unwrap_or_else(|| CHART_VERSION.to_owned());
    Ok(Parts {
        templates,
        values: values_entries(sections),
        app_version,
        objects,
    })
}

/// The values sections, in their fixed order.
fn values_entries(sections: extract::Sections) -> Vec<Entry> {
    let mut values = vec![
        Entry::branch(
            "workloads",
            Some("Per workload: replicas, and per container the image, resources and env.".into()),
            sections.workloads,
        ),
        Entry::branch(
            "services",
            Some("\nPer Service: type and ports.".into()),
            sections.services,
        ),
        Entry::branch(
            "ingresses",
            Some("\nPer Ingress: class, hosts and TLS.".into()),
            sections.ingresses,
        ),
    ];
    // The Gateway API sections only where the design has such objects, so that the charts of
    // other designs stay as they were.
    if !sections.gateways.is_empty() {
        values.push(Entry::branch(
            "gateways",
            Some("\nPer Gateway: class, and per listener its hostname.".into()),
            sections.gateways,
        ));
    }
    if !sections.http_routes.is_empty() {
        values.push(Entry::branch(
            "httpRoutes",
            Some("\nPer HTTPRoute: hostnames and backend weights.".into()),
            sections.http_routes,
        ));
    }
    values
}

fn describe(manifest: &Value) -> String {
    let field = |a: &str, b: &str| {
        manifest
            .get(a)
            .and_then(|v| if b.is_empty() { Some(v) } else { v.get(b) })
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let namespace = field("metadata", "namespace");
    let name = field("metadata", "name");
    if namespace.is_empty() {
        format!("{}/{name}", field("kind", ""))
    } else {
        format!("{}/{namespace}/{name}", field("kind", ""))
    }
}

/// The tag of the first container image, as the chart's `appVersion`.
fn first_tag(workloads: &[Entry]) -> Option<String> {
    let values = values::to_value(workloads);
    values.as_object()?.values().find_map(|workload| {
        ["initContainers", "containers"].iter().find_map(|field| {
            workload.get(field)?.as_object()?.values().find_map(|c| {
                let tag = c.get("image")?.get("tag")?.as_str()?;
                (!tag.is_empty()).then(|| tag.to_owned())
            })
        })
    })
}

const VALUES_HEADER: &str = "Values of the design's objects, exported by kubedraft. The defaults render the\n\
design exactly; values.schema.json lists what each key accepts.\n";

/// Only `values.yaml`, for teams with their own chart.
pub fn values_yaml(model: &Model) -> Result<String, HelmError> {
    let parts = parts(model, "kubedraft")?;
    render_values(&parts.values)
}

fn render_values(entries: &[Entry]) -> Result<String, HelmError> {
    values::to_yaml(VALUES_HEADER, entries).map_err(|error| HelmError::Yaml {
        object: "values.yaml".to_owned(),
        error,
    })
}

/// All files of the chart named `chart`, under `<chart>/`, in a stable order.
pub fn chart(model: &Model, chart: &str) -> Result<Vec<ChartFile>, HelmError> {
    if !is_valid_chart_name(chart) {
        return Err(HelmError::ChartName(chart.to_owned()));
    }
    let parts = parts(model, chart)?;
    assemble(parts, chart)
}

/// The chart's files from its parts.
fn assemble(parts: Parts, chart: &str) -> Result<Vec<ChartFile>, HelmError> {
    let chart_yaml = yaml::to_yaml(&json!({
        "apiVersion": "v2",
        "name": chart,
        "description": "Kubernetes objects of a kubedraft design.",
        "type": "application",
        "version": CHART_VERSION,
        "appVersion": parts.app_version,
    }))
    .map_err(|error| HelmError::Yaml {
        object: "Chart.yaml".to_owned(),
        error,
    })?;
    let mut schema = values::schema(&parts.values);
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "$schema".to_owned(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        map.insert("title".to_owned(), json!(format!("Values of {chart}")));
    }
    let schema_text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
    let file = |name: &str, contents: String| ChartFile {
        path: format!("{chart}/{name}"),
        contents,
    };
    // The flow helper only where a template uses it, so other charts stay as they were.
    let flow_call = format!("include \"{chart}.flow\"");
    let mut helpers_text = helpers(chart);
    if parts
        .templates
        .iter()
        .any(|(_, text)| text.contains(&flow_call))
    {
        helpers_text.push_str(&template::flow_helper(chart));
    }
    let mut files = vec![
        file("Chart.yaml", chart_yaml),
        file("values.yaml", render_values(&parts.values)?),
        file("values.schema.json", schema_text),
        file("templates/_helpers.tpl", helpers_text),
        file("templates/NOTES.txt", notes(&parts.objects)),
    ];
    files.extend(
        parts
            .templates
            .into_iter()
            .map(|(name, text)| file(&format!("templates/{name}"), text)),
    );
    Ok(files)
}

fn helpers(chart: &str) -> String {
    format!(
        r#"{{{{/* The chart label: name and version, as Helm's own charts write it. */}}}}
{{{{- define "{chart}.chart" -}}}}
{{{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}}}
{{{{- end }}}}

{{{{/* An image reference from {{repository, tag}} values; an empty tag leaves the repository as is. */}}}}
{{{{- define "{chart}.image" -}}}}
{{{{- if .tag -}}}}
{{{{- printf "%s:%s" .repository .tag | quote -}}}}
{{{{- else -}}}}
{{{{- .repository | quote -}}}}
{{{{- end -}}}}
{{{{- end }}}}
"#
    )
}

fn notes(objects: &[String]) -> String {
    let mut text = "{{ .Chart.Name }} {{ .Chart.Version }} is installed as release {{ .Release.Name }}.\n\nObjects:\n".to_owned();
    for object in objects {
        text.push_str("  ");
        text.push_str(&template::escape_literal(object));
        text.push('\n');
    }
    text.push_str("\nChange images, replicas, resources, env, Service types and ports, and Ingress hosts,\nclasses and TLS in values.yaml; values.schema.json says what each key accepts.\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_names_are_valid_and_derived() {
        assert!(is_valid_chart_name("web-tier"));
        for bad in ["Web", "1web", "web-", "", "web_tier", &"a".repeat(54)] {
            assert!(!is_valid_chart_name(bad), "{bad}");
        }
        assert_eq!(chart_name_from("Web Tier_v2"), "web-tier-v2");
        assert_eq!(chart_name_from("2024--shop"), "shop");
        assert_eq!(chart_name_from("___"), "kubedraft");
        assert!(is_valid_chart_name(&chart_name_from(&"x-".repeat(40))));
    }
}
