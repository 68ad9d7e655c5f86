//! One node on the canvas: its summary line and how it is painted at each level of detail.

use egui::{Color32, CornerRadius, FontId, Rect, StrokeKind, pos2, vec2};

use crate::model::{Object, Resource};
use crate::ui::theme;

/// One line under the node's name: what a reviewer wants to see at a glance.
pub(crate) fn node_subtitle(object: &Object) -> String {
    match object.resource() {
        Resource::Deployment(_) | Resource::StatefulSet(_) | Resource::ReplicaSet(_) => {
            let replicas = object.replicas().unwrap_or(1);
            let image = first_image(object);
            format!(
                "{replicas} replica{} · {image}",
                if replicas == 1 { "" } else { "s" }
            )
        }
        Resource::DaemonSet(_) | Resource::Job(_) | Resource::CronJob(_) | Resource::Pod(_) => {
            first_image(object)
        }
        Resource::Service(service) => {
            let spec = service.spec.as_ref();
            let headless = spec.and_then(|s| s.cluster_ip.as_deref()) == Some("None");
            let kind = if headless {
                "Headless"
            } else {
                spec.and_then(|s| s.type_.as_deref()).unwrap_or("ClusterIP")
            };
            let ports: Vec<String> = spec
                .and_then(|s| s.ports.as_ref())
                .into_iter()
                .flatten()
                .map(|p| match &p.target_port {
                    Some(target) => format!("{}:{}", p.port, int_or_string(target)),
                    None => p.port.to_string(),
                })
                .collect();
            format!(
                "{kind} · {}",
                if ports.is_empty() {
                    "no ports".to_owned()
                } else {
                    ports.join(", ")
                }
            )
        }
        Resource::Ingress(ingress) => {
            let hosts: Vec<&str> = ingress
                .spec
                .as_ref()
                .and_then(|s| s.rules.as_ref())
                .into_iter()
                .flatten()
                .filter_map(|r| r.host.as_deref())
                .collect();
            if hosts.is_empty() {
                "any host".to_owned()
            } else {
                hosts.join(", ")
            }
        }
        Resource::NetworkPolicy(policy) => {
            let spec = policy.spec.as_ref();
            let types = spec
                .and_then(|s| s.policy_types.clone())
                .unwrap_or_default()
                .join("+");
            let selector = spec.and_then(|s| s.pod_selector.as_ref()).map_or_else(
                || "(all pods)".to_owned(),
                crate::model::selector::describe_selector,
            );
            if types.is_empty() {
                selector
            } else {
                format!("{types} · {selector}")
            }
        }
        Resource::Other(other) => crate::ui::inspector::other_kind_form::subtitle(other),
    }
}

fn first_image(object: &Object) -> String {
    let image = object
        .pod_spec()
        .and_then(|spec| spec.containers.first())
        .and_then(|c| c.image.as_deref())
        .unwrap_or("no image");
    // The registry path is noise on a node; keep the last segment (`nginx:1.27`).
    image.rsplit('/').next().unwrap_or(image).to_owned()
}

fn int_or_string(value: &k8s_openapi::apimachinery::pkg::util::intstr::IntOrString) -> String {
    match value {
        k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n) => n.to_string(),
        k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s) => s.clone(),
    }
}

/// Lays out text on one line, cut with "…" when it does not fit.
pub(crate) fn one_line(
    painter: &egui::Painter,
    text: String,
    size: f32,
    color: Color32,
    max_width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple_singleline(text, FontId::proportional(size), color);
    job.wrap = egui::text::TextWrapping::truncate_at_width(max_width);
    painter.layout_job(job)
}

/// How much of a node the canvas draws at a zoom: names stay legible when zoomed out, the
/// summary line and the small kind label come back as the zoom allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeDetail {
    /// Kind badge, name and summary line.
    Full,
    /// A larger kind icon and the name at a legible size; no summary.
    Name,
    /// The node in its kind's colour with the name across it, drawn at a legible screen size.
    Compact,
}

/// Screen size (points) of a node name when zoomed out: the smallest comfortably legible text.
pub const LEGIBLE_NAME: f32 = 10.5;

/// Below this screen size (points) a name is not drawn at all.
const MIN_TEXT: f32 = 8.0;

impl NodeDetail {
    /// The detail drawn at `zoom` (screen points per canvas unit).
    #[must_use]
    pub fn at_zoom(zoom: f32) -> Self {
        if zoom >= 0.64 {
            NodeDetail::Full
        } else if zoom >= 0.4 {
            NodeDetail::Name
        } else {
            NodeDetail::Compact
        }
    }
}

fn node_name(object: &Object) -> &str {
    if object.name().is_empty() {
        "(no name)"
    } else {
        object.name()
    }
}

/// One node: card, kind badge, name and summary, as much as [`NodeDetail::at_zoom`] allows.
pub(crate) fn paint_node(
    ui: &egui::Ui,
    rect: Rect,
    object: &Object,
    subtitle: &str,
    selected: bool,
    hovered: bool,
    zoom: f32,
) {
    let visuals = ui.visuals();
    let painter = ui.painter();
    let detail = NodeDetail::at_zoom(zoom);
    let kind_color = theme::object_color(object);
    let fill = if detail == NodeDetail::Compact {
        kind_color.gamma_multiply(0.55)
    } else {
        theme::node_fill(visuals)
    };
    painter.rect(
        rect,
        CornerRadius::same(8),
        fill,
        theme::node_stroke(visuals, selected, hovered),
        StrokeKind::Inside,
    );
    match detail {
        NodeDetail::Compact => {
            // The name in canvas units that come out at a legible size on screen, across the
            // whole node and a little past it (neighbours are a column gap away).
            // Whole canvas units, so that zooming lays the names out again only now and then.
            let size = (LEGIBLE_NAME / zoom.max(0.05))
                .min(rect.height() * 0.8)
                .ceil();
            // Text too small to read is not laid out: a whole large design in view would spend
            // its frame on thousands of unreadable names.
            if size * zoom < MIN_TEXT {
                return;
            }
            let galley = one_line(
                painter,
                node_name(object).to_owned(),
                size,
                Color32::WHITE,
                rect.width() * 1.3,
            );
            let text_rect = Rect::from_min_size(
                pos2(rect.min.x + 6.0, rect.center().y - galley.size().y / 2.0),
                galley.size(),
            );
            if text_rect.right() > rect.right() {
                painter.rect_filled(text_rect.expand(2.0), CornerRadius::same(4), fill);
            }
            painter.galley(text_rect.min, galley, Color32::WHITE);
        }
        NodeDetail::Name => {
            let badge = Rect::from_min_size(
                rect.min + vec2(4.0, 4.0),
                vec2(rect.height() - 8.0, rect.height() - 8.0),
            );
            theme::paint_kind_badge(painter, badge, object);
            let text_left = badge.right() + 8.0;
            let size = (LEGIBLE_NAME / zoom).min(rect.height() * 0.6).ceil();
            let galley = one_line(
                painter,
                node_name(object).to_owned(),
                size,
                visuals.strong_text_color(),
                rect.right() - text_left - 4.0,
            );
            let top = rect.center().y - galley.size().y / 2.0;
            painter.with_clip_rect(rect.shrink(2.0)).galley(
                pos2(text_left, top),
                galley,
                visuals.strong_text_color(),
            );
        }
        NodeDetail::Full => {
            let badge =
                Rect::from_min_size(rect.min + vec2(8.0, 8.0), vec2(42.0, rect.height() - 16.0));
            theme::paint_kind_badge(painter, badge, object);
            let text_left = badge.right() + 10.0;
            let max_width = rect.right() - text_left - 8.0;
            let name_galley = one_line(
                painter,
                node_name(object).to_owned(),
                14.0,
                visuals.strong_text_color(),
                max_width,
            );
            let subtitle_galley = one_line(
                painter,
                subtitle.to_owned(),
                11.0,
                visuals.weak_text_color(),
                max_width,
            );
            let clip = painter.with_clip_rect(rect.shrink(2.0));
            clip.galley(
                pos2(text_left, rect.min.y + 10.0),
                name_galley,
                visuals.strong_text_color(),
            );
            clip.galley(
                pos2(text_left, rect.min.y + 32.0),
                subtitle_galley,
                visuals.weak_text_color(),
            );
        }
    }
}

/// The band of the cluster-scoped objects (the cluster policy tiers first) above the namespaces
/// they reach into; it moves with its objects, so it has no handles of its own.
pub(super) fn paint_cluster_band(
    ui: &egui::Ui,
    band: Rect,
    zoom: f32,
    fill: Color32,
    stroke: egui::Stroke,
) {
    let painter = ui.painter();
    painter.rect(
        band,
        CornerRadius::same(10),
        fill.gamma_multiply(0.6),
        egui::Stroke::new(stroke.width, stroke.color.gamma_multiply(0.8)),
        StrokeKind::Inside,
    );
    let title_size = (LEGIBLE_NAME / zoom.max(0.05)).clamp(13.0, 30.0).ceil();
    painter.with_clip_rect(band).text(
        band.min + vec2(12.0, 6.0),
        egui::Align2::LEFT_TOP,
        "cluster (cluster-scoped: policies here apply across namespaces)",
        FontId::proportional(title_size),
        ui.visuals().weak_text_color(),
    );
}
