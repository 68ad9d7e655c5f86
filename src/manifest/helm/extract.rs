//! What varies between installs, taken out of the objects into values: per workload the replicas
//! and per container the image, resources and env; per Service its type and ports; per Ingress its
//! class, hosts and TLS; per Gateway its class and listener hostnames, per HTTPRoute its hostnames
//! and backend weights ([`super::gateway`]). Each field is replaced by a placeholder in the object and becomes a
//! values entry holding the exported value, so the default values render the export exactly.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::model::Kind;

use super::template::{Action, Placeholders, STANDARD_LABELS, Step};
use super::values::Entry;

/// The values sections, filled object by object.
#[derive(Debug, Default)]
pub struct Sections {
    pub workloads: Vec<Entry>,
    pub services: Vec<Entry>,
    pub ingresses: Vec<Entry>,
    pub gateways: Vec<Entry>,
    pub http_routes: Vec<Entry>,
    used: [BTreeSet<String>; 5],
}

fn text(value: &Value, path: &[&str]) -> String {
    let mut current = value;
    for key in path {
        current = current.get(key).unwrap_or(&Value::Null);
    }
    current.as_str().unwrap_or_default().to_owned()
}

/// `Kind namespace/name` for comments.
fn describe(value: &Value) -> String {
    let namespace = text(value, &["metadata", "namespace"]);
    let name = text(value, &["metadata", "name"]);
    let kind = text(value, &["kind"]);
    if namespace.is_empty() {
        format!("{kind} {name}")
    } else {
        format!("{kind} {namespace}/{name}")
    }
}

impl Sections {
    /// A key for the object in a section: its name, or `namespace-name` (then `kind-namespace-name`,
    /// then a number) when another object of the section already has that key.
    fn key(&mut self, section: usize, value: &Value) -> String {
        let name = text(value, &["metadata", "name"]);
        let namespace = text(value, &["metadata", "namespace"]);
        let kind = text(value, &["kind"]).to_lowercase();
        let Some(used) = self.used.get_mut(section) else {
            return name;
        };
        let candidates = [
            name.clone(),
            format!("{namespace}-{name}"),
            format!("{kind}-{namespace}-{name}"),
        ];
        let mut chosen = candidates
            .into_iter()
            .find(|c| !used.contains(c))
            .unwrap_or_default();
        let mut number = 2;
        while chosen.is_empty() || used.contains(&chosen) {
            chosen = format!("{kind}-{namespace}-{name}-{number}");
            number += 1;
        }
        used.insert(chosen.clone());
        chosen
    }

    /// Moves the varying fields of one object into the sections; returns the object with
    /// placeholders and what they stand for.
    pub fn extract(&mut self, mut value: Value, plain: &str) -> (Value, Placeholders) {
        let mut placeholders = Placeholders::for_text(plain);
        add_labels(&mut value, &mut placeholders);
        let kind = text(&value, &["kind"]);
        let api_version = text(&value, &["apiVersion"]);
        match Kind::of_manifest(&api_version, &kind) {
            kind if kind.is_workload() => {
                let key = self.key(0, &value);
                let comment = Some(describe(&value));
                let children = workload(&mut value, &key, &mut placeholders);
                if !children.is_empty() {
                    self.workloads.push(Entry::branch(&key, comment, children));
                }
            }
            Kind::Service => {
                let key = self.key(1, &value);
                let comment = Some(describe(&value));
                let children = service(&mut value, &key, &mut placeholders);
                self.services.push(Entry::branch(&key, comment, children));
            }
            Kind::Ingress => {
                let key = self.key(2, &value);
                let comment = Some(describe(&value));
                let children = ingress(&mut value, &key, &mut placeholders);
                self.ingresses.push(Entry::branch(&key, comment, children));
            }
            Kind::Gateway => {
                let key = self.key(3, &value);
                let comment = Some(describe(&value));
                let children = super::gateway::gateway(&mut value, &key, &mut placeholders);
                self.gateways.push(Entry::branch(&key, comment, children));
            }
            Kind::HttpRoute => {
                let key = self.key(4, &value);
                let comment = Some(describe(&value));
                let children = super::gateway::http_route(&mut value, &key, &mut placeholders);
                self.http_routes
                    .push(Entry::branch(&key, comment, children));
            }
            _ => {}
        }
        (value, placeholders)
    }
}

/// Adds a placeholder for the standard labels the object does not set itself.
fn add_labels(value: &mut Value, placeholders: &mut Placeholders) {
    let Some(metadata) = value.get_mut("metadata").and_then(Value::as_object_mut) else {
        return;
    };
    let labels = metadata
        .entry("labels")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(labels) = labels.as_object_mut() else {
        return;
    };
    let missing: Vec<&'static str> = STANDARD_LABELS
        .into_iter()
        .filter(|label| !labels.contains_key(*label))
        .collect();
    if missing.is_empty() {
        return;
    }
    let token = placeholders.token(Action::Labels(missing));
    labels.insert(token, Value::String(String::new()));
}

pub(super) fn path(parts: &[&str]) -> Vec<Step> {
    parts.iter().map(|p| Step::Key((*p).to_owned())).collect()
}

pub(super) fn with(base: &[Step], more: &[&str]) -> Vec<Step> {
    let mut out = base.to_vec();
    out.extend(path(more));
    out
}

/// Where a workload kind keeps its pod spec.
fn pod_spec_path(kind: &str) -> &'static [&'static str] {
    match kind {
        "Pod" => &["spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => &["spec", "template", "spec"],
    }
}

fn get_mut<'a>(value: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    let mut current = value;
    for key in path {
        current = current.get_mut(*key)?;
    }
    Some(current)
}

fn workload(value: &mut Value, key: &str, placeholders: &mut Placeholders) -> Vec<Entry> {
    let base = path(&["workloads", key]);
    let kind = text(value, &["kind"]);
    let mut entries = Vec::new();
    if let Some(replicas) = get_mut(value, &["spec", "replicas"])
        && replicas.is_number()
    {
        let current = std::mem::replace(
            replicas,
            Value::String(placeholders.token(Action::Scalar(with(&base, &["replicas"])))),
        );
        entries.push(Entry::leaf(
            "replicas",
            Some("Number of pods.".to_owned()),
            current,
            json!({"type": "integer", "minimum": 0}),
        ));
    }
    for (field, comment) in [
        ("initContainers", "Init containers, by name."),
        ("containers", "Containers, by name."),
    ] {
        let mut spec_path = pod_spec_path(&kind).to_vec();
        spec_path.push(field);
        let Some(Value::Array(list)) = get_mut(value, &spec_path) else {
            continue;
        };
        let mut containers = Vec::new();
        let mut names = std::collections::BTreeSet::new();
        for item in list.iter_mut() {
            let Some(container) = item.as_object_mut() else {
                continue;
            };
            let Some(name) = container
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                continue;
            };
            // Values are keyed by container name. A second container of the same name (which the
            // API server rejects) keeps its fields in the template as written: values.yaml held
            // the key twice, a file Helm refuses (found by fuzzing).
            if !names.insert(name.clone()) {
                continue;
            }
            let container_path = with(&base, &[field, &name]);
            containers.push(Entry::branch(
                &name,
                None,
                container_values(container, &container_path, placeholders),
            ));
        }
        if !containers.is_empty() {
            entries.push(Entry::branch(field, Some(comment.to_owned()), containers));
        }
    }
    entries
}

/// Splits `registry/app:1.2` into repository and tag; digests and untagged images keep the whole
/// reference as repository with an empty tag.
#[must_use]
pub fn split_image(image: &str) -> (String, String) {
    if !image.contains('@')
        && let Some((repository, tag)) = image.rsplit_once(':')
        && !tag.contains('/')
        && !tag.is_empty()
        && !repository.is_empty()
    {
        return (repository.to_owned(), tag.to_owned());
    }
    (image.to_owned(), String::new())
}

fn container_values(
    container: &mut Map<String, Value>,
    base: &[Step],
    placeholders: &mut Placeholders,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    if let Some(Value::String(image)) = container.get("image").cloned() {
        let (repository, tag) = split_image(&image);
        let token = placeholders.token(Action::Image(with(base, &["image"])));
        container.insert("image".to_owned(), Value::String(token));
        entries.push(Entry::leaf(
            "image",
            Some("Image repository and tag (an empty tag uses the repository as is).".to_owned()),
            json!({"repository": repository, "tag": tag}),
            json!({
                "type": "object",
                "properties": {
                    "repository": {"type": "string", "minLength": 1},
                    "tag": {"type": "string"},
                },
                "required": ["repository", "tag"],
                "additionalProperties": false,
            }),
        ));
    }
    let quantities =
        json!({"type": "object", "additionalProperties": {"type": ["string", "number"]}});
    entries.push(block(
        container,
        "resources",
        json!({}),
        "Resource requests and limits.",
        json!({
            "type": "object",
            "properties": {
                "requests": quantities,
                "limits": quantities,
                "claims": {"type": "array", "items": {"type": "object"}},
            },
            "additionalProperties": false,
        }),
        &with(base, &["resources"]),
        placeholders,
    ));
    entries.push(block(
        container,
        "env",
        json!([]),
        "Environment variables, as in the container spec.",
        json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "value": {"type": "string"},
                    "valueFrom": {"type": "object"},
                },
                "required": ["name"],
                "additionalProperties": false,
            },
        }),
        &with(base, &["env"]),
        placeholders,
    ));
    entries
}

/// A map or list field as a values entry: present fields are always written, absent ones only
/// once a value is set.
fn block(
    map: &mut Map<String, Value>,
    field: &str,
    empty: Value,
    comment: &str,
    schema: Value,
    path: &[Step],
    placeholders: &mut Placeholders,
) -> Entry {
    let (current, action) = match map.get(field) {
        Some(current) if super::template::breaks_to_yaml(current) => {
            (current.clone(), Action::FlowBlock(path.to_vec()))
        }
        Some(current) => (current.clone(), Action::Block(path.to_vec())),
        None => (empty, Action::OptionalBlock(path.to_vec())),
    };
    map.insert(field.to_owned(), Value::String(placeholders.token(action)));
    Entry::leaf(field, Some(comment.to_owned()), current, schema)
}

/// A string field as a values entry; an absent field gets the empty string and is left out while
/// it stays empty.
pub(super) fn string(
    map: &mut Map<String, Value>,
    field: &str,
    comment: &str,
    mut schema: Value,
    path: &[Step],
    placeholders: &mut Placeholders,
) -> Option<Entry> {
    let (current, action) = match map.get(field) {
        Some(Value::String(current)) => (current.clone(), Action::Quote(path.to_vec())),
        Some(_) => return None,
        None => {
            if let Some(Value::Array(choices)) = schema.get_mut("enum") {
                choices.push(Value::String(String::new()));
            }
            (String::new(), Action::OptionalQuote(path.to_vec()))
        }
    };
    map.insert(field.to_owned(), Value::String(placeholders.token(action)));
    Some(Entry::leaf(
        field,
        Some(comment.to_owned()),
        Value::String(current),
        schema,
    ))
}

fn service(value: &mut Value, key: &str, placeholders: &mut Placeholders) -> Vec<Entry> {
    let base = path(&["services", key]);
    let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    entries.extend(string(
        spec,
        "type",
        "Service type (empty: the cluster default, ClusterIP).",
        json!({"type": "string", "enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]}),
        &with(&base, &["type"]),
        placeholders,
    ));
    entries.push(block(
        spec,
        "ports",
        json!([]),
        "Ports, as in the Service spec.",
        json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                    "targetPort": {"type": ["integer", "string"]},
                    "nodePort": {"type": "integer"},
                    "protocol": {"type": "string", "enum": ["TCP", "UDP", "SCTP"]},
                    "appProtocol": {"type": "string"},
                },
                "required": ["port"],
                "additionalProperties": false,
            },
        }),
        &with(&base, &["ports"]),
        placeholders,
    ));
    entries
}

fn ingress(value: &mut Value, key: &str, placeholders: &mut Placeholders) -> Vec<Entry> {
    let base = path(&["ingresses", key]);
    let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    entries.extend(string(
        spec,
        "ingressClassName",
        "Ingress class (empty: the cluster's default class).",
        json!({"type": "string"}),
        &with(&base, &["ingressClassName"]),
        placeholders,
    ));
    let mut hosts = Vec::new();
    if let Some(Value::Array(rules)) = spec.get_mut("rules") {
        for rule in rules.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(Value::String(host)) = rule.get("host").cloned() {
                let mut host_path = with(&base, &["hosts"]);
                host_path.push(Step::Index(hosts.len()));
                rule.insert(
                    "host".to_owned(),
                    Value::String(placeholders.token(Action::Quote(host_path))),
                );
                hosts.push(Value::String(host));
            }
        }
    }
    let count = hosts.len();
    entries.push(Entry::leaf(
        "hosts",
        Some("Host of each rule with a host, in order.".to_owned()),
        Value::Array(hosts),
        json!({"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": count, "maxItems": count}),
    ));
    entries.push(block(
        spec,
        "tls",
        json!([]),
        "TLS: hosts and the Secret holding their certificate.",
        json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "hosts": {"type": "array", "items": {"type": "string"}},
                    "secretName": {"type": "string"},
                },
                "additionalProperties": false,
            },
        }),
        &with(&base, &["tls"]),
        placeholders,
    ));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_split_at_the_tag_only() {
        let cases = [
            ("nginx", ("nginx", "")),
            ("nginx:1.27", ("nginx", "1.27")),
            ("registry:5000/app", ("registry:5000/app", "")),
            ("registry:5000/app:v2", ("registry:5000/app", "v2")),
            ("app@sha256:abc", ("app@sha256:abc", "")),
            ("app:", ("app:", "")),
        ];
        for (image, (repository, tag)) in cases {
            assert_eq!(
                split_image(image),
                (repository.to_owned(), tag.to_owned()),
                "{image}"
            );
        }
    }

    #[test]
    fn colliding_names_get_namespaced_keys() {
        let mut sections = Sections::default();
        let a = json!({"kind": "Service", "metadata": {"name": "api", "namespace": "a"}});
        let b = json!({"kind": "Service", "metadata": {"name": "api", "namespace": "b"}});
        assert_eq!(sections.key(1, &a), "api");
        assert_eq!(sections.key(1, &b), "b-api");
        assert_eq!(sections.key(1, &b), "service-b-api");
        assert_eq!(sections.key(1, &b), "service-b-api-2");
    }
}
