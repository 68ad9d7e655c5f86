//! Reading real and hostile manifests: every document that can be read is read, the rest is
//! reported with file, line, column and document index.

use kubedraft::manifest::export;
use kubedraft::manifest::import::{into_document, parse_manifests};
use kubedraft::manifest::yaml::{parse_document, split_documents};
use kubedraft::model::{Kind, Relation};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn online_boutique_imports_with_relations() {
    let imported = parse_manifests(&fixture("online-boutique.yaml"), "online-boutique.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let doc = into_document(imported);
    let count = |kind: &str| {
        doc.model
            .objects()
            .filter(|(_, o)| o.kind_name() == kind)
            .count()
    };
    assert_eq!(
        (
            count("Deployment"),
            count("Service"),
            count("ServiceAccount")
        ),
        (12, 12, 11)
    );
    // The external Service and the internal one both select the frontend.
    let frontend = doc
        .model
        .find("Deployment", Some("default"), "frontend")
        .expect("frontend");
    let selecting: Vec<String> = doc
        .model
        .relations_to(frontend)
        .iter()
        .filter(|(_, r)| *r == Relation::ServiceSelects)
        .filter_map(|(id, _)| doc.model.get(*id).map(|o| o.name().to_owned()))
        .collect();
    assert_eq!(
        selecting,
        vec!["frontend".to_owned(), "frontend-external".to_owned()]
    );
    assert!(
        !doc.complete,
        "imported manifests start as an incomplete design"
    );
    // Every object got a position inside its namespace frame.
    let frame = doc.frame_rect("default").expect("frame");
    for (id, _) in doc.model.objects() {
        assert!(frame.contains(doc.position(id)), "{id:?} outside its frame");
    }
}

#[test]
fn network_policies_select_the_boutique_workloads() {
    let mut imported = parse_manifests(&fixture("online-boutique.yaml"), "a.yaml");
    imported.extend(parse_manifests(
        &fixture("online-boutique-netpols.yaml"),
        "b.yaml",
    ));
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let doc = into_document(imported);
    let policies: Vec<_> = doc
        .model
        .objects()
        .filter(|(_, o)| o.kind() == Kind::NetworkPolicy)
        .collect();
    assert_eq!(policies.len(), 13);
    let cart = doc
        .model
        .find("NetworkPolicy", Some("default"), "cartservice")
        .expect("policy");
    let cart_deployment = doc
        .model
        .find("Deployment", Some("default"), "cartservice")
        .expect("deployment");
    assert!(
        doc.model
            .relations_from(cart)
            .contains(&(cart_deployment, Relation::PolicyApplies))
    );
}

#[test]
fn flow_style_documents_end_markers_and_lists_are_read() {
    let fanout = parse_manifests(&fixture("simple-fanout-example.yaml"), "fanout.yaml");
    assert!(fanout.errors.is_empty(), "{:?}", fanout.errors);
    assert_eq!(fanout.objects.len(), 1);
    assert_eq!(fanout.objects[0].0.kind(), Kind::Ingress);

    let backend = parse_manifests(&fixture("backend-deployment.yaml"), "backend.yaml");
    assert!(backend.errors.is_empty(), "{:?}", backend.errors);
    assert_eq!(backend.objects.len(), 1);

    let roles = parse_manifests(&fixture("prometheus-role-list.yaml"), "roles.yaml");
    assert!(roles.errors.is_empty(), "{:?}", roles.errors);
    assert!(roles.objects.len() >= 2);
    assert!(roles.objects.iter().all(|(o, _)| o.kind_name() == "Role"));

    let web = parse_manifests(&fixture("web-statefulset.yaml"), "web.yaml");
    let doc = into_document(web);
    let set = doc
        .model
        .find("StatefulSet", Some("default"), "web")
        .expect("sts");
    let service = doc
        .model
        .find("Service", Some("default"), "nginx")
        .expect("svc");
    assert!(
        doc.model
            .relations_from(set)
            .contains(&(service, Relation::GoverningService))
    );
}

#[test]
fn kubectl_dumps_lose_server_fields_and_keep_unknown_ones() {
    let dump = r#"{
  "apiVersion": "v1",
  "kind": "List",
  "items": [
    {
      "apiVersion": "v1",
      "kind": "Service",
      "metadata": {
        "name": "api", "namespace": "prod", "uid": "0b5c", "resourceVersion": "812",
        "creationTimestamp": "2026-01-01T00:00:00Z",
        "managedFields": [{"manager": "kubectl"}],
        "labels": {"app": "api"}
      },
      "spec": {"selector": {"app": "api"}, "ports": [{"port": 80, "appProtocol": "http"}], "futureField": true},
      "status": {"loadBalancer": {}}
    }
  ]
}"#;
    let imported = parse_manifests(dump, "dump.json");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let doc = into_document(imported);
    let yaml = export::to_yaml(&doc.model).expect("yaml");
    for gone in [
        "uid",
        "resourceVersion",
        "creationTimestamp",
        "managedFields",
        "status",
        "loadBalancer",
    ] {
        assert!(!yaml.contains(gone), "{gone} was kept:\n{yaml}");
    }
    assert!(yaml.contains("futureField: true"), "{yaml}");
    assert!(yaml.contains("appProtocol: http"), "{yaml}");
    // Export writes a Namespace for the non-default namespace, first.
    assert!(
        yaml.starts_with("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n"),
        "{yaml}"
    );
}

#[test]
fn crlf_and_comments_are_fine() {
    let text = "# leading comment\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: settings\r\ndata:\r\n  enabled: \"yes\"\r\n";
    let imported = parse_manifests(text, "crlf.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let value = imported.objects[0].0.to_value();
    assert_eq!(value["data"]["enabled"], "yes");
    assert_eq!(imported.objects[0].1.line, 2);
}

#[test]
fn one_bad_document_does_not_stop_the_others() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: [broken\n---\napiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: c}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: many}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: e}\n";
    let imported = parse_manifests(text, "mixed.yaml");
    let names: Vec<&str> = imported.objects.iter().map(|(o, _)| o.name()).collect();
    assert_eq!(names, vec!["a", "e"]);
    let messages: Vec<String> = imported.errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].starts_with("mixed.yaml:7:") && messages[0].contains("document 2"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("document 3") && messages[1].contains("did you mean `Deployment`"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains("document 4 (Deployment/d)") && messages[2].contains("spec.replicas"),
        "{}",
        messages[2]
    );
}

#[test]
fn empty_input_is_an_error() {
    for text in ["", "\n# only a comment\n", "---\n---\n"] {
        let imported = parse_manifests(text, "empty.yaml");
        assert!(imported.objects.is_empty());
        assert_eq!(imported.errors.len(), 1, "{text:?}");
        assert!(
            imported.errors[0]
                .to_string()
                .contains("no Kubernetes objects")
        );
    }
}

#[test]
fn export_of_an_import_is_a_fixed_point() {
    for name in [
        "online-boutique.yaml",
        "simple-fanout-example.yaml",
        "web-statefulset.yaml",
        "prometheus-role-list.yaml",
    ] {
        let once = export::to_yaml(&into_document(parse_manifests(&fixture(name), name)).model)
            .expect("yaml");
        let imported = parse_manifests(&once, "once.yaml");
        assert!(imported.errors.is_empty(), "{name}: {:?}", imported.errors);
        let twice = export::to_yaml(&into_document(imported).model).expect("yaml");
        assert_eq!(once, twice, "{name}");
    }
}

/// A `kube-system` Namespace as `kubectl get ns kube-system -o yaml` prints it, server fields
/// included, plus fields the model does not edit.
const KUBE_SYSTEM: &str = "apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
  uid: 5b0c6c2e-0000-4000-8000-000000000000
  resourceVersion: \"4\"
  creationTimestamp: \"2026-01-01T00:00:00Z\"
  labels:
    kubernetes.io/metadata.name: kube-system
  finalizers: [example.com/keep]
spec:
  finalizers: [kubernetes]
status:
  phase: Active
---
apiVersion: v1
kind: Service
metadata: {name: dns, namespace: kube-system}
spec:
  ports: [{port: 53}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: default}
spec:
  ports: [{port: 443}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports: [{port: 80}]
";

#[test]
fn a_declared_system_namespace_is_exported_with_its_fields() {
    let imported = parse_manifests(KUBE_SYSTEM, "kube-system.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let yaml = export::to_yaml(&into_document(imported).model).expect("export");
    let namespaces: Vec<serde_json::Value> = split_documents(&yaml)
        .iter()
        .map(|doc| parse_document(doc).expect("exported YAML reads back"))
        .filter(|v| v["kind"] == "Namespace")
        .collect();
    // `kube-system` was declared, so it is written back exactly, without the server fields;
    // `default` was only used, so Kubernetes' own is left alone; `shop` gets its Namespace as before.
    assert_eq!(
        namespaces,
        vec![
            serde_json::json!({
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {
                    "name": "kube-system",
                    "labels": {"kubernetes.io/metadata.name": "kube-system"},
                    "finalizers": ["example.com/keep"],
                },
                "spec": {"finalizers": ["kubernetes"]},
            }),
            serde_json::json!({
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {"name": "shop"},
            }),
        ],
        "{yaml}"
    );
}

/// A YAML error names one position, in the file: the parser's own position (relative to the
/// document) does not appear a second time in the message.
#[test]
fn a_yaml_error_names_one_position_in_the_file() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: [broken\n";
    let imported = parse_manifests(text, "bad.yaml");
    let message = imported.errors[0].to_string();
    assert!(message.starts_with("bad.yaml:7:"), "{message}");
    assert!(!message.contains(" line "), "{message}");
    assert!(!message.contains("column"), "{message}");
    let indented =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n   c: d\n";
    let message = parse_manifests(indented, "bad.yaml").errors[0].to_string();
    assert!(!message.contains(" line "), "{message}");
    assert!(message.starts_with("bad.yaml:"), "{message}");
}
