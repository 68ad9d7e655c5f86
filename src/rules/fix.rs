//! Building fixes: an edited copy of an object as a `ReplaceObject` command, or a new object.

use k8s_openapi::api::core::v1::PodSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::document::{Command, Point};
use crate::model::{Object, ObjectId, Resource};

/// A fix that replaces the object with an edited copy, made when it is applied (the copy is not
/// made for every finding: see [`super::Repair::Later`]). Applied where the object is gone or the
/// edit does not apply, it makes nothing.
pub fn edit_later(
    id: ObjectId,
    change: impl Fn(&mut Object) -> bool + Send + Sync + 'static,
) -> super::Repair {
    super::Repair::Later(std::sync::Arc::new(move |model| {
        let object = model.get(id)?;
        edit(id, object, &change).map(|command| vec![command])
    }))
}

/// A fix that adds the object `make` builds (under the model's next free id), made when applied.
pub fn add_later(make: impl Fn() -> Option<Object> + Send + Sync + 'static) -> super::Repair {
    super::Repair::Later(std::sync::Arc::new(move |model| {
        let object = make()?;
        Some(vec![add(model.next_free_id(), object, Point::default())])
    }))
}

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
