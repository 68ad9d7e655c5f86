//! Which YAML files of a repository are Kubernetes manifests.
//!
//! A repository keeps more YAML than manifests: Helm values and `Chart.yaml`, kustomizations, CI
//! workflows, docs. Reading a folder skips those with one note each instead of failing on them,
//! while a file that looks like a manifest (a document with `apiVersion` and `kind`) is read as
//! one, so a broken manifest is still an error; so is a file that is not valid YAML at all (it
//! may be a broken manifest: nothing tells it is not).

use serde_json::Value;

use super::import;

/// The API group of Kustomize's own files (`Kustomization`, `Component`): configuration of a
/// build, not objects of a cluster.
const KUSTOMIZE_GROUP: &str = "kustomize.config.k8s.io/";

/// Whether a parsed document is (or means to be) a Kubernetes object: a mapping with a string
/// `kind` and an `apiVersion` (or `metadata`, so that a manifest that only lost its `apiVersion`
/// is still reported as broken). Kustomize's own files are not.
#[must_use]
pub fn looks_like_manifest(value: &Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let has_kind = map.get("kind").is_some_and(Value::is_string);
    let api_version = map.get("apiVersion").and_then(Value::as_str);
    if api_version.is_some_and(|v| v.starts_with(KUSTOMIZE_GROUP)) {
        return false;
    }
    has_kind && (map.contains_key("apiVersion") || map.contains_key("metadata"))
}

/// The lower-case file name and the parent folders of a path as written in messages.
fn name_and_folders(file: &str) -> (String, Vec<String>) {
    let normalized = file.replace('\\', "/");
    let mut parts: Vec<String> = normalized
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let name = parts.pop().unwrap_or_default();
    (name, parts)
}

/// Whether a file in a folder scan is a template of a Helm chart: it lies under a `templates`
/// folder and holds template actions (`{{ }}`). It is not a manifest until the chart is rendered.
#[must_use]
pub fn is_chart_template(file: &str, text: &str) -> bool {
    let (_, folders) = name_and_folders(file);
    folders.iter().any(|f| f == "templates") && text.contains("{{")
}

/// The note for a chart template met in a folder scan.
#[must_use]
pub fn template_note() -> String {
    "skipped: a Helm chart template (holds {{ }}), not a manifest until the chart is rendered; \
     open the chart folder (the one with Chart.yaml) to render it"
        .to_owned()
}

/// Why a file whose documents are no Kubernetes objects was skipped, with a guess at what it is
/// from its name and place.
#[must_use]
pub fn not_manifest_note(file: &str) -> String {
    let (name, folders) = name_and_folders(file);
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    let guess = if stem == "chart" {
        " (a Helm chart's Chart.yaml: open its folder to render the chart)"
    } else if stem.starts_with("values") {
        " (a Helm values file?)"
    } else if stem == "kustomization" {
        " (a Kustomize kustomization: open its folder to render it)"
    } else if folders.windows(2).any(|w| {
        w.first().is_some_and(|f| f == ".github")
            && w.get(1).is_some_and(|f| f == "workflows" || f == "actions")
    }) || stem == ".gitlab-ci"
        || stem == ".travis"
        || folders
            .iter()
            .any(|f| f == ".circleci" || f == ".buildkite")
    {
        " (a CI configuration?)"
    } else if folders.iter().any(|f| f == "docs" || f == "doc") || stem == "mkdocs" {
        " (documentation?)"
    } else {
        ""
    };
    format!("skipped: not a Kubernetes manifest: no document has apiVersion and kind{guess}")
}

/// The note for a file of Kustomize's own API group (a `Kustomization` or `Component`).
#[must_use]
pub fn kustomize_note() -> String {
    "skipped: a Kustomize file (kustomize.config.k8s.io), not a Kubernetes manifest; open its \
     folder to render it"
        .to_owned()
}

/// Whether the text declares Kustomize's API group (so its note says so).
#[must_use]
pub fn is_kustomize_text(text: &str) -> bool {
    text.contains(KUSTOMIZE_GROUP)
}

/// Reads a file met in a folder scan: like [`import::parse_manifests_with`], except that a file
/// none of whose documents is a Kubernetes object (a Helm values file, `Chart.yaml`, a
/// kustomization, a CI workflow, an empty file) and a Helm chart template give one note instead
/// of errors. A file with at least one document that looks like a manifest is read as manifests,
/// errors included.
#[must_use]
pub fn parse_folder_file(text: &str, file: &str, options: import::ReadOptions) -> import::Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let note = |message: String| import::Imported {
        notes: vec![import::ImportError {
            file: file.to_owned(),
            document: 0,
            line: 0,
            column: None,
            object: None,
            message,
        }],
        ..import::Imported::default()
    };
    if is_chart_template(file, text) {
        return note(template_note());
    }
    let documents = super::yaml::split_documents(text);
    let mut imported = import::Imported::default();
    if import::read_documents(&documents, file, options, &mut imported) > 0 {
        return imported;
    }
    if is_kustomize_text(text) {
        return note(kustomize_note());
    }
    if documents.is_empty() {
        return note("skipped: empty (or only comments)".to_owned());
    }
    note(not_manifest_note(file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_with_kind_and_api_version_are_manifests() {
        assert!(looks_like_manifest(
            &json!({"apiVersion": "v1", "kind": "Service"})
        ));
        // A manifest that lost its apiVersion is still one (reported as broken).
        assert!(looks_like_manifest(
            &json!({"kind": "Service", "metadata": {"name": "a"}})
        ));
        assert!(!looks_like_manifest(
            &json!({"apiVersion": "v2", "name": "shop"})
        ));
        assert!(!looks_like_manifest(&json!({"replicaCount": 1})));
        assert!(!looks_like_manifest(&json!(["a", "b"])));
        assert!(!looks_like_manifest(&json!({
            "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization"
        })));
    }

    #[test]
    fn notes_guess_what_a_file_is() {
        assert!(not_manifest_note("repo/chart/values-prod.yaml").contains("Helm values"));
        assert!(not_manifest_note("repo/chart/Chart.yaml").contains("Chart.yaml"));
        assert!(not_manifest_note("r/.github/workflows/ci.yml").contains("CI configuration"));
        assert!(not_manifest_note("r/kustomization.yaml").contains("Kustomize"));
        assert!(not_manifest_note("r/other.yaml").ends_with("apiVersion and kind"));
        assert!(is_chart_template(
            "c/templates/a.yaml",
            "name: {{ .Release.Name }}"
        ));
        assert!(!is_chart_template("c/templates/a.yaml", "name: a"));
        assert!(!is_chart_template("c/a.yaml", "{{ x }}"));
    }
}
