//! Kustomize folders from a design with environments: `base/` holds the base's objects, one file
//! each, and `overlays/<env>/` per environment a `kustomization.yaml` on top of the base: a JSON
//! 6902 patch per object the environment changes (exactly the difference of the manifests, see
//! [`super::diff`]), a `$patch: delete` patch per base object it leaves out, and the files of the
//! objects only it has. No generators: `kubectl kustomize overlays/<env>` renders exactly the
//! plain export of the environment. Pure: returns paths and contents; [`crate::io`] writes them.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::diff;
use super::export;
use super::helm::ChartFile;
use super::yaml::{self, YamlError};
use crate::document::{Document, EnvError};

/// Why the folders could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KustomizeError {
    #[error(transparent)]
    Environment(#[from] EnvError),
    #[error("{file}: {error}")]
    Yaml { file: String, error: YamlError },
}

/// apiVersion, kind, namespace, name: what Kustomize tells objects apart by.
type Identity = (String, String, String, String);

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

const KUSTOMIZATION: (&str, &str) = ("kustomize.config.k8s.io/v1beta1", "Kustomization");

fn to_yaml(file: &str, value: &Value) -> Result<String, KustomizeError> {
    yaml::to_yaml(value).map_err(|error| KustomizeError::Yaml {
        file: file.to_owned(),
        error,
    })
}

fn kustomization(resources: Vec<Value>, patches: Vec<Value>) -> Value {
    let mut map = Map::new();
    map.insert("apiVersion".into(), json!(KUSTOMIZATION.0));
    map.insert("kind".into(), json!(KUSTOMIZATION.1));
    map.insert("resources".into(), Value::Array(resources));
    if !patches.is_empty() {
        map.insert("patches".into(), Value::Array(patches));
    }
    Value::Object(map)
}

/// The patch target of an object: group, version, kind, namespace, name.
fn target(id: &Identity) -> Value {
    let (api_version, kind, namespace, name) = id;
    let (group, version) = api_version
        .rsplit_once('/')
        .unwrap_or(("", api_version.as_str()));
    let mut map = Map::new();
    if !group.is_empty() {
        map.insert("group".into(), json!(group));
    }
    map.insert("version".into(), json!(version));
    map.insert("kind".into(), json!(kind));
    if !namespace.is_empty() {
        map.insert("namespace".into(), json!(namespace));
    }
    map.insert("name".into(), json!(name));
    Value::Object(map)
}

fn delete_patch(id: &Identity) -> Value {
    let (api_version, kind, namespace, name) = id;
    let mut metadata = Map::new();
    metadata.insert("name".into(), json!(name));
    if !namespace.is_empty() {
        metadata.insert("namespace".into(), json!(namespace));
    }
    json!({"$patch": "delete", "apiVersion": api_version, "kind": kind, "metadata": metadata})
}

/// Every file: `base/…` and `overlays/<env>/…`, in a stable order.
pub fn folders(document: &Document) -> Result<Vec<ChartFile>, KustomizeError> {
    let base = document.effective(None)?;
    let base_manifests = export::manifests(&base.model);
    let mut files = Vec::new();
    let mut resources = Vec::new();
    let mut by_identity = BTreeMap::new();
    for (index, manifest) in base_manifests.iter().enumerate() {
        let name = export::split_file_name(index, manifest);
        let path = format!("base/{name}");
        files.push(ChartFile {
            contents: to_yaml(&path, manifest)?,
            path,
        });
        resources.push(json!(name));
        by_identity.insert(identity(manifest), manifest);
    }
    let path = "base/kustomization.yaml".to_owned();
    files.push(ChartFile {
        contents: to_yaml(&path, &kustomization(resources, Vec::new()))?,
        path,
    });
    for env in document.environments.names() {
        let effective = document.effective(Some(env))?;
        let manifests = export::manifests(&effective.model);
        let mut resources = vec![json!("../../base")];
        let mut patches = Vec::new();
        let mut present = std::collections::BTreeSet::new();
        for (index, manifest) in manifests.iter().enumerate() {
            let id = identity(manifest);
            if let Some(base_manifest) = by_identity.get(&id) {
                let ops = diff::diff(base_manifest, manifest);
                if !ops.is_empty() {
                    let ops: Vec<Value> = ops.iter().map(diff::Op::to_json).collect();
                    let file = format!("overlays/{env}/kustomization.yaml");
                    patches.push(json!({
                        "target": target(&id),
                        "patch": to_yaml(&file, &Value::Array(ops))?,
                    }));
                }
            } else {
                let name = export::split_file_name(index, manifest);
                let path = format!("overlays/{env}/{name}");
                files.push(ChartFile {
                    contents: to_yaml(&path, manifest)?,
                    path,
                });
                resources.push(json!(name));
            }
            present.insert(id);
        }
        for id in by_identity.keys().filter(|id| !present.contains(*id)) {
            let file = format!("overlays/{env}/kustomization.yaml");
            patches.push(json!({"patch": to_yaml(&file, &delete_patch(id))?}));
        }
        let path = format!("overlays/{env}/kustomization.yaml");
        files.push(ChartFile {
            contents: to_yaml(&path, &kustomization(resources, patches))?,
            path,
        });
    }
    Ok(files)
}
