//! The inspector's form for one object, grouped as a Kubernetes engineer reads a manifest:
//! metadata, containers (image, ports, env, resources, probes), strategy, storage, ports, rules.
//! The form edits a copy; the inspector turns a changed copy into one `ReplaceObject` command.
//! The pod template's sections are in `pod_form`, the Service, Ingress and NetworkPolicy ones in
//! `network_form`.

use k8s_openapi::api::apps::v1::{DeploymentStrategy, RollingUpdateDeployment};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use egui::{CollapsingHeader, Ui};

use crate::model::{Object, Resource};

use super::field_notes::At;
use super::network_form::{ingress_rules, ingress_tls, policy_rules, policy_types, service_ports};
use super::pod_form::{pod_spec_sections, volume_claims};
use super::selector_form;
use crate::ui::inspector::form;

/// Draws the form for an editable object; returns whether anything changed.
// One arm per kind reads best as one match.
#[allow(clippy::too_many_lines)]
pub fn object_form(ui: &mut Ui, object: &mut Object, namespaces: &[String], at: &At<'_>) -> bool {
    // Where the checker reports the pod template's fields for this kind.
    let pod = at.field(crate::rules::context::pod_spec_path(object));
    let template_at =
        at.field(crate::rules::context::pod_spec_path(object).trim_end_matches(".spec"));
    // A cluster-scoped object has no namespace to choose.
    let namespaced = !object.is_cluster_scoped();
    let mut changed = section(ui, "Metadata", true, |ui| {
        metadata(
            ui,
            object.metadata_mut(),
            namespaced.then_some(namespaces),
            &at.field("metadata"),
        )
    });
    changed |= match object.resource_mut() {
        Resource::Deployment(deployment) => {
            let spec = deployment.spec.get_or_insert_with(Default::default);
            let mut changed = section(ui, "Replicas and strategy", true, |ui| {
                let mut changed = replicas(ui, &mut spec.replicas, at);
                changed |= strategy(ui, &mut spec.strategy);
                at.field("spec.strategy").show_all(ui);
                changed
            });
            changed |= selector_and_pod_labels(
                ui,
                &mut spec.selector,
                &mut spec.template,
                at,
                &template_at,
            );
            changed |= pod_spec_sections(ui, &mut spec.template.spec, &pod);
            changed
        }
        Resource::StatefulSet(stateful_set) => {
            let spec = stateful_set.spec.get_or_insert_with(Default::default);
            let mut changed = section(ui, "Replicas and identity", true, |ui| {
                let mut changed = replicas(ui, &mut spec.replicas, at);
                changed |= form::optional_text(ui, "Service name", &mut spec.service_name);
                at.field("spec.serviceName").show(ui);
                changed |= form::choice(
                    ui,
                    "Pod management",
                    &mut spec.pod_management_policy,
                    &["OrderedReady", "Parallel"],
                );
                at.field("spec.podManagementPolicy").show(ui);
                changed
            });
            changed |= selector_and_pod_labels(
                ui,
                &mut spec.selector,
                &mut spec.template,
                at,
                &template_at,
            );
            changed |= pod_spec_sections(ui, &mut spec.template.spec, &pod);
            changed |= section(ui, "Storage (volume claim templates)", true, |ui| {
                let changed =
                    volume_claims(ui, spec.volume_claim_templates.get_or_insert_with(Vec::new));
                at.field("spec.volumeClaimTemplates").show_all(ui);
                changed
            });
            if spec
                .volume_claim_templates
                .as_ref()
                .is_some_and(Vec::is_empty)
            {
                spec.volume_claim_templates = None;
            }
            changed
        }
        Resource::Service(service) => {
            let spec = service.spec.get_or_insert_with(Default::default);
            let mut changed = section(ui, "Type", true, |ui| {
                let mut changed = form::choice(
                    ui,
                    "Type",
                    &mut spec.type_,
                    &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
                );
                let mut headless = spec.cluster_ip.as_deref() == Some("None");
                if ui
                    .checkbox(&mut headless, "Headless (clusterIP: None)")
                    .changed()
                {
                    spec.cluster_ip = headless.then(|| "None".to_owned());
                    changed = true;
                }
                changed
            });
            changed |= section(ui, "Selector", true, |ui| {
                let changed = form::optional_key_values(ui, "selector label", &mut spec.selector);
                at.field("spec.selector").show_all(ui);
                changed
            });
            changed |= section(ui, "Ports", true, |ui| {
                service_ports(
                    ui,
                    spec.ports.get_or_insert_with(Vec::new),
                    &at.field("spec.ports"),
                )
            });
            if spec.ports.as_ref().is_some_and(Vec::is_empty) {
                spec.ports = None;
            }
            changed
        }
        Resource::Ingress(ingress) => {
            let spec = ingress.spec.get_or_insert_with(Default::default);
            let mut changed = section(ui, "Class", true, |ui| {
                form::optional_text(ui, "Ingress class", &mut spec.ingress_class_name)
            });
            changed |= section(ui, "Rules", true, |ui| {
                ingress_rules(
                    ui,
                    spec.rules.get_or_insert_with(Vec::new),
                    &at.field("spec.rules"),
                )
            });
            changed |= section(ui, "TLS", false, |ui| {
                ingress_tls(
                    ui,
                    spec.tls.get_or_insert_with(Vec::new),
                    &at.field("spec.tls"),
                )
            });
            if spec.rules.as_ref().is_some_and(Vec::is_empty) {
                spec.rules = None;
            }
            if spec.tls.as_ref().is_some_and(Vec::is_empty) {
                spec.tls = None;
            }
            changed
        }
        Resource::NetworkPolicy(policy) => {
            let spec = policy.spec.get_or_insert_with(Default::default);
            let mut changed = section(ui, "Applies to", true, |ui| {
                ui.weak("Pods with these labels (none: every pod of the namespace)");
                selector_form::label_selector(
                    ui,
                    "pod label",
                    spec.pod_selector.get_or_insert_with(Default::default),
                    &at.field("spec.podSelector"),
                )
            });
            changed |= section(ui, "Policy types", true, |ui| {
                let changed = policy_types(ui, &mut spec.policy_types);
                at.field("spec.policyTypes").show_all(ui);
                changed
            });
            changed |= section(ui, "Ingress rules", true, |ui| {
                policy_rules(
                    ui,
                    spec.ingress.get_or_insert_with(Vec::new),
                    &at.field("spec.ingress"),
                )
            });
            changed |= section(ui, "Egress rules", true, |ui| {
                policy_rules(
                    ui,
                    spec.egress.get_or_insert_with(Vec::new),
                    &at.field("spec.egress"),
                )
            });
            if spec.ingress.as_ref().is_some_and(Vec::is_empty) {
                spec.ingress = None;
            }
            if spec.egress.as_ref().is_some_and(Vec::is_empty) {
                spec.egress = None;
            }
            changed
        }
        // Kinds read from imports: their pod template, like a Deployment's.
        Resource::DaemonSet(daemon_set) => {
            let spec = daemon_set.spec.get_or_insert_with(Default::default);
            let changed = selector_and_pod_labels(
                ui,
                &mut spec.selector,
                &mut spec.template,
                at,
                &template_at,
            );
            changed | pod_spec_sections(ui, &mut spec.template.spec, &pod)
        }
        Resource::ReplicaSet(replica_set) => {
            let spec = replica_set.spec.get_or_insert_with(Default::default);
            let changed = section(ui, "Replicas", true, |ui| {
                replicas(ui, &mut spec.replicas, at)
            });
            let template = spec.template.get_or_insert_with(Default::default);
            let changed = changed
                | selector_and_pod_labels(ui, &mut spec.selector, template, at, &template_at);
            changed | pod_spec_sections(ui, &mut template.spec, &pod)
        }
        Resource::Job(job) => {
            let spec = job.spec.get_or_insert_with(Default::default);
            pod_spec_sections(ui, &mut spec.template.spec, &pod)
        }
        Resource::CronJob(cron_job) => {
            let spec = cron_job.spec.get_or_insert_with(Default::default);
            let changed = section(ui, "Schedule", true, |ui| {
                let changed = form::text(ui, "Schedule (cron)", &mut spec.schedule, None);
                at.field("spec.schedule").show(ui);
                changed
            });
            let job = spec.job_template.spec.get_or_insert_with(Default::default);
            changed | pod_spec_sections(ui, &mut job.template.spec, &pod)
        }
        Resource::Pod(p) => pod_spec_sections(ui, &mut p.spec, &pod),
        Resource::Other(_) => false,
    };
    changed
}

/// A collapsible section of the form; returns whether its body changed anything.
pub(super) fn section(
    ui: &mut Ui,
    title: &str,
    open: bool,
    body: impl FnOnce(&mut Ui) -> bool,
) -> bool {
    CollapsingHeader::new(title)
        .default_open(open)
        .show(ui, body)
        .body_returned
        .unwrap_or(false)
}

/// Name, namespace (`namespaces`: the choices; `None` for a cluster-scoped object), labels and
/// annotations.
fn metadata(
    ui: &mut Ui,
    meta: &mut ObjectMeta,
    namespaces: Option<&[String]>,
    at: &At<'_>,
) -> bool {
    let mut name = meta.name.clone().unwrap_or_default();
    let mut changed = false;
    if form::text(ui, "Name", &mut name, None) {
        meta.name = Some(name);
        changed = true;
    }
    at.field("name").show(ui);
    if let Some(namespaces) = namespaces {
        let mut namespace = meta.namespace.clone();
        let options: Vec<&str> = namespaces.iter().map(String::as_str).collect();
        if form::choice(ui, "Namespace", &mut namespace, &options) {
            meta.namespace = namespace;
            changed = true;
        }
        at.field("namespace").show(ui);
    } else {
        ui.weak("Cluster-scoped: no namespace.");
    }
    ui.label("Labels");
    changed |= form::optional_key_values(ui, "label", &mut meta.labels);
    at.field("labels").show_all(ui);
    ui.label("Annotations");
    changed |= form::optional_key_values(ui, "annotation", &mut meta.annotations);
    at.field("annotations").show_all(ui);
    changed
}

/// `spec.replicas` of a workload, with the checker's findings about it under the field.
fn replicas(ui: &mut Ui, replicas: &mut Option<i32>, at: &At<'_>) -> bool {
    let mut value = replicas.unwrap_or(1);
    let changed = form::number(ui, "Replicas", &mut value, 0..=1000);
    if changed {
        *replicas = Some(value);
    }
    at.field("spec.replicas").show(ui);
    changed
}

fn strategy(ui: &mut Ui, strategy: &mut Option<DeploymentStrategy>) -> bool {
    let value = strategy.get_or_insert_with(Default::default);
    let mut changed = form::choice(
        ui,
        "Strategy",
        &mut value.type_,
        &["RollingUpdate", "Recreate"],
    );
    if value.type_.as_deref() != Some("Recreate") {
        let rolling = value
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        changed |= form::optional_int_or_string(ui, "Max surge", &mut rolling.max_surge);
        changed |=
            form::optional_int_or_string(ui, "Max unavailable", &mut rolling.max_unavailable);
    } else if value.rolling_update.is_some() {
        value.rolling_update = None;
        changed = true;
    }
    if value.rolling_update.as_ref() == Some(&RollingUpdateDeployment::default()) {
        value.rolling_update = None;
    }
    if *value == DeploymentStrategy::default() {
        *strategy = None;
    }
    changed
}

/// A workload's `spec.selector` and the labels of its pod template, which the selector must match.
fn selector_and_pod_labels(
    ui: &mut Ui,
    selector: &mut LabelSelector,
    template: &mut PodTemplateSpec,
    at: &At<'_>,
    template_at: &At<'_>,
) -> bool {
    section(ui, "Selector and pod labels", true, |ui| {
        ui.label("Selector (the pods this workload manages)");
        let mut changed = selector_form::label_selector(
            ui,
            "selector label",
            selector,
            &at.field("spec.selector"),
        );
        ui.label("Pod labels");
        let mut labels = template.metadata.as_ref().and_then(|m| m.labels.clone());
        if form::optional_key_values(ui, "pod label", &mut labels) {
            template
                .metadata
                .get_or_insert_with(Default::default)
                .labels = labels;
            changed = true;
        }
        template_at.field("metadata.labels").show_all(ui);
        changed
    })
}
