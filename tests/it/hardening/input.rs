//! What the readers make of odd input: huge kinds, wrong apiVersions, long names.

use kubedraft::manifest::import::parse_manifests;
use kubedraft::model::kinds::kind_hint;
use kubedraft::model::validation::object_name_problem;

use super::temp_folder;
use crate::support::cli::{kubedraft, stderr};

/// Defect 2: an unknown kind of a megabyte took 10 s, spent in "did you mean" edit distances
/// against every built-in kind. A kind whose length alone rules out every suggestion is not
/// compared at all (no timing here: the behaviour that made it slow is what is tested).
#[test]
fn a_huge_unknown_kind_gets_no_suggestion_and_is_still_rejected() {
    let huge = "Deploymentx".repeat(100_000);
    assert!(kind_hint(&huge).is_none());
    // Near misses still get their hint.
    assert_eq!(kind_hint("Deploymnet").map(|k| k.kind), Some("Deployment"));
    assert_eq!(kind_hint("Servise").map(|k| k.kind), Some("Service"));
    let yaml = format!("apiVersion: apps/v1\nkind: {huge}\nmetadata:\n  name: web\n");
    let imported = parse_manifests(&yaml, "huge.yaml");
    let [error] = imported.errors.as_slice() else {
        panic!("one error expected: {:?}", imported.errors.len())
    };
    assert!(error.message.starts_with("unknown kind `Deploymentx"));
    assert!(!error.message.contains("did you mean"));
}

/// Defect 5: `apiVersion: v2` (or `foo`, or empty) with `kind: Deployment` passed as a custom
/// resource with no finding.
#[test]
fn a_builtin_kind_with_a_wrong_api_version_is_an_error_naming_the_field() {
    for api_version in ["v2", "foo", "\"\"", "v1"] {
        let yaml = format!(
            "apiVersion: {api_version}\nkind: Deployment\nmetadata:\n  name: web\nspec: {{}}\n"
        );
        let imported = parse_manifests(&yaml, "wrong.yaml");
        assert!(imported.objects.is_empty(), "{api_version} was read");
        let [error] = imported.errors.as_slice() else {
            panic!("{api_version}: one error expected: {:?}", imported.errors)
        };
        assert!(
            error.message.contains("field `apiVersion`")
                && error.message.contains("expected `apps/v1`"),
            "{api_version}: {}",
            error.message
        );
    }
    // The command line exits 2 for it, like any document it cannot read.
    let folder = temp_folder("wrong-api-version");
    let file = folder.join("d.yaml");
    std::fs::write(
        &file,
        "apiVersion: v2\nkind: Deployment\nmetadata:\n  name: web\n",
    )
    .unwrap();
    let output = kubedraft(&["check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("field `apiVersion`"),
        "{}",
        stderr(&output)
    );
}

/// Defect 6: a single-part name of 64–253 characters was refused while the message said "at
/// most 253". The API server's subdomain check holds only the whole name to 253 characters, so
/// such names are accepted; a label-named kind says the 63 that applies.
#[test]
fn name_length_messages_state_the_limit_that_applied() {
    let long = "a".repeat(100);
    assert_eq!(object_name_problem("ConfigMap", &long), None);
    let label = object_name_problem("Service", &long).expect("too long for a label");
    assert!(
        label.contains("100 characters long") && label.contains("at most 63"),
        "{label}"
    );
    let too_long = "a".repeat(254);
    let subdomain = object_name_problem("ConfigMap", &too_long).expect("too long");
    assert!(subdomain.contains("at most 253"), "{subdomain}");
    // The grammar still holds each part to its shape.
    assert!(object_name_problem("ConfigMap", "a..b").is_some());
    assert!(object_name_problem("ConfigMap", &format!("{long}.-b")).is_some());
}
