//! The inspector's form for the kinds the model keeps untyped (see `model::typed_other`):
//! PodDisruptionBudget, HorizontalPodAutoscaler and PersistentVolumeClaim here, ConfigMap and Secret
//! in `config_form`. Each reads the object into its `k8s-openapi` struct, edits that, and writes it
//! back keeping the fields the struct does not know.

use k8s_openapi::api::autoscaling::v2::{
    HorizontalPodAutoscaler, MetricSpec, MetricTarget, ResourceMetricSource,
};
use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use serde::Serialize;
use serde::de::DeserializeOwned;

use egui::{CollapsingHeader, Ui};

use crate::model::Kind;
use crate::model::typed_other::{self, TypedOther};
use crate::model::validation::{ACCESS_MODES, RESOURCE_TARGET_TYPES, VOLUME_MODES};
use crate::model::{Object, OtherObject, Resource};

use super::field_notes::At;
use super::{config_form, form, selector_form};

/// A workload an autoscaler may scale: its kind and name (in the object's namespace).
pub type ScaleTarget = (String, String);

/// Draws the kind's sections for an object with a typed editor; returns whether it changed.
/// Objects without one (or that do not read as their type) show why and are edited as YAML.
pub fn other_kind_form(
    ui: &mut Ui,
    object: &mut Object,
    targets: &[ScaleTarget],
    at: &At<'_>,
) -> bool {
    match object.kind() {
        Kind::Gateway => return super::gateway_form::gateway_form(ui, object, at),
        Kind::HttpRoute => return super::gateway_form::http_route_form(ui, object, at),
        Kind::AdminNetworkPolicy
        | Kind::BaselineAdminNetworkPolicy
        | Kind::ClusterNetworkPolicy => {
            return super::cluster_policy_form::cluster_policy_form(ui, object, at);
        }
        _ => {}
    }
    let Resource::Other(other) = object.resource_mut() else {
        return false;
    };
    match TypedOther::of(other) {
        Some(TypedOther::PodDisruptionBudget) => {
            edit_as(ui, other, |ui, pdb| pdb_sections(ui, pdb, at))
        }
        Some(TypedOther::HorizontalPodAutoscaler) => {
            edit_as(ui, other, |ui, hpa| hpa_sections(ui, hpa, targets, at))
        }
        Some(TypedOther::PersistentVolumeClaim) => {
            edit_as(ui, other, |ui, claim| pvc_sections(ui, claim, at))
        }
        Some(TypedOther::ConfigMap) => edit_as(ui, other, |ui, config| {
            config_form::config_map_sections(ui, config, at)
        }),
        Some(TypedOther::Secret) => edit_as(ui, other, |ui, secret| {
            config_form::secret_sections(ui, secret, at)
        }),
        None => {
            ui.weak(format!(
                "The form covers metadata only for {} {}: edit the rest in the YAML tab.",
                other.api_version, other.kind
            ));
            false
        }
    }
}

/// The node's line under its name: the budget, the scaling range, the number of keys, the size.
#[must_use]
pub fn subtitle(other: &OtherObject) -> String {
    let body = &other.body;
    let spec = body.get("spec");
    let field = |name: &str| spec.and_then(|s| s.get(name));
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let keys = |fields: &[&str]| {
        fields
            .iter()
            .filter_map(|f| body.get(*f).and_then(serde_json::Value::as_object))
            .map(serde_json::Map::len)
            .sum::<usize>()
    };
    let count = |n: usize| crate::ui::plural(n, "key");
    if crate::model::cluster_policy::is_cluster_policy(&other.api_version, &other.kind) {
        // The tier, the priority (none in a BaselineAdminNetworkPolicy) and the rules.
        let tier = crate::model::cluster_policy::object_tier(other)
            .map_or("no valid tier", crate::model::cluster_policy::Tier::as_str);
        let rules: usize = ["ingress", "egress"]
            .iter()
            .filter_map(|d| field(d).and_then(serde_json::Value::as_array))
            .map(Vec::len)
            .sum();
        let rules = crate::ui::plural(rules, "rule");
        return match field("priority") {
            Some(priority) => format!("{tier} · priority {} · {rules}", text(priority)),
            None => format!("{tier} · {rules}"),
        };
    }
    match TypedOther::of(other) {
        Some(TypedOther::PodDisruptionBudget) => {
            match (field("minAvailable"), field("maxUnavailable")) {
                (Some(min), None) => format!("minAvailable {}", text(min)),
                (None, Some(max)) => format!("maxUnavailable {}", text(max)),
                _ => "no budget".to_owned(),
            }
        }
        Some(TypedOther::HorizontalPodAutoscaler) => {
            let target = field("scaleTargetRef");
            let name = |key: &str| {
                target
                    .and_then(|t| t.get(key))
                    .map(text)
                    .unwrap_or_default()
            };
            let min = field("minReplicas").map_or_else(|| "1".to_owned(), text);
            let max = field("maxReplicas").map(text).unwrap_or_default();
            format!("{} {} · {min}-{max} replicas", name("kind"), name("name"))
        }
        Some(TypedOther::ConfigMap) => count(keys(&["data", "binaryData"])),
        Some(TypedOther::Secret) => {
            let kind = body.get("type").map_or_else(|| "Opaque".to_owned(), text);
            format!("{kind} · {}", count(keys(&["data", "stringData"])))
        }
        Some(TypedOther::PersistentVolumeClaim) => {
            let size = field("resources")
                .and_then(|r| r.get("requests"))
                .and_then(|r| r.get("storage"))
                .map_or_else(|| "no size".to_owned(), text);
            let modes: Vec<String> = field("accessModes")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .map(text)
                .collect();
            format!("{size} · {}", modes.join(", "))
        }
        None => gateway_subtitle(other).unwrap_or_else(|| other.api_version.clone()),
    }
}

/// The node line of a Gateway API object: a Gateway's class and listeners, a route's hosts and
/// rules, a class's controller. `None` for other kinds and for objects the views cannot read.
fn gateway_subtitle(other: &OtherObject) -> Option<String> {
    use crate::model::gateway::{self, Gateway, GatewayClass, RouteView};
    let kind = Kind::of_manifest(&other.api_version, &other.kind);
    if !kind.is_gateway_api() {
        return None;
    }
    match kind {
        Kind::Gateway => {
            let spec = gateway::read::<Gateway>(other)
                .ok()?
                .spec
                .unwrap_or_default();
            let mut listeners: Vec<String> = spec
                .listeners
                .iter()
                .map(|l| format!("{} {}", l.protocol, l.port))
                .collect();
            listeners.dedup();
            // Listeners first: class names are long and say less on a node.
            Some(format!(
                "{} · {}",
                listeners.join(", "),
                spec.gateway_class_name
            ))
        }
        Kind::GatewayClass => Some(
            gateway::read::<GatewayClass>(other)
                .ok()?
                .spec
                .map(|s| s.controller_name)
                .unwrap_or_default(),
        ),
        Kind::ReferenceGrant => Some("grants references".to_owned()),
        route => {
            let view = gateway::read::<RouteView>(other).ok()?;
            let rules = crate::ui::plural(view.spec.rules.len(), "rule");
            Some(match view.matched_hostnames(route) {
                [] => rules,
                [host] => format!("{host} · {rules}"),
                [host, more @ ..] => format!("{host} +{} · {rules}", more.len()),
            })
        }
    }
}

/// Reads `other` as `T`, lets `body` edit it, and writes a changed `T` back.
pub(super) fn edit_as<T: Serialize + DeserializeOwned + Clone + PartialEq>(
    ui: &mut Ui,
    other: &mut OtherObject,
    body: impl FnOnce(&mut Ui, &mut T) -> bool,
) -> bool {
    let mut typed: T = match typed_other::read(other) {
        Ok(typed) => typed,
        Err(error) => {
            form::problem(
                ui,
                Some(&format!("{error}: fix it in the YAML tab to use the form")),
            );
            return false;
        }
    };
    let before = typed.clone();
    if !body(ui, &mut typed) || typed == before {
        return false;
    }
    match typed_other::write(other, &typed) {
        Ok(edited) => {
            *other = edited;
            true
        }
        Err(error) => {
            form::problem(ui, Some(&error.to_string()));
            false
        }
    }
}

/// A collapsible group of fields, open at first.
pub(crate) fn section(ui: &mut Ui, title: &str, body: impl FnOnce(&mut Ui) -> bool) -> bool {
    CollapsingHeader::new(title)
        .default_open(true)
        .show(ui, body)
        .body_returned
        .unwrap_or(false)
}

fn pdb_sections(ui: &mut Ui, pdb: &mut PodDisruptionBudget, at: &At<'_>) -> bool {
    let spec = pdb.spec.get_or_insert_with(Default::default);
    let mut changed = section(ui, "Budget", |ui| {
        let mut changed =
            form::optional_int_or_string(ui, "Min available", &mut spec.min_available);
        at.field("spec.minAvailable").show(ui);
        changed |= form::optional_int_or_string(ui, "Max unavailable", &mut spec.max_unavailable);
        at.field("spec.maxUnavailable").show(ui);
        // Both set, or other findings about the budget as a whole.
        at.field("spec").show(ui);
        changed |= form::choice(
            ui,
            "Unhealthy pod eviction",
            &mut spec.unhealthy_pod_eviction_policy,
            &["IfHealthyBudget", "AlwaysAllow"],
        );
        changed
    });
    changed |= section(ui, "Selector", |ui| {
        ui.weak("The pods the budget protects");
        let had_selector = spec.selector.is_some();
        let selector = spec.selector.get_or_insert_with(Default::default);
        let changed =
            selector_form::label_selector(ui, "pod label", selector, &at.field("spec.selector"));
        if !had_selector && !changed {
            spec.selector = None;
        }
        changed
    });
    changed
}

fn hpa_sections(
    ui: &mut Ui,
    hpa: &mut HorizontalPodAutoscaler,
    targets: &[ScaleTarget],
    at: &At<'_>,
) -> bool {
    let spec = hpa.spec.get_or_insert_with(Default::default);
    let at = at.field("spec");
    // Findings about the spec as a whole (one that does not read as an autoscaler's).
    at.show(ui);
    let mut changed = section(ui, "Scale target", |ui| {
        let target = &mut spec.scale_target_ref;
        let at = at.field("scaleTargetRef");
        let mut changed = false;
        let kinds: Vec<&str> = Kind::SCALABLE.iter().map(|kind| kind.as_str()).collect();
        if form::required_choice(ui, "Target kind", &mut target.kind, &kinds) {
            let kind = Kind::from_name(&target.kind);
            target.api_version = Some(kind.typed_api_version().to_owned());
            changed = true;
        }
        at.field("kind").show(ui);
        let names: Vec<&str> = targets
            .iter()
            .filter(|(kind, _)| *kind == target.kind)
            .map(|(_, name)| name.as_str())
            .collect();
        changed |= form::required_choice(ui, "Target name", &mut target.name, &names);
        // A name to pick, or one the namespace does not hold: the checker says which.
        at.field("name").show(ui);
        changed
    });
    changed |= section(ui, "Replicas", |ui| {
        let mut changed =
            form::optional_number(ui, "Min replicas", &mut spec.min_replicas, 1, 1..=1000);
        at.field("minReplicas").show(ui);
        changed |= form::number(ui, "Max replicas", &mut spec.max_replicas, 1..=1000);
        // Below min replicas, or below 1: reported at maxReplicas, as the API server does.
        at.field("maxReplicas").show(ui);
        changed
    });
    changed |= section(ui, "Metrics", |ui| {
        let metrics = spec.metrics.get_or_insert_with(Vec::new);
        let list = form::ListSpec::separated("metric", "metric", "Add metric");
        let at = at.field("metrics");
        let changed = form::list_editor(
            ui,
            &list,
            metrics,
            |_| cpu_metric(80),
            |ui, index, m| metric(ui, m, &at.item(index)),
        );
        if metrics.is_empty() {
            spec.metrics = None;
            ui.weak("No metrics: the autoscaler targets 80% average CPU utilization.");
        }
        changed
    });
    changed
}

/// A metric on average CPU utilization, in percent of the pods' requests.
fn cpu_metric(percent: i32) -> MetricSpec {
    MetricSpec {
        type_: "Resource".to_owned(),
        resource: Some(ResourceMetricSource {
            name: "cpu".to_owned(),
            target: MetricTarget {
                type_: "Utilization".to_owned(),
                average_utilization: Some(percent),
                ..MetricTarget::default()
            },
        }),
        ..MetricSpec::default()
    }
}

const UTILIZATION: &str = "Utilization";
const AVERAGE_VALUE: &str = "AverageValue";

/// One metric: a CPU or memory target as utilization (percent of requests) or average value.
/// `at` is the metric's place (`spec.metrics[0]`).
fn metric(ui: &mut Ui, metric: &mut MetricSpec, at: &At<'_>) -> bool {
    let Some(resource) = metric
        .resource
        .as_mut()
        .filter(|_| metric.type_ == "Resource")
    else {
        ui.weak(format!("{} metric: edit it in the YAML tab", metric.type_));
        // The form edits none of its fields: every finding about it shows here.
        at.show_all(ui);
        return false;
    };
    // Findings about the metric's type.
    at.field("type").show(ui);
    let at = at.field("resource");
    let mut changed = form::required_choice(ui, "Resource", &mut resource.name, &["cpu", "memory"]);
    at.field("name").show(ui);
    let target = &mut resource.target;
    let at = at.field("target");
    let mut kind = target.type_.clone();
    if form::required_choice(ui, "Target type", &mut kind, &RESOURCE_TARGET_TYPES)
        && kind != target.type_
    {
        *target = if kind == UTILIZATION {
            MetricTarget {
                type_: kind,
                average_utilization: Some(80),
                ..MetricTarget::default()
            }
        } else {
            let value = if resource.name == "memory" {
                "512Mi"
            } else {
                "500m"
            };
            MetricTarget {
                type_: kind,
                average_value: Some(Quantity(value.to_owned())),
                ..MetricTarget::default()
            }
        };
        changed = true;
    }
    at.field("type").show(ui);
    if target.type_ == UTILIZATION {
        let mut percent = target.average_utilization.unwrap_or(80);
        if form::number(ui, "Average utilization (%)", &mut percent, 1..=1000) {
            target.average_utilization = Some(percent);
            changed = true;
        }
    } else if target.type_ == AVERAGE_VALUE {
        let mut value = target.average_value.as_ref().map(|q| q.0.clone());
        if form::optional_text(ui, "Average value", &mut value) {
            target.average_value = value.map(Quantity);
            changed = true;
        }
    }
    // Both fields' findings wherever the target type put the one widget.
    at.field("averageUtilization").show(ui);
    at.field("averageValue").show(ui);
    changed
}

fn pvc_sections(ui: &mut Ui, claim: &mut PersistentVolumeClaim, at: &At<'_>) -> bool {
    let spec = claim.spec.get_or_insert_with(Default::default);
    let at = at.field("spec");
    at.show(ui);
    section(ui, "Storage", |ui| {
        let resources = spec.resources.get_or_insert_with(Default::default);
        let mut changed = form::quantity(ui, "Size", &mut resources.requests, "storage");
        at.field("resources.requests.storage").show(ui);
        if resources.requests.is_none() && resources.limits.is_none() {
            spec.resources = None;
        }
        changed |= form::optional_text(ui, "Storage class", &mut spec.storage_class_name);
        at.field("storageClassName").show(ui);
        ui.label("Access modes");
        let modes = spec.access_modes.get_or_insert_with(Vec::new);
        for mode in ACCESS_MODES {
            let mut on = modes.iter().any(|m| m == mode);
            if ui.checkbox(&mut on, mode).changed() {
                modes.retain(|m| m != mode);
                if on {
                    modes.push(mode.to_owned());
                }
                changed = true;
            }
        }
        if modes.is_empty() {
            spec.access_modes = None;
        }
        // None picked, an unknown one from the YAML, or ReadWriteOncePod with another.
        at.field("accessModes").show_all(ui);
        changed |= form::choice(ui, "Volume mode", &mut spec.volume_mode, &VOLUME_MODES);
        at.field("volumeMode").show(ui);
        changed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(yaml: &str) -> OtherObject {
        let imported = crate::manifest::import::parse_manifests(yaml, "test.yaml");
        let Some((object, _)) = imported.objects.first() else {
            panic!("no object: {:?}", imported.errors)
        };
        match object.resource() {
            Resource::Other(other) => other.clone(),
            resource => panic!("not kept untyped: {resource:?}"),
        }
    }

    #[test]
    fn gateway_api_nodes_say_listeners_hosts_and_rules() {
        let gateway = other(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\n\
             spec:\n  gatewayClassName: nginx\n  listeners:\n  - {name: http, protocol: HTTP, port: 80}\n  \
             - {name: https, protocol: HTTPS, port: 443, hostname: a.example.com}\n",
        );
        assert_eq!(subtitle(&gateway), "HTTP 80, HTTPS 443 · nginx");
        let route = other(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\n\
             spec:\n  hostnames: [a.example.com, b.example.com]\n  rules:\n  - backendRefs: [{name: web, port: 80}]\n  - {}\n",
        );
        assert_eq!(subtitle(&route), "a.example.com +1 · 2 rules");
        // A TCP route matches no hostname, whatever it lists.
        let tcp = other(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: TCPRoute\nmetadata: {name: t}\n\
             spec:\n  hostnames: [ignored.example.com]\n  rules:\n  - backendRefs: [{name: db, port: 5432}]\n",
        );
        assert_eq!(subtitle(&tcp), "1 rule");
    }
}
