//! Connecting Gateway API routes on the canvas: a route dragged onto a Gateway gains a
//! `parentRef` to it, onto a Service a `backendRef` (in its first rule) on one of the Service's
//! ports. The route is edited as its manifest, so fields kubedraft does not model stay as they
//! were; whether the Gateway then admits the route is the derived relation's business (and the
//! K8S-GW rules'), not the gesture's.

use serde_json::{Map, Value, json};

use crate::model::{Object, ObjectId, Resource};

use super::Command;
use super::connect::{Connection, Refusal, short};

/// `ref` as a route writes it: the name, and the namespace only when it is another one.
fn reference(route: &Object, target: &Object) -> Map<String, Value> {
    let mut reference = Map::new();
    reference.insert("name".to_owned(), json!(target.name()));
    let route_ns = route.effective_namespace().unwrap_or("default");
    let target_ns = target.effective_namespace().unwrap_or("default");
    if route_ns != target_ns {
        reference.insert("namespace".to_owned(), json!(target_ns));
    }
    reference
}

fn edited(
    route: &Object,
    edit: impl FnOnce(&mut Map<String, Value>) -> Result<(), Refusal>,
) -> Result<Object, Refusal> {
    let mut object = route.clone();
    let Resource::Other(other) = object.resource_mut() else {
        return Err(Refusal::Missing);
    };
    let spec = other.body.entry("spec").or_insert_with(|| json!({}));
    let Some(spec) = spec.as_object_mut() else {
        return Err(Refusal::Reason(format!(
            "the spec of {} is not a mapping: fix it in the YAML tab first",
            short(route)
        )));
    };
    edit(spec)?;
    Ok(object)
}

fn list<'a>(
    spec: &'a mut Map<String, Value>,
    field: &str,
    route: &Object,
) -> Result<&'a mut Vec<Value>, Refusal> {
    spec.entry(field)
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .ok_or_else(|| {
            Refusal::Reason(format!(
                "{field} of {} is not a list: fix it in the YAML tab first",
                short(route)
            ))
        })
}

fn replace(
    id: ObjectId,
    object: Object,
    description: String,
    port_choices: Vec<String>,
) -> Connection {
    Connection {
        command: Command::ReplaceObject { id, object },
        description,
        offer_headless: None,
        port_choices,
    }
}

/// Route → Gateway: a `parentRef` to the Gateway.
pub(super) fn route_attaches(
    from: ObjectId,
    route: &Object,
    gateway: &Object,
) -> Result<Connection, Refusal> {
    let wanted = reference(route, gateway);
    let object = edited(route, |spec| {
        let parents = list(spec, "parentRefs", route)?;
        let same = |p: &Value| {
            p.get("name") == wanted.get("name")
                && p.get("namespace") == wanted.get("namespace")
                && p.get("sectionName").is_none()
                && p.get("port").is_none()
        };
        if parents.iter().any(same) {
            return Err(Refusal::Reason(format!(
                "{} is already attached to {}",
                short(route),
                short(gateway)
            )));
        }
        parents.push(Value::Object(wanted.clone()));
        Ok(())
    })?;
    Ok(replace(
        from,
        object,
        format!("{} attaches to {}", short(route), short(gateway)),
        Vec::new(),
    ))
}

/// Route → Service: a `backendRef` on the Service's `choice`-th port in the route's first rule
/// (a rule is made when there is none).
pub(super) fn route_backend(
    from: ObjectId,
    route: &Object,
    service: &Object,
    choice: usize,
) -> Result<Connection, Refusal> {
    let Resource::Service(typed) = service.resource() else {
        return Err(Refusal::Missing);
    };
    let ports: Vec<(i32, String)> = typed
        .spec
        .iter()
        .flat_map(|s| s.ports.iter().flatten())
        .map(|p| {
            let protocol = p.protocol.as_deref().unwrap_or("TCP");
            let label = match p.name.as_deref().filter(|n| !n.is_empty()) {
                Some(name) => format!("{name} ({}/{protocol})", p.port),
                None => format!("{}/{protocol}", p.port),
            };
            (p.port, label)
        })
        .collect();
    let Some(port) = ports.get(choice).map(|(port, _)| *port) else {
        return Err(Refusal::Reason(format!(
            "{} has no ports: add one first (a route's backend names a Service port)",
            short(service)
        )));
    };
    let mut wanted = reference(route, service);
    wanted.insert("port".to_owned(), json!(port));
    let object = edited(route, |spec| {
        let rules = list(spec, "rules", route)?;
        if rules.is_empty() {
            rules.push(json!({}));
        }
        let Some(rule) = rules.first_mut().and_then(Value::as_object_mut) else {
            return Err(Refusal::Reason(format!(
                "the first rule of {} is not a mapping: fix it in the YAML tab first",
                short(route)
            )));
        };
        let backends = list(rule, "backendRefs", route)?;
        let same = |b: &Value| {
            b.get("name") == wanted.get("name")
                && b.get("namespace") == wanted.get("namespace")
                && b.get("port") == wanted.get("port")
        };
        if backends.iter().any(same) {
            return Err(Refusal::Reason(format!(
                "{} already sends to {} on port {port}",
                short(route),
                short(service)
            )));
        }
        backends.push(Value::Object(wanted.clone()));
        Ok(())
    })?;
    let across = route.effective_namespace() != service.effective_namespace();
    let note = if across {
        " (another namespace: it needs a ReferenceGrant there)"
    } else {
        ""
    };
    let labels = ports
        .into_iter()
        .map(|(_, label)| label)
        .collect::<Vec<_>>();
    Ok(replace(
        from,
        object,
        format!(
            "{} sends to {} on port {port}{note}",
            short(route),
            short(service)
        ),
        if labels.len() > 1 { labels } else { Vec::new() },
    ))
}
