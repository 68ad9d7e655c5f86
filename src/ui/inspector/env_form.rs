//! The form for a container's environment: each variable holds a plain value or takes it from a
//! ConfigMap key, a Secret key, a pod field or a container resource (`valueFrom`); `envFrom` imports
//! whole `ConfigMap`s and `Secret`s.

use egui::Ui;
use k8s_openapi::api::core::v1::{
    ConfigMapEnvSource, ConfigMapKeySelector, EnvFromSource, EnvVar, EnvVarSource,
    ObjectFieldSelector, ResourceFieldSelector, SecretEnvSource, SecretKeySelector,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::field_notes::At;
use crate::ui::inspector::form;

const VALUE: &str = "Value";
const CONFIG_MAP_KEY: &str = "ConfigMap key";
const SECRET_KEY: &str = "Secret key";
const POD_FIELD: &str = "Pod field";
const RESOURCE: &str = "Container resource";
/// Shown for a `valueFrom` that names no source (the API server refuses it).
const NO_SOURCE: &str = "(no source)";
const SOURCES: [&str; 5] = [VALUE, CONFIG_MAP_KEY, SECRET_KEY, POD_FIELD, RESOURCE];

/// What `resourceFieldRef.resource` may name.
const RESOURCES: [&str; 6] = [
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
];

/// Where a variable's value comes from.
fn source_of(var: &EnvVar) -> &'static str {
    match &var.value_from {
        None => VALUE,
        Some(from) if from.config_map_key_ref.is_some() => CONFIG_MAP_KEY,
        Some(from) if from.secret_key_ref.is_some() => SECRET_KEY,
        Some(from) if from.field_ref.is_some() => POD_FIELD,
        Some(from) if from.resource_field_ref.is_some() => RESOURCE,
        Some(_) => NO_SOURCE,
    }
}

/// Makes `var` take its value from `source`, with starting values to fill in.
fn switch_source(var: &mut EnvVar, source: &str) {
    var.value = None;
    var.value_from = match source {
        CONFIG_MAP_KEY => Some(EnvVarSource {
            config_map_key_ref: Some(ConfigMapKeySelector::default()),
            ..EnvVarSource::default()
        }),
        SECRET_KEY => Some(EnvVarSource {
            secret_key_ref: Some(SecretKeySelector::default()),
            ..EnvVarSource::default()
        }),
        POD_FIELD => Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector {
                field_path: "metadata.name".to_owned(),
                api_version: None,
            }),
            ..EnvVarSource::default()
        }),
        RESOURCE => Some(EnvVarSource {
            resource_field_ref: Some(ResourceFieldSelector {
                resource: "limits.memory".to_owned(),
                ..ResourceFieldSelector::default()
            }),
            ..EnvVarSource::default()
        }),
        _ => None,
    };
}

/// The `env` list of a container (`at` is the list's field path).
pub fn env_vars(ui: &mut Ui, env: &mut Vec<EnvVar>, at: &At<'_>) -> bool {
    let spec = form::ListSpec::separated("env", "variable", "Add variable");
    let new_var = |len: usize| EnvVar {
        name: format!("VAR_{}", len + 1),
        ..EnvVar::default()
    };
    form::list_editor(ui, &spec, env, new_var, |ui, index, var| {
        env_var(ui, var, &at.item(index))
    })
}

fn env_var(ui: &mut Ui, var: &mut EnvVar, at: &At<'_>) -> bool {
    let mut changed = form::text(ui, "Variable", &mut var.name, None);
    at.field("name").show(ui);
    let mut source = source_of(var).to_owned();
    if form::required_choice(ui, "Value from", &mut source, &SOURCES) && source != source_of(var) {
        switch_source(var, &source);
        changed = true;
    }
    // Both value and valueFrom set, or no source: reported at the variable itself.
    at.show(ui);
    let Some(from) = var.value_from.as_mut() else {
        return changed | form::optional_text(ui, "Value", &mut var.value);
    };
    let at = at.field("valueFrom");
    if let Some(key) = from.config_map_key_ref.as_mut() {
        let at = at.field("configMapKeyRef");
        changed |= key_ref(
            ui,
            "ConfigMap",
            &mut key.name,
            &mut key.key,
            &mut key.optional,
            &at,
        );
    } else if let Some(key) = from.secret_key_ref.as_mut() {
        let at = at.field("secretKeyRef");
        changed |= key_ref(
            ui,
            "Secret",
            &mut key.name,
            &mut key.key,
            &mut key.optional,
            &at,
        );
    } else if let Some(field) = from.field_ref.as_mut() {
        changed |= form::text(ui, "Field path", &mut field.field_path, None);
        at.field("fieldRef.fieldPath").show(ui);
        changed |=
            form::optional_text(ui, "Field API version (default v1)", &mut field.api_version);
    } else if let Some(resource) = from.resource_field_ref.as_mut() {
        changed |= form::optional_text(ui, "Container", &mut resource.container_name);
        changed |= form::required_choice(ui, "Resource", &mut resource.resource, &RESOURCES);
        at.field("resourceFieldRef.resource").show(ui);
        let mut divisor = resource.divisor.as_ref().map(|q| q.0.clone());
        if form::optional_text(ui, "Divisor", &mut divisor) {
            resource.divisor = divisor.map(Quantity);
            changed = true;
        }
        at.field("resourceFieldRef.divisor").show(ui);
    }
    at.show(ui);
    changed
}

/// A reference to one key of a ConfigMap or Secret (`kind`).
fn key_ref(
    ui: &mut Ui,
    kind: &str,
    name: &mut String,
    key: &mut String,
    optional: &mut Option<bool>,
    at: &At<'_>,
) -> bool {
    let mut changed = form::text(ui, &format!("{kind} name"), name, None);
    at.field("name").show(ui);
    changed |= form::text(ui, "Key", key, None);
    at.field("key").show(ui);
    changed | optional_flag(ui, kind, optional)
}

/// `optional: true`: the pod starts even when the ConfigMap or Secret (`kind`) is missing.
fn optional_flag(ui: &mut Ui, kind: &str, optional: &mut Option<bool>) -> bool {
    let mut on = optional.unwrap_or(false);
    let changed = ui
        .checkbox(&mut on, "Optional")
        .on_hover_text(format!("Start the pod even when the {kind} is missing"))
        .changed();
    if changed {
        *optional = on.then_some(true);
    }
    changed
}

/// The `envFrom` list of a container: whole `ConfigMap`s and `Secret`s as variables.
pub fn env_from(ui: &mut Ui, sources: &mut Vec<EnvFromSource>, at: &At<'_>) -> bool {
    let spec = form::ListSpec::separated("env_from", "import", "Import ConfigMap or Secret");
    let new_source = |_| EnvFromSource {
        config_map_ref: Some(ConfigMapEnvSource::default()),
        ..EnvFromSource::default()
    };
    form::list_editor(ui, &spec, sources, new_source, |ui, index, source| {
        env_from_source(ui, source, &at.item(index))
    })
}

fn env_from_source(ui: &mut Ui, source: &mut EnvFromSource, at: &At<'_>) -> bool {
    let mut kind = if source.secret_ref.is_some() {
        "Secret"
    } else {
        "ConfigMap"
    }
    .to_owned();
    let mut changed = false;
    if form::required_choice(ui, "Import", &mut kind, &["ConfigMap", "Secret"]) {
        // Keep the name and flag when switching between the two.
        let (name, optional) = match (source.config_map_ref.take(), source.secret_ref.take()) {
            (Some(map), _) => (map.name, map.optional),
            (None, Some(secret)) => (secret.name, secret.optional),
            (None, None) => (String::new(), None),
        };
        if kind == "Secret" {
            source.secret_ref = Some(SecretEnvSource { name, optional });
        } else {
            source.config_map_ref = Some(ConfigMapEnvSource { name, optional });
        }
        changed = true;
    }
    let (name, optional) = match (source.config_map_ref.as_mut(), source.secret_ref.as_mut()) {
        (Some(map), _) => (&mut map.name, &mut map.optional),
        (None, Some(secret)) => (&mut secret.name, &mut secret.optional),
        (None, None) => {
            at.show(ui);
            return changed;
        }
    };
    changed |= form::text(ui, &format!("{kind} name"), name, None);
    at.show_all(ui);
    changed |= form::optional_text(ui, "Prefix", &mut source.prefix);
    changed | optional_flag(ui, &kind, optional)
}
