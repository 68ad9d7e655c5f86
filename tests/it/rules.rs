//! The rule catalog and engine: registry against the catalog, every implemented rule firing on
//! its fixture and quiet on a clean design, fixes, suppression, examples and the real corpus.

use std::path::{Path, PathBuf};

use kubedraft::document::Document;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::rules::{self, Check, Diagnostic, RULES, Severity, docs};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/rules").join(name)
}

/// A document from a manifest file, marked complete (every `error*` rule is an error), or from a
/// design file (`.ron`: rules that compare with a deployed baseline need one) as it is.
pub(crate) fn load(path: &Path) -> Document {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "ron") {
        return kubedraft::design_file::from_ron(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let imported = parse_manifests(&text, &path.display().to_string());
    assert!(
        imported.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        imported.errors
    );
    let mut doc = into_document(imported);
    doc.complete = true;
    doc
}

pub(crate) fn render(diagnostics: &[Diagnostic]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for d in diagnostics {
        let fix = d.fix.as_ref().map_or_else(String::new, |f| {
            format!(" [fix ({}): {}]", f.applicability.as_str(), f.label)
        });
        let _ = writeln!(
            out,
            "{}[{}] {} {}: {}{fix}",
            d.severity,
            d.rule,
            d.object_display(),
            d.field,
            d.message
        );
    }
    out
}

/// The rule's fixture: `ID.fires.yaml`, or `ID.fires.ron` for a design with a deployed baseline
/// (`which`: `fires` or `quiet`; `None` when there is none).
pub(crate) fn rule_fixture(id: &str, which: &str) -> Option<PathBuf> {
    ["yaml", "ron"]
        .into_iter()
        .map(|ext| fixture(&format!("{id}.{which}.{ext}")))
        .find(|path| path.exists())
}

pub(crate) fn of_rule(doc: &Document, id: &str) -> Vec<Diagnostic> {
    rules::check_document(doc)
        .into_iter()
        .filter(|d| d.rule == id)
        .collect()
}

/// The rules kubedraft adds to the shared catalog (draft v1, 82 rules): each at the end of its
/// family in `fixtures/rules.json` (the Gateway API family, then the cluster policy family, after
/// the catalog's six), its description saying it is an addition.
const PROJECT_ADDITIONS: [&str; 19] = [
    "K8S-API-028",
    "K8S-API-029",
    "K8S-GW-001",
    "K8S-GW-002",
    "K8S-GW-003",
    "K8S-GW-004",
    "K8S-GW-005",
    "K8S-GW-006",
    "K8S-GW-007",
    "K8S-GW-008",
    "K8S-GW-009",
    "K8S-GW-010",
    "K8S-CNP-001",
    "K8S-CNP-002",
    "K8S-CNP-003",
    "K8S-CNP-004",
    "K8S-CNP-005",
    "K8S-CNP-006",
    "K8S-CNP-007",
];

#[test]
fn registry_has_every_catalog_rule_in_order_with_its_severity() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/rules.json")).unwrap();
    let catalog: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(catalog.len(), 101);
    // The shared catalog's 82 rules, and the additions marked as such (the shared ones are not).
    let additions: Vec<&str> = catalog
        .iter()
        .filter(|entry| {
            entry["desc"]
                .as_str()
                .unwrap()
                .starts_with("kubedraft addition")
        })
        .map(|entry| entry["id"].as_str().unwrap())
        .collect();
    assert_eq!(additions, PROJECT_ADDITIONS);
    assert_eq!(catalog.len() - additions.len(), 82);
    assert_eq!(RULES.len(), catalog.len());
    for (rule, entry) in RULES.iter().zip(&catalog) {
        assert_eq!(rule.id, entry["id"].as_str().unwrap());
        assert_eq!(
            rule.severity.as_str(),
            entry["sev"].as_str().unwrap(),
            "{}",
            rule.id
        );
        assert_eq!(rule.kinds, entry["kinds"].as_str().unwrap(), "{}", rule.id);
        assert!(
            !rule.name.is_empty()
                && rule
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: name `{}` is not kebab-case",
            rule.id,
            rule.name
        );
        // The fixed sections, in order, each with text; the Source line closes the docs.
        let headings: Vec<&str> = rule
            .docs
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .collect();
        assert_eq!(headings, docs::SECTIONS, "{} docs sections", rule.id);
        for heading in docs::SECTIONS {
            let text = docs::section(rule.docs, heading).unwrap_or_default();
            assert!(text.len() > 10, "{}: section {heading} is empty", rule.id);
        }
        for heading in ["Example", "Use instead"] {
            let text = docs::section(rule.docs, heading).unwrap_or_default();
            assert!(
                !docs::yaml_blocks(text).is_empty(),
                "{}: {heading} has no yaml block",
                rule.id
            );
        }
        assert!(
            rule.source().is_some_and(|s| s.len() > 5)
                && !rule.source().unwrap_or_default().contains("\n## "),
            "{}: no closing Source line",
            rule.id
        );
        if let Check::NotChecked(reason) = rule.check {
            assert!(
                reason.len() > 30,
                "{}: registry-only without a reason",
                rule.id
            );
            assert!(!reason.contains("not implemented"), "{}: {reason}", rule.id);
        }
    }
    let names: std::collections::BTreeSet<_> = RULES.iter().map(|r| r.name).collect();
    assert_eq!(names.len(), RULES.len(), "rule names are unique");
    assert!(rules::rule("k8s-bp-002").is_some_and(|r| r.id == "K8S-BP-002"));
}

#[test]
fn registry_only_rules_are_exactly_those_that_need_more_than_a_design() {
    let unchecked: Vec<&str> = RULES
        .iter()
        .filter(|r| !r.is_implemented())
        .map(|r| r.id)
        .collect();
    assert_eq!(
        unchecked,
        [
            "K8S-API-027",
            "K8S-HELM-001",
            "K8S-HELM-002",
            "K8S-HELM-004",
            "K8S-HELM-005",
            "K8S-HELM-006"
        ]
    );
}

#[test]
fn every_implemented_rule_fires_on_its_fixture() {
    let mut failures = Vec::new();
    for rule in RULES.iter().filter(|r| r.is_implemented()) {
        let Some(path) = rule_fixture(rule.id, "fires") else {
            failures.push(rule.id);
            continue;
        };
        let found = of_rule(&load(&path), rule.id);
        if found.is_empty() {
            failures.push(rule.id);
            continue;
        }
        insta::assert_snapshot!(format!("fires-{}", rule.id), render(&found));
    }
    assert!(failures.is_empty(), "rules that did not fire: {failures:?}");
}

#[test]
fn every_implemented_rule_stays_quiet_on_a_clean_design() {
    for rule in RULES.iter().filter(|r| r.is_implemented()) {
        // The clean design's notes (snapshot `clean`) come from these rules only.
        if ["K8S-BP-004", "K8S-REF-011", "K8S-NP-001"].contains(&rule.id) {
            continue;
        }
        let path = fixture("clean.yaml");
        let found = of_rule(&load(&path), rule.id);
        assert!(
            found.is_empty(),
            "{} fires on {}:\n{}",
            rule.id,
            path.display(),
            render(&found)
        );
    }
}

#[test]
fn every_implemented_rule_stays_quiet_on_its_near_miss_fixture() {
    let mut missing = Vec::new();
    for rule in RULES.iter().filter(|r| r.is_implemented()) {
        let Some(path) = rule_fixture(rule.id, "quiet") else {
            missing.push(rule.id);
            continue;
        };
        let found = of_rule(&load(&path), rule.id);
        assert!(
            found.is_empty(),
            "{} fires on {}:\n{}",
            rule.id,
            path.display(),
            render(&found)
        );
    }
    assert!(
        missing.is_empty(),
        "rules without a quiet fixture: {missing:?}"
    );
}

#[test]
fn the_clean_design_reports_only_the_expected_notes() {
    let doc = load(&fixture("clean.yaml"));
    let found = rules::check(&doc.model, true);
    insta::assert_snapshot!("clean", render(&found));
    assert!(found.iter().all(|d| d.severity == Severity::Info));
}

#[test]
fn diagnostics_are_sorted_and_deterministic() {
    let doc = load(&fixture("K8S-REF-013.fires.yaml"));
    let first = rules::check(&doc.model, true);
    let again = rules::check(&doc.model, true);
    assert_eq!(first, again);
    let keys: Vec<_> = first
        .iter()
        .map(|d| (d.kind.clone(), d.namespace.clone(), d.name.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn error_star_rules_are_warnings_in_incomplete_designs() {
    let mut doc = load(&fixture("K8S-REF-001.fires.yaml"));
    assert!(
        of_rule(&doc, "K8S-REF-001")
            .iter()
            .all(|d| d.severity == Severity::Error)
    );
    doc.complete = false;
    let found = of_rule(&doc, "K8S-REF-001");
    assert!(!found.is_empty());
    assert!(found.iter().all(|d| d.severity == Severity::Warning));
}

#[test]
fn an_autoscaler_target_missing_from_the_design_is_an_error_only_when_it_is_complete() {
    let missing = |d: &Diagnostic| d.name == "api" && d.field == "spec.scaleTargetRef.name";
    let mut doc = load(&fixture("K8S-API-028.fires.yaml"));
    let found = of_rule(&doc, "K8S-API-028");
    assert_eq!(found.iter().filter(|d| missing(d)).count(), 1);
    assert!(found.iter().all(|d| d.severity == Severity::Error));
    doc.complete = false;
    let found = of_rule(&doc, "K8S-API-028");
    for d in &found {
        let expected = if missing(d) {
            Severity::Warning
        } else {
            Severity::Error
        };
        assert_eq!(d.severity, expected, "{}", render(std::slice::from_ref(d)));
    }
    // Listed as living outside the design: a note that says so.
    let (id, mut object) = doc
        .model
        .objects()
        .find(|(_, o)| o.name() == "api")
        .map(|(id, o)| (id, o.clone()))
        .unwrap();
    object
        .metadata_mut()
        .annotations
        .get_or_insert_with(Default::default)
        .insert(
            "kubedraft.io/external".to_owned(),
            "Deployment/api".to_owned(),
        );
    kubedraft::document::Command::ReplaceObject { id, object }
        .apply(&mut doc)
        .unwrap();
    let external: Vec<_> = of_rule(&doc, "K8S-API-028")
        .into_iter()
        .filter(|d| missing(d))
        .collect();
    assert_eq!(external.len(), 1);
    assert_eq!(external[0].severity, Severity::Info);
    assert!(external[0].message.contains("outside the design"));
}

#[test]
fn the_selector_typo_names_the_likely_label() {
    let doc = load(&fixture("K8S-REF-001.fires.yaml"));
    let found = of_rule(&doc, "K8S-REF-001");
    assert_eq!(
        found[0].message,
        "selector app=wbe matches no pods in namespace shop; did you mean app=web (pods of web)?"
    );
    assert_eq!(found[0].field, "spec.selector");
}

/// Applies each fix of a rule, checks that the rule is quiet afterwards, and that undo restores.
fn fix_removes(rule: &str, fixture_name: &str) {
    let mut doc = load(&fixture(fixture_name));
    let before = doc.clone();
    let found = of_rule(&doc, rule);
    let fix = found
        .iter()
        .find_map(|d| d.fix.clone())
        .unwrap_or_else(|| panic!("{rule}: no fix offered"));
    let undo = fix
        .command(&doc.model)
        .unwrap_or_else(|| panic!("{rule}: the fix does not apply"))
        .apply(&mut doc)
        .unwrap_or_else(|e| panic!("{rule}: fix refused: {e}"));
    let after: Vec<_> = rules::check_document(&doc)
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect();
    assert!(
        after.len() < found.len(),
        "{rule}: fix `{}` did not help:\n{}",
        fix.label,
        render(&after)
    );
    undo.apply(&mut doc).unwrap();
    assert_eq!(doc.model, before.model, "{rule}: undo restores the design");
}

#[test]
fn fixes_repair_and_undo() {
    for (rule, file) in [
        ("K8S-REF-001", "K8S-REF-001.fires.yaml"),
        ("K8S-REF-006", "K8S-REF-006.fires.yaml"),
        ("K8S-API-007", "K8S-API-007.fires.yaml"),
        ("K8S-API-010", "K8S-API-010.fires.ron"),
        ("K8S-BP-001", "K8S-BP-001.fires.yaml"),
        ("K8S-BP-002", "K8S-BP-002.fires.yaml"),
        ("K8S-BP-003", "K8S-BP-003.fires.yaml"),
        ("K8S-BP-006", "K8S-BP-006.fires.yaml"),
        ("K8S-BP-008", "K8S-BP-008.fires.yaml"),
        ("K8S-BP-009", "K8S-BP-009.fires.yaml"),
        ("K8S-NP-004", "K8S-NP-004.fires.yaml"),
        ("K8S-NP-005", "K8S-NP-005.fires.yaml"),
        ("K8S-GW-010", "K8S-GW-010.fires.yaml"),
    ] {
        fix_removes(rule, file);
    }
}

#[test]
fn annotations_suppress_rules() {
    let text = std::fs::read_to_string(fixture("K8S-BP-013.fires.yaml")).unwrap();
    let doc = load(&fixture("K8S-BP-013.fires.yaml"));
    assert_eq!(of_rule(&doc, "K8S-BP-013").len(), 2);
    for annotation in [
        "kubedraft.io/ignore: K8S-SEC-004, K8S-BP-013",
        "ignore-check.kube-linter.io/latest-tag: \"pinned elsewhere\"",
        "kube-score/ignore: container-image-tag",
    ] {
        let annotated = text.replacen(
            "  namespace: shop\n",
            &format!("  namespace: shop\n  annotations:\n    {annotation}\n"),
            1,
        );
        let mut doc = into_document(parse_manifests(&annotated, "annotated.yaml"));
        doc.complete = true;
        assert_eq!(
            of_rule(&doc, "K8S-BP-013").len(),
            1,
            "{annotation} silences the rule for the first object only"
        );
    }
    // A partial peer overlap does not suppress: kube-score's pull-policy check is `~`.
    let annotated = text.replacen(
        "  namespace: shop\n",
        "  namespace: shop\n  annotations:\n    kube-score/ignore: container-image-pull-policy\n",
        1,
    );
    let doc = into_document(parse_manifests(&annotated, "annotated.yaml"));
    assert_eq!(of_rule(&doc, "K8S-BP-013").len(), 2);
}

#[test]
fn examples_report_nothing_at_error_or_warning() {
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("examples"))
        .unwrap()
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let doc = kubedraft::io::read_design(&path).unwrap();
        let found: Vec<_> = rules::check(&doc.model, doc.complete)
            .into_iter()
            .filter(|d| d.severity >= Severity::Warning)
            .collect();
        assert!(found.is_empty(), "{}:\n{}", path.display(), render(&found));
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} example designs");
}

/// Errors the corpus rightly has: a kustomize patch fragment (not a standalone manifest) and an
/// archived example on a removed API version.
const EXPECTED_CORPUS_ERRORS: [(&str, &str); 3] = [
    (
        "argocd-application-controller-statefulset.yaml",
        "K8S-API-006",
    ),
    (
        "argocd-application-controller-statefulset.yaml",
        "K8S-API-012",
    ),
    ("cockroachdb-statefulset.yaml", "K8S-API-005"),
];

fn check_corpus_folder(folder: &Path) -> usize {
    let mut checked = 0;
    for file in kubedraft::io::manifest_files(folder).unwrap() {
        let text = std::fs::read_to_string(&file).unwrap();
        let imported = parse_manifests(&text, &file.display().to_string());
        if imported.objects.is_empty() {
            continue;
        }
        // Imported manifests are not complete designs: `error*` rules are warnings.
        let doc = into_document(imported);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for diagnostic in rules::check(&doc.model, doc.complete) {
            if diagnostic.severity == Severity::Error {
                assert!(
                    EXPECTED_CORPUS_ERRORS.contains(&(name.as_str(), diagnostic.rule)),
                    "{}: unexpected error {}",
                    file.display(),
                    render(std::slice::from_ref(&diagnostic))
                );
            }
        }
        checked += 1;
    }
    checked
}

#[test]
fn the_fixture_corpus_checks_without_false_errors() {
    assert!(check_corpus_folder(&root().join("tests/fixtures/corpus")) >= 6);
}

#[test]
fn the_shared_corpus_checks_without_false_errors() {
    assert!(check_corpus_folder(&root().join("tests/fixtures/shared-corpus")) > 100);
}

#[test]
fn every_fixture_checks_without_panicking() {
    // Hostile and broken inputs included: the engine is total.
    let mut checked = 0;
    for file in kubedraft::io::manifest_files(&root().join("tests/fixtures")).unwrap() {
        // Fuzz inputs need not be UTF-8: the engine sees what a lossy reading makes of them.
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let doc = into_document(parse_manifests(&text, &file.display().to_string()));
        for complete in [false, true] {
            // Every finding names an implemented catalog rule and, if about an object, one of
            // the design.
            for d in rules::check(&doc.model, complete) {
                assert!(
                    rules::rule(d.rule).is_some_and(|r| r.id == d.rule && r.is_implemented()),
                    "{}: {} is not an implemented catalog rule",
                    file.display(),
                    d.rule
                );
                assert!(
                    d.object.is_none_or(|id| doc.model.contains(id)),
                    "{}: {} names an object outside the design",
                    file.display(),
                    d.rule
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 80, "{checked}");
}
