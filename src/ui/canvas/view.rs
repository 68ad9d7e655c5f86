//! The canvas: namespace frames, derived relations as edges, objects as nodes; select, move, pan, zoom.

use std::collections::BTreeSet;

use egui::DragPanButtons;
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Vec2,
    pos2, vec2,
};

use crate::document::{self, Command};
use crate::model::{Object, ObjectId, Relation, Resource};

use crate::ui::canvas::overlay::OverlayEdge;
use crate::ui::shell::app::{DragState, KubedraftApp, Request};
use crate::ui::theme;

pub(crate) fn to_egui_rect(rect: document::Rect) -> Rect {
    Rect::from_min_max(pos2(rect.min.x, rect.min.y), pos2(rect.max.x, rect.max.y))
}

fn from_egui_rect(rect: Rect) -> document::Rect {
    document::Rect {
        min: document::Point::new(rect.min.x, rect.min.y),
        max: document::Point::new(rect.max.x, rect.max.y),
    }
}

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

/// Where an edge leaves `from` and enters `to`: facing sides, so lines do not cross their nodes.
fn edge_ends(from: Rect, to: Rect) -> (Pos2, Pos2, f32) {
    if to.min.x >= from.max.x {
        (from.right_center(), to.left_center(), 1.0)
    } else if from.min.x >= to.max.x {
        (from.left_center(), to.right_center(), -1.0)
    } else if to.center().y > from.center().y {
        (from.center_bottom(), to.center_top(), 0.0)
    } else {
        (from.center_top(), to.center_bottom(), 0.0)
    }
}

/// Dots every 40 canvas units, so moves and snapping have a visible reference.
fn paint_grid(ui: &egui::Ui, visible: Rect) {
    const STEP: f32 = 40.0;
    let (columns, rows) = (visible.width() / STEP, visible.height() / STEP);
    // Too dense to help when zoomed far out.
    if columns * rows > 6000.0 {
        return;
    }
    let color = crate::ui::theme::grid_color(ui.visuals());
    let painter = ui.painter();
    let mut y = (visible.min.y / STEP).floor() * STEP;
    while y <= visible.max.y {
        let mut x = (visible.min.x / STEP).floor() * STEP;
        while x <= visible.max.x {
            painter.circle_filled(pos2(x, y), 1.2, color);
            x += STEP;
        }
        y += STEP;
    }
}

/// Lays out text on one line, cut with "…" when it does not fit.
fn one_line(
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

pub(crate) fn paint_arrow_head(
    painter: &egui::Painter,
    tip: Pos2,
    direction: Vec2,
    color: Color32,
) {
    let direction = direction.normalized();
    let normal = vec2(-direction.y, direction.x);
    let base = tip - direction * 9.0;
    painter.add(Shape::convex_polygon(
        vec![tip, base + normal * 4.5, base - normal * 4.5],
        color,
        Stroke::NONE,
    ));
}

impl KubedraftApp {
    // Drawing and interaction share one pass over the nodes; splitting them would walk twice.
    #[allow(clippy::too_many_lines)]
    pub(crate) fn canvas_ui(&mut self, ui: &mut egui::Ui) {
        self.refresh_canvas_cache();
        if self.view.fit_pending {
            self.view.fit_pending = false;
            self.view.scene_rect = self.doc.bounds().map_or(
                Rect::from_center_size(Pos2::ZERO, vec2(900.0, 560.0)),
                |b| to_egui_rect(b).expand(48.0),
            );
        }
        self.view.canvas_screen_rect = ui.max_rect();
        let mut scene_rect = self.view.scene_rect;
        let mut requests = Vec::new();
        let mut drag = self.drag.take();
        let fresh_gesture = self.peek_gesture();
        let mut gesture_started = false;
        let mut canvas_to_screen = None;
        let response = egui::Scene::new()
            .zoom_range(0.1..=3.0)
            // The primary button draws a selection rectangle on the background; the others pan.
            .drag_pan_buttons(DragPanButtons::SECONDARY | DragPanButtons::MIDDLE)
            .show(ui, &mut scene_rect, |ui| {
                let visible = ui.clip_rect().expand(200.0);
                paint_grid(ui, ui.clip_rect());
                canvas_to_screen = ui.ctx().layer_transform_to_global(ui.layer_id());
                self.paint_frames(
                    ui,
                    visible,
                    &mut FrameDrag {
                        drag: &mut drag,
                        gesture: fresh_gesture,
                        started: &mut gesture_started,
                        requests: &mut requests,
                    },
                );
                self.paint_edges(ui, visible);
                self.paint_extra_edges(ui, visible);
                let nodes: Vec<(ObjectId, Rect)> = self
                    .doc
                    .model
                    .objects()
                    .map(|(id, _)| (id, to_egui_rect(self.doc.node_rect(id))))
                    .filter(|(_, rect)| visible.intersects(*rect))
                    .collect();
                let shift = ui.input(|i| i.modifiers.shift);
                let zoom = canvas_to_screen.map_or(1.0, |t| t.scaling);
                for (id, rect) in nodes {
                    let Some(object) = self.doc.model.get(id) else {
                        continue;
                    };
                    let response = ui.interact(
                        rect,
                        ui.make_persistent_id(("node", id.0)),
                        Sense::click_and_drag(),
                    );
                    let selected = self.view.selection.contains(&id);
                    let label = format!("{} {}", object.kind_name(), object.name());
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label)
                    });
                    let subtitle = self
                        .canvas_cache
                        .subtitles
                        .get(&id)
                        .map_or("", String::as_str);
                    paint_node(
                        ui,
                        rect,
                        object,
                        subtitle,
                        selected,
                        response.hovered(),
                        zoom,
                    );
                    if let Some(badge) = self.node_badges.get(&id) {
                        let centre = rect.right_top() + vec2(-4.0, 4.0);
                        ui.painter().circle_filled(centre, 9.0, badge.color);
                        ui.painter().text(
                            centre,
                            Align2::CENTER_CENTER,
                            &badge.text,
                            FontId::proportional(11.0),
                            Color32::WHITE,
                        );
                        // The badge is its own widget: hovering it explains it, screen readers
                        // read it.
                        let badge_response = ui.interact(
                            Rect::from_center_size(centre, vec2(18.0, 18.0)),
                            ui.make_persistent_id(("badge", id.0)),
                            Sense::hover(),
                        );
                        badge_response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Image, true, &badge.tooltip)
                        });
                        badge_response.on_hover_text(&badge.tooltip);
                    }
                    if response.double_clicked() {
                        self.renaming = Some((id, object.name().to_owned(), false));
                    }
                    if response.clicked() {
                        let mut selection = if shift {
                            self.view.selection.clone()
                        } else {
                            BTreeSet::new()
                        };
                        if shift && selected {
                            selection.remove(&id);
                        } else {
                            selection.insert(id);
                        }
                        requests.push(Request::Select(selection));
                    }
                    if response.drag_started() {
                        let moving: BTreeSet<ObjectId> = if selected {
                            self.view.selection.clone()
                        } else {
                            BTreeSet::from([id])
                        };
                        if !selected {
                            requests.push(Request::Select(moving.clone()));
                        }
                        gesture_started = true;
                        drag = Some(DragState {
                            gesture: fresh_gesture,
                            origins: moving.iter().map(|m| (*m, self.doc.position(*m))).collect(),
                            delta: Vec2::ZERO,
                            frame: None,
                            resize: false,
                        });
                    }
                    if response.dragged()
                        && let Some(state) = drag.as_mut()
                    {
                        state.delta += response.drag_delta();
                        if state.delta != Vec2::ZERO {
                            requests.push(Request::Command(
                                Command::MoveObjects {
                                    moves: state.targets(),
                                },
                                Some(state.gesture),
                            ));
                        }
                    }
                    if response.drag_stopped()
                        && let Some(state) = drag.take()
                    {
                        if let Some(command) = self.namespace_moves(&state) {
                            requests.push(Request::Command(command, Some(state.gesture)));
                        }
                        requests.push(Request::EndGesture);
                    }
                    let show_handle = selected || response.hovered() || self.connecting.is_some();
                    if self.renaming.as_ref().is_some_and(|(r, _, _)| *r == id) {
                        self.rename_field_ui(ui, id, rect, &mut requests);
                    }
                    self.node_handle_ui(ui, id, rect, show_handle);
                }
                self.paint_connect_line(ui);
                self.paint_reach_overlay(ui, visible);
            });
        if gesture_started {
            self.new_gesture();
        }
        self.drag = drag;
        self.view.canvas_to_screen = canvas_to_screen;
        if response.response.clicked() && !ui.input(|i| i.modifiers.shift) {
            self.view.selected_namespace = None;
            requests.push(Request::Select(BTreeSet::new()));
        }
        self.rubber_band_ui(ui, &response.response, &mut requests);
        self.paint_connect_hint(ui.ctx());
        if self.connecting.is_some() && !ui.input(|i| i.pointer.any_down()) {
            // Released outside any handle response (e.g. the pointer left the window).
            self.connecting = None;
        }
        self.reach_legend_ui(ui);
        self.view.zoom = canvas_to_screen.map_or(1.0, |t| t.scaling);
        self.view.scene_rect = scene_rect;
        if self.doc.model.is_empty() {
            ui.scope_builder(egui::UiBuilder::new().max_rect(ui.clip_rect()), |ui| {
                ui.centered_and_justified(|ui| {
                    ui.weak(
                        "Empty design. Add objects with the palette above (click, or drag onto the canvas), \
                         start from File > New from template…, or open a design or manifests (Ctrl+O).",
                    );
                });
            });
        }
        self.requests.extend(requests);
    }

    /// Namespace frames; clicking a frame's title selects the namespace (new objects go into it).
    fn paint_frames(&mut self, ui: &egui::Ui, visible: Rect, frame_drag: &mut FrameDrag<'_>) {
        let (fill, stroke) = theme::frame_colors(ui.visuals());
        let selected_stroke = Stroke::new(2.0, ui.visuals().selection.stroke.color);
        let mut clicked = None;
        let mut renaming = None;
        let mut deleting = None;
        for (namespace, rect) in &self.canvas_cache.frames {
            let rect = *rect;
            if !visible.intersects(rect) {
                continue;
            }
            let title = Rect::from_min_size(rect.min, vec2(rect.width(), 28.0));
            let response = ui.interact(
                title,
                ui.make_persistent_id(("frame", namespace)),
                // Like nodes: a click-only widget would lose the click to the background.
                Sense::click_and_drag(),
            );
            let label = format!("namespace {namespace}");
            let selected = self.view.selected_namespace.as_ref() == Some(namespace);
            response.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label)
            });
            if response.clicked() {
                clicked = Some(namespace.clone());
            }
            if response.double_clicked() {
                renaming = Some(namespace.clone());
            }
            response.context_menu(|ui| {
                if ui.button("Rename namespace…").clicked() {
                    renaming = Some(namespace.clone());
                }
                if ui.button("Delete namespace…").clicked() {
                    deleting = Some(namespace.clone());
                }
            });
            let corner = Rect::from_center_size(rect.max - vec2(6.0, 6.0), vec2(16.0, 16.0));
            let corner_response = ui.interact(
                corner,
                ui.make_persistent_id(("frame_corner", namespace)),
                Sense::drag(),
            );
            if corner_response.hovered() || corner_response.dragged() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeNwSe);
            }
            for (handle, resize) in [(&response, false), (&corner_response, true)] {
                frame_drag.follow(&self.doc, namespace, rect, handle, resize);
            }
            let painter = ui.painter();
            painter.rect(
                rect,
                CornerRadius::same(10),
                fill,
                if selected { selected_stroke } else { stroke },
                StrokeKind::Inside,
            );
            if self.palette_target.as_ref() == Some(namespace) {
                // Where a palette click will put the new object.
                painter.rect_stroke(
                    rect.expand(3.0),
                    CornerRadius::same(12),
                    Stroke::new(3.0, ui.visuals().selection.stroke.color),
                    StrokeKind::Outside,
                );
            }
            // Zoomed out, the title grows (up to the frame's top margin) to stay legible.
            let zoom = ui
                .ctx()
                .layer_transform_to_global(ui.layer_id())
                .map_or(1.0, |t| t.scaling);
            let title_size = (LEGIBLE_NAME / zoom.max(0.05)).clamp(13.0, 30.0).ceil();
            painter.text(
                rect.min + vec2(12.0, 6.0),
                Align2::LEFT_TOP,
                format!("namespace: {namespace}"),
                FontId::proportional(title_size),
                if selected || response.hovered() {
                    ui.visuals().strong_text_color()
                } else {
                    ui.visuals().weak_text_color()
                },
            );
        }
        if let Some(namespace) = clicked {
            self.view.selected_namespace = Some(namespace);
            self.view.selection.clear();
        }
        if let Some(namespace) = renaming {
            self.start_namespace_rename(&namespace);
        }
        if let Some(namespace) = deleting {
            self.request_namespace_delete(&namespace);
        }
    }

    fn paint_edges(&self, ui: &egui::Ui, visible: Rect) {
        let painter = ui.painter();
        for (from, to, relation) in &self.canvas_cache.relations {
            let (from, to) = (*from, *to);
            let peer_edge = matches!(
                relation,
                Relation::PolicyAllowsFrom { .. } | Relation::PolicyAllowsTo { .. }
            );
            let involved = self.view.selection.contains(&from) || self.view.selection.contains(&to);
            // Policy peers are many; show them only for what is selected.
            if peer_edge && !involved {
                continue;
            }
            let (from_rect, to_rect) = (
                to_egui_rect(self.doc.node_rect(from)),
                to_egui_rect(self.doc.node_rect(to)),
            );
            if !visible.intersects(from_rect.union(to_rect)) {
                continue;
            }
            let mut color = theme::edge_color(ui.visuals(), relation);
            if self.reach.overlay {
                // The reachability arrows are what matters now; relations stay as context.
                color = color.gamma_multiply(0.3);
            }
            let quiet = matches!(
                relation,
                Relation::BudgetProtects | Relation::AutoscalerScales
            );
            let width = match (involved, quiet) {
                (true, _) => 2.4,
                (false, true) => 1.0,
                (false, false) => 1.4,
            };
            let (start, end, horizontal) = edge_ends(from_rect, to_rect);
            match relation {
                Relation::Uses { .. } => {
                    // Configuration and storage: thin dots, context rather than flow. The dots
                    // are 5 px apart on screen at any zoom, so a zoomed-out design does not turn
                    // into tens of thousands of circles.
                    painter.extend(Shape::dotted_line(
                        &[start, end],
                        color,
                        5.0 / self.view.zoom.max(0.1),
                        if involved { 1.4 } else { 0.9 },
                    ));
                    paint_arrow_head(painter, end, end - start, color);
                }
                Relation::PolicyApplies
                | Relation::PolicyAllowsFrom { .. }
                | Relation::PolicyAllowsTo { .. }
                | Relation::BudgetProtects
                | Relation::AutoscalerScales => {
                    painter.extend(Shape::dashed_line(
                        &[start, end],
                        Stroke::new(width, color),
                        6.0,
                        4.0,
                    ));
                    paint_arrow_head(painter, end, end - start, color);
                }
                _ => {
                    let bend = if horizontal == 0.0 {
                        vec2(0.0, (end.y - start.y) * 0.5)
                    } else {
                        vec2(horizontal * ((end.x - start.x).abs() * 0.5).max(30.0), 0.0)
                    };
                    let curve = egui::epaint::CubicBezierShape::from_points_stroke(
                        [start, start + bend, end - bend, end],
                        false,
                        Color32::TRANSPARENT,
                        Stroke::new(width, color),
                    );
                    painter.add(curve);
                    paint_arrow_head(painter, end, bend, color);
                }
            }
            if let Relation::IngressRoutes { port } = &relation {
                let middle = start + (end - start) * 0.5 - vec2(0.0, 9.0);
                painter.text(
                    middle,
                    Align2::CENTER_CENTER,
                    format!(":{port}"),
                    FontId::proportional(11.0),
                    color,
                );
            }
        }
    }

    /// Traffic intents (dashed, with their port) and the overlay edge layers.
    fn paint_extra_edges(&self, ui: &egui::Ui, visible: Rect) {
        let intent_color = theme::intent_color(ui.visuals());
        // The reachability overlay draws intents itself, coloured by whether they are allowed.
        let intents = self.doc.intents.iter().filter(|_| !self.reach.overlay);
        let intents = intents.map(|intent| OverlayEdge {
            from: intent.from,
            to: intent.to,
            color: intent_color,
            dashed: true,
            label: Some(format!("{}/{}", intent.port, intent.protocol.as_str())),
        });
        let layers = self.edge_layers.values().flatten().cloned();
        let painter = ui.painter();
        for edge in intents.chain(layers) {
            if !self.doc.model.contains(edge.from) || !self.doc.model.contains(edge.to) {
                continue;
            }
            let (from_rect, to_rect) = (
                to_egui_rect(self.doc.node_rect(edge.from)),
                to_egui_rect(self.doc.node_rect(edge.to)),
            );
            if !visible.intersects(from_rect.union(to_rect)) {
                continue;
            }
            let involved =
                self.view.selection.contains(&edge.from) || self.view.selection.contains(&edge.to);
            let stroke = Stroke::new(if involved { 2.4 } else { 1.6 }, edge.color);
            let (start, end, _) = edge_ends(from_rect, to_rect);
            if edge.dashed {
                painter.extend(Shape::dashed_line(&[start, end], stroke, 7.0, 4.0));
            } else {
                painter.line_segment([start, end], stroke);
            }
            paint_arrow_head(painter, end, end - start, edge.color);
            if let Some(label) = edge.label {
                let middle = start + (end - start) * 0.5 - vec2(0.0, 9.0);
                painter.text(
                    middle,
                    Align2::CENTER_CENTER,
                    label,
                    FontId::proportional(11.0),
                    edge.color,
                );
            }
        }
    }
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
fn paint_node(
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
    let kind_color = theme::kind_color(object.kind());
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

/// What dragging a frame's title (move it with its objects) or corner (resize it) needs from the
/// canvas pass: the shared drag state, the gesture that merges the drag into one undo step.
struct FrameDrag<'a> {
    drag: &'a mut Option<DragState>,
    gesture: crate::document::history::Gesture,
    started: &'a mut bool,
    requests: &'a mut Vec<Request>,
}

impl FrameDrag<'_> {
    fn follow(
        &mut self,
        doc: &crate::document::Document,
        namespace: &str,
        drawn: Rect,
        response: &egui::Response,
        resize: bool,
    ) {
        if response.drag_started() {
            *self.started = true;
            let origins = if resize {
                Vec::new()
            } else {
                crate::document::refactor::members(doc, namespace)
                    .into_iter()
                    .map(|id| (id, doc.position(id)))
                    .collect()
            };
            // A resize starts from what is drawn so the corner follows the pointer.
            let stored = if resize {
                Some(from_egui_rect(drawn))
            } else {
                doc.layout.frames.get(namespace).copied()
            };
            *self.drag = Some(DragState {
                gesture: self.gesture,
                origins,
                delta: Vec2::ZERO,
                frame: Some((namespace.to_owned(), stored)),
                resize,
            });
        }
        let Some(state) = self.drag.as_mut() else {
            return;
        };
        if state
            .frame
            .as_ref()
            .is_none_or(|(name, _)| name != namespace)
            || state.resize != resize
        {
            return;
        }
        if response.dragged() {
            state.delta += response.drag_delta();
            if state.delta != Vec2::ZERO {
                self.requests
                    .push(Request::Command(state.frame_command(), Some(state.gesture)));
            }
        }
        if response.drag_stopped() {
            *self.drag = None;
            self.requests.push(Request::EndGesture);
        }
    }
}
