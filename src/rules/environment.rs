//! Rules per environment: the effective design of an environment is checked like any design, and
//! a few findings change severity with the kind of environment.
//!
//! Only the replica rules do so. A single replica (K8S-BP-010) is an info in the base and in a
//! non-production environment, a warning in production; a replicated workload without a working
//! PodDisruptionBudget (K8S-BP-009) is a warning in the base and in production, an info in a
//! non-production environment, where nobody drains nodes under load. Every other rule keeps its
//! severity everywhere: an invalid manifest is invalid in dev too.

use std::borrow::Cow;

use super::{Diagnostic, Severity};
use crate::document::{Document, EnvError};
use crate::model::Model;

/// What an environment's name says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// `prod`, `production`, `prd`, `live`, or a name with such a part (`prod-eu`, `eu_prod`).
    Production,
    /// `dev`, `development`, `test`, `testing`, `qa`, `staging`, `stage`, `sandbox`, `preview`,
    /// `local`, `ci`, or a name with such a part.
    NonProduction,
    /// Any other name: the rules' own severities.
    Unknown,
}

const PRODUCTION: [&str; 4] = ["prod", "production", "prd", "live"];
const NON_PRODUCTION: [&str; 11] = [
    "dev",
    "development",
    "test",
    "testing",
    "qa",
    "staging",
    "stage",
    "sandbox",
    "preview",
    "local",
    "ci",
];

/// The stage an environment name says; a production part wins over a non-production one
/// (`prod-test` is production: it is safer to warn).
#[must_use]
pub fn stage(name: &str) -> Stage {
    let lower = name.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split(['-', '_']).collect();
    if parts.iter().any(|p| PRODUCTION.contains(p)) {
        Stage::Production
    } else if parts.iter().any(|p| NON_PRODUCTION.contains(p)) {
        Stage::NonProduction
    } else {
        Stage::Unknown
    }
}

/// Changes the severity of the replica findings for an environment of stage `stage`.
pub fn adjust(diagnostics: &mut [Diagnostic], stage: Stage, model: &Model) {
    for diagnostic in diagnostics {
        match (diagnostic.rule, stage) {
            ("K8S-BP-010", Stage::Production) => {
                // Only the single replica is escalated; a missing spread stays an info.
                let single = diagnostic
                    .object
                    .and_then(|id| model.get(id))
                    .is_some_and(|o| o.replicas().unwrap_or(1) <= 1);
                if single {
                    diagnostic.severity = Severity::Warning;
                }
            }
            ("K8S-BP-009", Stage::NonProduction) => diagnostic.severity = Severity::Info,
            _ => {}
        }
    }
}

/// The effective design of `env` (`None`: the base) and its diagnostics, severities adjusted.
pub fn check_environment<'d>(
    document: &'d Document,
    env: Option<&str>,
) -> Result<(Cow<'d, Document>, Vec<Diagnostic>), EnvError> {
    let effective = document.effective(env)?;
    let mut diagnostics = super::check_document(&effective);
    if let Some(name) = env {
        adjust(&mut diagnostics, stage(name), &effective.model);
    }
    Ok((effective, diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_come_from_name_parts() {
        for (name, expected) in [
            ("prod", Stage::Production),
            ("Production", Stage::Production),
            ("eu-prod", Stage::Production),
            ("prod-test", Stage::Production),
            ("dev", Stage::NonProduction),
            ("staging", Stage::NonProduction),
            ("qa_2", Stage::NonProduction),
            ("product", Stage::Unknown),
            ("eu-west", Stage::Unknown),
        ] {
            assert_eq!(stage(name), expected, "{name}");
        }
    }
}
