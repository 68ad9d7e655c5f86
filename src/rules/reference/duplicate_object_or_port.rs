//! K8S-REF-013 `duplicate-object-or-port`: duplicate objects, hostPorts, nodePorts or container ports.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-013",
    name: "duplicate-object-or-port",
    severity: RuleSeverity::Error,
    kinds: "All",
    summary: "duplicate objects, hostPorts, nodePorts or container ports",
    docs: r#"## What it does

Conflicts/duplicates: two objects with the same (group, kind, namespace, name) in one design (one silently overwrites); same hostPort+protocol twice in a pod (API error) or hostPort with replicas > schedulable nodes; same nodePort on two Services (allocator rejects the second); duplicate containerPort+protocol across containers of a pod (API warning "duplicate port definition").

## Why is this bad?

A second object with the same identity silently overwrites the first; duplicate hostPorts/nodePorts are rejected.

## Example

Two Services `web` in namespace `shop`, or two Services with nodePort 30080.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  type: NodePort
  selector:
    app: api
  ports:
  - port: 80
    nodePort: 30080
```

## Use instead

Rename one of them or pick another port.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  type: NodePort
  selector:
    app: api
  ports:
  - port: 80
    nodePort: 30081
```

## Fix

There is no automatic fix.

Source: apiserver AlreadyExists / kubectl apply semantics; [CV] AccumulateUniqueHostPorts; [PW] pkg/api/pod/warnings.go"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Design(reads),
};

use std::collections::{BTreeMap, BTreeSet};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    // Same identity twice: report every object after the first.
    for id in ctx.duplicates() {
        if let Some(object) = ctx.model.get(id) {
            out.report(
                id,
                "metadata.name",
                format!(
                    "{} is defined more than once; one silently replaces the other",
                    object.display_id()
                ),
            );
        }
    }
    // The same nodePort on two Services.
    // nodePorts are unique across the cluster: the first Service of the whole design (not only
    // of this context) that declares one owns it.
    let has_node_port = |object: &Object| !node_ports(object).is_empty();
    let homes: BTreeSet<Option<&str>> = ctx
        .of_kind("Service")
        .iter()
        .filter(|(_, object)| has_node_port(object))
        .map(|(_, object)| object.effective_namespace())
        .collect();
    if let Some(&first) = homes.first() {
        for &home in &homes {
            ctx.note_design_read(home);
        }
        let mut owners: BTreeMap<(i32, String), String> = BTreeMap::new();
        let services = ctx.design_objects(first, |o| {
            Kind::from_name(o.kind_name()) == Kind::Service && has_node_port(o)
        });
        for (_, object) in services {
            for (_, node_port, protocol) in node_ports(object) {
                owners
                    .entry((node_port, protocol))
                    .or_insert_with(|| object.display_id());
            }
        }
        for &(id, object) in ctx.of_kind("Service") {
            let display = object.display_id();
            for (i, node_port, protocol) in node_ports(object) {
                match owners.get(&(node_port, protocol.clone())) {
                    Some(first) if *first != display => {
                        out.report(
                            id,
                            format!("spec.ports[{i}].nodePort"),
                            format!("nodePort {node_port}/{protocol} is already used by {first}; the second Service is rejected"),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
    // hostPort and containerPort duplicates inside one pod.
    for at in ctx.pod_specs() {
        let mut host: BTreeSet<(i32, &str, &str)> = BTreeSet::new();
        let mut container: BTreeMap<(i32, &str), &str> = BTreeMap::new();
        for c in containers(at, true) {
            for (i, port) in c.container.ports.iter().flatten().enumerate() {
                let protocol = port.protocol.as_deref().unwrap_or("TCP");
                if let Some(host_port) = port.host_port.filter(|p| *p != 0) {
                    let ip = port.host_ip.as_deref().unwrap_or("");
                    if !host.insert((host_port, protocol, ip)) {
                        out.report(
                            at.id,
                            c.field(&format!("ports[{i}].hostPort")),
                            format!("hostPort {host_port}/{protocol} is declared twice in the pod"),
                        );
                    }
                }
                if c.init {
                    continue;
                }
                match container.get(&(port.container_port, protocol)) {
                    Some(first) if *first != c.container.name => {
                        out.report(
                            at.id,
                            c.field(&format!("ports[{i}].containerPort")),
                            format!(
                                "containerPort {}/{protocol} is also declared by container `{first}` (duplicate port definition)",
                                port.container_port
                            ),
                        )
                        .severity(Severity::Warning);
                    }
                    Some(_) => {}
                    None => {
                        container.insert((port.container_port, protocol), &c.container.name);
                    }
                }
            }
        }
    }
}

/// The nodePorts of a Service: (index of the port, nodePort, protocol).
fn node_ports(object: &Object) -> Vec<(usize, i32, String)> {
    let Resource::Service(service) = object.resource() else {
        return Vec::new();
    };
    service
        .spec
        .iter()
        .flat_map(|s| s.ports.iter().flatten())
        .enumerate()
        .filter_map(|(i, port)| {
            let node_port = port.node_port.filter(|p| *p != 0)?;
            Some((
                i,
                node_port,
                port.protocol.clone().unwrap_or_else(|| "TCP".to_owned()),
            ))
        })
        .collect()
}

/// Other namespaces matter through the nodePorts of Services (unique in the cluster).
pub(crate) fn reads(object: &Object) -> Option<String> {
    let ports = node_ports(object);
    (!ports.is_empty()).then(|| format!("{} {ports:?}", object.display_id()))
}
