//! Ingress → Gateway API: the Ingresses of a model as one shared Gateway per class and
//! HTTPRoutes attached to it, with a note for everything that does not carry over.
//!
//! The meaning kept is the one ingress-nginx gives its Ingresses (the controller most Ingresses
//! were written for): a host is a server of its own, whose paths come from every Ingress of the
//! class naming the host; requests no rule of any host takes go to the rules without a host; a
//! path that matches nothing falls to the `defaultBackend` of the first Ingress (by namespace and
//! name) serving the host. Each host gets its own listeners, so a route of one host never answers
//! for another, as an nginx server does not.
//!
//! The conversion is pure: [`convert`] reads the model and returns the new objects, the Ingresses
//! they replace and the notes; the document builds the undoable command from that, the CLI writes
//! the objects.

mod build;
mod objects;
mod read;

use std::collections::BTreeMap;

use crate::model::{Model, Object, ObjectId};

pub use read::{ANNOTATION_PREFIX, CONVERTED_ANNOTATIONS};

/// What the designer chooses for the conversion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConvertOptions {
    /// The `gatewayClassName` of every Gateway (one Gateway for all Ingresses); `None`: one
    /// Gateway per Ingress class, named and classed after it.
    pub gateway_class: Option<String>,
    /// The namespace and name of the Gateway (needs a single class, or `gateway_class`).
    pub gateway: Option<(String, String)>,
}

/// `namespace/name` of a Gateway, as `--gateway` and the app's conversion dialog take it (`None`
/// when it is not exactly two non-empty parts).
#[must_use]
pub fn parse_gateway_ref(text: &str) -> Option<(String, String)> {
    let (namespace, name) = text.split_once('/')?;
    (!namespace.is_empty() && !name.is_empty() && !name.contains('/'))
        .then(|| (namespace.to_owned(), name.to_owned()))
}

/// How much a note matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteLevel {
    /// Converted, but the meaning may differ (an `ImplementationSpecific` path, a wildcard host).
    Warning,
    /// Left out of the Gateway API objects: an annotation, a path, a backend.
    NotConverted,
}

/// Something the designer should know about the conversion of one Ingress.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The Ingress, as `namespace/name`.
    pub ingress: String,
    pub level: NoteLevel,
    /// The field or annotation concerned (`spec.rules[0].http.paths[1]`, an annotation key).
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            NoteLevel::Warning => "warning",
            NoteLevel::NotConverted => "not converted",
        };
        write!(
            f,
            "{level}: Ingress {} {}: {}",
            self.ingress, self.field, self.message
        )
    }
}

/// The result of a conversion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conversion {
    /// The Gateways, HTTPRoutes and ReferenceGrants, sorted by kind, namespace and name.
    pub objects: Vec<Object>,
    /// For each of `objects`, the Ingress it comes from (the Gateway: the first of its class), so
    /// the app can draw it where that Ingress was.
    pub near: Vec<ObjectId>,
    /// The Ingresses the objects replace (canaries included), in id order.
    pub replaced: Vec<ObjectId>,
    /// What did not carry over exactly, sorted.
    pub notes: Vec<Note>,
}

/// Why a conversion cannot be made as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    #[error("the design has no Ingress to convert")]
    NoIngress,
    #[error(
        "the Ingresses use several classes ({0}): one Gateway name fits one class; pass a Gateway class too, or leave out the Gateway name"
    )]
    SeveralClasses(String),
    #[error(
        "“{0}” is not a valid {1} name: it must be a DNS subdomain (lower case, digits, '-', '.')"
    )]
    InvalidName(String, &'static str),
}

/// Whether `name` is a DNS subdomain (RFC 1123), as Gateway and HTTPRoute names must be.
#[must_use]
pub fn is_dns_subdomain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Converts every Ingress of `model` (see the module documentation for the meaning kept).
pub fn convert(model: &Model, options: &ConvertOptions) -> Result<Conversion, ConvertError> {
    if let Some(class) = &options.gateway_class
        && class.trim().is_empty()
    {
        return Err(ConvertError::InvalidName(class.clone(), "GatewayClass"));
    }
    if let Some((namespace, name)) = &options.gateway {
        if !is_dns_subdomain(name) {
            return Err(ConvertError::InvalidName(name.clone(), "Gateway"));
        }
        if !is_dns_subdomain(namespace) || namespace.contains('.') {
            return Err(ConvertError::InvalidName(namespace.clone(), "namespace"));
        }
    }
    let mut notes = Vec::new();
    let sources = read::sources(model, options, &mut notes);
    if sources.is_empty() {
        return Err(ConvertError::NoIngress);
    }
    let mut groups: BTreeMap<&str, Vec<&read::Source>> = BTreeMap::new();
    for source in &sources {
        groups.entry(&source.class).or_default().push(source);
    }
    if options.gateway.is_some() && groups.len() > 1 {
        let classes: Vec<&str> = groups.keys().copied().collect();
        return Err(ConvertError::SeveralClasses(classes.join(", ")));
    }
    let mut objects = Vec::new();
    for (class, members) in groups {
        objects.extend(build::group(model, class, &members, options, &mut notes));
    }
    objects.sort_by(|(a, _), (b, _)| {
        (a.kind_name(), a.effective_namespace(), a.name()).cmp(&(
            b.kind_name(),
            b.effective_namespace(),
            b.name(),
        ))
    });
    let (objects, near) = objects.into_iter().unzip();
    let mut replaced: Vec<ObjectId> = sources.iter().map(|s| s.id).collect();
    replaced.sort();
    notes.sort();
    notes.dedup();
    Ok(Conversion {
        objects,
        near,
        replaced,
        notes,
    })
}
