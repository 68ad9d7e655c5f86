//! K8S-API-004 `invalid-label-or-annotation`: a label or annotation key or value is not valid syntax.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-004",
    name: "invalid-label-or-annotation",
    severity: RuleSeverity::Error,
    kinds: "All (labels, annotations, Service.spec.selector)",
    summary: "a label or annotation key or value is not valid syntax",
    docs: r#"## What it does

Label keys are qualified names: optional DNS-subdomain prefix (<=253) + "/" + name (<=63, [A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]). Label values <=63, empty or alnum-bounded with [-_.] inside. Annotation keys follow the key rule; all annotations together <=256 KiB.

## Why is this bad?

The API server rejects objects with invalid label keys or values, and selectors with invalid keys.

## Example

`app: my web` (space) or a key `-bad` is rejected.

```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
  labels:
    app: my web
data:
  LOG_LEVEL: info
```

## Use instead

Keys: optional DNS prefix, `/`, then up to 63 characters `[A-Za-z0-9._-]` starting and ending alphanumeric. Values: up to 63 such characters, or empty.

```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
  labels:
    app: my-web
data:
  LOG_LEVEL: info
```

## Fix

There is no automatic fix.

Source: [MV] IsQualifiedName, IsValidLabelValue, ValidateLabels; [CV] ValidateAnnotations (TotalAnnotationSizeLimitB); [D] overview/working-with-objects/labels#syntax-and-character-set"#,
    peers: Peers {
        kube_score: &["~label-values"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use crate::model::Labels;
use crate::model::validation::{is_label_value, qualified_name_problem};

/// Total size limit of all annotations of an object.
const ANNOTATIONS_LIMIT: usize = 256 * 1024;

fn check_labels(
    out: &mut Findings,
    id: ObjectId,
    field: &str,
    labels: Option<&Labels>,
    values: bool,
) {
    for (key, value) in labels.into_iter().flatten() {
        if let Some(problem) = qualified_name_problem(key) {
            out.report(id, field, problem);
        }
        if values && !is_label_value(value) {
            out.report(
                id,
                format!("{field}.{key}"),
                format!("label value `{value}` is invalid: at most 63 letters, digits, '-', '_', '.', starting and ending with a letter or digit"),
            );
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in &ctx.objects {
        let meta = object.metadata();
        check_labels(out, id, "metadata.labels", meta.labels.as_ref(), true);
        check_labels(
            out,
            id,
            "metadata.annotations",
            meta.annotations.as_ref(),
            false,
        );
        let size: usize = meta
            .annotations
            .iter()
            .flatten()
            .map(|(k, v)| k.len() + v.len())
            .sum();
        if size > ANNOTATIONS_LIMIT {
            out.report(
                id,
                "metadata.annotations",
                format!("annotations total {size} bytes, more than the 256 KiB limit"),
            );
        }
        if let Some(template) = object.pod_template() {
            let labels = template.metadata.as_ref().and_then(|m| m.labels.as_ref());
            let path = crate::rules::context::pod_spec_path(object).trim_end_matches(".spec");
            check_labels(out, id, &format!("{path}.metadata.labels"), labels, true);
        }
        let selector = match object.resource() {
            Resource::Service(s) => s.spec.as_ref().and_then(|s| s.selector.as_ref()),
            _ => None,
        };
        check_labels(out, id, "spec.selector", selector, true);
        let label_selector = match object.resource() {
            Resource::Deployment(o) => o.spec.as_ref().map(|s| &s.selector),
            Resource::StatefulSet(o) => o.spec.as_ref().map(|s| &s.selector),
            _ => None,
        };
        if let Some(selector) = label_selector {
            check_labels(
                out,
                id,
                "spec.selector.matchLabels",
                selector.match_labels.as_ref(),
                true,
            );
        }
    }
}
