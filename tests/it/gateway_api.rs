//! Gateway API over the real examples (`tests/fixtures/shared-corpus/gateway-api/`, copied from
//! kubernetes-sigs/gateway-api, Apache-2.0): every example imports as the Gateway API kinds, its
//! typed views give back exactly what was read, its relations are those the spec describes, and
//! every exported Gateway API object validates against the standard-channel CRD schemas, strictly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kubedraft::manifest::export;
use kubedraft::manifest::import::{Imported, into_document, parse_manifests};
use kubedraft::manifest::yaml::{parse_document, split_documents};
use kubedraft::model::gateway::{
    self, CRD_KINDS, Gateway, GatewayClass, GrpcRoute, HttpRoute, ReferenceGrant, TcpRoute,
};
use kubedraft::model::{Kind, Model, Object, ObjectId, OtherObject, Relation, Resource};
use serde_json::{Value, json};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared-corpus/gateway-api")
}

fn yaml_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            yaml_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            found.push(path);
        }
    }
}

fn example_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    yaml_files(&corpus().join("examples/standard"), &mut files);
    files.sort();
    files
}

fn import_files(files: &[PathBuf]) -> Imported {
    let mut imported = Imported::default();
    for file in files {
        let text = std::fs::read_to_string(file).expect("read");
        imported.extend(parse_manifests(&text, &file.display().to_string()));
    }
    imported
}

fn import_folder(folder: &str) -> Model {
    let mut files = Vec::new();
    yaml_files(&corpus().join("examples/standard").join(folder), &mut files);
    files.sort();
    let imported = import_files(&files);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported).model
}

fn other(object: &Object) -> &OtherObject {
    match object.resource() {
        Resource::Other(other) => other,
        _ => panic!("{} is typed", object.display_id()),
    }
}

/// Reading the typed view and writing it back gives the object as it was, unknown fields included.
fn assert_view_round_trips<T>(other: &OtherObject)
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let view: T = gateway::read(other).unwrap_or_else(|e| panic!("{}: {e}", other.kind));
    let back = gateway::write(other, &view).expect("write");
    assert_eq!(&back, other, "{} {:?}", other.kind, other.metadata.name);
}

#[test]
fn every_example_imports_as_the_gateway_api_kinds_and_its_views_round_trip() {
    let files = example_files();
    assert!(files.len() >= 80, "{} files", files.len());
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for file in &files {
        let imported = import_files(std::slice::from_ref(file));
        assert!(
            imported.errors.is_empty(),
            "{}: {:?}",
            file.display(),
            imported.errors
        );
        for (object, _) in &imported.objects {
            let kind = object.kind();
            *counts.entry(kind).or_default() += 1;
            let other = other(object);
            match kind {
                Kind::GatewayClass => assert_view_round_trips::<GatewayClass>(other),
                Kind::Gateway => assert_view_round_trips::<Gateway>(other),
                Kind::HttpRoute => assert_view_round_trips::<HttpRoute>(other),
                Kind::GrpcRoute => assert_view_round_trips::<GrpcRoute>(other),
                Kind::TcpRoute | Kind::TlsRoute | Kind::UdpRoute => {
                    assert_view_round_trips::<TcpRoute>(other);
                }
                Kind::ReferenceGrant => assert_view_round_trips::<ReferenceGrant>(other),
                // ListenerSet and BackendTLSPolicy are kept as read, without a view.
                Kind::Other => assert!(
                    matches!(other.kind.as_str(), "ListenerSet" | "BackendTLSPolicy"),
                    "{}",
                    object.display_id()
                ),
                kind => panic!("{}: unexpected {kind}", file.display()),
            }
        }
    }
    // The counts of the examples as copied (Gateway API v1.5 standard channel).
    let count = |kind| counts.get(&kind).copied().unwrap_or(0);
    assert_eq!(count(Kind::HttpRoute), 48);
    assert_eq!(count(Kind::Gateway), 24);
    assert_eq!(count(Kind::GrpcRoute), 7);
    assert_eq!(count(Kind::GatewayClass), 4);
    assert_eq!(count(Kind::ReferenceGrant), 3);
    assert_eq!(
        count(Kind::TcpRoute) + count(Kind::TlsRoute) + count(Kind::UdpRoute),
        8
    );
}

#[test]
fn the_served_versions_table_is_the_crds() {
    let mut files = Vec::new();
    yaml_files(&corpus().join("config/crd/standard"), &mut files);
    let mut seen = 0;
    for crd in files.iter().flat_map(|f| crds(f)) {
        let kind = crd["spec"]["names"]["kind"].as_str().expect("kind");
        let served: Vec<&str> = crd["spec"]["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .filter(|v| v["served"] == json!(true))
            .map(|v| v["name"].as_str().expect("name"))
            .collect();
        let entry = gateway::crd_kind(kind).unwrap_or_else(|| panic!("{kind} not in CRD_KINDS"));
        let mut listed = entry.served.to_vec();
        listed.sort_unstable();
        let mut served = served;
        served.sort_unstable();
        assert_eq!(listed, served, "{kind}");
        assert_eq!(
            entry.cluster_scoped,
            crd["spec"]["scope"] == json!("Cluster"),
            "{kind}"
        );
        seen += 1;
    }
    assert_eq!(seen, CRD_KINDS.len());
}

/// The CRDs of one file.
fn crds(file: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(file).expect("read");
    split_documents(&text)
        .iter()
        .filter_map(|d| parse_document(d).ok())
        .filter(|v| v["kind"] == json!("CustomResourceDefinition"))
        .collect()
}

fn find(model: &Model, kind: &str, namespace: Option<&str>, name: &str) -> ObjectId {
    model
        .find(kind, namespace, name)
        .unwrap_or_else(|| panic!("{kind} {namespace:?}/{name}"))
}

fn attached_listeners(model: &Model, route: ObjectId, gateway: ObjectId) -> Option<Vec<String>> {
    model
        .relations_from(route)
        .into_iter()
        .find_map(|(to, relation)| match relation {
            Relation::RouteAttaches { listeners } if to == gateway => Some(listeners),
            _ => None,
        })
}

/// The multiple-namespace guide: routes of the labelled namespaces attach to the shared Gateway.
#[test]
fn cross_namespace_routes_attach_where_the_selector_admits_them() {
    let model = import_folder("cross-namespace-routing");
    let gateway = find(&model, "Gateway", Some("infra-ns"), "shared-gateway");
    for (namespace, name) in [("site-ns", "home"), ("store-ns", "store")] {
        let route = find(&model, "HTTPRoute", Some(namespace), name);
        assert_eq!(
            attached_listeners(&model, route, gateway),
            Some(vec!["https".to_owned()]),
            "{namespace}/{name}"
        );
    }
    // Without the namespace labels, the Selector admits neither.
    let mut unlabelled = Model::new();
    let plain: Vec<Object> = model.objects().map(|(_, o)| o.clone()).collect();
    unlabelled.add_all(plain);
    let gateway = find(&unlabelled, "Gateway", Some("infra-ns"), "shared-gateway");
    let route = find(&unlabelled, "HTTPRoute", Some("site-ns"), "home");
    assert_eq!(attached_listeners(&unlabelled, route, gateway), None);
}

/// The HTTP routing guide: routes attach by hostname to the one listener, and reach their
/// Services on the ports given.
#[test]
fn http_routing_example_attaches_and_routes() {
    let model = import_folder("http-routing");
    let gateway = find(&model, "Gateway", Some("default"), "example-gateway");
    for name in ["foo-route", "bar-route"] {
        let route = find(&model, "HTTPRoute", Some("default"), name);
        assert!(
            attached_listeners(&model, route, gateway).is_some(),
            "{name}: {:?}",
            model.relations_from(route)
        );
    }
}

/// A canary split: the weights become shares of the rule, shown on the edges.
#[test]
fn weighted_backends_carry_their_share() {
    let text = std::fs::read_to_string(
        corpus().join("examples/standard/traffic-splitting/traffic-split-2.yaml"),
    )
    .expect("read");
    let services = "apiVersion: v1\nkind: Service\nmetadata:\n  name: foo-v1\nspec:\n  ports:\n  - port: 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: foo-v2\nspec:\n  ports:\n  - port: 8080\n";
    let mut imported = parse_manifests(&text, "traffic-split-2.yaml");
    imported.extend(parse_manifests(services, "services.yaml"));
    let model = into_document(imported).model;
    let route = find(&model, "HTTPRoute", Some("default"), "foo-route");
    let labels: BTreeMap<String, String> = model
        .relations_from(route)
        .into_iter()
        .filter_map(|(to, relation)| {
            Some((model.get(to)?.name().to_owned(), relation.edge_label()?))
        })
        .collect();
    assert_eq!(
        labels,
        BTreeMap::from([
            ("foo-v1".to_owned(), ":8080 90%".to_owned()),
            ("foo-v2".to_owned(), ":8080 10%".to_owned()),
        ])
    );
}

/// The openAPIV3Schema of `kind` at `version`, made strict: every object node that lists its
/// properties and says nothing else about other fields admits no other field (as the API server
/// prunes them, and `kubectl --validate=strict` refuses them).
fn strict_schema(kind: &str, version: &str) -> Value {
    let mut files = Vec::new();
    yaml_files(&corpus().join("config/crd/standard"), &mut files);
    // The cluster policy CRDs of network-policy-api, validated the same way.
    yaml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/network-policy-api/crd"),
        &mut files,
    );
    let crd = files
        .iter()
        .flat_map(|f| crds(f))
        .find(|crd| crd["spec"]["names"]["kind"] == json!(kind))
        .unwrap_or_else(|| panic!("no CRD for {kind}"));
    let mut schema = crd["spec"]["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .find(|v| v["name"] == json!(version))
        .unwrap_or_else(|| panic!("{kind} has no {version}"))["schema"]["openAPIV3Schema"]
        .clone();
    close_objects(&mut schema);
    schema
}

fn close_objects(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let open = map.contains_key("additionalProperties")
                || map.get("x-kubernetes-preserve-unknown-fields") == Some(&json!(true));
            // Only the typed nodes: the branches of a `oneOf` list properties of their parent
            // to constrain them, and must not refuse the others.
            if map.get("type") == Some(&json!("object")) && map.contains_key("properties") && !open
            {
                map.insert("additionalProperties".to_owned(), json!(false));
            }
            map.values_mut().for_each(close_objects);
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

/// Fills in the `default`s of the schema where `value` lacks the field, as the API server does
/// before it validates (the `oneOf` of a Gateway address tells its kinds apart by the defaulted
/// `type`).
fn apply_defaults(schema: &Value, value: &mut Value) {
    match value {
        Value::Object(map) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (name, property) in properties {
                if let (None, Some(default)) = (map.get(name), property.get("default")) {
                    map.insert(name.clone(), default.clone());
                }
                if let Some(inner) = map.get_mut(name) {
                    apply_defaults(property, inner);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items.iter_mut() {
                    apply_defaults(item_schema, item);
                }
            }
        }
        _ => {}
    }
}

/// Validation errors of one manifest against its CRD schema.
pub(crate) fn schema_errors(
    manifest: &Value,
    schemas: &mut BTreeMap<(String, String), Value>,
) -> Vec<String> {
    let kind = manifest["kind"].as_str().unwrap_or_default().to_owned();
    let version = manifest["apiVersion"]
        .as_str()
        .and_then(|v| v.rsplit_once('/'))
        .map(|(_, v)| v.to_owned())
        .unwrap_or_default();
    let schema = schemas
        .entry((kind.clone(), version.clone()))
        .or_insert_with(|| strict_schema(&kind, &version));
    let mut defaulted = manifest.clone();
    apply_defaults(schema, &mut defaulted);
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    validator
        .iter_errors(&defaulted)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn exported_gateway_api_objects_validate_against_the_crds_strictly() {
    let imported = import_files(&example_files());
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let model = into_document(imported).model;
    let yaml = export::to_yaml(&model).expect("export");
    let mut schemas = BTreeMap::new();
    let mut validated = 0;
    for document in split_documents(&yaml) {
        let manifest = parse_document(&document).expect("exported YAML reads");
        let version = manifest["apiVersion"].as_str().unwrap_or_default();
        if !gateway::is_gateway_api_version(version) {
            continue;
        }
        let errors = schema_errors(&manifest, &mut schemas);
        assert!(
            errors.is_empty(),
            "{}: {errors:?}",
            manifest["metadata"]["name"]
        );
        validated += 1;
    }
    // Names repeat across the examples (several `example-gateway`s in `default`): the design
    // keeps one object per kind, namespace and name.
    assert!(validated >= 40, "only {validated} objects validated");

    // Strict: a field the CRD does not define is refused, at any depth.
    let mut typo = json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "gw"},
        "spec": {"gatewayClassName": "example",
                 "listeners": [{"name": "http", "port": 80, "protocol": "HTTP"}]},
    });
    assert!(schema_errors(&typo, &mut schemas).is_empty());
    typo["spec"]["listeners"][0]["hostnames"] = json!(["a.example.com"]);
    assert!(!schema_errors(&typo, &mut schemas).is_empty());
}

#[test]
fn the_example_designs_gateway_api_objects_validate_against_the_crds() {
    let mut schemas = BTreeMap::new();
    let mut validated = 0;
    let mut examples: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .expect("examples")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    examples.sort();
    for path in examples {
        let doc = kubedraft::io::read_design(&path).expect("example design");
        let yaml = export::to_yaml(&doc.model).expect("export");
        for document in split_documents(&yaml) {
            let manifest = parse_document(&document).expect("exported YAML reads");
            let version = manifest["apiVersion"].as_str().unwrap_or_default();
            if !gateway::is_gateway_api_version(version) {
                continue;
            }
            let errors = schema_errors(&manifest, &mut schemas);
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            validated += 1;
        }
    }
    // web-gateway.ron: a Gateway and two HTTPRoutes.
    assert!(validated >= 3, "only {validated} objects validated");
}
