// Manifest builders read best as map + collect.
#![allow(clippy::format_collect)]

//! The reachability engine, point by point of NetworkPolicy v1 semantics, plus explain and diff.

use kubedraft::manifest::import::{
    ReadOptions, into_document, parse_manifests, parse_manifests_with,
};
use kubedraft::model::{Model, Protocol};
use kubedraft::reach::explain::Side;
use kubedraft::reach::{Direction, Endpoint, Reachability, diff, explain};

/// A Pod manifest: `labels` as `k=v,k=v`, `ports` as `name:number/PROTO,...`.
fn pod(namespace: &str, name: &str, labels: &str, ports: &str) -> String {
    let labels: String = labels
        .split(',')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            format!("\n    {k}: \"{v}\"")
        })
        .collect();
    let ports: String = ports
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (name, rest) = p.split_once(':').unwrap();
            let (number, protocol) = rest.split_once('/').unwrap();
            format!(
                "\n    - name: {name}\n      containerPort: {number}\n      protocol: {protocol}"
            )
        })
        .collect();
    let ports = if ports.is_empty() {
        String::new()
    } else {
        format!("\n    ports:{ports}")
    };
    format!(
        "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: {namespace}\n  labels:{labels}\nspec:\n  containers:\n  - name: c\n    image: x{ports}\n"
    )
}

fn namespace(name: &str, labels: &str) -> String {
    let labels: String = labels
        .split(',')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            format!("\n    {k}: \"{v}\"")
        })
        .collect();
    format!("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n  labels:{labels}\n")
}

fn policy(namespace: &str, name: &str, spec: &str) -> String {
    let spec: String = spec.lines().map(|l| format!("\n  {l}")).collect();
    format!(
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:{spec}\n"
    )
}

fn model(yaml: &str) -> Model {
    let imported = parse_manifests(yaml, "test.yaml");
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    into_document(imported).model
}

fn reach(yaml: &str) -> Reachability {
    let reach = Reachability::compute(&model(yaml));
    assert!(reach.errors().is_empty(), "{:?}", reach.errors());
    reach
}

/// The allowed connection from `a` to `b`, as text.
fn conn(reach: &Reachability, a: &str, b: &str) -> String {
    let (a, b) = (
        reach.workload_index(a).expect(a),
        reach.workload_index(b).expect(b),
    );
    reach.conn(a, b).to_string()
}

/// External ranges of a workload in a direction, as text.
fn external(reach: &Reachability, w: &str, direction: Direction) -> Vec<String> {
    let w = reach.workload_index(w).unwrap();
    reach
        .external(w, direction)
        .iter()
        .map(|(r, c)| format!("{r} {c}"))
        .collect()
}

/// One model edit; returns the id of the changed policy.
type Edit = Box<dyn Fn(&mut Model) -> kubedraft::model::ObjectId>;

const ALL: &str = "All Connections";
const NONE: &str = "No Connections";

fn three_pods() -> String {
    [
        pod("a", "web", "app=web", "http:8080/TCP"),
        pod("a", "api", "app=api", "http:9090/TCP,dns:53/UDP"),
        pod("b", "db", "app=db", "pg:5432/TCP"),
    ]
    .concat()
}

#[test]
fn no_policies_allow_everything() {
    let r = reach(&three_pods());
    assert_eq!(conn(&r, "a/web", "b/db"), ALL);
    assert_eq!(
        external(&r, "a/web", Direction::Egress),
        ["ip:0.0.0.0-255.255.255.255 All Connections"]
    );
    assert!(!r.is_isolated(0, Direction::Ingress));
}

#[test]
fn isolation_is_per_direction() {
    let yaml = three_pods()
        + &policy(
            "a",
            "deny-in",
            "podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]",
        );
    let r = reach(&yaml);
    assert_eq!(conn(&r, "a/web", "a/api"), NONE);
    assert_eq!(conn(&r, "b/db", "a/api"), NONE);
    // Egress of the same pod is untouched.
    assert_eq!(conn(&r, "a/api", "b/db"), ALL);
    assert!(external(&r, "a/api", Direction::Ingress).is_empty());
    assert_eq!(external(&r, "a/api", Direction::Egress).len(), 1);
    let api = r.workload_index("a/api").unwrap();
    assert!(r.is_isolated(api, Direction::Ingress));
    assert!(!r.is_isolated(api, Direction::Egress));
}

#[test]
fn policy_types_default_from_the_rules() {
    // No policyTypes and egress rules: Ingress and Egress.
    let with_egress = three_pods()
        + &policy(
            "a",
            "p",
            "podSelector: {matchLabels: {app: web}}\negress:\n- ports: [{port: 5432}]",
        );
    let r = reach(&with_egress);
    assert_eq!(conn(&r, "a/web", "b/db"), "TCP 5432");
    assert_eq!(
        conn(&r, "a/api", "a/web"),
        NONE,
        "ingress isolated by default"
    );
    // `egress: []` without policyTypes does not isolate egress.
    let empty_egress = three_pods()
        + &policy(
            "a",
            "p",
            "podSelector: {matchLabels: {app: web}}\negress: []",
        );
    let r = reach(&empty_egress);
    assert_eq!(conn(&r, "a/web", "b/db"), ALL);
    assert_eq!(conn(&r, "a/api", "a/web"), NONE);
    // policyTypes [Egress] only: ingress stays open; its ingress rules are ignored.
    let egress_only = three_pods()
        + &policy(
            "a",
            "p",
            "podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\ningress:\n- ports: [{port: 1}]",
        );
    let r = reach(&egress_only);
    assert_eq!(conn(&r, "a/api", "a/web"), ALL);
    assert_eq!(conn(&r, "a/web", "b/db"), NONE);
}

#[test]
fn policies_and_rules_are_unioned() {
    let yaml = three_pods()
        + &policy(
            "b",
            "one",
            "podSelector: {}\ningress:\n- from: [{namespaceSelector: {}}]\n  ports: [{port: 5432}]",
        )
        + &policy(
            "b",
            "two",
            "podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 6000, endPort: 6010}]\n- from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 7000, protocol: UDP}]",
        );
    let r = reach(&yaml);
    assert_eq!(conn(&r, "a/web", "b/db"), "TCP 5432,6000-6010 UDP 7000");
    assert_eq!(conn(&r, "a/api", "b/db"), "TCP 5432");
}

#[test]
fn pod_to_pod_is_egress_intersected_with_ingress() {
    let yaml = three_pods()
        + &policy(
            "a",
            "out",
            "podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 80, endPort: 90}]",
        )
        + &policy(
            "a",
            "in",
            "podSelector: {matchLabels: {app: api}}\ningress:\n- ports: [{port: 85, endPort: 100}, {port: 53, protocol: UDP}]",
        );
    let r = reach(&yaml);
    assert_eq!(conn(&r, "a/web", "a/api"), "TCP 85-90");
    // endPort is inclusive on both ends.
    assert_eq!(conn(&r, "a/web", "b/db"), "TCP 80-90");
    assert_eq!(conn(&r, "b/db", "a/api"), "TCP 85-100 UDP 53");
}

#[test]
fn selectors_inside_one_peer_are_anded_and_peers_ored() {
    let base = [
        namespace("a", "team=ux"),
        namespace("b", "team=uy"),
        pod("a", "web", "app=web", ""),
        pod("b", "web", "app=web", ""),
        pod("b", "db", "app=db", ""),
        pod("c", "target", "app=target", ""),
    ]
    .concat();
    let anded = base.clone()
        + &policy(
            "c",
            "p",
            "podSelector: {}\ningress:\n- from: [{namespaceSelector: {matchLabels: {team: uy}}, podSelector: {matchLabels: {app: web}}}]",
        );
    let r = reach(&anded);
    assert_eq!(conn(&r, "b/web", "c/target"), ALL);
    assert_eq!(
        conn(&r, "b/db", "c/target"),
        NONE,
        "right namespace, wrong pod"
    );
    assert_eq!(
        conn(&r, "a/web", "c/target"),
        NONE,
        "right pod, wrong namespace"
    );
    let ored = base
        + &policy(
            "c",
            "p",
            "podSelector: {}\ningress:\n- from: [{namespaceSelector: {matchLabels: {team: uy}}}, {podSelector: {matchLabels: {app: web}}}]",
        );
    let r = reach(&ored);
    assert_eq!(conn(&r, "b/web", "c/target"), ALL);
    assert_eq!(conn(&r, "b/db", "c/target"), ALL);
    // A podSelector alone means the policy's own namespace (c), where no pod is app=web.
    assert_eq!(conn(&r, "a/web", "c/target"), NONE);
}

#[test]
fn implicit_namespace_name_label_and_default_namespace() {
    // The Deployment has no namespace: it lands in `default`, which exists without a Namespace object.
    let yaml = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: front}\nspec:\n  selector: {matchLabels: {app: front}}\n  template:\n    metadata: {labels: {app: front}}\n    spec: {containers: [{name: c, image: x}]}\n".to_owned()
        + &pod("b", "db", "app=db", "")
        + &policy(
            "b",
            "p",
            "podSelector: {}\ningress:\n- from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}}]",
        );
    let r = reach(&yaml);
    assert_eq!(r.workloads()[0].id, "b/db");
    assert_eq!(conn(&r, "default/front", "b/db"), ALL);
}

#[test]
fn match_expression_operators() {
    let yaml = [
        pod("a", "p1", "env=prod,tier=web", ""),
        pod("a", "p2", "env=dev", ""),
        pod("a", "p3", "tier=db", ""),
        pod("a", "target", "role=target", ""),
    ]
    .concat();
    let with = |expression: &str| {
        reach(
            &(yaml.clone()
                + &policy(
                    "a",
                    "p",
                    &format!(
                        "podSelector: {{matchLabels: {{role: target}}}}\ningress:\n- from: [{{podSelector: {{matchExpressions: [{expression}]}}}}]"
                    ),
                )),
        )
    };
    let admitted = |r: &Reachability| -> Vec<&str> {
        ["a/p1", "a/p2", "a/p3"]
            .into_iter()
            .filter(|p| conn(r, p, "a/target") == ALL)
            .collect()
    };
    assert_eq!(
        admitted(&with("{key: env, operator: In, values: [prod, qa]}")),
        ["a/p1"]
    );
    assert_eq!(
        admitted(&with("{key: env, operator: NotIn, values: [prod]}")),
        ["a/p2", "a/p3"]
    );
    assert_eq!(
        admitted(&with("{key: tier, operator: Exists}")),
        ["a/p1", "a/p3"]
    );
    assert_eq!(
        admitted(&with("{key: tier, operator: DoesNotExist}")),
        ["a/p2"]
    );
}

#[test]
fn ip_block_except_and_never_pods() {
    let yaml = three_pods()
        + &policy(
            "a",
            "p",
            "podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {ipBlock: {cidr: 0.0.0.0/0}}]\n  ports: [{port: 443}]\n- from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n  ports: [{port: 22}]",
        );
    let r = reach(&yaml);
    assert_eq!(
        external(&r, "a/web", Direction::Ingress),
        [
            "ip:0.0.0.0-9.255.255.255 TCP 443",
            "ip:10.0.0.0-10.0.255.255 TCP 22,443",
            "ip:10.1.0.0-10.1.255.255 TCP 443",
            "ip:10.2.0.0-10.255.255.255 TCP 22,443",
            "ip:11.0.0.0-255.255.255.255 TCP 443",
        ]
    );
    // 0.0.0.0/0 covers every pod IP, but ipBlock never matches pods.
    assert_eq!(conn(&r, "a/api", "a/web"), NONE);
}

#[test]
fn named_ports_resolve_per_destination_and_protocol() {
    let yaml = [
        pod("a", "client", "app=client", ""),
        pod("a", "dns-udp", "app=dns", "dns:53/UDP"),
        pod("a", "dns-tcp", "app=dns", "dns:5353/TCP"),
        pod("a", "none", "app=dns", "other:1/TCP"),
    ]
    .concat()
        + &policy(
            "a",
            "in",
            "podSelector: {matchLabels: {app: dns}}\ningress:\n- ports: [{port: dns, protocol: UDP}]",
        )
        + &policy(
            "a",
            "out",
            "podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: dns}]",
        );
    let r = reach(&yaml);
    // Ingress: `dns` on UDP resolves on each destination separately.
    assert_eq!(conn(&r, "a/dns-tcp", "a/dns-udp"), "UDP 53");
    assert_eq!(
        conn(&r, "a/dns-udp", "a/dns-tcp"),
        NONE,
        "dns-tcp names `dns` only on TCP"
    );
    // Egress: `dns` without protocol means TCP; resolves on the destination.
    assert_eq!(conn(&r, "a/client", "a/dns-udp"), NONE);
    assert_eq!(conn(&r, "a/client", "a/none"), NONE);
    // Named ports never match external addresses.
    assert!(external(&r, "a/client", Direction::Egress).is_empty());
    // From outside to dns-udp: the named port resolves on the destination pod.
    assert_eq!(
        external(&r, "a/dns-udp", Direction::Ingress),
        ["ip:0.0.0.0-255.255.255.255 UDP 53"]
    );
    let with_tcp = yaml.replace(
        "- ports: [{port: dns}]",
        "- ports: [{port: dns}]\n  to: [{podSelector: {}}]",
    );
    let r = reach(&with_tcp);
    assert_eq!(
        conn(&r, "a/client", "a/dns-tcp"),
        NONE,
        "ingress of dns-tcp allows only UDP"
    );
}

#[test]
fn empty_versus_missing_lists() {
    let with = |rules: &str| {
        reach(
            &(three_pods()
                + &policy(
                    "a",
                    "p",
                    &format!("podSelector: {{matchLabels: {{app: web}}}}\n{rules}"),
                )),
        )
    };
    // `ingress: [{}]`: one rule, any peer, any port.
    assert_eq!(conn(&with("ingress: [{}]"), "b/db", "a/web"), ALL);
    // `ingress: []` and no `ingress`: isolated, nothing allowed.
    assert_eq!(conn(&with("ingress: []"), "b/db", "a/web"), NONE);
    assert_eq!(conn(&with("policyTypes: [Ingress]"), "b/db", "a/web"), NONE);
    // `from: []` is any peer; `ports: []` is any port.
    let r = with("ingress:\n- from: []\n  ports: []");
    assert_eq!(conn(&r, "b/db", "a/web"), ALL);
    assert_eq!(external(&r, "a/web", Direction::Ingress).len(), 1);
    // A port entry with only a protocol: every port of it.
    assert_eq!(
        conn(
            &with("ingress:\n- ports: [{protocol: SCTP}]"),
            "b/db",
            "a/web"
        ),
        "SCTP 1-65535"
    );
}

#[test]
fn pods_group_under_their_controller() {
    let owned = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-abc12\n  namespace: a\n  labels: {app: web}\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: u1, controller: true}\nspec: {containers: [{name: c, image: x}]}\n";
    let second = owned.replace("web-abc12", "web-def34");
    let node_owned = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: static-x\n  namespace: a\n  ownerReferences:\n  - {apiVersion: v1, kind: Node, name: node1, uid: u2, controller: true}\nspec: {containers: [{name: c, image: x}]}\n";
    let r = reach(&[owned, &second, node_owned].concat());
    let ids: Vec<(&str, &str)> = r
        .workloads()
        .iter()
        .map(|w| (w.id.as_str(), w.kind.as_str()))
        .collect();
    assert_eq!(ids, [("a/static-x", "Pod"), ("a/web-5d8f", "ReplicaSet")]);
    assert_eq!(r.workloads()[1].objects.len(), 2);
}

fn errors_of(yaml: &str) -> Vec<String> {
    let r = Reachability::compute(&model(yaml));
    r.errors().iter().map(ToString::to_string).collect()
}

#[test]
fn invalid_policies_are_reported_and_not_evaluated() {
    let cases = [
        (
            "ingress:\n- from: [{}]",
            "field `spec.ingress[0].from[0]`: the peer is empty",
        ),
        (
            "ingress:\n- from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]",
            "field `spec.ingress[0].from[0]`: ipBlock cannot be combined",
        ),
        (
            "egress:\n- {}\n- to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}}]",
            "field `spec.egress[1].to[0].ipBlock.except[0]`: `11.0.0.0/16` is not a strict subset of cidr `10.0.0.0/8`",
        ),
        (
            "egress:\n- to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]",
            "is not a strict subset",
        ),
        (
            "ingress:\n- from: [{ipBlock: {cidr: 10.0.0.0/40}}]",
            "field `spec.ingress[0].from[0].ipBlock.cidr`: `10.0.0.0/40`: prefix length 40 is over 32",
        ),
        (
            "ingress:\n- ports: [{port: 90, endPort: 80}]",
            "field `spec.ingress[0].ports[0].endPort`: endPort 80 is below port 90",
        ),
        (
            "ingress:\n- ports: [{port: http, endPort: 80}]",
            "endPort cannot be used with the named port `http`",
        ),
        (
            "ingress:\n- ports: [{port: 80, protocol: ICMP}]",
            "field `spec.ingress[0].ports[0].protocol`",
        ),
        (
            "ingress:\n- from: [{podSelector: {matchExpressions: [{key: a, operator: In}]}}]",
            "field `spec.ingress[0].from[0].podSelector.matchExpressions[0].operator`: operator `In` needs at least one value",
        ),
    ];
    for (rules, expected) in cases {
        let yaml = three_pods() + &policy("a", "bad", &format!("podSelector: {{}}\n{rules}"));
        let errors = errors_of(&yaml);
        assert_eq!(errors.len(), 1, "{rules}: {errors:?}");
        assert!(
            errors[0].starts_with("NetworkPolicy a/bad: "),
            "{}",
            errors[0]
        );
        assert!(
            errors[0].contains(expected),
            "{rules}:\n{}\nlacks {expected}",
            errors[0]
        );
        // Not evaluated: the pods stay unisolated.
        let r = Reachability::compute(&model(&yaml));
        assert_eq!(conn(&r, "b/db", "a/web"), ALL);
    }
}

/// Several edits applied one by one through `update_policies` give exactly what a full
/// computation of the edited design gives.
#[test]
fn incremental_updates_equal_full_recomputation() {
    use kubedraft::model::Object;
    let yaml = [
        namespace("a", "team=x"),
        three_pods(),
        pod("b", "cache", "app=cache", "redis:6379/TCP"),
    ]
    .concat()
        + &policy(
            "a",
            "p1",
            "podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{namespaceSelector: {}}]\n  ports: [{port: 8080}]",
        )
        + &policy(
            "b",
            "p2",
            "podSelector: {}\npolicyTypes: [Ingress, Egress]\negress:\n- to: [{namespaceSelector: {matchLabels: {team: x}}}]\n  ports: [{port: http}]",
        );
    let mut m = model(&yaml);
    let mut incremental = Reachability::compute(&m);
    let find = |m: &Model, name: &str| {
        m.find(
            "NetworkPolicy",
            Some(if name == "p1" || name == "p4" {
                "a"
            } else {
                "b"
            }),
            name,
        )
        .unwrap()
    };
    let replacement = |yaml: &str| model(yaml).objects().next().unwrap().1.clone();
    let p3 = replacement(&policy(
        "b",
        "p3",
        "podSelector: {matchLabels: {app: cache}}\ningress:\n- from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: redis}]",
    ));
    let p1_edit = replacement(&policy(
        "a",
        "p1",
        "podSelector: {}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 10.0.0.0/8}}]",
    ));
    let p2_broken = replacement(&policy(
        "b",
        "p2",
        "podSelector: {}\ningress:\n- from: [{}]",
    ));
    let p4 = replacement(&policy(
        "a",
        "p4",
        "podSelector: {matchLabels: {app: api}}\ningress:\n- from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: cache}}}]",
    ));
    let edits: Vec<Edit> = vec![
        Box::new(move |m: &mut Model| m.add(p3.clone())),
        Box::new(move |m: &mut Model| {
            let id = find(m, "p1");
            m.replace(id, p1_edit.clone()).unwrap();
            id
        }),
        Box::new(move |m: &mut Model| {
            let id = find(m, "p2");
            m.replace(id, p2_broken.clone()).unwrap();
            id
        }),
        Box::new(move |m: &mut Model| m.add(p4.clone())),
        Box::new(move |m: &mut Model| {
            let id = find(m, "p1");
            let _: Object = m.remove(id).unwrap();
            id
        }),
    ];
    for (step, edit) in edits.iter().enumerate() {
        let before = kubedraft::reach::allowed(&incremental);
        let changed = edit(&mut m);
        incremental.update(&m, &[changed]);
        let full = Reachability::compute(&m);
        assert_eq!(
            kubedraft::reach::allowed(&incremental),
            kubedraft::reach::allowed(&full),
            "step {step}"
        );
        assert_eq!(incremental.errors(), full.errors(), "step {step}");
        assert_ne!(
            kubedraft::reach::allowed(&incremental),
            before,
            "step {step} changed nothing; the test would be weak"
        );
    }
}

#[test]
fn explain_names_the_allowing_rule() {
    let yaml = three_pods()
        + &policy(
            "b",
            "db-in",
            "podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: nothing}}}]\n- from: [{ipBlock: {cidr: 1.0.0.0/8}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: a}}, podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 1}, {port: 2}, {port: 5432}]",
        );
    let r = reach(&yaml);
    let e = explain(
        &r,
        &Endpoint::parse("a/web").unwrap(),
        &Endpoint::parse("b/db").unwrap(),
        Some((5432, Protocol::Tcp)),
    )
    .unwrap();
    assert!(e.allowed);
    assert_eq!(e.egress, Side::NotIsolated);
    let Side::Allowed(rules) = &e.ingress else {
        panic!("{e}")
    };
    assert_eq!(rules.len(), 1);
    assert_eq!(
        (rules[0].rule, rules[0].peer, rules[0].port),
        (1, Some(1), Some(2))
    );
    assert!(
        e.to_string()
            .contains("policy b/db-in ingress rule #1 peer #1 port #2"),
        "{e}"
    );
}

#[test]
fn explain_gives_the_closest_miss() {
    let yaml = [namespace("b", "team=data"), three_pods()].concat()
        + &policy(
            "b",
            "db-in",
            "podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchLabels: {app: api}}}]\n  ports: [{port: 1}]\n- from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 5432}]",
        );
    let r = reach(&yaml);
    let ends = |a: &str, b: &str| (Endpoint::parse(a).unwrap(), Endpoint::parse(b).unwrap());
    // Wrong label: api is one label away from rule #1.
    let (a, b) = ends("a/api", "b/db");
    let e = explain(&r, &a, &b, Some((5432, Protocol::Tcp))).unwrap();
    assert!(!e.allowed);
    let Side::Denied {
        policies,
        closest: Some(miss),
    } = &e.ingress
    else {
        panic!("{e}")
    };
    assert_eq!(policies, &["b/db-in"]);
    assert_eq!(miss.rule, 1);
    assert_eq!(
        miss.reasons,
        ["peer #0: wrong label: pod a/api needs `app=web` but has `app=api`"]
    );
    // Wrong port: web matches rule #1's peer, not its port.
    let (a, b) = ends("a/web", "b/db");
    let e = explain(&r, &a, &b, Some((80, Protocol::Tcp))).unwrap();
    let Side::Denied {
        closest: Some(miss),
        ..
    } = &e.ingress
    else {
        panic!("{e}")
    };
    assert_eq!((miss.rule, miss.reasons.len()), (1, 1));
    assert!(
        miss.reasons[0].starts_with("wrong port: TCP 80"),
        "{:?}",
        miss.reasons
    );
    // Wrong namespace: a namespaceSelector that does not match, named.
    let yaml2 = yaml.replace("- from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: 5432}]", "");
    let r2 = reach(&yaml2);
    let (a, b) = ends("a/api", "b/db");
    let e = explain(&r2, &a, &b, Some((1, Protocol::Tcp))).unwrap();
    let Side::Denied {
        closest: Some(miss),
        ..
    } = &e.ingress
    else {
        panic!("{e}")
    };
    assert_eq!(
        miss.reasons,
        ["peer #0: wrong namespace: namespace `a` needs `team=ops` but has no label `team`"]
    );
    // A pod selector with one wrong label is closer than an ipBlock (which never matches pods).
    let yaml3 = three_pods()
        + &policy(
            "b",
            "db-in",
            "podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n- from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: webb}}}]",
        );
    let r3 = reach(&yaml3);
    let (a, b) = ends("a/web", "b/db");
    let e = explain(&r3, &a, &b, None).unwrap();
    let Side::Denied {
        closest: Some(miss),
        ..
    } = &e.ingress
    else {
        panic!("{e}")
    };
    assert_eq!(miss.rule, 1, "{e}");
    // External address: the ipBlock reasons.
    let e = explain(&r, &Endpoint::parse("1.2.3.4").unwrap(), &b, None).unwrap();
    assert_eq!(e.egress, Side::External);
    assert!(!e.allowed);
}

#[test]
fn explain_between_pods_of_one_workload() {
    let yaml = three_pods()
        + &policy(
            "a",
            "p",
            "podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 8080}]",
        );
    let r = reach(&yaml);
    let web = Endpoint::parse("a/web").unwrap();
    let e = explain(&r, &web, &web, Some((8080, Protocol::Tcp))).unwrap();
    assert!(e.allowed, "{e}");
    assert_eq!(e.conn.to_string(), "TCP 8080");
}

#[test]
fn diff_lists_gained_and_lost() {
    let before = reach(
        &(three_pods()
            + &policy(
                "b",
                "p",
                "podSelector: {}\ningress:\n- ports: [{port: 5432}, {port: 80}]",
            )),
    );
    let after = reach(
        &(three_pods()
            + &policy(
                "b",
                "p",
                "podSelector: {}\ningress:\n- ports: [{port: 5432}, {port: 443}]\n  from: [{namespaceSelector: {}}]",
            )),
    );
    let d = diff(&before, &after);
    let text = |list: &[kubedraft::reach::Allowed]| -> Vec<String> {
        list.iter()
            .map(|a| format!("{} => {} : {}", a.from, a.to, a.conn))
            .collect()
    };
    assert_eq!(
        text(&d.gained),
        ["a/api => b/db : TCP 443", "a/web => b/db : TCP 443"]
    );
    assert_eq!(
        text(&d.lost),
        [
            "a/api => b/db : TCP 80",
            "a/web => b/db : TCP 80",
            "ip:0.0.0.0-255.255.255.255 => b/db : TCP 80,5432"
        ]
    );
    assert!(diff(&after, &after).is_empty());
}

#[test]
fn lenient_reading_is_only_for_reach() {
    let yaml = three_pods()
        + &policy(
            "a",
            "p",
            "podSelector: {}\ningress:\n- from: [{podSelector: {matchExpressions: [{key: k, operator: In, values: [x, true, 3]}]}}]",
        );
    let strict = parse_manifests(&yaml, "t.yaml");
    assert_eq!(strict.errors.len(), 1);
    assert!(
        strict.errors[0].message.contains("values[1]"),
        "{}",
        strict.errors[0]
    );
    let lenient = parse_manifests_with(
        &yaml,
        "t.yaml",
        ReadOptions {
            lenient_selector_values: true,
        },
    );
    assert!(lenient.errors.is_empty());
    assert_eq!(lenient.warnings.len(), 2, "{:?}", lenient.warnings);
    assert!(
        lenient.warnings[0]
            .to_string()
            .contains("values[1]`: true read as the string \"true\"")
    );
    let r = Reachability::compute(&into_document(lenient).model);
    assert!(r.errors().is_empty());
}

#[test]
fn a_watched_evaluation_reports_every_step_and_stops_when_asked() {
    let yaml = format!(
        "{}{}",
        three_pods(),
        policy("a", "deny", "podSelector: {}\npolicyTypes: [Ingress]")
    );
    let model = model(&yaml);
    let mut steps = Vec::new();
    let watched = Reachability::compute_watched(&model, &mut |p| {
        steps.push(p);
        true
    })
    .expect("never cancelled");
    let direct = Reachability::compute(&model);
    let n = direct.workloads().len();
    assert_eq!(watched.workloads().len(), n);
    for src in 0..n {
        for dst in 0..n {
            assert_eq!(watched.conn(src, dst), direct.conn(src, dst));
        }
    }
    // One step per policy, two per workload (its rows), one per matrix row; done counts up.
    let total = 1 + 3 * n;
    assert_eq!(steps.len(), total);
    for (i, p) in steps.iter().enumerate() {
        assert_eq!((p.done, p.total), (i + 1, total));
    }
    assert!((steps.last().expect("steps").fraction() - 1.0).abs() < f32::EPSILON);

    let mut asked = 0;
    let cancelled = Reachability::compute_watched(&model, &mut |_| {
        asked += 1;
        asked < 3
    });
    assert!(cancelled.is_none(), "a watch that says stop cancels");
    assert_eq!(asked, 3, "no step runs after the stop");
}
