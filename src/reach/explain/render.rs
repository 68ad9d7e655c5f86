//! How an explanation is shown: the text of `kubedraft reach --explain` and its JSON form.

use std::fmt;

use super::{Explanation, RuleRef, Side, TierRuleRef};

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.port.map_or_else(
            || "any port".to_owned(),
            |(n, p)| format!("{} {n}", p.as_str()),
        );
        writeln!(
            f,
            "{} -> {} on {what}: {}",
            self.src,
            self.dst,
            if self.allowed { "ALLOWED" } else { "DENIED" }
        )?;
        writeln!(f, "  allowed between them: {}", self.conn)?;
        for (label, end, side) in [
            ("egress of", &self.src, &self.egress),
            ("ingress of", &self.dst, &self.ingress),
        ] {
            write_side(f, label, &end.to_string(), side)?;
        }
        Ok(())
    }
}

/// One side of an explanation: `label` is `egress of` or `ingress of` (after a Pass, prefixed with
/// `then`).
fn write_side(f: &mut fmt::Formatter<'_>, label: &str, end: &str, side: &Side) -> fmt::Result {
    let direction = if label.contains("egress") {
        "egress"
    } else {
        "ingress"
    };
    match side {
        Side::External => {
            writeln!(f, "  {label} {end}: external address, no policy applies")?;
        }
        Side::NotIsolated => writeln!(
            f,
            "  {label} {end}: not isolated (no NetworkPolicy selects it for {direction}), everything passes",
        )?,
        Side::Allowed(rules) => {
            writeln!(f, "  {label} {end}: allowed by")?;
            for rule in rules {
                writeln!(f, "    {rule}")?;
            }
        }
        Side::Denied { policies, closest } => {
            writeln!(
                f,
                "  {label} {end}: DENIED: isolated by {} and no rule matches",
                policies.join(", ")
            )?;
            match closest {
                Some(miss) => {
                    writeln!(
                        f,
                        "    closest: policy {} {} rule #{}:",
                        miss.policy, miss.direction, miss.rule
                    )?;
                    for reason in &miss.reasons {
                        writeln!(f, "      - {reason}")?;
                    }
                }
                None => writeln!(f, "    (the policies have no {direction} rules: deny all)")?,
            }
        }
        Side::Tier(rule) => {
            let verdict = if rule.passes() { "allowed" } else { "DENIED" };
            writeln!(f, "  {label} {end}: {verdict} by {rule}")?;
        }
        Side::Passed { by, then } => {
            let next = match **then {
                Side::Allowed(_) | Side::Denied { .. } => "the NetworkPolicy tier",
                Side::Tier(_) => "the Baseline tier (no NetworkPolicy selects it)",
                _ => "the default allow (no NetworkPolicy selects it, no Baseline rule matches)",
            };
            writeln!(f, "  {label} {end}: passed to {next} by {by}")?;
            write_side(f, &format!("then {label}"), end, then)?;
        }
    }
    Ok(())
}

impl Explanation {
    /// The structured form, for `--format json` and the app.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        json!({
            "from": self.src.to_string(),
            "to": self.dst.to_string(),
            "port": self.port.map(|(n, p)| format!("{n}/{}", p.as_str())),
            "allowed": self.allowed,
            "conn": crate::reach::report::conn_json(&self.conn),
            "egress": side_json(&self.egress),
            "ingress": side_json(&self.ingress),
        })
    }
}

/// The structured form of one rule that allows a connection.
fn rule_json(r: &RuleRef) -> serde_json::Value {
    serde_json::json!({
        "policy": r.policy, "direction": r.direction.field(), "rule": r.rule,
        "peer": r.peer, "port": r.port, "conn": crate::reach::report::conn_json(&r.conn),
    })
}

/// The structured form of a cluster-tier rule.
fn tier_rule_json(r: &TierRuleRef) -> serde_json::Value {
    serde_json::json!({
        "tier": r.tier.as_str(), "kind": r.kind, "policy": r.policy, "priority": r.priority,
        "direction": r.direction.field(), "rule": r.rule, "name": r.rule_name,
        "action": r.action, "conn": crate::reach::report::conn_json(&r.conn),
    })
}

/// The structured form of one side.
fn side_json(side: &Side) -> serde_json::Value {
    use serde_json::json;
    match side {
        Side::External => json!({"verdict": "external"}),
        Side::NotIsolated => json!({"verdict": "not-isolated"}),
        Side::Allowed(rules) => json!({
            "verdict": "allowed",
            "rules": rules.iter().map(rule_json).collect::<Vec<_>>(),
        }),
        Side::Denied { policies, closest } => json!({
            "verdict": "denied",
            "isolated_by": policies,
            "closest": closest.as_ref().map(|m| json!({
                "policy": m.policy, "direction": m.direction.field(), "rule": m.rule,
                "reasons": m.reasons,
            })),
        }),
        Side::Tier(rule) => json!({
            "verdict": if rule.passes() { "allowed" } else { "denied" },
            "decided_by": tier_rule_json(rule),
        }),
        Side::Passed { by, then } => json!({
            "verdict": if then.passes() { "allowed" } else { "denied" },
            "passed_by": tier_rule_json(by),
            "then": side_json(then),
        }),
    }
}
