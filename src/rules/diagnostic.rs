//! What a check reports: findings inside a rule, diagnostics out of the engine.

use std::sync::Arc;

use crate::document::Command;
use crate::model::{Model, ObjectId};

use super::rule::Severity;

/// Whether applying a fix keeps what the design means (after ruff's fix applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// The cluster runs the same pods with the same traffic afterwards: the fix only spells out
    /// what the API server would default, or adds an object the design already refers to.
    Safe,
    /// The fix changes what runs or what may talk to what (a new policy allowing DNS, a changed
    /// selector, new resource values, a moved object): review it before applying.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`, as JSON and SARIF spell it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }

    /// One sentence for people: what applying a fix of this kind means.
    #[must_use]
    pub fn explanation(self) -> &'static str {
        match self {
            Applicability::Safe => "Safe fix: the design means the same to the cluster afterwards.",
            Applicability::Unsafe => {
                "Unsafe fix: it changes what runs or what traffic is allowed; review it before applying."
            }
        }
    }
}

/// A one-click repair: applying its commands (as one batch) fixes the problem; undo reverts it.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// What the button says ("Add readiness probe").
    pub label: String,
    /// Whether applying it keeps the design's meaning.
    pub applicability: Applicability,
    /// The commands, or how to make them when the fix is applied.
    pub repair: Repair,
}

/// Makes a fix's commands from the design it was found in.
pub type Later = Arc<dyn Fn(&Model) -> Option<Vec<Command>> + Send + Sync>;

/// A fix's commands: made with the finding, or when the fix is applied.
#[derive(Clone)]
pub enum Repair {
    /// Shared: one batch may be the fix of many findings (K8S-BP-001 moves every object of the
    /// default namespace in one step), and a copy per finding would grow with their square.
    Ready(Arc<[Command]>),
    /// Made when applied, from the design the finding was made in. Most fixes edit a copy of
    /// their object; made eagerly, a check of 20,000 objects held 50,000 edited copies that
    /// nobody applies (docs/ARCHITECTURE.md, "Speed").
    Later(Later),
}

impl PartialEq for Repair {
    /// Commands compare as commands; two deferred repairs compare equal, since functions cannot
    /// be compared: compare what [`Fix::command`] makes of them instead.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Repair::Ready(a), Repair::Ready(b)) => a == b,
            (Repair::Later(_), Repair::Later(_)) => true,
            _ => false,
        }
    }
}

impl std::fmt::Debug for Repair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Repair::Ready(commands) => f.debug_tuple("Ready").field(commands).finish(),
            Repair::Later(_) => f.write_str("Later(..)"),
        }
    }
}

impl From<Vec<Command>> for Repair {
    fn from(commands: Vec<Command>) -> Self {
        Repair::Ready(commands.into())
    }
}

impl From<Arc<[Command]>> for Repair {
    fn from(commands: Arc<[Command]>) -> Self {
        Repair::Ready(commands)
    }
}

impl Fix {
    /// The fix as one command (a batch: all or nothing, one undo step), made against `model`,
    /// the design the finding was made in; `None` when it no longer applies there.
    #[must_use]
    pub fn command(&self, model: &Model) -> Option<Command> {
        match &self.repair {
            Repair::Ready(commands) => Some(Command::Batch(commands.to_vec())),
            Repair::Later(make) => make(model).map(Command::Batch),
        }
    }
}

/// One problem found in a design.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Catalog id, e.g. `K8S-REF-001`.
    pub rule: &'static str,
    pub severity: Severity,
    /// The object, or `None` for a namespace-level finding.
    pub object: Option<ObjectId>,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    /// Field path inside the object, e.g. `spec.template.spec.containers[0].resources`.
    pub field: String,
    pub message: String,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// `Kind/namespace/name` (or `Kind/name`).
    #[must_use]
    pub fn object_display(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{}/{ns}/{}", self.kind, self.name),
            None => format!("{}/{}", self.kind, self.name),
        }
    }
}

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Object(ObjectId),
    /// A namespace of the design (namespaces are not objects of the model).
    Namespace(String),
}

/// A finding of one rule, before the engine adds the rule id, severity and object names.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub subject: Subject,
    pub field: String,
    pub message: String,
    /// Overrides the rule's severity (rules with milder sub-cases).
    pub severity: Option<Severity>,
    pub fix: Option<Fix>,
}

impl Finding {
    /// Reports this finding at a severity other than the rule's.
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = Some(severity);
        self
    }

    /// Attaches a fix that keeps the design's meaning ([`Applicability::Safe`]).
    pub fn safe_fix(&mut self, label: impl Into<String>, repair: impl Into<Repair>) -> &mut Self {
        self.with_fix(Applicability::Safe, label.into(), repair.into())
    }

    /// Attaches a fix that changes what the design does ([`Applicability::Unsafe`]).
    pub fn unsafe_fix(&mut self, label: impl Into<String>, repair: impl Into<Repair>) -> &mut Self {
        self.with_fix(Applicability::Unsafe, label.into(), repair.into())
    }

    fn with_fix(
        &mut self,
        applicability: Applicability,
        label: String,
        repair: Repair,
    ) -> &mut Self {
        self.fix = Some(Fix {
            label,
            applicability,
            repair,
        });
        self
    }
}

/// The findings one rule collects.
#[derive(Debug, Default)]
pub struct Findings {
    pub(super) items: Vec<Finding>,
}

impl Findings {
    /// Reports a problem with an object's field.
    pub fn report(
        &mut self,
        object: ObjectId,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.push(Subject::Object(object), field.into(), message.into())
    }

    /// Reports a problem with a namespace.
    pub fn report_namespace(
        &mut self,
        namespace: &str,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.push(
            Subject::Namespace(namespace.to_owned()),
            String::new(),
            message.into(),
        )
    }

    fn push(&mut self, subject: Subject, field: String, message: String) -> &mut Finding {
        self.items.push_mut(Finding {
            subject,
            field,
            message,
            severity: None,
            fix: None,
        })
    }

    /// Number of findings so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
