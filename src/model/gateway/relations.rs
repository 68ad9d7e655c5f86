//! The Gateway API relations of a model, from one index: route → Gateway where the Gateway
//! accepts the route, route → Service by `backendRefs` (port, weight, share of the rule), Gateway →
//! Secret by `certificateRefs`, Gateway → GatewayClass; cross-namespace references are marked
//! permitted or not by the ReferenceGrants of the target namespace.
//!
//! The index looks objects up by namespace and name, so the cost grows with the references, not
//! with pairs of objects. The rules read the same answers from [`GatewayIndex`].

use std::collections::{BTreeMap, BTreeSet};

use super::admission::{Attachment, RouteFacts, attach};
use super::gateways::Gateway;
use super::reference_grant::{RefEnd, ReferenceGrant, ReferenceGrantSpec, reference_permitted};
use super::routes::RouteView;
use super::{GROUP, read};
use crate::model::{Kind, Labels, Model, Object, ObjectId, Relation, Resource};

/// A route of the model as the relations read it.
#[derive(Clone, Debug)]
pub struct RouteEntry {
    pub id: ObjectId,
    pub kind: Kind,
    pub namespace: String,
    pub view: RouteView,
}

/// How one `parentRef` of a route resolves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentOutcome {
    /// The position in `parentRefs`.
    pub index: usize,
    /// The Gateway named (`None`: no such Gateway, or a parent of another kind).
    pub gateway: Option<ObjectId>,
    /// How the Gateway takes the route (`None` without a Gateway).
    pub attachment: Option<Attachment>,
}

/// How one `backendRefs` entry of a route resolves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendOutcome {
    pub rule: usize,
    pub index: usize,
    /// The Service named (`None`: no such Service, or a backend of another kind).
    pub service: Option<ObjectId>,
    pub port: Option<i32>,
    pub weight: i32,
    /// The percentage of the rule's requests, when the rule splits over several backends.
    pub share: Option<u8>,
    /// Whether the reference may be followed: same namespace, or a ReferenceGrant permits it.
    pub permitted: bool,
}

/// How one `certificateRefs` entry of a Gateway listener resolves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateOutcome {
    pub listener: String,
    /// The position in the listener's `certificateRefs`.
    pub index: usize,
    /// The Secret named (`None`: no such Secret, or a reference of another kind).
    pub secret: Option<ObjectId>,
    /// Whether the reference may be followed: same namespace, or a ReferenceGrant permits it.
    pub permitted: bool,
}

/// Gateway API objects of a model, and the Services, Secrets and namespaces they refer to.
#[derive(Clone, Debug, Default)]
pub struct GatewayIndex {
    gateways: BTreeMap<(String, String), (ObjectId, Gateway)>,
    routes: Vec<RouteEntry>,
    grants: BTreeMap<String, Vec<ReferenceGrantSpec>>,
    services: BTreeMap<(String, String), ObjectId>,
    secrets: BTreeMap<(String, String), ObjectId>,
    classes: BTreeMap<String, ObjectId>,
    namespace_labels: BTreeMap<String, Labels>,
}

fn key(namespace: &str, name: &str) -> (String, String) {
    (namespace.to_owned(), name.to_owned())
}

impl GatewayIndex {
    /// Indexes the model. Objects whose typed view cannot be read are left out (the rules report
    /// them).
    #[must_use]
    pub fn new(model: &Model) -> Self {
        let mut index = GatewayIndex::default();
        for (id, object) in model.objects() {
            index.add(model, id, object);
        }
        index
    }

    fn add(&mut self, model: &Model, id: ObjectId, object: &Object) {
        let kind = object.kind();
        let namespace = object.effective_namespace().unwrap_or_default();
        match (kind, object.resource()) {
            (Kind::Service, _) => {
                self.services.insert(key(namespace, object.name()), id);
            }
            (Kind::Secret, _) => {
                self.secrets.insert(key(namespace, object.name()), id);
            }
            (Kind::GatewayClass, _) => {
                self.classes.insert(object.name().to_owned(), id);
            }
            (Kind::Gateway, Resource::Other(other)) => {
                if let Ok(gateway) = read::<Gateway>(other) {
                    self.gateways
                        .insert(key(namespace, object.name()), (id, gateway));
                }
            }
            (Kind::ReferenceGrant, Resource::Other(other)) => {
                if let Ok(grant) = read::<ReferenceGrant>(other) {
                    self.grants
                        .entry(namespace.to_owned())
                        .or_default()
                        .push(grant.spec.unwrap_or_default());
                }
            }
            (kind, Resource::Other(other)) if kind.is_route() => {
                if let Ok(view) = read::<RouteView>(other) {
                    self.namespace_labels
                        .entry(namespace.to_owned())
                        .or_insert_with(|| model.namespace_labels(namespace));
                    self.routes.push(RouteEntry {
                        id,
                        kind,
                        namespace: namespace.to_owned(),
                        view,
                    });
                }
            }
            _ => {}
        }
    }

    /// The routes, in id order.
    #[must_use]
    pub fn routes(&self) -> &[RouteEntry] {
        &self.routes
    }

    /// The route `id` (`None`: not a route, or one whose view cannot be read).
    #[must_use]
    pub fn route(&self, id: ObjectId) -> Option<&RouteEntry> {
        // Routes are added in the model's id order.
        self.routes
            .binary_search_by_key(&id, |route| route.id)
            .ok()
            .and_then(|at| self.routes.get(at))
    }

    /// The Gateway `name` of `namespace` with its typed view.
    #[must_use]
    pub fn gateway(&self, namespace: &str, name: &str) -> Option<(ObjectId, &Gateway)> {
        self.gateways
            .get(&key(namespace, name))
            .map(|(id, gateway)| (*id, gateway))
    }

    /// The Gateways with their typed views, by namespace and name.
    pub fn gateways(&self) -> impl Iterator<Item = (ObjectId, &str, &Gateway)> {
        self.gateways
            .iter()
            .map(|((namespace, _), (id, gateway))| (*id, namespace.as_str(), gateway))
    }

    /// Whether a reference from `from` to `to` may be followed (see [`reference_permitted`]).
    #[must_use]
    pub fn permitted(&self, from: RefEnd<'_>, to: RefEnd<'_>) -> bool {
        reference_permitted(
            from,
            to,
            self.grants.get(to.namespace).into_iter().flatten(),
        )
    }

    /// How each `parentRef` of the route resolves, in order.
    #[must_use]
    pub fn parents(&self, route: &RouteEntry) -> Vec<ParentOutcome> {
        let empty = Labels::new();
        let facts = RouteFacts {
            kind: route.kind,
            namespace: &route.namespace,
            namespace_labels: self
                .namespace_labels
                .get(&route.namespace)
                .unwrap_or(&empty),
            hostnames: route.view.matched_hostnames(route.kind),
        };
        let parents = route.view.spec.parent_refs.iter().enumerate();
        parents
            .map(|(index, parent)| {
                let namespace = parent.namespace_or(&route.namespace);
                let found = parent
                    .is_gateway()
                    .then(|| self.gateways.get(&key(namespace, &parent.name)))
                    .flatten();
                ParentOutcome {
                    index,
                    gateway: found.map(|(id, _)| *id),
                    attachment: found
                        .map(|(_, gateway)| attach(parent, gateway, namespace, &facts)),
                }
            })
            .collect()
    }

    /// How each backend of each rule of the route resolves, in order.
    #[must_use]
    pub fn backends(&self, route: &RouteEntry) -> Vec<BackendOutcome> {
        let mut outcomes = Vec::new();
        for (rule_index, rule) in route.view.spec.rules.iter().enumerate() {
            let refs = &rule.backend_refs;
            let total: i64 = refs.iter().map(|b| i64::from(b.weight().max(0))).sum();
            for (index, backend) in refs.iter().enumerate() {
                let namespace = backend.namespace_or(&route.namespace);
                let from = RefEnd {
                    group: GROUP,
                    kind: route.kind.as_str(),
                    namespace: &route.namespace,
                    name: "",
                };
                let to = RefEnd {
                    group: backend.group.as_deref().unwrap_or_default(),
                    kind: backend.kind.as_deref().unwrap_or("Service"),
                    namespace,
                    name: &backend.name,
                };
                let share = (refs.len() > 1).then(|| share_percent(backend.weight(), total));
                outcomes.push(BackendOutcome {
                    rule: rule_index,
                    index,
                    service: backend
                        .is_service()
                        .then(|| self.services.get(&key(namespace, &backend.name)).copied())
                        .flatten(),
                    port: backend.port,
                    weight: backend.weight(),
                    share,
                    permitted: self.permitted(from, to),
                });
            }
        }
        outcomes
    }

    /// The relations of every Gateway API object, added to `relations`.
    pub fn derive_into(&self, relations: &mut BTreeSet<(ObjectId, ObjectId, Relation)>) {
        for (gateway_id, namespace, gateway) in self.gateways() {
            if let Some(class) = self.classes.get(gateway.class_name()) {
                relations.insert((gateway_id, *class, Relation::GatewayClassOf));
            }
            self.certificate_relations(gateway_id, namespace, gateway, relations);
        }
        for route in &self.routes {
            let mut attached: BTreeMap<ObjectId, BTreeSet<String>> = BTreeMap::new();
            for parent in self.parents(route) {
                if let (Some(gateway), Some(Attachment::Accepted(listeners))) =
                    (parent.gateway, parent.attachment)
                {
                    let names = attached.entry(gateway).or_default();
                    names.extend(listeners.into_iter().map(|l| l.name));
                }
            }
            for (gateway, listeners) in attached {
                let listeners = listeners.into_iter().collect();
                relations.insert((route.id, gateway, Relation::RouteAttaches { listeners }));
            }
            for backend in self.backends(route) {
                if let Some(service) = backend.service {
                    let relation = Relation::RouteBackend {
                        rule: backend.rule,
                        port: backend.port,
                        weight: backend.weight,
                        share: backend.share,
                        permitted: backend.permitted,
                    };
                    relations.insert((route.id, service, relation));
                }
            }
        }
    }

    /// How each `certificateRefs` entry of each listener of a Gateway resolves, in order.
    #[must_use]
    pub fn certificates(&self, namespace: &str, gateway: &Gateway) -> Vec<CertificateOutcome> {
        let mut outcomes = Vec::new();
        for listener in gateway.listeners() {
            for (index, reference) in listener.certificate_refs().iter().enumerate() {
                let secret_namespace = reference.namespace_or(namespace);
                let from = RefEnd {
                    group: GROUP,
                    kind: "Gateway",
                    namespace,
                    name: "",
                };
                let to = RefEnd {
                    group: reference.group.as_deref().unwrap_or_default(),
                    kind: reference.kind.as_deref().unwrap_or("Secret"),
                    namespace: secret_namespace,
                    name: &reference.name,
                };
                outcomes.push(CertificateOutcome {
                    listener: listener.name.clone(),
                    index,
                    secret: reference
                        .is_secret()
                        .then(|| self.secrets.get(&key(secret_namespace, &reference.name)))
                        .flatten()
                        .copied(),
                    permitted: self.permitted(from, to),
                });
            }
        }
        outcomes
    }

    fn certificate_relations(
        &self,
        gateway_id: ObjectId,
        namespace: &str,
        gateway: &Gateway,
        relations: &mut BTreeSet<(ObjectId, ObjectId, Relation)>,
    ) {
        let mut uses: BTreeMap<(ObjectId, bool), BTreeSet<String>> = BTreeMap::new();
        for outcome in self.certificates(namespace, gateway) {
            if let Some(secret) = outcome.secret {
                uses.entry((secret, outcome.permitted))
                    .or_default()
                    .insert(outcome.listener);
            }
        }
        for ((secret, permitted), listeners) in uses {
            let listeners = listeners.into_iter().collect();
            relations.insert((
                gateway_id,
                secret,
                Relation::GatewayCertificate {
                    listeners,
                    permitted,
                },
            ));
        }
    }
}

/// `weight` as a whole percentage of `total` (0 when the total is 0: nothing is sent).
fn share_percent(weight: i32, total: i64) -> u8 {
    if total <= 0 {
        return 0;
    }
    let share = (i64::from(weight.max(0)) * 100 + total / 2) / total;
    u8::try_from(share.clamp(0, 100)).unwrap_or(100)
}

#[cfg(test)]
#[path = "relations_tests.rs"]
mod tests;
