//! The pod template part of the inspector's form: the pod's settings, its containers (image,
//! ports, environment, resources, probes) and a StatefulSet's volume claim templates.

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, PersistentVolumeClaim, PodSpec, ResourceRequirements,
};

use egui::Ui;

use crate::model::validation::{container_name_problem, image_reference_problem, image_tag};

use super::{env_form, probe_form};
use crate::ui::inspector::form::{self, ListOp, apply_op};
use crate::ui::inspector::object_form::section;

/// The pod template's sections: the pod's settings and its containers.
pub(super) fn pod_spec_sections(ui: &mut Ui, spec: &mut Option<PodSpec>) -> bool {
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
        false
    });
    changed |= containers_section(ui, spec);
    changed
}

fn containers_section(ui: &mut Ui, spec: &mut PodSpec) -> bool {
    section(ui, "Containers", true, |ui| {
        let mut changed = false;
        let mut op = None;
        let len = spec.containers.len();
        for (index, container) in spec.containers.iter_mut().enumerate() {
            ui.push_id(("container", index), |ui| {
                ui.group(|ui| {
                    ui.strong(format!("Container {}", index + 1));
                    changed |= container_form(ui, container);
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

fn image_field_message(image: &str) -> Option<String> {
    if image.is_empty() {
        Some("an image is required".to_owned())
    } else if let Some(problem) = image_reference_problem(image) {
        // The same check as K8S-API-012: the kubelet refuses to pull such a reference.
        Some(format!("not a valid image reference: {problem}"))
    } else if image.contains('@') {
        None
    } else {
        // The same reading of the tag as K8S-BP-013.
        match image_tag(image) {
            None => Some("no tag: pin a version (the default is :latest)".to_owned()),
            Some("latest") => Some(":latest is not a pinned version".to_owned()),
            Some(_) => None,
        }
    }
}

fn container_form(ui: &mut Ui, container: &mut Container) -> bool {
    let problem = container_name_problem(&container.name);
    let mut changed = form::text(
        ui,
        "Container name",
        &mut container.name,
        problem.as_deref(),
    );
    let mut image = container.image.clone().unwrap_or_default();
    let problem = image_field_message(&image);
    if form::text(ui, "Image", &mut image, problem.as_deref()) {
        container.image = (!image.is_empty()).then_some(image);
        changed = true;
    }
    changed |= section(ui, "Ports", true, |ui| {
        let ports = container.ports.get_or_insert_with(Vec::new);
        let changed = container_ports(ui, ports);
        if ports.is_empty() {
            container.ports = None;
        }
        changed
    });
    changed |= section(ui, "Environment", false, |ui| {
        let env = container.env.get_or_insert_with(Vec::new);
        let mut changed = env_form::env_vars(ui, env);
        if env.is_empty() {
            container.env = None;
        }
        ui.label("Whole ConfigMaps and Secrets (envFrom)");
        let imports = container.env_from.get_or_insert_with(Vec::new);
        changed |= env_form::env_from(ui, imports);
        if imports.is_empty() {
            container.env_from = None;
        }
        changed
    });
    changed |= section(ui, "Resources", true, |ui| {
        let resources = container
            .resources
            .get_or_insert_with(ResourceRequirements::default);
        let mut changed = form::quantity(ui, "CPU request", &mut resources.requests, "cpu");
        changed |= form::quantity(ui, "Memory request", &mut resources.requests, "memory");
        changed |= form::quantity(ui, "CPU limit", &mut resources.limits, "cpu");
        changed |= form::quantity(ui, "Memory limit", &mut resources.limits, "memory");
        if *resources == ResourceRequirements::default() {
            container.resources = None;
        }
        changed
    });
    changed |= section(ui, "Probes", true, |ui| {
        let mut changed = probe_form::probe(ui, "Readiness", &mut container.readiness_probe);
        changed |= probe_form::probe(ui, "Liveness", &mut container.liveness_probe);
        changed |= probe_form::probe(ui, "Startup", &mut container.startup_probe);
        changed
    });
    changed
}

fn container_ports(ui: &mut Ui, ports: &mut Vec<ContainerPort>) -> bool {
    let spec = form::ListSpec::separated("port", "port", "Add port");
    let new_port = |_| ContainerPort {
        container_port: 8080,
        protocol: Some("TCP".to_owned()),
        ..ContainerPort::default()
    };
    form::list_editor(ui, &spec, ports, new_port, |ui, port| {
        let mut changed = form::optional_text(ui, "Port name", &mut port.name);
        changed |= form::number(
            ui,
            "Container port",
            &mut port.container_port,
            crate::model::validation::PORT_NUMBERS,
        );
        changed |= form::choice(
            ui,
            "Protocol",
            &mut port.protocol,
            &crate::model::validation::PROTOCOLS,
        );
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
                &[
                    "ReadWriteOnce",
                    "ReadWriteOncePod",
                    "ReadOnlyMany",
                    "ReadWriteMany",
                ],
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
