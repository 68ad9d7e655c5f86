//! One source of Kubernetes validity: rename, the inspector's checks and the rules agree on
//! object names, and `Kind` names the kinds the design handles.

use kubedraft::document::{Document, refactor};
use kubedraft::manifest::import::parse_manifests;
use kubedraft::model::validation::object_name_problem;
use kubedraft::model::{Kind, Object, ObjectId};

fn object(yaml: &str) -> Object {
    let mut imported = parse_manifests(yaml, "test");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(imported.objects.len(), 1);
    imported.objects.remove(0).0
}

fn document_with(yaml: &str) -> (Document, ObjectId) {
    let mut doc = Document::new();
    let id = doc.model.add(object(yaml));
    (doc, id)
}

const CONFIG_MAP: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: shop\ndata:\n  a: b\n";
const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n";
const STATEFUL_SET: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: db\n        image: postgres:16\n";
const ROLE: &str = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: shop\nrules: []\n";

/// The findings about `metadata.name` after renaming the object in `doc` by hand.
fn name_findings(doc: &Document, id: ObjectId, name: &str) -> Vec<String> {
    let mut doc = doc.clone();
    let mut renamed = doc.model.get(id).unwrap().clone();
    renamed.metadata_mut().name = Some(name.to_owned());
    doc.model.replace(id, renamed).unwrap();
    kubedraft::rules::check_document(&doc)
        .into_iter()
        .filter(|d| d.object == Some(id) && d.field == "metadata.name")
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect()
}

#[test]
fn rename_accepts_a_config_map_name_with_dots_like_the_api() {
    let (doc, id) = document_with(CONFIG_MAP);
    let command = refactor::rename_object(&doc, id, "app.config").expect("accepted");
    let mut renamed = doc.clone();
    command.apply(&mut renamed).unwrap();
    assert_eq!(renamed.model.get(id).unwrap().name(), "app.config");
    assert_eq!(name_findings(&doc, id, "app.config"), Vec::<String>::new());
}

#[test]
fn rename_refuses_a_service_name_that_k8s_api_001_flags() {
    let (doc, id) = document_with(SERVICE);
    let error = refactor::rename_object(&doc, id, "1-web").expect_err("refused");
    assert!(
        matches!(&error, refactor::RenameError::InvalidName { kind, .. } if kind == "Service"),
        "{error:?}"
    );
    assert!(error.to_string().contains("DNS-1035 label"), "{error}");
    let findings = name_findings(&doc, id, "1-web");
    assert!(
        findings.iter().any(|f| f.starts_with("K8S-API-001")),
        "{findings:?}"
    );
}

/// For every kind and name, rename accepts exactly the names no rule flags at `metadata.name`.
#[test]
fn rename_and_the_rules_agree_on_every_name() {
    let names = [
        "web",
        "web-1",
        "1-web",
        "app.config",
        "Web",
        "-web",
        "web_1",
        "system:reader",
        "a/b",
        "..",
        &"a".repeat(64),
        &format!("{}.b", "a".repeat(60)),
    ];
    for yaml in [CONFIG_MAP, SERVICE, STATEFUL_SET, ROLE] {
        let (doc, id) = document_with(yaml);
        let kind = doc.model.get(id).unwrap().kind_name().to_owned();
        for name in names {
            let renamed = refactor::rename_object(&doc, id, name);
            let accepted = matches!(renamed, Ok(_) | Err(refactor::RenameError::Unchanged));
            let findings = name_findings(&doc, id, name);
            assert_eq!(
                accepted,
                findings.is_empty(),
                "{kind} `{name}`: rename {renamed:?}, findings {findings:?}"
            );
            assert_eq!(
                object_name_problem(&kind, name).is_none(),
                findings.is_empty(),
                "{kind} `{name}`: inspector and rules disagree: {findings:?}"
            );
        }
    }
}

#[test]
fn the_kinds_kept_as_plain_values_are_named_kinds() {
    let kinds = [
        (CONFIG_MAP.to_owned(), Kind::ConfigMap),
        (
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n".to_owned(),
            Kind::Secret,
        ),
        (
            "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  maxReplicas: 2\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n".to_owned(),
            Kind::HorizontalPodAutoscaler,
        ),
        (
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  maxUnavailable: 1\n".to_owned(),
            Kind::PodDisruptionBudget,
        ),
        (
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n".to_owned(),
            Kind::ServiceAccount,
        ),
        (ROLE.to_owned(), Kind::Other),
        (
            "apiVersion: example.com/v1\nkind: Secret\nmetadata:\n  name: custom\n".to_owned(),
            Kind::Other,
        ),
    ];
    for (yaml, kind) in kinds {
        let object = object(&yaml);
        assert_eq!(object.kind(), kind, "{yaml}");
        assert_eq!(
            Kind::of_manifest(object.api_version(), object.kind_name()),
            kind
        );
    }
    assert!(Kind::Deployment.is_scalable() && Kind::ReplicaSet.is_scalable());
    assert!(!Kind::DaemonSet.is_scalable() && !Kind::Job.is_scalable());
    assert_eq!(Kind::Namespace.is_namespaced(), Some(false));
    assert_eq!(Kind::ConfigMap.is_namespaced(), Some(true));
    for kind in Kind::NAMED {
        assert_eq!(Kind::from_name(kind.as_str()), kind);
    }
}
