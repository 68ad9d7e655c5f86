//! The inspector's form for one object, grouped as a Kubernetes engineer reads a manifest:
//! metadata, containers (image, ports, env, resources, probes), strategy, storage, ports, rules.
//! The form edits a copy; the inspector turns a changed copy into one `ReplaceObject` command.

use k8s_openapi::api::apps::v1::{DeploymentStrategy, RollingUpdateDeployment};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, PersistentVolumeClaim, PodSpec, PodTemplateSpec,
    ResourceRequirements, ServicePort,
};
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, IPBlock, IngressBackend, IngressRule,
    IngressServiceBackend, IngressTLS, NetworkPolicyEgressRule, NetworkPolicyIngressRule,
    NetworkPolicyPeer, NetworkPolicyPort, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use egui::{CollapsingHeader, Ui};

use crate::model::validation::{
    container_name_problem, image_reference_problem, image_tag, object_name_problem,
    workload_selector_problem,
};
use crate::model::{Object, Resource};
use crate::rules::api::invalid_network_policy_peer::ip_block_problems;

use super::{env_form, probe_form, selector_form};
use crate::ui::inspector::form::{self, ListOp, apply_op};

/// Draws the form for an editable object; returns whether anything changed.
// One arm per kind reads best as one match.
#[allow(clippy::too_many_lines)]
pub fn object_form(ui: &mut Ui, object: &mut Object, namespaces: &[String]) -> bool {
    let kind_name = object.kind_name().to_owned();
    let mut changed = section(ui, "Metadata", true, |ui| {
        metadata(ui, &kind_name, object.metadata_mut(), namespaces)
    });
    changed |= match object.resource_mut() {
        Resource::Deployment(deployment) => {
            let spec = deployment.spec.get_or_insert_with(Default::default);
            let mut changed = section(ui, "Replicas and strategy", true, |ui| {
                let mut changed = replicas(ui, &mut spec.replicas);
                changed |= strategy(ui, &mut spec.strategy);
                changed
            });
            changed |= selector_and_pod_labels(ui, &mut spec.selector, &mut spec.template);
            changed |= pod_spec_sections(ui, &mut spec.template.spec);
            changed
        }
        Resource::StatefulSet(stateful_set) => {
            let spec = stateful_set.spec.get_or_insert_with(Default::default);
            let mut changed = section(ui, "Replicas and identity", true, |ui| {
                let mut changed = replicas(ui, &mut spec.replicas);
                changed |= form::optional_text(ui, "Service name", &mut spec.service_name);
                changed |= form::choice(
                    ui,
                    "Pod management",
                    &mut spec.pod_management_policy,
                    &["OrderedReady", "Parallel"],
                );
                changed
            });
            changed |= selector_and_pod_labels(ui, &mut spec.selector, &mut spec.template);
            changed |= pod_spec_sections(ui, &mut spec.template.spec);
            changed |= section(ui, "Storage (volume claim templates)", true, |ui| {
                volume_claims(ui, spec.volume_claim_templates.get_or_insert_with(Vec::new))
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
                form::optional_key_values(ui, "selector label", &mut spec.selector)
            });
            changed |= section(ui, "Ports", true, |ui| {
                service_ports(ui, spec.ports.get_or_insert_with(Vec::new))
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
                ingress_rules(ui, spec.rules.get_or_insert_with(Vec::new))
            });
            changed |= section(ui, "TLS", false, |ui| {
                ingress_tls(ui, spec.tls.get_or_insert_with(Vec::new))
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
                )
            });
            changed |= section(ui, "Policy types", true, |ui| {
                policy_types(ui, &mut spec.policy_types)
            });
            changed |= section(ui, "Ingress rules", true, |ui| {
                policy_rules(ui, spec.ingress.get_or_insert_with(Vec::new))
            });
            changed |= section(ui, "Egress rules", true, |ui| {
                policy_rules(ui, spec.egress.get_or_insert_with(Vec::new))
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
            let changed = selector_and_pod_labels(ui, &mut spec.selector, &mut spec.template);
            changed | pod_spec_sections(ui, &mut spec.template.spec)
        }
        Resource::ReplicaSet(replica_set) => {
            let spec = replica_set.spec.get_or_insert_with(Default::default);
            let changed = section(ui, "Replicas", true, |ui| replicas(ui, &mut spec.replicas));
            let template = spec.template.get_or_insert_with(Default::default);
            let changed = changed | selector_and_pod_labels(ui, &mut spec.selector, template);
            changed | pod_spec_sections(ui, &mut template.spec)
        }
        Resource::Job(job) => {
            let spec = job.spec.get_or_insert_with(Default::default);
            pod_spec_sections(ui, &mut spec.template.spec)
        }
        Resource::CronJob(cron_job) => {
            let spec = cron_job.spec.get_or_insert_with(Default::default);
            let problem = spec
                .schedule
                .trim()
                .is_empty()
                .then_some("a schedule is required");
            let changed = section(ui, "Schedule", true, |ui| {
                form::text(ui, "Schedule (cron)", &mut spec.schedule, problem)
            });
            let job = spec.job_template.spec.get_or_insert_with(Default::default);
            changed | pod_spec_sections(ui, &mut job.template.spec)
        }
        Resource::Pod(pod) => pod_spec_sections(ui, &mut pod.spec),
        Resource::Other(_) => false,
    };
    changed
}

fn section(ui: &mut Ui, title: &str, open: bool, body: impl FnOnce(&mut Ui) -> bool) -> bool {
    CollapsingHeader::new(title)
        .default_open(open)
        .show(ui, body)
        .body_returned
        .unwrap_or(false)
}

fn metadata(ui: &mut Ui, kind_name: &str, meta: &mut ObjectMeta, namespaces: &[String]) -> bool {
    let mut name = meta.name.clone().unwrap_or_default();
    let mut changed = false;
    let problem = object_name_problem(kind_name, &name);
    if form::text(ui, "Name", &mut name, problem.as_deref()) {
        meta.name = Some(name);
        changed = true;
    }
    let mut namespace = meta.namespace.clone();
    let options: Vec<&str> = namespaces.iter().map(String::as_str).collect();
    if form::choice(ui, "Namespace", &mut namespace, &options) {
        meta.namespace = namespace;
        changed = true;
    }
    ui.label("Labels");
    changed |= form::optional_key_values(ui, "label", &mut meta.labels);
    ui.label("Annotations");
    changed |= form::optional_key_values(ui, "annotation", &mut meta.annotations);
    changed
}

fn replicas(ui: &mut Ui, replicas: &mut Option<i32>) -> bool {
    let mut value = replicas.unwrap_or(1);
    if form::number(ui, "Replicas", &mut value, 0..=1000) {
        *replicas = Some(value);
        return true;
    }
    false
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
) -> bool {
    section(ui, "Selector and pod labels", true, |ui| {
        ui.label("Selector (the pods this workload manages)");
        let mut changed = selector_form::label_selector(ui, "selector label", selector);
        ui.label("Pod labels");
        let mut labels = template.metadata.as_ref().and_then(|m| m.labels.clone());
        if form::optional_key_values(ui, "pod label", &mut labels) {
            template
                .metadata
                .get_or_insert_with(Default::default)
                .labels = labels;
            changed = true;
        }
        let pod_labels = template
            .metadata
            .as_ref()
            .and_then(|m| m.labels.clone())
            .unwrap_or_default();
        form::problem(ui, workload_selector_problem(selector, &pod_labels));
        changed
    })
}

fn pod_spec_sections(ui: &mut Ui, spec: &mut Option<PodSpec>) -> bool {
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

fn volume_claims(ui: &mut Ui, claims: &mut Vec<PersistentVolumeClaim>) -> bool {
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

fn service_ports(ui: &mut Ui, ports: &mut Vec<ServicePort>) -> bool {
    let spec = form::ListSpec::separated("service_port", "port", "Add port");
    let new_port = |_| ServicePort {
        port: 80,
        protocol: Some("TCP".to_owned()),
        ..ServicePort::default()
    };
    form::list_editor(ui, &spec, ports, new_port, |ui, port| {
        let mut changed = form::optional_text(ui, "Port name", &mut port.name);
        changed |= form::number(
            ui,
            "Port",
            &mut port.port,
            crate::model::validation::PORT_NUMBERS,
        );
        changed |= form::optional_int_or_string(ui, "Target port", &mut port.target_port);
        changed |= form::choice(
            ui,
            "Protocol",
            &mut port.protocol,
            &crate::model::validation::PROTOCOLS,
        );
        changed
    })
}

fn ingress_rules(ui: &mut Ui, rules: &mut Vec<IngressRule>) -> bool {
    let mut changed = false;
    let mut op = None;
    let len = rules.len();
    for (index, rule) in rules.iter_mut().enumerate() {
        ui.push_id(("rule", index), |ui| {
            ui.group(|ui| {
                changed |= form::optional_text(ui, "Host", &mut rule.host);
                let http = rule.http.get_or_insert_with(HTTPIngressRuleValue::default);
                let mut path_op = None;
                let paths = http.paths.len();
                for (p, path) in http.paths.iter_mut().enumerate() {
                    ui.push_id(("path", p), |ui| {
                        changed |= form::optional_text(ui, "Path", &mut path.path);
                        let mut kind = Some(path.path_type.clone());
                        if form::choice(
                            ui,
                            "Path type",
                            &mut kind,
                            &["Prefix", "Exact", "ImplementationSpecific"],
                        ) {
                            path.path_type = kind.unwrap_or_else(|| "Prefix".to_owned());
                            changed = true;
                        }
                        let backend = path
                            .backend
                            .service
                            .get_or_insert_with(IngressServiceBackend::default);
                        changed |= form::text(ui, "Service", &mut backend.name, None);
                        let port = backend.port.get_or_insert_with(ServiceBackendPort::default);
                        let mut value = match (&port.name, port.number) {
                            (Some(name), _) => Some(IntOrString::String(name.clone())),
                            (None, Some(n)) => Some(IntOrString::Int(n)),
                            (None, None) => None,
                        };
                        if form::optional_int_or_string(ui, "Service port", &mut value) {
                            (port.name, port.number) = match value {
                                Some(IntOrString::String(name)) => (Some(name), None),
                                Some(IntOrString::Int(n)) => (None, Some(n)),
                                None => (None, None),
                            };
                            changed = true;
                        }
                        path_op = form::list_buttons(ui, "path", p, paths).or(path_op);
                    });
                }
                if let Some(op) = path_op {
                    apply_op(&mut http.paths, op);
                    changed = true;
                }
                if ui.small_button("Add path").clicked() {
                    http.paths.push(HTTPIngressPath {
                        path: Some("/".to_owned()),
                        path_type: "Prefix".to_owned(),
                        backend: IngressBackend::default(),
                    });
                    changed = true;
                }
                op = form::list_buttons(ui, "rule", index, len).or(op);
            });
        });
    }
    if let Some(op) = op {
        apply_op(rules, op);
        changed = true;
    }
    if ui.small_button("Add rule").clicked() {
        rules.push(IngressRule::default());
        changed = true;
    }
    changed
}

fn ingress_tls(ui: &mut Ui, tls: &mut Vec<IngressTLS>) -> bool {
    let spec = form::ListSpec::compact("tls", "TLS entry", "Add TLS entry");
    form::list_editor(
        ui,
        &spec,
        tls,
        |_| IngressTLS::default(),
        |ui, entry| {
            let mut changed = form::comma_list(ui, "Hosts", &mut entry.hosts, None);
            changed |= form::optional_text(ui, "Secret", &mut entry.secret_name);
            changed
        },
    )
}

fn policy_types(ui: &mut Ui, types: &mut Option<Vec<String>>) -> bool {
    let mut changed = false;
    for kind in ["Ingress", "Egress"] {
        let mut on = types.as_ref().is_some_and(|t| t.iter().any(|x| x == kind));
        if ui.checkbox(&mut on, kind).changed() {
            let list = types.get_or_insert_with(Vec::new);
            list.retain(|x| x != kind);
            if on {
                list.push(kind.to_owned());
                list.sort_by_key(|x| x != "Ingress");
            }
            if list.is_empty() {
                *types = None;
            }
            changed = true;
        }
    }
    changed
}

const SELECTED_PEER: &str = "Pods and namespaces";
const IP_BLOCK_PEER: &str = "IP block";

fn peers(ui: &mut Ui, peers: &mut Vec<NetworkPolicyPeer>) -> bool {
    let spec = form::ListSpec::separated("peer", "peer", "Add peer");
    let new_peer = |_| NetworkPolicyPeer {
        pod_selector: Some(LabelSelector::default()),
        ..NetworkPolicyPeer::default()
    };
    form::list_editor(ui, &spec, peers, new_peer, peer)
}

/// One peer: pods (and namespaces) chosen by labels, or an IP block. The API server refuses a peer
/// that mixes the two, so switching replaces the peer.
fn peer(ui: &mut Ui, peer: &mut NetworkPolicyPeer) -> bool {
    let current = if peer.ip_block.is_some() {
        IP_BLOCK_PEER
    } else {
        SELECTED_PEER
    };
    let mut kind = current.to_owned();
    let mut changed = false;
    if form::required_choice(ui, "Peer", &mut kind, &[SELECTED_PEER, IP_BLOCK_PEER])
        && kind != current
    {
        *peer = if kind == IP_BLOCK_PEER {
            NetworkPolicyPeer {
                ip_block: Some(IPBlock {
                    cidr: "10.0.0.0/8".to_owned(),
                    except: None,
                }),
                ..NetworkPolicyPeer::default()
            }
        } else {
            NetworkPolicyPeer {
                pod_selector: Some(LabelSelector::default()),
                ..NetworkPolicyPeer::default()
            }
        };
        changed = true;
    }
    if let Some(block) = peer.ip_block.as_mut() {
        let problems = ip_block_problems(block);
        changed |= form::text(ui, "CIDR", &mut block.cidr, problems.cidr.as_deref());
        let except_problem = problems.except.first().map(|(_, problem)| problem.as_str());
        changed |= form::comma_list(ui, "Except", &mut block.except, except_problem);
        let mixed = peer.pod_selector.is_some() || peer.namespace_selector.is_some();
        form::problem(
            ui,
            mixed.then_some("an IP block may not be combined with pod or namespace selectors"),
        );
        return changed;
    }
    ui.label("Pods with labels");
    changed |= selector_form::label_selector(
        ui,
        "pod label",
        peer.pod_selector.get_or_insert_with(Default::default),
    );
    let mut any_namespace = peer.namespace_selector.is_some();
    if ui
        .checkbox(&mut any_namespace, "In other namespaces with labels")
        .changed()
    {
        peer.namespace_selector = any_namespace.then(LabelSelector::default);
        changed = true;
    }
    if let Some(namespaces) = peer.namespace_selector.as_mut() {
        changed |= selector_form::label_selector(ui, "namespace label", namespaces);
    }
    changed
}

fn policy_ports(ui: &mut Ui, ports: &mut Vec<NetworkPolicyPort>) -> bool {
    let spec = form::ListSpec::compact("policy_port", "port", "Add port");
    let new_port = |_| NetworkPolicyPort {
        port: Some(IntOrString::Int(8080)),
        protocol: Some("TCP".to_owned()),
        end_port: None,
    };
    form::list_editor(ui, &spec, ports, new_port, |ui, port| {
        let mut changed = form::optional_int_or_string(ui, "Port", &mut port.port);
        changed |= form::choice(
            ui,
            "Protocol",
            &mut port.protocol,
            &crate::model::validation::PROTOCOLS,
        );
        changed
    })
}

/// What the form shows for one direction of NetworkPolicy rules: ingress and egress rules have
/// the same shape (peers and ports) under different field names and wording.
trait PolicyRule: Default {
    /// Salt for the egui ids of the rules' widgets.
    const ID: &'static str;
    /// Group heading before the rule's number.
    const TITLE: &'static str;
    /// Label of the peer list.
    const PEERS: &'static str;
    /// Shown when the peer list is empty (any peer is allowed).
    const ANY_PEER: &'static str;
    /// The button that appends a rule.
    const ADD: &'static str;

    /// The rule's peers and ports, both optional (absent means "all").
    fn peers_and_ports(
        &mut self,
    ) -> (
        &mut Option<Vec<NetworkPolicyPeer>>,
        &mut Option<Vec<NetworkPolicyPort>>,
    );
}

impl PolicyRule for NetworkPolicyIngressRule {
    const ID: &'static str = "ingress_rule";
    const TITLE: &'static str = "Allow in";
    const PEERS: &'static str = "From";
    const ANY_PEER: &'static str = "(any source)";
    const ADD: &'static str = "Add ingress rule";

    fn peers_and_ports(
        &mut self,
    ) -> (
        &mut Option<Vec<NetworkPolicyPeer>>,
        &mut Option<Vec<NetworkPolicyPort>>,
    ) {
        (&mut self.from, &mut self.ports)
    }
}

impl PolicyRule for NetworkPolicyEgressRule {
    const ID: &'static str = "egress_rule";
    const TITLE: &'static str = "Allow out";
    const PEERS: &'static str = "To";
    const ANY_PEER: &'static str = "(any destination)";
    const ADD: &'static str = "Add egress rule";

    fn peers_and_ports(
        &mut self,
    ) -> (
        &mut Option<Vec<NetworkPolicyPeer>>,
        &mut Option<Vec<NetworkPolicyPort>>,
    ) {
        (&mut self.to, &mut self.ports)
    }
}

fn policy_rules<R: PolicyRule>(ui: &mut Ui, rules: &mut Vec<R>) -> bool {
    let mut changed = false;
    let mut op = None;
    let len = rules.len();
    for (index, rule) in rules.iter_mut().enumerate() {
        ui.push_id((R::ID, index), |ui| {
            ui.group(|ui| {
                ui.strong(format!("{}, rule {}", R::TITLE, index + 1));
                let (rule_peers, rule_ports) = rule.peers_and_ports();
                ui.label(R::PEERS);
                let list = rule_peers.get_or_insert_with(Vec::new);
                changed |= peers(ui, list);
                if list.is_empty() {
                    *rule_peers = None;
                    ui.weak(R::ANY_PEER);
                }
                ui.label("Ports");
                let ports = rule_ports.get_or_insert_with(Vec::new);
                changed |= policy_ports(ui, ports);
                if ports.is_empty() {
                    *rule_ports = None;
                }
                op = form::list_buttons(ui, "rule", index, len).or(op);
            });
        });
    }
    if let Some(op) = op {
        apply_op(rules, op);
        changed = true;
    }
    if ui.small_button(R::ADD).clicked() {
        rules.push(R::default());
        changed = true;
    }
    changed
}
