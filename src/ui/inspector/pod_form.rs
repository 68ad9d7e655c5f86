//! The pod template part of the inspector's form: the pod's settings, its containers (image,
//! ports, environment, resources, probes) and a StatefulSet's volume claim templates.

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, PersistentVolumeClaim, PodSpec, ResourceRequirements,
};

use egui::Ui;

use super::field_notes::At;
use super::{env_form, probe_form};
use crate::ui::inspector::form::{self, ListOp, apply_op};
use crate::ui::inspector::object_form::section;

/// The pod template's sections: the pod's settings and its containers.
/// `at` is the pod spec's place in the object (`spec.template.spec` in a Deployment).
pub(super) fn pod_spec_sections(ui: &mut Ui, spec: &mut Option<PodSpec>, at: &At<'_>) -> bool {
    let spec = spec.get_or_insert_with(Default::default);
    let mut changed = section(ui, "Pod", true, |ui| {
        // The API takes a 64-bit count; the form's numbers are 32-bit (68 years of grace).
        let mut grace = spec
            .termination_grace_period_seconds
            .map(|s| i32::try_from(s).unwrap_or(i32::MAX));
        if form::optional_number(
            ui,
            "Termination grace period (s)",
            &mut grace,
            30,
            0..=86_400,
        ) {
            spec.termination_grace_period_seconds = grace.map(i64::from);
            return true;
        }
        at.field("terminationGracePeriodSeconds").show(ui);
        false
    });
    changed |= containers_section(ui, spec, &at.field("containers"));
    changed
}

fn containers_section(ui: &mut Ui, spec: &mut PodSpec, at: &At<'_>) -> bool {
    section(ui, "Containers", true, |ui| {
        let mut changed = false;
        let mut op = None;
        let len = spec.containers.len();
        for (index, container) in spec.containers.iter_mut().enumerate() {
            ui.push_id(("container", index), |ui| {
                ui.group(|ui| {
                    ui.strong(format!("Container {}", index + 1));
                    changed |= container_form(ui, container, &at.item(index));
                    if let Some(asked) = form::list_buttons(ui, "container", index, len) {
                        op = Some(asked);
                    }
                });
            });
        }
        if let Some(op) = op {
            // A pod needs a container: the last one stays.
            if !(matches!(op, ListOp::Remove(_)) && len == 1) {
                apply_op(&mut spec.containers, op);
                changed = true;
            }
        }
        if ui.button("Add container").clicked() {
            let mut name = format!("container-{}", len + 1);
            let mut n = len + 1;
            while spec.containers.iter().any(|c| c.name == name) {
                n += 1;
                name = format!("container-{n}");
            }
            spec.containers.push(Container {
                name,
                image: Some(crate::document::new_object::PLACEHOLDER_IMAGE.to_owned()),
                ..Container::default()
            });
            changed = true;
        }
        changed
    })
}

fn container_form(ui: &mut Ui, container: &mut Container, at: &At<'_>) -> bool {
    let mut changed = form::text(ui, "Container name", &mut container.name, None);
    at.field("name").show(ui);
    let mut image = container.image.clone().unwrap_or_default();
    if form::text(ui, "Image", &mut image, None) {
        container.image = (!image.is_empty()).then_some(image);
        changed = true;
    }
    at.field("image").show(ui);
    changed |= section(ui, "Ports", true, |ui| {
        let ports = container.ports.get_or_insert_with(Vec::new);
        let changed = container_ports(ui, ports, &at.field("ports"));
        if ports.is_empty() {
            container.ports = None;
        }
        changed
    });
    changed |= section(ui, "Environment", false, |ui| {
        let env = container.env.get_or_insert_with(Vec::new);
        let mut changed = env_form::env_vars(ui, env, &at.field("env"));
        if env.is_empty() {
            container.env = None;
        }
        ui.label("Whole ConfigMaps and Secrets (envFrom)");
        let imports = container.env_from.get_or_insert_with(Vec::new);
        changed |= env_form::env_from(ui, imports, &at.field("envFrom"));
        if imports.is_empty() {
            container.env_from = None;
        }
        changed
    });
    changed |= section(ui, "Resources", true, |ui| {
        let resources = container
            .resources
            .get_or_insert_with(ResourceRequirements::default);
        let at = at.field("resources");
        let mut changed = false;
        for (label, list, key) in [
            ("CPU request", "requests", "cpu"),
            ("Memory request", "requests", "memory"),
            ("CPU limit", "limits", "cpu"),
            ("Memory limit", "limits", "memory"),
        ] {
            let map = if list == "requests" {
                &mut resources.requests
            } else {
                &mut resources.limits
            };
            changed |= form::quantity(ui, label, map, key);
            at.field(list).field(key).show(ui);
        }
        if *resources == ResourceRequirements::default() {
            container.resources = None;
        }
        changed
    });
    changed |= section(ui, "Probes", true, |ui| {
        let mut changed = false;
        for (label, field, probe) in [
            (
                "Readiness",
                "readinessProbe",
                &mut container.readiness_probe,
            ),
            ("Liveness", "livenessProbe", &mut container.liveness_probe),
            ("Startup", "startupProbe", &mut container.startup_probe),
        ] {
            changed |= probe_form::probe(ui, label, probe, &at.field(field));
        }
        changed
    });
    changed
}

fn container_ports(ui: &mut Ui, ports: &mut Vec<ContainerPort>, at: &At<'_>) -> bool {
    let spec = form::ListSpec::separated("port", "port", "Add port");
    let new_port = |_| ContainerPort {
        container_port: 8080,
        protocol: Some("TCP".to_owned()),
        ..ContainerPort::default()
    };
    form::list_editor(ui, &spec, ports, new_port, |ui, index, port| {
        let at = at.item(index);
        let mut changed = form::optional_text(ui, "Port name", &mut port.name);
        at.field("name").show(ui);
        changed |= form::number(
            ui,
            "Container port",
            &mut port.container_port,
            crate::model::validation::PORT_NUMBERS,
        );
        at.field("containerPort").show(ui);
        changed |= form::choice(
            ui,
            "Protocol",
            &mut port.protocol,
            &crate::model::validation::PROTOCOLS,
        );
        at.field("protocol").show(ui);
        changed
    })
}

/// A StatefulSet's volume claim templates: name, size, storage class, access mode.
pub(super) fn volume_claims(ui: &mut Ui, claims: &mut Vec<PersistentVolumeClaim>) -> bool {
    let mut changed = false;
    let mut op = None;
    let len = claims.len();
    for (index, claim) in claims.iter_mut().enumerate() {
        ui.push_id(("claim", index), |ui| {
            changed |= form::optional_text(ui, "Claim name", &mut claim.metadata.name);
            let spec = claim.spec.get_or_insert_with(Default::default);
            let resources = spec.resources.get_or_insert_with(Default::default);
            changed |= form::quantity(ui, "Size", &mut resources.requests, "storage");
            changed |= form::optional_text(ui, "Storage class", &mut spec.storage_class_name);
            let mut mode = spec.access_modes.as_ref().and_then(|m| m.first().cloned());
            if form::choice(
                ui,
                "Access mode",
                &mut mode,
                &crate::model::validation::ACCESS_MODES,
            ) {
                spec.access_modes = mode.map(|m| vec![m]);
                changed = true;
            }
            op = form::list_buttons(ui, "claim", index, len).or(op);
            ui.separator();
        });
    }
    if let Some(op) = op {
        apply_op(claims, op);
        changed = true;
    }
    if ui.small_button("Add volume claim").clicked() {
        let mut claim = PersistentVolumeClaim::default();
        claim.metadata.name = Some(format!("data-{}", len + 1));
        let spec = claim.spec.get_or_insert_with(Default::default);
        spec.access_modes = Some(vec!["ReadWriteOnce".to_owned()]);
        spec.resources.get_or_insert_with(Default::default).requests = Some(
            [(
                "storage".to_owned(),
                k8s_openapi::apimachinery::pkg::api::resource::Quantity("10Gi".to_owned()),
            )]
            .into(),
        );
        claims.push(claim);
        changed = true;
    }
    changed
}
