//! A chart for a design with environments: one set of templates, `values.yaml` rendering the
//! base, and per environment a `values-<env>.yaml` holding only what differs from it, so that
//! `helm template CHART -f values-<env>.yaml` renders exactly the plain export of the environment.
//!
//! The templates are made from every object of any environment (the base's version where the
//! base has it). Fields the chart already takes into values (replicas, images, resources, …)
//! differ through those values. Any other field some environment changes is taken into the
//! section `overrides`, per object (`Kind/namespace/name`) and JSON pointer; an object that is
//! not everywhere is wrapped in a switch of the section `enabled`. A design without environments
//! gets the chart it always got.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::extract::Sections;
use super::template::{self, Action, Placeholders, Step};
use super::values::{self, Entry, Node};
use super::{ChartFile, HelmError, Parts, assemble, chart, describe, first_tag, values_entries};
use crate::document::{Document, pointer};
use crate::manifest::{diff, export, yaml};
use crate::model::Model;

type Identity = (String, String, String, String);

/// An [`Action`] variant, waiting for its values path.
type MakeAction = fn(Vec<Step>) -> Action;

fn identity(manifest: &Value) -> Identity {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    let metadata = manifest.get("metadata");
    (
        text(manifest.get("apiVersion")),
        text(manifest.get("kind")),
        text(metadata.and_then(|m| m.get("namespace"))),
        text(metadata.and_then(|m| m.get("name"))),
    )
}

fn env_error(message: String) -> HelmError {
    HelmError::Environment(message)
}

/// One field taken into `overrides`: where it is, and the value an environment without it gets.
struct Generic {
    path: Vec<String>,
    empty: Option<Value>,
}

/// What the chart knows of one object beyond the plain chart.
struct Plan {
    key: String,
    generics: Vec<Generic>,
}

/// The chart named `chart` of `document`, with a `values-<env>.yaml` per environment.
// One pass over the objects that fills templates, values and plans together reads best whole.
#[allow(clippy::too_many_lines)]
pub fn chart_with_environments(
    document: &Document,
    chart_name: &str,
) -> Result<Vec<ChartFile>, HelmError> {
    let base = document
        .effective(None)
        .map_err(|e| env_error(e.to_string()))?;
    if document.environments.list.is_empty() {
        return chart(&base.model, chart_name);
    }
    if !super::is_valid_chart_name(chart_name) {
        return Err(HelmError::ChartName(chart_name.to_owned()));
    }
    let names = document.environments.names();
    let mut effective = vec![base];
    for name in &names {
        effective.push(
            document
                .effective(Some(name))
                .map_err(|e| env_error(e.to_string()))?,
        );
    }
    // Variant 0 is the base, then the environments in order.
    let variants: Vec<BTreeMap<Identity, Value>> = effective
        .iter()
        .map(|doc| {
            export::manifests(&doc.model)
                .into_iter()
                .map(|m| (identity(&m), m))
                .collect()
        })
        .collect();
    let union = union_model(document, &effective);
    let union_manifests = export::manifests(&union);
    let mut sections = Sections::default();
    let mut templates = Vec::new();
    let mut objects = Vec::new();
    let mut enabled = Vec::new();
    let mut overrides = Vec::new();
    let mut plans = Vec::new();
    for (index, manifest) in union_manifests.iter().enumerate() {
        let object = describe(manifest);
        let yaml_error = |error| HelmError::Yaml {
            object: object.clone(),
            error,
        };
        let plain = yaml::to_yaml(manifest).map_err(yaml_error)?;
        let (mut value, mut placeholders) = sections.extract(manifest.clone(), &plain);
        let id = identity(manifest);
        let present: Vec<Option<&Value>> = variants.iter().map(|v| v.get(&id)).collect();
        let (generics, entries) =
            take_generics(manifest, &present, &mut value, &mut placeholders, &object)?;
        if !entries.is_empty() {
            overrides.push(Entry::branch(&object, None, entries));
        }
        let mut text = template::render(&value, &placeholders, chart_name).map_err(yaml_error)?;
        if present.iter().any(Option::is_none) {
            let switch = [Step::Key("enabled".into()), Step::Key(object.clone())];
            text = format!(
                "{{{{- if {} }}}}\n{text}{{{{- end }}}}\n",
                template::values_expression(&switch)
            );
            let in_base = present.first().is_some_and(Option::is_some);
            enabled.push(Entry::leaf(
                &object,
                None,
                json!(in_base),
                json!({"type": "boolean"}),
            ));
        }
        templates.push((export::split_file_name(index, manifest), text));
        objects.push(object.clone());
        plans.push(Plan {
            key: object,
            generics,
        });
    }
    let app_version =
        first_tag(&sections.workloads).unwrap_or_else(|| super::CHART_VERSION.to_owned());
    let mut entries = values_entries(sections);
    push_sections(&mut entries, enabled, overrides);
    let mut env_files = Vec::new();
    for (position, name) in names.iter().enumerate() {
        let variant = variants.get(position + 1).cloned().unwrap_or_default();
        let tree = variant_values(&union_manifests, &plans, &variant)?;
        let difference = diff_entries(&entries, &tree)?;
        let text = if difference.is_empty() {
            "{}\n".to_owned()
        } else {
            yaml::to_yaml(&Value::Object(difference)).map_err(|error| HelmError::Yaml {
                object: format!("values-{name}.yaml"),
                error,
            })?
        };
        env_files.push(ChartFile {
            path: format!("{chart_name}/values-{name}.yaml"),
            contents: format!(
                "# Environment `{name}`: only what differs from values.yaml.\n# helm template {chart_name} -f values-{name}.yaml\n{text}"
            ),
        });
    }
    let mut files = assemble(
        Parts {
            templates,
            values: entries,
            app_version,
            objects,
        },
        chart_name,
    )?;
    // Beside values.yaml, in environment order.
    let at = files
        .iter()
        .position(|f| f.path.ends_with("/values.yaml"))
        .map_or(0, |p| p + 1);
    for (offset, file) in env_files.into_iter().enumerate() {
        files.insert(at + offset, file);
    }
    Ok(files)
}

fn push_sections(entries: &mut Vec<Entry>, enabled: Vec<Entry>, overrides: Vec<Entry>) {
    if !enabled.is_empty() {
        entries.push(Entry::branch(
            "enabled",
            Some("\nPer object that is not in every environment: whether it is rendered.".into()),
            enabled,
        ));
    }
    if !overrides.is_empty() {
        entries.push(Entry::branch(
            "overrides",
            Some("\nPer object, fields environments change, by JSON pointer.".into()),
            overrides,
        ));
    }
}

/// Every object of the base and of any environment, environment-only objects as the first
/// environment that has them.
fn union_model(document: &Document, effective: &[std::borrow::Cow<'_, Document>]) -> Model {
    let mut model = document.model.clone();
    let ids: Vec<_> = model.objects().map(|(id, _)| id).collect();
    for id in ids {
        let found = effective.iter().find_map(|doc| doc.model.get(id).cloned());
        match found {
            // The base has it as the design does; an environment-only object as its first
            // environment has it.
            Some(object) => {
                if effective.first().is_some_and(|b| !b.model.contains(id)) {
                    let _ = model.replace(id, object);
                }
            }
            None => {
                let _ = model.remove(id);
            }
        }
    }
    model
}

/// The values tree an environment needs: the same extraction on its manifests (the union's
/// where it does not have the object), its values of the taken fields, and its switches.
fn variant_values(
    union: &[Value],
    plans: &[Plan],
    variant: &BTreeMap<Identity, Value>,
) -> Result<Value, HelmError> {
    let mut sections = Sections::default();
    let mut enabled = Vec::new();
    let mut overrides = Vec::new();
    for (manifest, plan) in union.iter().zip(plans) {
        let own = variant.get(&identity(manifest));
        let used = own.unwrap_or(manifest);
        let plain = yaml::to_yaml(used).map_err(|error| HelmError::Yaml {
            object: plan.key.clone(),
            error,
        })?;
        let _ = sections.extract(used.clone(), &plain);
        enabled.push(Entry::leaf(
            &plan.key,
            None,
            json!(own.is_some()),
            json!({}),
        ));
        let entries: Vec<Entry> = plan
            .generics
            .iter()
            .map(|g| {
                let value = pointer::get(used, &g.path)
                    .cloned()
                    .or_else(|| g.empty.clone())
                    .unwrap_or(Value::Null);
                Entry::leaf(&pointer::join(&g.path), None, value, json!({}))
            })
            .collect();
        if !entries.is_empty() {
            overrides.push(Entry::branch(&plan.key, None, entries));
        }
    }
    let mut entries = values_entries(sections);
    push_sections(&mut entries, enabled, overrides);
    Ok(values::to_value(&entries))
}

/// What of `variant` differs from the chart's values, by the chart's keys: maps below a leaf
/// are compared key by key (Helm merges them; a key the environment lacks is `null`, which Helm
/// removes), anything else replaced whole.
fn diff_entries(entries: &[Entry], variant: &Value) -> Result<Map<String, Value>, HelmError> {
    let mut out = Map::new();
    for entry in entries {
        let Some(theirs) = variant.get(&entry.key) else {
            return Err(env_error(format!(
                "an environment removes `{}`, which the chart takes into values; override it instead of removing it",
                entry.key
            )));
        };
        match &entry.node {
            Node::Branch(children) => {
                let below = diff_entries(children, theirs)?;
                if !below.is_empty() {
                    out.insert(entry.key.clone(), Value::Object(below));
                }
            }
            Node::Leaf { value, .. } => {
                if let Some(d) = deep_diff(value, theirs) {
                    out.insert(entry.key.clone(), d);
                }
            }
        }
    }
    Ok(out)
}

fn deep_diff(ours: &Value, theirs: &Value) -> Option<Value> {
    if ours == theirs {
        return None;
    }
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let mut out = Map::new();
            for (key, value) in b {
                match a.get(key) {
                    Some(mine) => {
                        if let Some(d) = deep_diff(mine, value) {
                            out.insert(key.clone(), d);
                        }
                    }
                    None => {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            for key in a.keys().filter(|k| !b.contains_key(*k)) {
                out.insert(key.clone(), Value::Null);
            }
            Some(Value::Object(out))
        }
        _ => Some(theirs.clone()),
    }
}

/// Whether the template already takes the field at `path` (or a field holding it) into values;
/// otherwise the path to take: `path` itself, or its first part the template does not have.
fn extraction_point(
    template: &Value,
    path: &[String],
    placeholders: &Placeholders,
) -> Option<Vec<String>> {
    let mut current = template;
    for (at, token) in path.iter().enumerate() {
        if current.as_str().is_some_and(|s| placeholders.is_token(s)) {
            return None;
        }
        let next = match current {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else {
            return Some(path.get(..=at).unwrap_or_default().to_vec());
        };
        current = next;
    }
    if current.as_str().is_some_and(|s| placeholders.is_token(s)) {
        None
    } else {
        Some(path.to_vec())
    }
}

fn holds_token(value: &Value, placeholders: &Placeholders) -> bool {
    match value {
        Value::String(s) => placeholders.is_token(s),
        Value::Array(items) => items.iter().any(|v| holds_token(v, placeholders)),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| placeholders.is_token(k) || holds_token(v, placeholders)),
        _ => false,
    }
}

/// Takes the fields environments change and the template does not yet take into values.
fn take_generics(
    manifest: &Value,
    present: &[Option<&Value>],
    template: &mut Value,
    placeholders: &mut Placeholders,
    object: &str,
) -> Result<(Vec<Generic>, Vec<Entry>), HelmError> {
    let mut points: BTreeSet<Vec<String>> = BTreeSet::new();
    for variant in present.iter().flatten() {
        for op in diff::diff(manifest, variant) {
            if let Some(point) = extraction_point(template, op.path(), placeholders) {
                points.insert(point);
            }
        }
    }
    // A field inside another taken field goes with it.
    let all: Vec<Vec<String>> = points.iter().cloned().collect();
    points.retain(|p| !all.iter().any(|q| q.len() < p.len() && p.starts_with(q)));
    let mut generics = Vec::new();
    let mut entries = Vec::new();
    for path in points {
        let field = pointer::join(&path);
        let cannot = |why: &str| {
            env_error(format!(
                "{object} {field}: the environments' difference cannot be written as chart values ({why}); use the Kustomize export"
            ))
        };
        if let Some(current) = pointer::get(template, &path)
            && holds_token(current, placeholders)
        {
            return Err(cannot(
                "it holds fields the chart already takes into values",
            ));
        }
        let values: Vec<Option<&Value>> = present
            .iter()
            .flatten()
            .map(|v| pointer::get(v, &path))
            .chain(std::iter::once(pointer::get(manifest, &path)))
            .collect();
        let some: Vec<&Value> = values.iter().flatten().copied().collect();
        let optional = some.len() < values.len();
        let (action_of, empty): (MakeAction, Option<Value>) = if some.iter().all(|v| v.is_string())
        {
            if optional {
                if some.iter().any(|v| v.as_str() == Some("")) {
                    return Err(cannot("an empty string where others have none"));
                }
                (Action::OptionalQuote, Some(json!("")))
            } else {
                (Action::Quote, None)
            }
        } else if some.iter().all(|v| v.is_number() || v.is_boolean()) && !optional {
            (Action::Scalar, None)
        } else if some.iter().all(|v| v.is_object()) {
            if optional {
                if some
                    .iter()
                    .any(|v| v.as_object().is_some_and(Map::is_empty))
                {
                    return Err(cannot("an empty map where others have none"));
                }
                (Action::OptionalBlock, Some(json!({})))
            } else {
                (block_action(&some), None)
            }
        } else if some.iter().all(|v| v.is_array()) {
            if optional {
                if some.iter().any(|v| v.as_array().is_some_and(Vec::is_empty)) {
                    return Err(cannot("an empty list where others have none"));
                }
                (Action::OptionalBlock, Some(json!([])))
            } else {
                (block_action(&some), None)
            }
        } else {
            return Err(cannot("its type differs, or it is absent somewhere"));
        };
        let inline = matches!(action_of(Vec::new()), Action::Quote(_) | Action::Scalar(_));
        let in_list = path.len() >= 2
            && path
                .get(..path.len() - 1)
                .and_then(|parent| pointer::get(template, parent))
                .is_some_and(Value::is_array);
        if in_list && !inline {
            return Err(cannot("a list item"));
        }
        let steps = vec![
            Step::Key("overrides".into()),
            Step::Key(object.to_owned()),
            Step::Key(field.clone()),
        ];
        let token = placeholders.token(action_of(steps));
        pointer::set(template, &field, &Value::String(token))
            .map_err(|e| cannot(&e.to_string()))?;
        let default = pointer::get(manifest, &path)
            .cloned()
            .or_else(|| empty.clone())
            .unwrap_or(Value::Null);
        entries.push(Entry::leaf(&field, None, default, json!({})));
        generics.push(Generic { path, empty });
    }
    Ok((generics, entries))
}

fn block_action(values: &[&Value]) -> MakeAction {
    if values.iter().any(|v| template::breaks_to_yaml(v)) {
        Action::FlowBlock
    } else {
        Action::Block
    }
}
