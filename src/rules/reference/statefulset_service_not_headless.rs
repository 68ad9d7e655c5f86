//! K8S-REF-006 `statefulset-service-not-headless`: StatefulSet serviceName is missing, not headless, or does not select its pods.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-REF-006",
    name: "statefulset-service-not-headless",
    severity: RuleSeverity::Warning,
    kinds: "StatefulSet",
    summary: "StatefulSet serviceName is missing, not headless, or does not select its pods",
    docs: r#"## What it does

serviceName empty, or names no Service in the namespace, or that Service is not headless (clusterIP: None), or its selector does not select the StatefulSet pods - pods lose stable per-pod DNS (pod-0.svc). API does not enforce this.

## Why is this bad?

Without a headless governing Service the pods lose their stable DNS names (`pod-0.svc`).

## Example

`serviceName: db` with no Service `db`, or Service `db` with a clusterIP.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16.4
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 10Gi
```

## Use instead

Create a headless Service (`clusterIP: None`) with the StatefulSet's selector and name it in serviceName.

```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16.4
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 10Gi
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - name: db
    port: 5432
```

## Fix

When serviceName is empty: creates a headless Service named after the StatefulSet and sets serviceName (unsafe: serviceName cannot change on a StatefulSet that already runs, and the pods get new DNS names). When serviceName names a Service that does not exist: creates that headless Service with the StatefulSet's selector (safe: it adds the object the StatefulSet already names).

Source: [D] workloads/controllers/statefulset#limitations ("requires a Headless Service ... You are responsible for creating this Service"); seed rule"#,
    peers: Peers {
        kube_score: &["~statefulset-has-servicename"],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};

use crate::document::Point;
use crate::model::selector::selector_matches;
use crate::rules::fix;

/// A headless Service for the StatefulSet: its selector, and its first container ports.
fn headless_service(object: &Object, name: &str) -> Option<Object> {
    let Resource::StatefulSet(set) = object.resource() else {
        return None;
    };
    let selector = set.spec.as_ref()?.selector.match_labels.clone()?;
    let ports: Vec<ServicePort> = object
        .pod_spec()
        .into_iter()
        .flat_map(container_ports)
        .map(|(port_name, number, protocol)| ServicePort {
            name: port_name.map(str::to_owned),
            port: number,
            protocol: Some(protocol.to_owned()),
            ..ServicePort::default()
        })
        .collect();
    let service = Service {
        metadata: fix::metadata(name, object.namespace()),
        spec: Some(ServiceSpec {
            cluster_ip: Some("None".to_owned()),
            selector: Some(selector),
            ports: Some(ports),
            ..ServiceSpec::default()
        }),
        status: None,
    };
    Some(Object::new(Resource::Service(service)))
}

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("StatefulSet") {
        let Resource::StatefulSet(set) = object.resource() else {
            continue;
        };
        let namespace = object.effective_namespace();
        let service_name = set
            .spec
            .as_ref()
            .and_then(|s| s.service_name.as_deref())
            .filter(|n| !n.is_empty());
        let Some(service_name) = service_name else {
            let finding = out.report(
                id,
                "spec.serviceName",
                "serviceName is not set: pods get no stable DNS names (pod-0.<service>)",
            );
            let name = object.name();
            if ctx.find("Service", namespace, name).is_none()
                && let Some(service) = headless_service(object, name)
            {
                let mut copy = object.clone();
                if let Resource::StatefulSet(s) = copy.resource_mut()
                    && let Some(spec) = s.spec.as_mut()
                {
                    spec.service_name = Some(name.to_owned());
                }
                finding.unsafe_fix(
                    format!("Create headless Service {name} and name it in serviceName"),
                    vec![
                        fix::add(ctx.model.next_free_id(), service, Point::default()),
                        crate::document::Command::ReplaceObject { id, object: copy },
                    ],
                );
            }
            continue;
        };
        let Some((_, target)) = ctx.find("Service", namespace, service_name) else {
            let finding = out.report(
                id,
                "spec.serviceName",
                format!(
                    "serviceName {service_name} names no Service in namespace {}: pods get no stable DNS names",
                    namespace.unwrap_or("default")
                ),
            );
            if let Some(service) = headless_service(object, service_name) {
                finding.safe_fix(
                    format!("Create headless Service {service_name}"),
                    vec![fix::add(
                        ctx.model.next_free_id(),
                        service,
                        Point::default(),
                    )],
                );
            }
            continue;
        };
        let Resource::Service(service) = target.resource() else {
            continue;
        };
        let spec = service.spec.as_ref();
        if spec.and_then(|s| s.cluster_ip.as_deref()) != Some("None") {
            out.report(
                id,
                "spec.serviceName",
                format!("Service {service_name} is not headless (clusterIP: None): pods get no per-pod DNS names"),
            );
        }
        let labels = object.pod_labels();
        let selects = spec
            .and_then(|s| s.selector.as_ref())
            .zip(labels)
            .is_some_and(|(selector, labels)| {
                crate::model::selector::map_selector_matches(selector, labels)
            });
        // The template may not match its own selector (K8S-API-007 reports that).
        let consistent = set
            .spec
            .as_ref()
            .zip(labels)
            .is_some_and(|(s, labels)| selector_matches(&s.selector, labels));
        if !selects && consistent {
            out.report(
                id,
                "spec.serviceName",
                format!("Service {service_name} does not select the pods of this StatefulSet"),
            );
        }
    }
}
