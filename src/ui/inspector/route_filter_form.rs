//! The filters of an HTTPRoute rule in the inspector: each filter's type and the fields of that
//! type (header modifiers, redirect, URL rewrite, mirror). A new filter is the common one, the
//! redirect of plain HTTP to HTTPS (K8S-GW-009); changing a filter's type starts its block anew.

use egui::Ui;

use crate::model::gateway::http_route::{
    HeaderModifier, HeaderValue, HttpRouteFilter, PathModifier, RequestMirror, RequestRedirect,
    UrlRewrite,
};

use super::field_notes::At;
use super::form::{self, ListSpec};

const FILTER_TYPES: [&str; 5] = [
    "RequestHeaderModifier",
    "ResponseHeaderModifier",
    "RequestRedirect",
    "URLRewrite",
    "RequestMirror",
];

/// The redirect to HTTPS with 301, the filter an HTTP listener's route usually needs.
#[must_use]
pub fn https_redirect() -> HttpRouteFilter {
    HttpRouteFilter {
        filter_type: "RequestRedirect".to_owned(),
        request_redirect: Some(RequestRedirect {
            scheme: Some("https".to_owned()),
            status_code: Some(301),
            ..RequestRedirect::default()
        }),
        ..HttpRouteFilter::default()
    }
}

/// A filter of `filter_type` with an empty block of that type.
fn of_type(filter_type: &str) -> HttpRouteFilter {
    let mut filter = HttpRouteFilter {
        filter_type: filter_type.to_owned(),
        ..HttpRouteFilter::default()
    };
    match filter_type {
        "RequestHeaderModifier" => filter.request_header_modifier = Some(HeaderModifier::default()),
        "ResponseHeaderModifier" => {
            filter.response_header_modifier = Some(HeaderModifier::default());
        }
        "RequestRedirect" => return https_redirect(),
        "URLRewrite" => filter.url_rewrite = Some(UrlRewrite::default()),
        "RequestMirror" => filter.request_mirror = Some(RequestMirror::default()),
        _ => {}
    }
    filter
}

/// The rule's filters, edited in place; returns whether they changed.
pub fn filters_ui(ui: &mut Ui, filters: &mut Vec<HttpRouteFilter>, at: &At<'_>) -> bool {
    ui.label("Filters (in order)");
    form::list_editor(
        ui,
        &ListSpec::compact("filters", "filter", "Add filter"),
        filters,
        |_| https_redirect(),
        |ui, index, filter| {
            let at = at.item(index);
            let mut kind = filter.filter_type.clone();
            if form::required_choice(ui, "Filter type", &mut kind, &FILTER_TYPES) {
                *filter = of_type(&kind);
                return true;
            }
            let changed = match kind.as_str() {
                "RequestHeaderModifier" => headers_ui(
                    ui,
                    filter
                        .request_header_modifier
                        .get_or_insert_with(HeaderModifier::default),
                ),
                "ResponseHeaderModifier" => headers_ui(
                    ui,
                    filter
                        .response_header_modifier
                        .get_or_insert_with(HeaderModifier::default),
                ),
                "RequestRedirect" => redirect_ui(
                    ui,
                    filter
                        .request_redirect
                        .get_or_insert_with(RequestRedirect::default),
                ),
                "URLRewrite" => {
                    let rewrite = filter.url_rewrite.get_or_insert_with(UrlRewrite::default);
                    let mut changed =
                        form::optional_text(ui, "Rewrite hostname", &mut rewrite.hostname);
                    changed |= path_ui(ui, &mut rewrite.path);
                    changed
                }
                "RequestMirror" => {
                    let mirror = filter
                        .request_mirror
                        .get_or_insert_with(RequestMirror::default);
                    let mut changed =
                        form::text(ui, "Mirror to Service", &mut mirror.backend_ref.name, None);
                    changed |= form::optional_number(
                        ui,
                        "Mirror port",
                        &mut mirror.backend_ref.port,
                        80,
                        1..=65_535,
                    );
                    changed |=
                        form::optional_number(ui, "Percent", &mut mirror.percent, 100, 0..=100);
                    changed
                }
                _ => {
                    ui.weak("An implementation's own filter: edit it in the YAML tab.");
                    false
                }
            };
            at.show_all(ui);
            changed
        },
    )
}

fn headers_ui(ui: &mut Ui, modifier: &mut HeaderModifier) -> bool {
    let mut changed = false;
    for (field, label) in [
        (&mut modifier.set, "Set header"),
        (&mut modifier.add, "Add header"),
    ] {
        let mut list = field.take().unwrap_or_default();
        changed |= form::list_editor(
            ui,
            &ListSpec::compact(label, "header", &format!("{label}…")),
            &mut list,
            |_| HeaderValue::default(),
            |ui, _, header| {
                let mut changed = form::text(ui, "Header name", &mut header.name, None);
                changed |= form::text(ui, "Header value", &mut header.value, None);
                changed
            },
        );
        *field = (!list.is_empty()).then_some(list);
    }
    changed |= form::comma_list(ui, "Remove headers", &mut modifier.remove, None);
    changed
}

fn redirect_ui(ui: &mut Ui, redirect: &mut RequestRedirect) -> bool {
    let mut changed = form::choice(ui, "Scheme", &mut redirect.scheme, &["https", "http"]);
    changed |= form::optional_text(ui, "Redirect hostname", &mut redirect.hostname);
    changed |= form::optional_number(ui, "Redirect port", &mut redirect.port, 443, 1..=65_535);
    changed |= form::optional_number(ui, "Status code", &mut redirect.status_code, 302, 301..=308);
    changed |= path_ui(ui, &mut redirect.path);
    changed
}

/// A path modifier: its type and the replacement that type uses.
fn path_ui(ui: &mut Ui, path: &mut Option<PathModifier>) -> bool {
    let mut kind = path.as_ref().map(|p| p.modifier_type.clone());
    let mut changed = form::choice(
        ui,
        "Path change",
        &mut kind,
        &["ReplacePrefixMatch", "ReplaceFullPath"],
    );
    if changed {
        *path = kind.map(|modifier_type| PathModifier {
            modifier_type,
            ..PathModifier::default()
        });
    }
    if let Some(modifier) = path.as_mut() {
        let value = if modifier.modifier_type == "ReplaceFullPath" {
            &mut modifier.replace_full_path
        } else {
            &mut modifier.replace_prefix_match
        };
        changed |= form::optional_text(ui, "Replacement path", value);
    }
    changed
}
