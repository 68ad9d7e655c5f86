//! A rule of the catalog: identity, documentation, peers and its check.

use std::fmt;

use super::context::Context;
use super::diagnostic::Findings;

/// How bad a diagnostic is. Ordered so that `Error` is the highest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The severity a rule is catalogued with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSeverity {
    Error,
    /// `error*`: an error in a complete design, a warning otherwise (the target may exist outside
    /// the design: operator-created pods, pre-existing Services).
    ErrorIfComplete,
    Warning,
    Info,
}

impl RuleSeverity {
    /// The catalog's spelling: `error`, `error*`, `warning`, `info`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RuleSeverity::Error => "error",
            RuleSeverity::ErrorIfComplete => "error*",
            RuleSeverity::Warning => "warning",
            RuleSeverity::Info => "info",
        }
    }

    /// The severity of a finding in a design that is (or is not) marked complete.
    #[must_use]
    pub fn effective(self, complete: bool) -> Severity {
        match self {
            RuleSeverity::Error => Severity::Error,
            RuleSeverity::ErrorIfComplete if complete => Severity::Error,
            RuleSeverity::ErrorIfComplete | RuleSeverity::Warning => Severity::Warning,
            RuleSeverity::Info => Severity::Info,
        }
    }
}

/// Matching checks of other linters, as the catalog lists them. A leading `~` marks a partial
/// overlap and `(inverse)` a peer that enforces the opposite; only plain entries suppress a rule.
#[derive(Clone, Copy, Debug)]
pub struct Peers {
    pub kube_score: &'static [&'static str],
    pub kube_linter: &'static [&'static str],
    pub polaris: &'static [&'static str],
    pub checkov: &'static [&'static str],
}

/// The check function of a rule: reads the context, adds findings.
pub type CheckFn = fn(&Context<'_>, &mut Findings);

/// What a design-scoped rule reads of every object: two versions of an object with the same
/// extract cannot change the rule's findings about other namespaces (`None`: nothing).
pub type ReadsFn = fn(&crate::model::Object) -> Option<String>;

/// What a rule's findings can depend on: the incremental [`super::Checker`] re-runs a rule only
/// where an edit can change its findings. When unsure, a rule must say `Design`.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// Findings about an object depend on that object alone, and on the deployed baseline,
    /// whose change is a full pass (fixes too: a fix that adds an
    /// object names `Model::next_free_id`, which only namespace- and design-scoped findings are
    /// re-checked for).
    Object,
    /// Findings about an object (or a namespace) depend only on the objects of that namespace
    /// (cluster-scoped objects count as one namespace), the set of namespace names and the
    /// declared namespaces.
    Namespace,
    /// Findings also depend on objects of other namespaces, but only through what the function
    /// extracts from them. The rule reads other namespaces through
    /// [`Context::design_objects`](super::Context::design_objects) (naming the namespace whose
    /// findings depend on the answer), so that on a context holding some namespaces only it
    /// still reports correctly about those namespaces.
    Design(ReadsFn),
}

/// Whether a rule is checked, and if not, why.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    Implemented(CheckFn),
    /// Kept in the registry with its documentation; the reason says why nothing is checked.
    NotChecked(&'static str),
}

/// One rule of the catalog.
#[derive(Debug)]
pub struct Rule {
    /// Stable id from the catalog, e.g. `K8S-BP-002`.
    pub id: &'static str,
    /// Kebab-case name of the problem, e.g. `missing-resource-requests`.
    pub name: &'static str,
    pub severity: RuleSeverity,
    /// The kinds it applies to, as the catalog says.
    pub kinds: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown with the sections of [`super::docs::SECTIONS`] and a closing `Source:` line.
    pub docs: &'static str,
    pub peers: Peers,
    pub check: Check,
    /// What the findings depend on (for incremental checking).
    pub scope: Scope,
}

impl Rule {
    /// Whether the engine runs a check for this rule.
    #[must_use]
    pub fn is_implemented(&self) -> bool {
        matches!(self.check, Check::Implemented(_))
    }

    /// Peer ids that count as the same check (partial and inverse overlaps excluded).
    pub fn full_peers(list: &'static [&'static str]) -> impl Iterator<Item = &'static str> {
        list.iter()
            .copied()
            .filter(|id| !id.starts_with('~') && !id.starts_with('('))
    }

    /// The matching checks of other linters, per tool that has one: ("kube-linter", "latest-tag").
    #[must_use]
    pub fn peer_ids(&self) -> Vec<(&'static str, String)> {
        [
            ("kube-score", self.peers.kube_score),
            ("kube-linter", self.peers.kube_linter),
            ("Polaris", self.peers.polaris),
            ("checkov", self.peers.checkov),
        ]
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(tool, ids)| (tool, ids.join(", ")))
        .collect()
    }
}
