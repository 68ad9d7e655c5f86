//! Connections with the kinds kept as [`crate::model::OtherObject`]: a PodDisruptionBudget or a
//! HorizontalPodAutoscaler to the workload it is for, and a workload to the ConfigMap, Secret or
//! PersistentVolumeClaim its pods use.

use k8s_openapi::api::autoscaling::v2::{CrossVersionObjectReference, HorizontalPodAutoscaler};
use k8s_openapi::api::core::v1::{
    ConfigMapEnvSource, EnvFromSource, PersistentVolumeClaimVolumeSource, SecretEnvSource, Volume,
    VolumeMount,
};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::model::typed_other::{self, TypedOther};
use crate::model::{Kind, Object, ObjectId, Resource};

use super::Command;
use super::connect::{Connection, Refusal, same_namespace, selector_labels, short};

/// The typed editor kind of an object kept as Other, if it has one.
pub(super) fn typed_kind(object: &Object) -> Option<TypedOther> {
    match object.resource() {
        Resource::Other(other) => TypedOther::of(other),
        _ => None,
    }
}

fn edited_other<T>(
    object: &Object,
    edit: impl FnOnce(&mut T) -> Result<(), Refusal>,
) -> Result<Object, Refusal>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let Resource::Other(other) = object.resource() else {
        return Err(Refusal::Missing);
    };
    let invalid = |error: crate::model::ObjectError| {
        Refusal::Reason(format!(
            "{} does not read as a {}: {error}; fix it in the YAML tab first",
            short(object),
            other.kind
        ))
    };
    let mut typed: T = typed_other::read(other).map_err(invalid)?;
    edit(&mut typed)?;
    let written = typed_other::write(other, &typed).map_err(invalid)?;
    let mut edited = object.clone();
    *edited.resource_mut() = Resource::Other(written);
    Ok(edited)
}

fn replace(id: ObjectId, object: Object, description: String) -> Connection {
    Connection {
        command: Command::ReplaceObject { id, object },
        description,
        offer_headless: None,
        port_choices: Vec::new(),
    }
}

/// PodDisruptionBudget → workload: the budget's selector becomes the workload's identifying labels.
pub(super) fn budget_protects(
    from: ObjectId,
    budget: &Object,
    workload: &Object,
) -> Result<Connection, Refusal> {
    let labels = selector_labels(
        budget,
        workload,
        "a PodDisruptionBudget counts pods of its own namespace only",
    )?;
    let selector = LabelSelector {
        match_labels: Some(labels),
        match_expressions: None,
    };
    let edited = edited_other(budget, |pdb: &mut PodDisruptionBudget| {
        let spec = pdb.spec.get_or_insert_with(Default::default);
        if spec.selector.as_ref() == Some(&selector) {
            return Err(Refusal::Reason(format!(
                "{} already protects {}",
                short(budget),
                short(workload)
            )));
        }
        spec.selector = Some(selector);
        Ok(())
    })?;
    Ok(replace(
        from,
        edited,
        format!(
            "{} now limits disruption of {}",
            short(budget),
            short(workload)
        ),
    ))
}

/// HorizontalPodAutoscaler → workload: `scaleTargetRef` names the workload.
pub(super) fn autoscaler_scales(
    from: ObjectId,
    autoscaler: &Object,
    workload: &Object,
) -> Result<Connection, Refusal> {
    if !workload.kind().is_scalable() {
        return Err(Refusal::Reason(format!(
            "a HorizontalPodAutoscaler scales replicas: {} has none (connect it to a {})",
            short(workload),
            Kind::SCALABLE.map(Kind::as_str).join(", ")
        )));
    }
    same_namespace(
        autoscaler,
        workload,
        "a HorizontalPodAutoscaler scales a workload of its own namespace only",
    )?;
    let target = CrossVersionObjectReference {
        api_version: Some(workload.api_version().to_owned()),
        kind: workload.kind_name().to_owned(),
        name: workload.name().to_owned(),
    };
    let edited = edited_other(autoscaler, |hpa: &mut HorizontalPodAutoscaler| {
        let spec = hpa.spec.get_or_insert_with(Default::default);
        if spec.scale_target_ref.kind == target.kind && spec.scale_target_ref.name == target.name {
            return Err(Refusal::Reason(format!(
                "{} already scales {}",
                short(autoscaler),
                short(workload)
            )));
        }
        spec.scale_target_ref = target;
        // The API requires an upper bound; a new autoscaler may not have one yet.
        if spec.max_replicas < 1 {
            spec.max_replicas = workload.replicas().unwrap_or(1).max(1) * 2;
        }
        Ok(())
    })?;
    Ok(replace(
        from,
        edited,
        format!("{} now scales {}", short(autoscaler), short(workload)),
    ))
}

/// Workload → ConfigMap or Secret: an `envFrom` entry on the first container.
pub(super) fn env_from(
    from: ObjectId,
    workload: &Object,
    source: &Object,
    secret: bool,
) -> Result<Connection, Refusal> {
    same_namespace(
        workload,
        source,
        "pods read ConfigMaps and Secrets of their own namespace only",
    )?;
    let name = source.name().to_owned();
    let mut edited = workload.clone();
    let container = first_container(&mut edited, workload)?;
    let entries = container.env_from.get_or_insert_with(Vec::new);
    let already = entries.iter().any(|e| {
        if secret {
            e.secret_ref.as_ref().is_some_and(|r| r.name == name)
        } else {
            e.config_map_ref.as_ref().is_some_and(|r| r.name == name)
        }
    });
    if already {
        return Err(Refusal::Reason(format!(
            "{} already takes its environment from {}",
            short(workload),
            short(source)
        )));
    }
    let container_name = container.name.clone();
    entries.push(if secret {
        EnvFromSource {
            secret_ref: Some(SecretEnvSource {
                name,
                optional: None,
            }),
            ..EnvFromSource::default()
        }
    } else {
        EnvFromSource {
            config_map_ref: Some(ConfigMapEnvSource {
                name,
                optional: None,
            }),
            ..EnvFromSource::default()
        }
    });
    Ok(replace(
        from,
        edited,
        format!(
            "container {container_name} of {} takes its environment from {}",
            short(workload),
            short(source)
        ),
    ))
}

/// Workload → PersistentVolumeClaim: a volume for the claim, mounted at `/data/<claim>` in the
/// first container.
pub(super) fn mount_claim(
    from: ObjectId,
    workload: &Object,
    claim: &Object,
) -> Result<Connection, Refusal> {
    if workload.kind() == Kind::StatefulSet {
        return Err(Refusal::Reason(format!(
            "each pod of {} should get its own claim: add one to spec.volumeClaimTemplates instead of sharing {}",
            short(workload),
            short(claim)
        )));
    }
    same_namespace(
        workload,
        claim,
        "pods mount claims of their own namespace only",
    )?;
    let claim_name = claim.name().to_owned();
    let mut edited = workload.clone();
    let volumes = edited
        .pod_spec()
        .and_then(|spec| spec.volumes.clone())
        .unwrap_or_default();
    if volumes.iter().any(|v| {
        v.persistent_volume_claim
            .as_ref()
            .is_some_and(|c| c.claim_name == claim_name)
    }) {
        return Err(Refusal::Reason(format!(
            "{} already mounts {}",
            short(workload),
            short(claim)
        )));
    }
    let mut volume_name = claim_name.clone();
    let mut n = 2;
    while volumes.iter().any(|v| v.name == volume_name) {
        volume_name = format!("{claim_name}-{n}");
        n += 1;
    }
    let container = first_container(&mut edited, workload)?;
    let container_name = container.name.clone();
    let mount_path = format!("/data/{claim_name}");
    container
        .volume_mounts
        .get_or_insert_with(Vec::new)
        .push(VolumeMount {
            name: volume_name.clone(),
            mount_path: mount_path.clone(),
            ..VolumeMount::default()
        });
    let Some(spec) = edited.pod_spec_mut() else {
        return Err(Refusal::Missing);
    };
    spec.volumes.get_or_insert_with(Vec::new).push(Volume {
        name: volume_name,
        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
            claim_name,
            read_only: None,
        }),
        ..Volume::default()
    });
    Ok(replace(
        from,
        edited,
        format!(
            "container {container_name} of {} mounts {} at {mount_path}",
            short(workload),
            short(claim)
        ),
    ))
}

fn first_container<'a>(
    edited: &'a mut Object,
    workload: &Object,
) -> Result<&'a mut k8s_openapi::api::core::v1::Container, Refusal> {
    edited
        .pod_spec_mut()
        .and_then(|spec| spec.containers.first_mut())
        .ok_or_else(|| {
            Refusal::Reason(format!(
                "{} has no container yet: add one in the inspector first",
                short(workload)
            ))
        })
}
