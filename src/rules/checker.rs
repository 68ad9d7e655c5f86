//! Incremental checking: after an edit, re-run each rule only where the edit can change its
//! findings, so that the app can re-check a large design within a frame.
//!
//! The [`Checker`] keeps the objects it last checked and the findings of every rule, filed by
//! object (rules of [`Scope::Object`]) or by namespace (the others). An update compares the model
//! with that snapshot, so it needs no help from the caller and cannot miss an edit (undo, import,
//! opening a file…). Then:
//! - object-scoped rules run for the changed objects only;
//! - namespace- and design-scoped rules run for the namespaces the changed objects were or are in;
//! - when a changed object's extract (what a design-scoped rule reads of objects in other
//!   namespaces) changed, the rule runs again for the namespaces whose findings read the whole
//!   design last time or now ([`Context::design_objects`] notes them; NP-001's finding moves to
//!   whichever policy comes first);
//! - a change of the completeness flag, of the deployed baseline (an import or export), of the
//!   declared namespaces or of the set of namespace names is a full pass.
//!
//! The result always equals [`super::check`] of the same model: same diagnostics, order,
//! deduplication and suppression (`tests/it/rules_incremental.rs` checks many edit sequences).

use std::collections::{BTreeMap, BTreeSet};
use std::{cmp::Ordering, sync::Arc};

use crate::document::{Deployed, Document};
use crate::model::{Model, Namespace, Object, ObjectId};

use super::catalog::RULES;
use super::context::{Context, DesignReads};
use super::diagnostic::Diagnostic;
use super::fast_hash::FastMap;
use super::rule::{Check, Rule, Scope};

/// A namespace, or `None` for cluster-scoped objects: the unit namespace-scoped rules re-run on.
type Group = Option<String>;

/// A diagnostic with the catalog position of its rule (the second sort key after the object).
type Ranked = (usize, Diagnostic);

/// What the last [`Checker::update`] did (for tests and measurements).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pass {
    /// Nothing was checked yet.
    #[default]
    None,
    /// Every rule over the whole design.
    Full,
    /// Nothing changed since the last check.
    Unchanged,
    /// Only what the edit could change.
    Incremental {
        /// Objects added, removed or modified.
        objects: usize,
        /// Namespaces whose namespace-scoped rules ran again.
        namespaces: usize,
        /// Design-scoped rules that ran over the whole design.
        design_rules: usize,
    },
}

/// Checks a design again after edits, re-running only what the edits can change.
#[derive(Debug, Default)]
pub struct Checker {
    /// The completeness flag of the last check.
    complete: bool,
    /// The deployed baseline's revision at the last check (cheaper to compare than its entries).
    deployed: u64,
    /// The objects as last checked, with their model versions.
    snapshot: BTreeMap<ObjectId, (u64, Arc<Object>)>,
    /// The objects of each namespace (`None`: cluster-scoped).
    members: BTreeMap<Group, BTreeSet<ObjectId>>,
    /// The declared namespaces as last checked.
    declared: BTreeMap<String, Namespace>,
    /// How many objects land in each namespace (the set of names is part of what
    /// namespace-scoped rules read).
    usage: BTreeMap<String, usize>,
    /// What fixes that add an object use as its id.
    next_free_id: Option<ObjectId>,
    /// Findings of object-scoped rules, per object, in rule order.
    by_object: FastMap<ObjectId, Vec<Ranked>>,
    /// Findings of namespace- and design-scoped rules, per namespace of their subject.
    by_group: BTreeMap<Group, Vec<Ranked>>,
    /// Per design-scoped rule (catalog position): which namespaces' findings read the whole
    /// design when last checked.
    readers: BTreeMap<usize, DesignReads>,
    /// The result, sorted like [`super::check`].
    diagnostics: Vec<Diagnostic>,
    last: Pass,
}

/// An object that differs from the snapshot: `before` and `after` (`None`: absent).
struct Change<'a> {
    id: ObjectId,
    before: Option<&'a Object>,
    after: Option<&'a Object>,
}

/// What an update compares: the changed objects, and objects with a new version but the same
/// content (their versions are refreshed).
#[derive(Default)]
struct Diff<'a> {
    changes: Vec<Change<'a>>,
    same: Vec<(ObjectId, u64)>,
}

impl Checker {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The diagnostics of the last update.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// What the last update did.
    #[must_use]
    pub fn last_pass(&self) -> Pass {
        self.last
    }

    /// Checks `model` and returns its diagnostics, equal to `check(model, complete)`.
    pub fn update(&mut self, model: &Model, complete: bool) -> &[Diagnostic] {
        self.update_with(model, complete, Deployed::empty())
    }

    /// Checks a document (its model, completeness and deployed baseline); equal to
    /// [`super::check_document`].
    pub fn update_document(&mut self, document: &Document) -> &[Diagnostic] {
        self.update_with(&document.model, document.complete, &document.deployed)
    }

    /// Checks `model` against a deployed baseline; equal to `check_with(model, complete,
    /// deployed)`. A changed baseline (an import or export) is a full pass.
    pub fn update_with(
        &mut self,
        model: &Model,
        complete: bool,
        deployed: &Deployed,
    ) -> &[Diagnostic] {
        let baseline = deployed.revision();
        if self.last == Pass::None || complete != self.complete || baseline != self.deployed {
            self.full(model, complete, deployed);
            return &self.diagnostics;
        }
        let next_free_id = model.next_free_id();
        let (changed_ids, mut groups, design, moves, same) = {
            let Diff { changes, same } = self.diff(model);
            let mut groups = Groups::default();
            let mut moves = Vec::new();
            for change in &changes {
                for object in [change.before, change.after].into_iter().flatten() {
                    groups.insert(object.effective_namespace());
                }
                let before = change.before.and_then(Object::effective_namespace);
                let after = change.after.and_then(Object::effective_namespace);
                if before != after {
                    moves.push((before.map(str::to_owned), after.map(str::to_owned)));
                }
            }
            let ids: Vec<ObjectId> = changes.iter().map(|c| c.id).collect();
            (ids, groups, design_rules_to_rerun(&changes), moves, same)
        };
        for (id, version) in same {
            if let Some(entry) = self.snapshot.get_mut(&id) {
                entry.0 = version;
            }
        }
        let declared_same = *model.namespaces() == self.declared;
        if changed_ids.is_empty() && Some(next_free_id) == self.next_free_id && declared_same {
            self.last = Pass::Unchanged;
            return &self.diagnostics;
        }
        let names_before = self.namespace_set();
        for (before, after) in moves {
            self.count(before, false);
            self.count(after, true);
        }
        self.store_snapshot(model, &changed_ids);
        if !declared_same || self.namespace_set() != names_before {
            self.full(model, complete, deployed);
            return &self.diagnostics;
        }
        if Some(next_free_id) != self.next_free_id {
            // Fixes that add an object name the id it will get; findings with fixes are redone.
            for (group, list) in &self.by_group {
                if list.iter().any(|(_, d)| d.fix.is_some()) {
                    groups.insert(group.as_deref());
                }
            }
            self.next_free_id = Some(next_free_id);
        }
        self.check_objects(model, &changed_ids, deployed);
        self.check_groups(model, &groups, &design, deployed);
        if !design.is_empty() {
            self.check_design(model, &design, &mut groups, deployed);
        }
        self.merge_groups(&groups);
        self.last = Pass::Incremental {
            objects: changed_ids.len(),
            namespaces: groups.len(),
            design_rules: design.len(),
        };
        &self.diagnostics
    }

    /// Every rule over the whole design; the snapshot becomes the model.
    fn full(&mut self, model: &Model, complete: bool, deployed: &Deployed) {
        self.complete = complete;
        self.deployed = deployed.revision();
        self.snapshot = model
            .versions()
            .filter_map(|(id, version)| Some((id, (version, model.shared(id)?))))
            .collect();
        self.declared = model.namespaces().clone();
        self.usage.clear();
        self.members.clear();
        for (&id, (_, object)) in &self.snapshot {
            if let Some(ns) = object.effective_namespace() {
                *self.usage.entry(ns.to_owned()).or_default() += 1;
            }
            self.members
                .entry(object.effective_namespace().map(str::to_owned))
                .or_default()
                .insert(id);
        }
        self.next_free_id = Some(model.next_free_id());
        self.by_object.clear();
        self.by_group.clear();
        self.readers.clear();
        let context = Context::new(model, complete).with_deployed(deployed);
        for (position, rule, check_fn) in implemented() {
            for diagnostic in super::run(rule, check_fn, &context) {
                self.file(rule, position, diagnostic);
            }
            let reads = context.take_design_reads();
            if matches!(rule.scope, Scope::Design(_)) {
                self.readers.insert(position, reads);
            }
        }
        self.rebuild();
        self.last = Pass::Full;
    }

    /// Files a diagnostic by object (object-scoped rules) or by namespace (the others).
    fn file(&mut self, rule: &Rule, position: usize, diagnostic: Diagnostic) {
        match (rule.scope, diagnostic.object) {
            (Scope::Object, Some(id)) => {
                self.by_object
                    .entry(id)
                    .or_default()
                    .push((position, diagnostic));
            }
            _ => {
                self.by_group
                    .entry(group_of(&diagnostic))
                    .or_default()
                    .push((position, diagnostic));
            }
        }
    }

    /// Objects added, removed or changed since the snapshot (ids ascending). Objects with the
    /// snapshot's version are unchanged; others are compared.
    fn diff<'a>(&'a self, model: &'a Model) -> Diff<'a> {
        let mut diff = Diff::default();
        let mut old = self.snapshot.iter().peekable();
        let mut new = model.versions().peekable();
        loop {
            let order = match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((old_id, _)), Some((new_id, _))) => (**old_id).cmp(new_id),
            };
            match order {
                Ordering::Less => {
                    if let Some((&id, (_, before))) = old.next() {
                        diff.changes.push(Change {
                            id,
                            before: Some(before),
                            after: None,
                        });
                    }
                }
                Ordering::Greater => {
                    if let Some((id, _)) = new.next() {
                        diff.changes.push(Change {
                            id,
                            before: None,
                            after: model.get(id),
                        });
                    }
                }
                Ordering::Equal => {
                    let (Some((&id, (old_version, before))), Some((_, version))) =
                        (old.next(), new.next())
                    else {
                        break;
                    };
                    if *old_version == version {
                        continue;
                    }
                    let after = model.get(id);
                    if after == Some(before) {
                        diff.same.push((id, version));
                    } else {
                        diff.changes.push(Change {
                            id,
                            before: Some(before),
                            after,
                        });
                    }
                }
            }
        }
        diff
    }

    fn count(&mut self, namespace: Option<String>, add: bool) {
        let Some(ns) = namespace else {
            return;
        };
        if add {
            *self.usage.entry(ns).or_default() += 1;
        } else if let Some(count) = self.usage.get_mut(&ns) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.usage.remove(&ns);
            }
        }
    }

    /// Declared namespaces and those objects land in, sorted.
    fn namespace_set(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self.declared.keys().chain(self.usage.keys()).collect();
        set.into_iter().cloned().collect()
    }

    /// Takes the changed objects into the snapshot and the namespace members.
    fn store_snapshot(&mut self, model: &Model, ids: &[ObjectId]) {
        let versions: FastMap<ObjectId, u64> = ids
            .iter()
            .filter_map(|&id| Some((id, model.version(id)?)))
            .collect();
        for &id in ids {
            if let Some((_, before)) = self.snapshot.remove(&id) {
                let group = before.effective_namespace().map(str::to_owned);
                if let Some(members) = self.members.get_mut(&group) {
                    members.remove(&id);
                    if members.is_empty() {
                        self.members.remove(&group);
                    }
                }
            }
            if let (Some(object), Some(&version)) = (model.shared(id), versions.get(&id)) {
                self.members
                    .entry(object.effective_namespace().map(str::to_owned))
                    .or_default()
                    .insert(id);
                self.snapshot.insert(id, (version, object));
            }
        }
    }

    /// The objects of some namespaces, from the model.
    fn objects_of<'a>(
        &'a self,
        model: &'a Model,
        groups: &'a Groups,
    ) -> impl Iterator<Item = (ObjectId, &'a Object)> + 'a {
        groups
            .keys()
            .filter_map(|group| self.members.get(&group))
            .flatten()
            .filter_map(|&id| Some((id, model.get(id)?)))
    }

    /// Object-scoped rules for the changed objects.
    fn check_objects(&mut self, model: &Model, ids: &[ObjectId], deployed: &Deployed) {
        for id in ids {
            self.by_object.remove(id);
        }
        let live = ids
            .iter()
            .filter_map(|&id| model.get(id).map(|object| (id, object)));
        let context =
            Context::partial(model, self.complete, live, Vec::new()).with_deployed(deployed);
        for (position, rule, check_fn) in implemented() {
            if matches!(rule.scope, Scope::Object) {
                for diagnostic in super::run(rule, check_fn, &context) {
                    self.file(rule, position, diagnostic);
                }
            }
        }
    }

    /// Namespace- and design-scoped rules (except the design-scoped ones in `design`, which
    /// [`Checker::check_design`] runs) for the objects of some namespaces.
    fn check_groups(
        &mut self,
        model: &Model,
        groups: &Groups,
        design: &[usize],
        deployed: &Deployed,
    ) {
        let rules: Vec<usize> = implemented()
            .filter(|(position, rule, _)| {
                !matches!(rule.scope, Scope::Object) && !design.contains(position)
            })
            .map(|(position, _, _)| position)
            .collect();
        self.rerun(model, Some(groups), &rules, deployed);
    }

    /// Runs some namespace- or design-scoped rules again for some namespaces (`None`: the whole
    /// design) and files their findings there; returns the namespaces whose findings of these
    /// rules changed.
    fn rerun(
        &mut self,
        model: &Model,
        groups: Option<&Groups>,
        rules: &[usize],
        deployed: &Deployed,
    ) -> Groups {
        let within = |group: Option<&str>| groups.is_none_or(|g| g.contains(group));
        let mut before: BTreeMap<Group, Vec<Ranked>> = BTreeMap::new();
        for (group, list) in &mut self.by_group {
            if within(group.as_deref()) {
                let (taken, kept) = std::mem::take(list)
                    .into_iter()
                    .partition(|(position, _)| rules.contains(position));
                *list = kept;
                before.insert(group.clone(), taken);
            }
        }
        let mut after: BTreeMap<Group, Vec<Ranked>> = BTreeMap::new();
        let mut reads = Vec::new();
        {
            let context = match groups {
                Some(groups) => {
                    let names: BTreeSet<&str> = self
                        .declared
                        .keys()
                        .chain(self.usage.keys())
                        .map(String::as_str)
                        .collect();
                    let objects = self.objects_of(model, groups);
                    Context::partial(model, self.complete, objects, names.into_iter().collect())
                }
                None => Context::new(model, self.complete),
            }
            .with_deployed(deployed);
            for (position, rule, check_fn) in implemented() {
                if !rules.contains(&position) {
                    continue;
                }
                for diagnostic in super::run(rule, check_fn, &context) {
                    if within(group_name(&diagnostic)) {
                        after
                            .entry(group_of(&diagnostic))
                            .or_default()
                            .push((position, diagnostic));
                    }
                }
                reads.push((position, context.take_design_reads()));
            }
        }
        for (position, read) in reads {
            let Some(rule) = RULES.get(position) else {
                continue;
            };
            if !matches!(rule.scope, Scope::Design(_)) {
                continue;
            }
            let readers = self.readers.entry(position).or_default();
            readers.homes.retain(|home| !within(home.as_deref()));
            readers.homes.extend(read.homes);
        }
        let mut changed = Groups::default();
        for group in before.keys().chain(after.keys()) {
            let empty = Vec::new();
            if before.get(group).unwrap_or(&empty) != after.get(group).unwrap_or(&empty) {
                changed.insert(group.as_deref());
            }
        }
        for (group, list) in after {
            self.by_group.entry(group).or_default().extend(list);
        }
        changed
    }

    /// Design-scoped rules whose extract changed: again for the edited namespaces and those
    /// whose findings read the whole design (last time, or now: a run that notes a namespace
    /// outside the ones it covered is repeated with it). Adds the namespaces whose findings
    /// changed to `groups`.
    fn check_design(
        &mut self,
        model: &Model,
        design: &[usize],
        groups: &mut Groups,
        deployed: &Deployed,
    ) {
        let edited = groups.clone();
        for &position in design {
            let mut rerun = edited.clone();
            let mut changed = Groups::default();
            for _ in 0..4 {
                for home in self
                    .readers
                    .get(&position)
                    .into_iter()
                    .flat_map(|r| &r.homes)
                {
                    rerun.insert(home.as_deref());
                }
                let before = rerun.len();
                changed.extend(&self.rerun(model, Some(&rerun), &[position], deployed));
                for home in self
                    .readers
                    .get(&position)
                    .into_iter()
                    .flat_map(|r| &r.homes)
                {
                    rerun.insert(home.as_deref());
                }
                if rerun.len() == before {
                    break;
                }
            }
            if self
                .readers
                .get(&position)
                .is_some_and(|r| r.homes.iter().any(|home| !rerun.contains(home.as_deref())))
            {
                // Still spreading: the whole design settles it.
                changed.extend(&self.rerun(model, None, &[position], deployed));
            }
            groups.extend(&changed);
        }
    }

    /// The result from every stored finding.
    fn rebuild(&mut self) {
        let mut all: Vec<&Ranked> = self
            .by_object
            .values()
            .chain(self.by_group.values())
            .flatten()
            .collect();
        self.diagnostics = sorted_unique(&mut all);
        self.by_group.retain(|_, list| !list.is_empty());
    }

    /// Replaces the diagnostics about some namespaces (their objects and themselves) in the
    /// result, leaving the others in place.
    fn merge_groups(&mut self, groups: &Groups) {
        let mut fresh: Vec<&Ranked> = Vec::new();
        for (group, list) in &self.by_group {
            if groups.contains(group.as_deref()) {
                fresh.extend(list);
            }
        }
        for group in groups.keys() {
            for id in self.members.get(&group).into_iter().flatten() {
                fresh.extend(self.by_object.get(id).into_iter().flatten());
            }
        }
        let fresh = sorted_unique(&mut fresh);
        let kept = std::mem::take(&mut self.diagnostics)
            .into_iter()
            .filter(|d| !groups.contains(group_name(d)));
        self.diagnostics = merge(kept, fresh);
        self.by_group.retain(|_, list| !list.is_empty());
    }
}

/// The implemented rules with their catalog positions.
fn implemented() -> impl Iterator<Item = (usize, &'static Rule, super::rule::CheckFn)> {
    RULES
        .iter()
        .enumerate()
        .filter_map(|(position, rule)| match rule.check {
            Check::Implemented(check_fn) => Some((position, *rule, check_fn)),
            Check::NotChecked(_) => None,
        })
}

/// Design-scoped rules that read something of a changed object that changed.
fn design_rules_to_rerun(changes: &[Change<'_>]) -> Vec<usize> {
    implemented()
        .filter_map(|(position, rule, _)| match rule.scope {
            Scope::Design(reads) => changes
                .iter()
                .any(|c| c.before.and_then(reads) != c.after.and_then(reads))
                .then_some(position),
            Scope::Object | Scope::Namespace => None,
        })
        .collect()
}

/// The namespace a diagnostic is filed under: its object's, or the namespace it is about.
fn group_name(diagnostic: &Diagnostic) -> Option<&str> {
    match diagnostic.object {
        Some(_) => diagnostic.namespace.as_deref(),
        None => Some(diagnostic.name.as_str()),
    }
}

fn group_of(diagnostic: &Diagnostic) -> Group {
    group_name(diagnostic).map(str::to_owned)
}

/// A set of namespaces, where `None` stands for the cluster-scoped objects.
#[derive(Clone, Debug, Default)]
struct Groups {
    names: BTreeSet<String>,
    cluster: bool,
}

impl Groups {
    fn insert(&mut self, namespace: Option<&str>) {
        match namespace {
            Some(ns) => {
                if !self.names.contains(ns) {
                    self.names.insert(ns.to_owned());
                }
            }
            None => self.cluster = true,
        }
    }

    fn contains(&self, namespace: Option<&str>) -> bool {
        match namespace {
            Some(ns) => self.names.contains(ns),
            None => self.cluster,
        }
    }

    fn len(&self) -> usize {
        self.names.len() + usize::from(self.cluster)
    }

    fn extend(&mut self, other: &Groups) {
        self.names.extend(other.names.iter().cloned());
        self.cluster |= other.cluster;
    }

    /// The groups, as keys of the checker's maps.
    fn keys(&self) -> impl Iterator<Item = Group> + '_ {
        self.names
            .iter()
            .map(|name| Some(name.clone()))
            .chain(self.cluster.then_some(None))
    }
}

/// Sorted like [`super::check`] (stable, so equal keys keep the rules' order) and without
/// repeats.
fn sorted_unique(list: &mut Vec<&Ranked>) -> Vec<Diagnostic> {
    list.sort_by(|(a_rule, a), (b_rule, b)| super::compare(*a_rule, a, *b_rule, b));
    list.dedup_by(|(_, a), (_, b)| a == b);
    list.iter().map(|(_, d)| d.clone()).collect()
}

/// The subject part of the sort order; diagnostics of different namespaces never tie on it.
fn compare_subject(a: &Diagnostic, b: &Diagnostic) -> Ordering {
    (&a.kind, &a.namespace, &a.name, a.object).cmp(&(&b.kind, &b.namespace, &b.name, b.object))
}

/// Merges two sorted lists about disjoint subjects.
fn merge(kept: impl Iterator<Item = Diagnostic>, fresh: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(fresh.len());
    let mut fresh = fresh.into_iter().peekable();
    for diagnostic in kept {
        while let Some(next) = fresh.next_if(|f| compare_subject(f, &diagnostic).is_lt()) {
            out.push(next);
        }
        out.push(diagnostic);
    }
    out.extend(fresh);
    out
}
