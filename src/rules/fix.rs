//! Building fixes: an edited copy of an object as a `ReplaceObject` command, or a new object.

use k8s_openapi::api::core::v1::PodSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::document::{Command, Point};
use crate::model::{Object, ObjectId, Resource};

/// A command replacing the object with an edited copy; `None` when the edit does not apply.
pub fn edit(
    id: ObjectId,
    object: &Object,
    change: impl FnOnce(&mut Object) -> bool,
) -> Option<Command> {
    let mut copy = object.clone();
    change(&mut copy).then_some(Command::ReplaceObject { id, object: copy })
}

/// The pod spec of a workload, for editing.
pub fn pod_spec_mut(object: &mut Object) -> Option<&mut PodSpec> {
    match object.resource_mut() {
        Resource::Pod(o) => o.spec.as_mut(),
        Resource::Deployment(o) => o.spec.as_mut()?.template.spec.as_mut(),
        Resource::StatefulSet(o) => o.spec.as_mut()?.template.spec.as_mut(),
        Resource::DaemonSet(o) => o.spec.as_mut()?.template.spec.as_mut(),
        Resource::ReplicaSet(o) => o.spec.as_mut()?.template.as_mut()?.spec.as_mut(),
        Resource::Job(o) => o.spec.as_mut()?.template.spec.as_mut(),
        Resource::CronJob(o) => o
            .spec
            .as_mut()?
            .job_template
            .spec
            .as_mut()?
            .template
            .spec
            .as_mut(),
        _ => None,
    }
}

/// A command adding a new object, placed at `position` (the UI may move it).
#[must_use]
pub fn add(id: ObjectId, object: Object, position: Point) -> Command {
    Command::AddObject {
        id,
        object,
        position,
    }
}

/// Metadata with a name and namespace.
#[must_use]
pub fn metadata(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: namespace.map(str::to_owned),
        ..ObjectMeta::default()
    }
}
