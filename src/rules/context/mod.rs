//! What every check reads: the model plus indexes built once per pass (by namespace, by label, by
//! identity), so that checks stay linear in the design's size.

use std::sync::{Mutex, OnceLock};

use super::fast_hash::FastMap as HashMap;

use k8s_openapi::api::core::v1::PodSpec;
use k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::document::Deployed;
use crate::model::gateway::relations::GatewayIndex;
use crate::model::selector::{map_selector_matches, selector_matches};
use crate::model::{Labels, Model, Object, ObjectId, Resource};

mod container;
mod index;
mod tiers;
pub use container::{ContainerAt, ItemAt};
use index::{Group, PdbSpec, cells, order_key, pdb_spec, racy, sorted};
pub use tiers::ClusterTiers;

/// A workload (anything that runs pods) and the labels its pods carry.
#[derive(Clone, Copy, Debug)]
pub struct Workload<'m> {
    pub id: ObjectId,
    pub object: &'m Object,
    pub labels: &'m Labels,
}

/// The workloads of one namespace and an index from label pairs to them.
#[derive(Debug, Default)]
struct NamespaceIndex<'m> {
    workloads: Vec<Workload<'m>>,
    /// `(key, value)` → positions in `workloads`.
    by_label: HashMap<(&'m str, &'m str), Vec<usize>>,
}

/// A pod spec of a workload with the path that leads to it (`spec.template.spec`).
#[derive(Clone, Copy, Debug)]
pub struct PodSpecAt<'m> {
    pub id: ObjectId,
    pub object: &'m Object,
    pub spec: &'m PodSpec,
    pub path: &'static str,
}

/// The model with indexes for the checks.
#[derive(Debug)]
pub struct Context<'m> {
    pub model: &'m Model,
    /// Whether the design is marked complete (decides `error*`).
    pub complete: bool,
    /// The workloads as last imported or exported (K8S-API-010 compares with them).
    pub deployed: &'m Deployed,
    /// Every object, sorted by kind, namespace and name.
    pub objects: Vec<(ObjectId, &'m Object)>,
    namespaces: HashMap<&'m str, NamespaceIndex<'m>>,
    /// The objects of each kind name.
    by_kind: HashMap<&'m str, Group<'m>>,
    /// The objects of each kind name and namespace; inside a run objects are sorted by name, so
    /// identity lookups are binary searches.
    by_kind_namespace: HashMap<&'m str, HashMap<&'m str, Group<'m>>>,
    /// The cluster-scoped objects of each kind name.
    cluster_scoped: HashMap<&'m str, Group<'m>>,
    pod_specs: Vec<PodSpecAt<'m>>,
    /// `PodDisruptionBudget` specs, read once per pass (three rules use them).
    pdb_specs: OnceLock<HashMap<ObjectId, OnceLock<Option<PdbSpec>>>>,
    /// NetworkPolicies as the reachability engine compiles them (`None`: refused by the API
    /// server), read once per pass: the NP rules and `reach` share one reading of isolation.
    compiled_policies: OnceLock<HashMap<ObjectId, OnceLock<Option<crate::reach::CompiledPolicy>>>>,
    /// The cluster policy tiers of the whole design as `reach` compiles them (`None`: the design
    /// has no cluster policy), built once per pass on first use.
    cluster_tiers: OnceLock<Option<ClusterTiers>>,
    /// The workloads each Service selects (computed once: many rules ask).
    service_selected: OnceLock<HashMap<ObjectId, OnceLock<Vec<Workload<'m>>>>>,
    /// Declared namespaces and those objects name, sorted and unique.
    namespace_names: Vec<&'m str>,
    /// Which namespaces' findings read the whole design (see [`Context::design_objects`]).
    design_reads: Mutex<DesignReads>,
    /// The Gateway API objects of the whole model, indexed on first use: the K8S-GW rules ask
    /// only when the context holds Gateway API objects, so other designs never build it.
    gateway_index: OnceLock<GatewayIndex>,
}

/// The namespaces whose findings read objects of the whole design: a namespace not listed
/// depends on its own objects only, so edits elsewhere cannot change its findings.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DesignReads {
    /// Namespaces (`None`: cluster-scoped objects) whose findings depend on what was read.
    pub homes: std::collections::BTreeSet<Option<String>>,
}

impl<'m> Context<'m> {
    /// The context of the whole design.
    #[must_use]
    pub fn new(model: &'m Model, complete: bool) -> Self {
        let objects = sorted(model.objects());
        let namespace_names = namespace_names(model, objects.iter().map(|&(_, o)| o));
        Self::build(model, complete, objects, namespace_names)
    }

    /// A context that holds only some objects of the model (the incremental checker's view of the
    /// edited objects or namespaces). Checks iterate and look up only these objects; `model` is
    /// still the whole design and `namespace_names` are passed in (the design's, so rules that
    /// compare a namespace with the others see them all).
    #[must_use]
    pub fn partial(
        model: &'m Model,
        complete: bool,
        objects: impl Iterator<Item = (ObjectId, &'m Object)>,
        namespace_names: Vec<&'m str>,
    ) -> Self {
        Self::build(model, complete, sorted(objects), namespace_names)
    }

    /// The same context comparing with a deployed baseline (the default is none).
    #[must_use]
    pub fn with_deployed(mut self, deployed: &'m Deployed) -> Self {
        self.deployed = deployed;
        self
    }

    /// Objects of the whole model (also those outside a partial context) that pass `keep`, in
    /// the order of [`Context::objects`]. Design-scoped rules read other namespaces through it,
    /// naming the namespace (`home`) whose findings depend on the answer.
    #[must_use]
    pub fn design_objects(
        &self,
        home: Option<&str>,
        keep: impl Fn(&Object) -> bool,
    ) -> Vec<(ObjectId, &'m Object)> {
        self.note_design_read(home);
        sorted(self.model.objects().filter(|(_, o)| keep(o)))
    }

    /// Notes that the findings of namespace `home` depend on objects of the whole design.
    pub fn note_design_read(&self, home: Option<&str>) {
        // A poisoned lock only means a check panicked on another thread; the set is still whole.
        let mut reads = self
            .design_reads
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !reads.homes.iter().any(|h| h.as_deref() == home) {
            reads.homes.insert(home.map(str::to_owned));
        }
    }

    /// How many objects of the whole model pass `keep`, and the first of them in the order of
    /// [`Context::objects`] (without sorting them all). For a finding about that first object:
    /// its namespace is noted as depending on the answer.
    #[must_use]
    pub fn design_first(&self, keep: impl Fn(&Object) -> bool) -> (usize, Option<ObjectId>) {
        let mut count = 0;
        let mut first: Option<(ObjectId, &Object)> = None;
        for (id, object) in self.model.objects().filter(|(_, o)| keep(o)) {
            count += 1;
            if first
                .is_none_or(|(first_id, first)| order_key(id, object) < order_key(first_id, first))
            {
                first = Some((id, object));
            }
        }
        if let Some((_, object)) = first {
            self.note_design_read(object.effective_namespace());
        }
        (count, first.map(|(id, _)| id))
    }

    /// What checks read of the whole design since the last call (and forgets it).
    pub fn take_design_reads(&self) -> DesignReads {
        std::mem::take(
            &mut *self
                .design_reads
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    fn build(
        model: &'m Model,
        complete: bool,
        objects: Vec<(ObjectId, &'m Object)>,
        namespace_names: Vec<&'m str>,
    ) -> Self {
        let mut namespaces: HashMap<&str, NamespaceIndex<'_>> = HashMap::default();
        let mut by_kind: HashMap<&str, Group<'_>> = HashMap::default();
        let mut by_kind_namespace: HashMap<&str, HashMap<&str, Group<'_>>> = HashMap::default();
        let mut cluster_scoped: HashMap<&str, Group<'_>> = HashMap::default();
        let mut pod_specs = Vec::new();
        for (position, &(id, object)) in objects.iter().enumerate() {
            let (kind, namespace) = (object.kind_name(), object.effective_namespace());
            let new = || Group::Run(position..position + 1);
            match by_kind.get_mut(kind) {
                Some(group) => group.add(&objects, position),
                None => {
                    by_kind.insert(kind, new());
                }
            }
            let groups = match namespace {
                Some(namespace) => by_kind_namespace.entry(kind).or_default().entry(namespace),
                None => cluster_scoped.entry(kind),
            };
            match groups {
                std::collections::hash_map::Entry::Occupied(mut group) => {
                    group.get_mut().add(&objects, position);
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(new());
                }
            }
            if let (Some(labels), Some(ns)) = (object.pod_labels(), object.effective_namespace()) {
                let index = namespaces.entry(ns).or_default();
                let position = index.workloads.len();
                index.workloads.push(Workload { id, object, labels });
                for (key, value) in labels {
                    index
                        .by_label
                        .entry((key.as_str(), value.as_str()))
                        .or_default()
                        .push(position);
                }
            }
            if let Some(spec) = object.pod_spec() {
                pod_specs.push(PodSpecAt {
                    id,
                    object,
                    spec,
                    path: pod_spec_path(object),
                });
            }
        }
        Context {
            model,
            namespace_names,
            service_selected: OnceLock::new(),
            pdb_specs: OnceLock::new(),
            compiled_policies: OnceLock::new(),
            cluster_tiers: OnceLock::new(),
            complete,
            deployed: Deployed::empty(),
            objects,
            namespaces,
            by_kind,
            by_kind_namespace,
            cluster_scoped,
            pod_specs,
            design_reads: Mutex::default(),
            gateway_index: OnceLock::new(),
        }
    }

    /// Objects of one kind (`ConfigMap`, `Service`…), sorted.
    #[must_use]
    pub fn of_kind(&self, kind: &str) -> &[(ObjectId, &'m Object)] {
        self.run(self.by_kind.get(kind))
    }

    /// The objects of a group (none for a missing one).
    fn run<'a>(&'a self, group: Option<&'a Group<'m>>) -> &'a [(ObjectId, &'m Object)] {
        match group {
            Some(Group::Run(run)) => self.objects.get(run.clone()).unwrap_or(&[]),
            Some(Group::Scattered(copied)) => copied,
            None => &[],
        }
    }

    /// The spec of the `PodDisruptionBudget` `id` (`None` without a spec; `Err` when it does not
    /// read as one).
    #[must_use]
    pub fn pdb_spec(&self, id: ObjectId) -> Option<Result<&PodDisruptionBudgetSpec, &str>> {
        let cell = self
            .pdb_specs
            .get_or_init(|| cells(self.of_kind("PodDisruptionBudget")));
        let object = self.model.get(id)?;
        racy(cell.get(&id)?, || pdb_spec(object))
            .as_ref()
            .map(|r| r.as_ref().map_err(String::as_str))
    }

    /// The NetworkPolicy `id` as `reach` compiles it: policyTypes defaulted, empty and missing
    /// lists read one way. `None` for another object or a policy the API server refuses (it is
    /// not in effect; other rules report why).
    #[must_use]
    pub fn compiled_policy(&self, id: ObjectId) -> Option<&crate::reach::CompiledPolicy> {
        // One empty cell per policy first, each compiled when a rule asks: an incremental pass
        // re-checks a namespace or two and should not compile every policy of the design.
        let cells = self
            .compiled_policies
            .get_or_init(|| cells(self.of_kind("NetworkPolicy")));
        racy(cells.get(&id)?, || match self.model.get(id)?.resource() {
            Resource::NetworkPolicy(policy) => {
                crate::reach::policy::compile(id, policy, "default").ok()
            }
            _ => None,
        })
        .as_ref()
    }

    /// The Gateway API index of the whole model (built once per pass, on first use).
    #[must_use]
    pub fn gateway_index(&self) -> &GatewayIndex {
        self.gateway_index
            .get_or_init(|| GatewayIndex::new(self.model))
    }

    /// Whether a rule built the Gateway API index in this pass (designs without Gateway API
    /// objects must not: the tests hold the rules to it).
    #[must_use]
    pub fn gateway_index_built(&self) -> bool {
        self.gateway_index.get().is_some()
    }

    /// Every namespace of the design (declared or used), sorted.
    #[must_use]
    pub fn namespace_names(&self) -> &[&'m str] {
        &self.namespace_names
    }

    /// Objects after the first with the same kind, namespace and name (one would overwrite the
    /// other), in object order.
    #[must_use]
    pub fn duplicates(&self) -> Vec<ObjectId> {
        // Objects are sorted by kind, namespace and name: equal identities are neighbours.
        fn identity(o: &Object) -> (&str, Option<&str>, &str) {
            (o.kind_name(), o.effective_namespace(), o.name())
        }
        let mut found: Vec<ObjectId> = self
            .objects
            .windows(2)
            .filter(|pair| identity(pair[0].1) == identity(pair[1].1))
            .map(|pair| pair[1].0)
            .collect();
        found.sort_unstable();
        found
    }

    /// Objects of one kind in one namespace, sorted.
    #[must_use]
    pub fn of_kind_in(&self, kind: &str, namespace: &str) -> &[(ObjectId, &'m Object)] {
        self.run(
            self.by_kind_namespace
                .get(kind)
                .and_then(|groups| groups.get(namespace)),
        )
    }

    /// The objects with this identity, in object order (more than one is a conflict).
    fn identity<'a>(
        &'a self,
        kind: &str,
        namespace: Option<&str>,
        name: &'a str,
    ) -> impl Iterator<Item = (ObjectId, &'m Object)> + use<'a, 'm> {
        let group = match namespace {
            Some(namespace) => self
                .by_kind_namespace
                .get(kind)
                .and_then(|groups| groups.get(namespace)),
            None => self.cluster_scoped.get(kind),
        };
        let (sorted, scattered): (&[_], &[_]) = if let Some(Group::Scattered(copied)) = group {
            (&[], copied)
        } else {
            let run = self.run(group);
            let start = run.partition_point(|(_, o)| o.name() < name);
            let rest = run.get(start..).unwrap_or(&[]);
            let end = rest.partition_point(|(_, o)| o.name() == name);
            (rest.get(..end).unwrap_or(&[]), &[])
        };
        sorted.iter().copied().chain(
            scattered
                .iter()
                .filter(move |(_, o)| o.name() == name)
                .copied(),
        )
    }

    /// Pod specs of every workload (templates and Pods), sorted by object.
    #[must_use]
    pub fn pod_specs(&self) -> &[PodSpecAt<'m>] {
        &self.pod_specs
    }

    /// Workloads of a namespace, sorted by object.
    #[must_use]
    pub fn workloads_in(&self, namespace: &str) -> &[Workload<'m>] {
        self.namespaces
            .get(namespace)
            .map_or(&[], |index| index.workloads.as_slice())
    }

    /// Objects with this identity (more than one is a conflict).
    #[must_use]
    pub fn find_all(&self, kind: &str, namespace: Option<&str>, name: &str) -> Vec<ObjectId> {
        self.identity(kind, namespace, name)
            .map(|(id, _)| id)
            .collect()
    }

    /// The first object with this identity.
    #[must_use]
    pub fn find(
        &self,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<(ObjectId, &'m Object)> {
        self.identity(kind, namespace, name).next()
    }

    /// Candidates for a selector: the workloads carrying one required pair, or all.
    fn candidates(&self, namespace: &str, pair: Option<(&String, &String)>) -> Vec<Workload<'m>> {
        let Some(index) = self.namespaces.get(namespace) else {
            return Vec::new();
        };
        match pair {
            Some((key, value)) => index
                .by_label
                .get(&(key.as_str(), value.as_str()))
                .into_iter()
                .flatten()
                .filter_map(|&position| index.workloads.get(position).copied())
                .collect(),
            None => index.workloads.clone(),
        }
    }

    /// Workloads a Service-style selector selects in a namespace (an empty selector selects none).
    #[must_use]
    pub fn select_map(&self, namespace: &str, selector: &Labels) -> Vec<Workload<'m>> {
        if selector.is_empty() {
            return Vec::new();
        }
        let mut found = self.candidates(namespace, selector.iter().next());
        found.retain(|w| map_selector_matches(selector, w.labels));
        found
    }

    /// Workloads a label selector selects in a namespace (`{}` selects all).
    #[must_use]
    pub fn select(&self, namespace: &str, selector: &LabelSelector) -> Vec<Workload<'m>> {
        let pair = selector.match_labels.as_ref().and_then(|m| m.iter().next());
        let mut found = self.candidates(namespace, pair);
        found.retain(|w| selector_matches(selector, w.labels));
        found
    }

    /// Workloads a NetworkPolicy-style `podSelector` selects (missing means all, like `{}`).
    #[must_use]
    pub fn select_pods(
        &self,
        namespace: &str,
        selector: Option<&LabelSelector>,
    ) -> Vec<Workload<'m>> {
        match selector {
            Some(selector) => self.select(namespace, selector),
            None => self.workloads_in(namespace).to_vec(),
        }
    }

    /// The workloads the Service `id` selects (none for other objects).
    #[must_use]
    pub fn service_targets(&self, id: ObjectId) -> &[Workload<'m>] {
        // Computed once per Service, on first use (a context built for a few design-wide rules
        // may never ask).
        let cells = self
            .service_selected
            .get_or_init(|| cells(self.of_kind("Service")));
        match (cells.get(&id), self.model.get(id)) {
            (Some(cell), Some(object)) => {
                racy(cell, || self.compute_service_targets(object)).as_slice()
            }
            _ => &[],
        }
    }

    fn compute_service_targets(&self, object: &'m Object) -> Vec<Workload<'m>> {
        let Resource::Service(service) = object.resource() else {
            return Vec::new();
        };
        match (
            service.spec.as_ref().and_then(|s| s.selector.as_ref()),
            object.effective_namespace(),
        ) {
            (Some(selector), Some(ns)) => self.select_map(ns, selector),
            _ => Vec::new(),
        }
    }
}

/// Declared namespaces and those the objects land in, sorted and unique.
#[must_use]
pub fn namespace_names<'m>(
    model: &'m Model,
    objects: impl Iterator<Item = &'m Object>,
) -> Vec<&'m str> {
    let used: super::fast_hash::FastSet<&str> =
        objects.filter_map(Object::effective_namespace).collect();
    let mut names: Vec<&str> = model
        .namespaces()
        .keys()
        .map(String::as_str)
        .chain(used)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The field path of a workload's pod spec.
#[must_use]
pub fn pod_spec_path(object: &Object) -> &'static str {
    match object.resource() {
        Resource::Pod(_) => "spec",
        Resource::CronJob(_) => "spec.jobTemplate.spec.template.spec",
        _ => "spec.template.spec",
    }
}

/// Init containers (when asked) and containers of a pod spec.
pub fn containers<'m>(
    at: &PodSpecAt<'m>,
    include_init: bool,
) -> impl Iterator<Item = ContainerAt<'m>> + use<'m> {
    let spec_path = at.path;
    let init = at
        .spec
        .init_containers
        .iter()
        .flatten()
        .filter(move |_| include_init)
        .enumerate()
        .map(move |(index, container)| ContainerAt {
            container,
            index,
            init: true,
            spec_path,
        });
    let main = at
        .spec
        .containers
        .iter()
        .enumerate()
        .map(move |(index, container)| ContainerAt {
            container,
            index,
            init: false,
            spec_path,
        });
    init.chain(main)
}

/// Container ports of a pod spec: (name, number, protocol) for every container.
pub fn container_ports(spec: &PodSpec) -> impl Iterator<Item = (Option<&str>, i32, &str)> {
    spec.containers.iter().flat_map(|c| {
        c.ports.iter().flatten().map(|p| {
            (
                p.name.as_deref(),
                p.container_port,
                p.protocol.as_deref().unwrap_or("TCP"),
            )
        })
    })
}
