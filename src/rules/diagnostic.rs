//! What a check reports: findings inside a rule, diagnostics out of the engine.

use crate::document::Command;
use crate::model::ObjectId;

use super::rule::Severity;

/// A one-click repair: applying `commands` (as one batch) fixes the problem; undo reverts it.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// What the button says ("Add readiness probe").
    pub label: String,
    pub commands: Vec<Command>,
}

impl Fix {
    /// The fix as one command (a batch: all or nothing, one undo step).
    #[must_use]
    pub fn command(&self) -> Command {
        Command::Batch(self.commands.clone())
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

    /// Attaches a fix.
    pub fn fix(&mut self, label: impl Into<String>, commands: Vec<Command>) -> &mut Self {
        self.fix = Some(Fix {
            label: label.into(),
            commands,
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
