//! The "Add ConfigMap / Secret / PersistentVolumeClaim / HorizontalPodAutoscaler /
//! PodDisruptionBudget" actions: a clean new object in the focused namespace (the autoscaler and
//! the budget for the selected workload), placed like a palette click, one undo step each.

use std::collections::BTreeSet;

use crate::document::{Command, Point, new_object};
use crate::model::typed_other::TypedOther;
use crate::model::{Object, ObjectId};

use crate::ui::canvas::palette::free_spot;
use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::shell::dialogs::ToastLevel;

impl KubedraftApp {
    /// The one selected workload an autoscaler or budget can be made for (one with a replica
    /// count: [`crate::model::Kind::is_scalable`]).
    pub(crate) fn selected_workload(&self) -> Option<(ObjectId, &Object)> {
        let mut selection = self.view.selection.iter();
        let (Some(id), None) = (selection.next(), selection.next()) else {
            return None;
        };
        self.doc
            .model
            .get(*id)
            .filter(|o| o.kind().is_scalable())
            .map(|o| (*id, o))
    }

    /// Adds a new object of `kind` and selects it.
    pub(crate) fn add_typed_other(&mut self, kind: TypedOther) {
        let workload = self.selected_workload().map(|(_, w)| w);
        let namespace = match workload.and_then(Object::effective_namespace) {
            Some(ns) => ns.to_owned(),
            None => self.focused_namespace(),
        };
        let stem = match (kind, workload) {
            (TypedOther::HorizontalPodAutoscaler | TypedOther::PodDisruptionBudget, Some(w)) => {
                w.name().to_owned()
            }
            _ => kind.kind().to_lowercase(),
        };
        let name = if self
            .doc
            .model
            .find(kind.kind(), Some(&namespace), &stem)
            .is_none()
            && workload.is_some()
        {
            stem
        } else {
            new_object::unique_name_of(&self.doc.model, kind.kind(), &namespace, &stem)
        };
        let Some(manifest) = new_object::typed_other_manifest(kind, &namespace, &name, workload)
        else {
            self.toast(
                ToastLevel::Info,
                format!(
                    "Select a Deployment or StatefulSet to add a {}",
                    kind.kind()
                ),
            );
            return;
        };
        let object = match Object::from_value(&manifest) {
            Ok(object) => object,
            Err(error) => {
                self.toast(
                    ToastLevel::Error,
                    format!("Could not create {}: {error}", kind.kind()),
                );
                return;
            }
        };
        // Below its workload, or where a palette click puts it.
        let start = self.selected_workload().map_or_else(
            || {
                let centre = self.view.scene_rect.center();
                self.click_spot(&namespace, Point::new(centre.x, centre.y))
            },
            |(id, _)| {
                let at = self.doc.position(id);
                Point::new(at.x, at.y + crate::document::NODE_HEIGHT + 20.0)
            },
        );
        let position = free_spot(&self.doc, start);
        let id = self.doc.model.allocate_id();
        self.requests.push(Request::Command(
            Command::AddObject {
                id,
                object,
                position,
            },
            None,
        ));
        self.requests.push(Request::Select(BTreeSet::from([id])));
    }

    /// Adds a new ClusterNetworkPolicy (Admin tier, a free priority, every pod of a namespace as
    /// its subject: the one it is dropped on, else the focused one) to the cluster band above the
    /// namespaces, and selects it.
    pub(crate) fn place_cluster_policy(&mut self, drop: Option<Point>) {
        let namespace = drop
            .and_then(|point| self.namespace_at(point))
            .unwrap_or_else(|| self.focused_namespace());
        let name = new_object::unique_name_of(
            &self.doc.model,
            "ClusterNetworkPolicy",
            "",
            "cluster-policy",
        );
        let priority = new_object::free_admin_priority(&self.doc.model);
        let manifest = new_object::cluster_network_policy_manifest(&name, &namespace, priority);
        let object = match Object::from_value(&manifest) {
            Ok(object) => object,
            Err(error) => {
                self.toast(
                    ToastLevel::Error,
                    format!("Could not create ClusterNetworkPolicy: {error}"),
                );
                return;
            }
        };
        // Right of the band's last object; above the design when there is no band yet.
        let start = match self.doc.cluster_band_rect() {
            Some(band) => Point::new(band.max.x + 20.0, band.min.y + 30.0),
            None => self.doc.bounds().map_or_else(
                || drop.unwrap_or(Point::new(0.0, 0.0)),
                |b| Point::new(b.min.x, b.min.y - crate::document::NODE_HEIGHT - 60.0),
            ),
        };
        let position = free_spot(&self.doc, start);
        let id = self.doc.model.allocate_id();
        self.requests.push(Request::Command(
            Command::AddObject {
                id,
                object,
                position,
            },
            None,
        ));
        self.requests.push(Request::Select(BTreeSet::from([id])));
    }
}
