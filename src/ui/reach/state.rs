//! What the reachability views show and the evaluations behind them, cached per document revision.
//!
//! Evaluating a design is the expensive part (seconds for thousands of workloads), so it happens
//! at most once per revision, and only while a reachability view is open. Edits are classified as
//! they are applied ([`impact`]): moving nodes or drawing traffic changes nothing the engine sees;
//! changed objects go to [`Reachability::update`] (incremental for policies, nothing for Services,
//! in full for workloads); namespace edits are evaluated again in full.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::document::{Command, Document};
use crate::model::{Model, ObjectId, Protocol};
use crate::reach::{
    Direction, Endpoint, Explanation, GenerateOptions, Progress, ReachDiff, Reachability,
    changed_objects, diff, explain,
};
use crate::ui::reach::job::{Job, Poll};

/// Designs with at least this many objects are evaluated in full on a background thread (the
/// views show progress and can cancel); smaller ones take less than a frame.
pub const BACKGROUND_FROM: usize = 400;

/// How an edit affects the reachability of a design.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Impact {
    /// Layout, frames, traffic intents: nothing the engine reads.
    #[default]
    None,
    /// These objects were added, edited or removed: [`Reachability::update`] decides (policies
    /// incrementally, workloads in full, Services and the like not at all).
    Objects(BTreeSet<ObjectId>),
    /// Namespaces changed (their labels feed selectors), or an edit went unrecorded.
    Full,
}

impl Impact {
    fn combine(self, other: Impact) -> Impact {
        match (self, other) {
            (Impact::Full, _) | (_, Impact::Full) => Impact::Full,
            (Impact::None, x) | (x, Impact::None) => x,
            (Impact::Objects(mut a), Impact::Objects(b)) => {
                a.extend(b);
                Impact::Objects(a)
            }
        }
    }
}

/// How `command` affects reachability (the same before or after applying it).
#[must_use]
pub fn impact(command: &Command) -> Impact {
    match changed_objects(command) {
        None => Impact::Full,
        Some(ids) if ids.is_empty() => Impact::None,
        Some(ids) => Impact::Objects(ids.into_iter().collect()),
    }
}

/// The evaluation of one revision, with what the views read from it every frame.
#[derive(Debug)]
pub struct Evaluation {
    pub revision: u64,
    pub reach: Arc<Reachability>,
    /// Ordered workload pairs with some allowed traffic (source, destination), sorted; `None`
    /// when there are more than [`MAX_EDGES`] (a large design without policies), which the
    /// overlay then draws only around the selection.
    pub edges: Option<Vec<(usize, usize)>>,
    /// The cluster tier that decided each of those pairs, where one did (only when the design
    /// has cluster policies): the overlay marks them.
    pub tiers: std::collections::BTreeMap<(usize, usize), crate::reach::tiers::Tier>,
}

/// The engine's explanation of the pair of workloads `(source, destination)` (by index), for any
/// port.
#[must_use]
pub fn explain_pair(
    reach: &Reachability,
    (source, destination): (usize, usize),
) -> Option<crate::reach::Explanation> {
    let end = |w: usize| {
        reach
            .workloads()
            .get(w)
            .map(|workload| crate::reach::Endpoint::Workload(workload.id.clone()))
    };
    crate::reach::explain(reach, &end(source)?, &end(destination)?, None).ok()
}

/// The cluster tier that decided the pair of workloads `(source, destination)`, if one did
/// (the engine's explanation says).
#[must_use]
pub fn deciding_tier(
    reach: &Reachability,
    pair: (usize, usize),
) -> Option<crate::reach::tiers::Tier> {
    explain_pair(reach, pair)?.deciding_tier()
}

/// More arrows than this are not drawn all at once (nobody can read them, and they cost frames).
pub const MAX_EDGES: usize = 2_000;

impl Evaluation {
    pub(crate) fn new(revision: u64, reach: Arc<Reachability>) -> Self {
        let n = reach.workloads().len();
        let edges: Vec<(usize, usize)> = (0..n)
            .flat_map(|src| (0..n).map(move |dst| (src, dst)))
            .filter(|&(src, dst)| src != dst && !reach.conn(src, dst).is_empty())
            .take(MAX_EDGES + 1)
            .collect();
        let tiers = if reach.tier_policies().next().is_some() && edges.len() <= MAX_EDGES {
            edges
                .iter()
                .filter_map(|&pair| Some((pair, deciding_tier(&reach, pair)?)))
                .collect()
        } else {
            std::collections::BTreeMap::new()
        };
        Evaluation {
            revision,
            reach,
            edges: (edges.len() <= MAX_EDGES).then_some(edges),
            tiers,
        }
    }

    /// The allowed pairs to draw: all of them, or (too many) those touching `focus`.
    #[must_use]
    pub fn pairs_around(&self, focus: &BTreeSet<usize>) -> Vec<(usize, usize)> {
        if let Some(edges) = &self.edges {
            return edges.clone();
        }
        let n = self.reach.workloads().len();
        let mut pairs: Vec<(usize, usize)> = focus
            .iter()
            .flat_map(|&f| (0..n).flat_map(move |o| [(f, o), (o, f)]))
            .filter(|&(s, d)| s != d && !self.reach.conn(s, d).is_empty())
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }
}

/// The design as last saved (or opened), evaluated when first needed.
#[derive(Debug)]
enum Baseline {
    Model(Box<Model>),
    Reach(Arc<Reachability>),
}

/// One end of a matrix cell: a workload, or "external addresses".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatrixEnd {
    Workload(String),
    External,
}

/// State of the reachability overlay, matrix and explanation.
#[derive(Debug)]
pub struct ReachView {
    /// Allowed connections drawn on the canvas, with isolation badges.
    pub overlay: bool,
    /// The reachability panel (matrix, why, changes since save).
    pub panel: bool,
    /// Matrix rows (sources) shown: one namespace or all.
    pub from_namespace: Option<String>,
    /// Matrix columns (destinations) shown.
    pub to_namespace: Option<String>,
    /// The matrix cell whose explanation is shown.
    pub cell: Option<(MatrixEnd, MatrixEnd)>,
    /// For an external cell: the address range explained (index into the cell's ranges).
    pub range_index: usize,
    /// "80", "80/TCP", "53/UDP" or empty (any port).
    pub port_text: String,
    /// Where the ingress controller runs, for policies generated from Ingress routes.
    pub ingress_namespace: String,
    /// A matrix cell was chosen this frame: the workspace brings the Why tab to the front.
    pub why_requested: bool,
    evaluation: Option<Evaluation>,
    /// A full evaluation running on a background thread (`evaluation` is `None` meanwhile).
    job: Option<Job>,
    /// The user cancelled an evaluation (how far it had come): nothing is evaluated until they
    /// ask again.
    cancelled: Option<Progress>,
    /// Designs with at least this many objects are evaluated on a thread ([`BACKGROUND_FROM`]).
    pub background_from: usize,
    /// Edits since `evaluation`, and the last revision noted (a gap means an unknown edit).
    pending: Impact,
    noted_revision: u64,
    baseline: Baseline,
    /// The revision the baseline was taken at: an evaluation of that revision becomes the
    /// baseline, so "changes since save" does not evaluate the same design a second time.
    /// `None`: the baseline is another design (the saved file of recovered work).
    baseline_revision: Option<u64>,
    diff: Option<(u64, Arc<ReachDiff>)>,
}

impl ReachView {
    /// The views closed, with `model`, the design shown at revision 0, as the saved design.
    #[must_use]
    pub fn new(model: &Model) -> Self {
        ReachView {
            overlay: false,
            panel: false,
            from_namespace: None,
            to_namespace: None,
            cell: None,
            range_index: 0,
            port_text: String::new(),
            ingress_namespace: GenerateOptions::default().ingress_controller_namespace,
            why_requested: false,
            evaluation: None,
            job: None,
            cancelled: None,
            background_from: BACKGROUND_FROM,
            pending: Impact::None,
            noted_revision: 0,
            baseline: Baseline::Model(Box::new(model.clone())),
            baseline_revision: Some(0),
            diff: None,
        }
    }

    /// The views closed, comparing with `saved`, a design other than the one shown (recovered
    /// work compared with the file it came from).
    #[must_use]
    pub fn against(saved: &Model) -> Self {
        ReachView {
            baseline_revision: None,
            ..ReachView::new(saved)
        }
    }

    /// Whether any reachability view is open (and so needs an evaluation).
    #[must_use]
    pub fn active(&self) -> bool {
        self.overlay || self.panel
    }

    /// Records the impact of the edit that produced `revision`.
    pub fn note(&mut self, revision: u64, impact: Impact) {
        let pending = std::mem::take(&mut self.pending);
        self.pending = if revision == self.noted_revision + 1 {
            pending.combine(impact)
        } else {
            Impact::Full
        };
        self.noted_revision = revision;
    }

    /// Brings the evaluation up to `revision` of `doc`: nothing when it is current or the edits did
    /// not affect reachability, incrementally for policy edits, else in full.
    pub fn refresh(&mut self, doc: &Document, revision: u64) {
        self.bring_up_to(doc, revision);
        self.adopt_baseline();
    }

    /// [`ReachView::refresh`] without the baseline bookkeeping.
    fn bring_up_to(&mut self, doc: &Document, revision: u64) {
        if let Some(job) = &self.job {
            match job.poll() {
                // Edits meanwhile keep adding to `pending`, applied once the result is in.
                Poll::Running => return,
                Poll::Done(evaluation) => {
                    self.job = None;
                    self.evaluation = Some(*evaluation);
                }
                Poll::Gone => {
                    self.cancelled = Some(job.progress());
                    self.job = None;
                }
            }
        }
        if self.cancelled.is_some() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let known = self.noted_revision == revision;
        self.noted_revision = revision;
        let Some(evaluation) = self.evaluation.take() else {
            self.evaluate_in_full(doc, revision);
            return;
        };
        if evaluation.revision == revision {
            self.evaluation = Some(evaluation);
            return;
        }
        let mut reach = evaluation.reach;
        match pending {
            Impact::None if known => {}
            Impact::Objects(ids) if known => {
                let ids: Vec<ObjectId> = ids.into_iter().collect();
                if reach.update_is_full(&doc.model, &ids) && self.in_background(doc) {
                    self.job = Some(Job::start(&doc.model, revision));
                    return;
                }
                Arc::make_mut(&mut reach).update(&doc.model, &ids);
            }
            _ => {
                self.evaluate_in_full(doc, revision);
                return;
            }
        }
        self.evaluation = Some(Evaluation::new(revision, reach));
    }

    /// Whether full evaluations of `doc` run on a thread.
    fn in_background(&self, doc: &Document) -> bool {
        doc.model.len() >= self.background_from
    }

    /// Evaluates `doc` in full: at once when it is small, else on a background thread.
    fn evaluate_in_full(&mut self, doc: &Document, revision: u64) {
        if self.in_background(doc) {
            self.job = Some(Job::start(&doc.model, revision));
        } else {
            let reach = Arc::new(Reachability::compute(&doc.model));
            self.evaluation = Some(Evaluation::new(revision, reach));
        }
    }

    /// How far the background evaluation has come, while one runs.
    #[must_use]
    pub fn progress(&self) -> Option<Progress> {
        self.job.as_ref().map(Job::progress)
    }

    /// How far the evaluation had come when the user cancelled it (until they ask again).
    #[must_use]
    pub fn cancelled(&self) -> Option<Progress> {
        self.cancelled
    }

    /// Stops the background evaluation; the views say so until [`ReachView::evaluate_again`].
    pub fn cancel_evaluation(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel();
            self.cancelled = Some(job.progress());
            self.evaluation = None;
        }
    }

    /// Evaluates again after a cancel (in full, at the next refresh).
    pub fn evaluate_again(&mut self) {
        self.cancelled = None;
        self.evaluation = None;
    }

    /// Takes the evaluation as the baseline when it is of the baseline's revision.
    fn adopt_baseline(&mut self) {
        if let (Baseline::Model(_), Some(e)) = (&self.baseline, &self.evaluation)
            && Some(e.revision) == self.baseline_revision
        {
            self.baseline = Baseline::Reach(Arc::clone(&e.reach));
        }
    }

    /// The evaluation of the last [`ReachView::refresh`].
    #[must_use]
    pub fn evaluation(&self) -> Option<&Evaluation> {
        self.evaluation.as_ref()
    }

    /// The document at `revision` was saved: it becomes the baseline of "changes since save".
    pub fn mark_saved(&mut self, model: &Model, revision: u64) {
        self.baseline = match &self.evaluation {
            Some(e) if e.revision == revision => Baseline::Reach(Arc::clone(&e.reach)),
            _ => Baseline::Model(Box::new(model.clone())),
        };
        self.baseline_revision = Some(revision);
        self.diff = None;
    }

    /// Connections gained and lost since the baseline, for the current evaluation (cached).
    pub fn changes_since_save(&mut self) -> Option<Arc<ReachDiff>> {
        let evaluation = self.evaluation.as_ref()?;
        if let Some((revision, diff)) = &self.diff
            && *revision == evaluation.revision
        {
            return Some(Arc::clone(diff));
        }
        let baseline = match &self.baseline {
            Baseline::Reach(reach) => Arc::clone(reach),
            Baseline::Model(model) => Arc::new(Reachability::compute(model)),
        };
        self.baseline = Baseline::Reach(Arc::clone(&baseline));
        let changes = Arc::new(diff(&baseline, &evaluation.reach));
        self.diff = Some((evaluation.revision, Arc::clone(&changes)));
        Some(changes)
    }
}

/// Reads "80", "80/TCP", "tcp/80", "53/udp"; empty means any port. `Err` explains the format.
pub fn parse_port(text: &str) -> Result<Option<(u16, Protocol)>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (number, protocol) = match text.split_once('/') {
        Some((a, b)) if a.trim().parse::<u16>().is_ok() => (a, b),
        Some((a, b)) => (b, a),
        None => (text, "TCP"),
    };
    let protocol = Protocol::parse(&protocol.trim().to_ascii_uppercase())
        .ok_or_else(|| format!("unknown protocol `{}` (TCP, UDP or SCTP)", protocol.trim()))?;
    match number.trim().parse::<u16>() {
        Ok(port) if port > 0 => Ok(Some((port, protocol))),
        _ => Err(format!(
            "`{}` is not a port number (1-65535)",
            number.trim()
        )),
    }
}

/// The two endpoints of a matrix cell, for [`explain`]: an external end is explained at the
/// start of the chosen range of what the workload allows (or at 0.0.0.0 when nothing is).
#[must_use]
pub fn cell_endpoints(
    reach: &Reachability,
    cell: &(MatrixEnd, MatrixEnd),
    range_index: usize,
) -> Option<(Endpoint, Endpoint)> {
    let external = |workload: &str, direction: Direction| {
        let index = reach.workload_index(workload)?;
        let ranges = reach.external(index, direction);
        let range = ranges.get(range_index).or_else(|| ranges.first()).map_or(
            crate::reach::IpRange {
                first: 0,
                last: u32::MAX,
            },
            |(r, _)| *r,
        );
        Some(Endpoint::Ip(range))
    };
    match cell {
        (MatrixEnd::Workload(a), MatrixEnd::Workload(b)) => {
            Some((Endpoint::Workload(a.clone()), Endpoint::Workload(b.clone())))
        }
        (MatrixEnd::Workload(a), MatrixEnd::External) => Some((
            Endpoint::Workload(a.clone()),
            external(a, Direction::Egress)?,
        )),
        (MatrixEnd::External, MatrixEnd::Workload(b)) => Some((
            external(b, Direction::Ingress)?,
            Endpoint::Workload(b.clone()),
        )),
        (MatrixEnd::External, MatrixEnd::External) => None,
    }
}

/// The explanation of a cell for a port (`None`: any port), or why there is none.
pub fn explain_cell(
    reach: &Reachability,
    cell: &(MatrixEnd, MatrixEnd),
    range_index: usize,
    port: Option<(u16, Protocol)>,
) -> Result<Explanation, String> {
    let (src, dst) = cell_endpoints(reach, cell, range_index)
        .ok_or_else(|| "this workload is no longer in the design".to_owned())?;
    explain(reach, &src, &dst, port).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_parse_with_and_without_protocol() {
        assert_eq!(parse_port(""), Ok(None));
        assert_eq!(parse_port("80"), Ok(Some((80, Protocol::Tcp))));
        assert_eq!(parse_port(" 53/udp "), Ok(Some((53, Protocol::Udp))));
        assert_eq!(parse_port("SCTP/9"), Ok(Some((9, Protocol::Sctp))));
        assert!(parse_port("0").is_err());
        assert!(parse_port("http").is_err());
        assert!(parse_port("80/ICMP").is_err());
    }

    #[test]
    fn impacts_combine_towards_full() {
        let a = Impact::Objects(BTreeSet::from([ObjectId(1)]));
        let b = Impact::Objects(BTreeSet::from([ObjectId(2)]));
        assert_eq!(
            a.clone().combine(b),
            Impact::Objects(BTreeSet::from([ObjectId(1), ObjectId(2)]))
        );
        assert_eq!(a.clone().combine(Impact::None), a);
        assert_eq!(a.combine(Impact::Full), Impact::Full);
    }
}
