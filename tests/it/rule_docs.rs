//! The rule docs are honest: every checked rule fires on its docs' Example and not on its Use
//! instead, the quiet fixtures are the Use instead, and the Fix section matches the fixes.

use kubedraft::document::Document;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::rules::{self, RULES, docs};

use super::rules::{fixture, load, of_rule, render, rule_fixture};

/// A complete design from a docs section's YAML: with two blocks, the first is the deployed
/// baseline (as imported) and the second the design edited since.
fn design_of_section(id: &str, heading: &str) -> Document {
    let rule = rules::rule(id).unwrap();
    let text = docs::section(rule.docs, heading).unwrap();
    let parse = |yaml: &str| {
        let imported = parse_manifests(yaml, &format!("{id} {heading}"));
        assert!(
            imported.errors.is_empty(),
            "{id} {heading}: {:?}",
            imported.errors
        );
        into_document(imported)
    };
    let mut doc = match docs::yaml_blocks(text).as_slice() {
        [yaml] => parse(yaml),
        [baseline, edited] => {
            let mut doc = parse(edited);
            doc.deployed = parse(baseline).deployed;
            doc
        }
        other => panic!("{id} {heading}: {} yaml blocks", other.len()),
    };
    doc.complete = true;
    doc
}

#[test]
fn every_checked_rule_fires_on_its_docs_example_and_not_on_use_instead() {
    for rule in RULES.iter().filter(|r| r.is_implemented()) {
        let fired = of_rule(&design_of_section(rule.id, "Example"), rule.id);
        assert!(!fired.is_empty(), "{}: the docs' Example is quiet", rule.id);
        let quiet = of_rule(&design_of_section(rule.id, "Use instead"), rule.id);
        assert!(
            quiet.is_empty(),
            "{}: the docs' Use instead fires:\n{}",
            rule.id,
            render(&quiet)
        );
    }
}

#[test]
fn the_fix_section_says_whether_a_rule_fixes_and_how_safely() {
    // A rule whose fires fixture offers a fix describes it, naming its applicability; the others
    // say there is none.
    for rule in RULES.iter().filter(|r| r.is_implemented()) {
        let Some(path) = rule_fixture(rule.id, "fires") else {
            continue;
        };
        let fixes: Vec<_> = of_rule(&load(&path), rule.id)
            .into_iter()
            .filter_map(|d| d.fix)
            .collect();
        let text = docs::section(rule.docs, "Fix").unwrap();
        if fixes.is_empty() {
            assert!(
                text.starts_with("There is no automatic fix"),
                "{}: {text}",
                rule.id
            );
            continue;
        }
        for fix in fixes {
            let word = match fix.applicability {
                rules::Applicability::Safe => "Safe",
                rules::Applicability::Unsafe => "Unsafe",
            };
            assert!(
                text.contains(&format!("{word}:"))
                    || text.contains(&format!("({}:", word.to_lowercase())),
                "{}: the Fix section does not call `{}` {word}: {text}",
                rule.id,
                fix.label
            );
        }
    }
}

#[test]
fn quiet_fixtures_are_the_docs_use_instead() {
    // These four test larger near-misses (a whole shop, a deployed baseline) than the docs show.
    let larger = ["K8S-API-010", "K8S-BP-004", "K8S-NP-001", "K8S-REF-011"];
    for rule in RULES.iter().filter(|r| r.is_implemented()) {
        if larger.contains(&rule.id) {
            continue;
        }
        let path = fixture(&format!("{}.quiet.yaml", rule.id));
        let fixture =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let section = docs::section(rule.docs, "Use instead").unwrap();
        let blocks = docs::yaml_blocks(section);
        assert_eq!(
            fixture.strip_prefix("---\n"),
            blocks.first().copied(),
            "{} is not the docs' Use instead",
            path.display()
        );
    }
}
