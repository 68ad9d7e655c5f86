//! The canvas: namespace frames, derived relations as edges, objects as nodes; select, move, pan, zoom.

use std::collections::BTreeSet;

use egui::DragPanButtons;
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2, pos2, vec2,
};

use crate::document::{self, Command, Document};
use crate::model::ObjectId;

use crate::ui::canvas::node::{LEGIBLE_NAME, paint_node};
use crate::ui::canvas::state::{CanvasCamera, CanvasData, CanvasState, DragState};
use crate::ui::shell::app::Request;
use crate::ui::shell::room::RoomCtx;
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

/// The canvas room: draws the design and turns what the user does on it into requests. It
/// reads the document through `ctx`, keeps its gestures in `state`, moves the `camera` and
/// paints the derived `data` (the canvas cache must be current: see `canvas_parts`).
pub(crate) fn canvas_ui(
    ui: &mut egui::Ui,
    ctx: &mut RoomCtx<'_>,
    state: &mut CanvasState,
    camera: CanvasCamera<'_>,
    data: CanvasData<'_>,
) {
    let last_zoom = *camera.zoom;
    Canvas {
        doc: ctx.doc,
        selection: ctx.selection,
        selected_namespace: ctx.selected_namespace,
        ctx,
        state,
        camera,
        data,
        last_zoom,
    }
    .ui(ui);
}

/// The borrows of one canvas pass, so its parts (frames, edges, nodes, handles, overlay) share
/// them without reaching into the app.
pub(crate) struct Canvas<'a, 'c> {
    /// The design (the context's, copied out so it can be read while requests are queued).
    pub doc: &'c Document,
    /// The selected objects.
    pub selection: &'c BTreeSet<ObjectId>,
    /// The focused namespace frame, if any.
    pub selected_namespace: Option<&'c str>,
    /// Where requests go.
    pub ctx: &'a mut RoomCtx<'c>,
    /// The canvas's own gestures.
    pub state: &'a mut CanvasState,
    /// The camera the canvas moves.
    pub camera: CanvasCamera<'a>,
    /// What the canvas paints but does not compute.
    pub data: CanvasData<'a>,
    /// The zoom of the last frame (line spacing and label sizes follow it).
    pub last_zoom: f32,
}

impl Canvas<'_, '_> {
    /// What the reachability overlay reads of this pass.
    fn overlay(&self) -> crate::ui::reach::overlay::Overlay<'_> {
        crate::ui::reach::overlay::Overlay {
            doc: self.doc,
            selection: self.selection,
            zoom: self.last_zoom,
            reach: self.data.reach,
            node_badges: self.data.node_badges,
        }
    }

    // Drawing and interaction share one pass over the nodes; splitting them would walk twice.
    #[allow(clippy::too_many_lines)]
    fn ui(&mut self, ui: &mut egui::Ui) {
        if *self.camera.fit_pending {
            *self.camera.fit_pending = false;
            *self.camera.scene_rect = self.doc.bounds().map_or(
                Rect::from_center_size(Pos2::ZERO, vec2(900.0, 560.0)),
                |b| to_egui_rect(b).expand(48.0),
            );
        }
        *self.camera.screen_rect = ui.max_rect();
        let mut scene_rect = *self.camera.scene_rect;
        let mut requests = Vec::new();
        let mut drag = self.state.drag.take();
        let fresh_gesture = self.ctx.peek_gesture();
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
                    canvas_to_screen.map_or(1.0, |t| t.scaling),
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
                    let selected = self.selection.contains(&id);
                    let label = format!("{} {}", object.kind_name(), object.name());
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label)
                    });
                    let subtitle = self
                        .data
                        .cache
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
                    if let Some(badge) = self.data.node_badges.get(&id) {
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
                        self.state.renaming = Some((id, object.name().to_owned(), false));
                    }
                    if response.clicked() {
                        let mut selection = if shift {
                            self.selection.clone()
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
                            self.selection.clone()
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
                    let show_handle =
                        selected || response.hovered() || self.state.connecting.is_some();
                    if self
                        .state
                        .renaming
                        .as_ref()
                        .is_some_and(|(r, _, _)| *r == id)
                    {
                        self.rename_field_ui(ui, id, rect, &mut requests);
                    }
                    self.node_handle_ui(ui, id, rect, show_handle);
                }
                self.paint_connect_line(ui);
                crate::ui::reach::overlay::paint_reach_overlay(ui, self.overlay(), visible);
            });
        if gesture_started {
            self.ctx.new_gesture();
        }
        self.state.drag = drag;
        *self.camera.canvas_to_screen = canvas_to_screen;
        if response.response.clicked() && !ui.input(|i| i.modifiers.shift) {
            requests.push(Request::SelectNamespace(None));
            requests.push(Request::Select(BTreeSet::new()));
        }
        self.rubber_band_ui(ui, &response.response, &mut requests);
        self.paint_connect_hint(ui.ctx());
        if self.state.connecting.is_some() && !ui.input(|i| i.pointer.any_down()) {
            // Released outside any handle response (e.g. the pointer left the window).
            self.state.connecting = None;
        }
        crate::ui::reach::legend::reach_legend_ui(ui, self.data.reach, &mut requests);
        *self.camera.zoom = canvas_to_screen.map_or(1.0, |t| t.scaling);
        *self.camera.scene_rect = scene_rect;
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
        self.ctx.requests.extend(requests);
    }

    /// Namespace frames; clicking a frame's title selects the namespace (new objects go into it).
    fn paint_frames(
        &self,
        ui: &egui::Ui,
        visible: Rect,
        zoom: f32,
        frame_drag: &mut FrameDrag<'_>,
    ) {
        let (fill, stroke) = theme::frame_colors(ui.visuals());
        let selected_stroke = Stroke::new(2.0, ui.visuals().selection.stroke.color);
        let mut clicked = None;
        let mut renaming = None;
        let mut deleting = None;
        if let Some(band) = self.data.cache.cluster_band
            && visible.intersects(band)
        {
            super::node::paint_cluster_band(ui, band, zoom, fill, stroke);
        }
        for (namespace, rect) in &self.data.cache.frames {
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
            let selected = self.selected_namespace == Some(namespace.as_str());
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
                frame_drag.follow(self.doc, namespace, rect, handle, resize);
            }
            let painter = ui.painter();
            painter.rect(
                rect,
                CornerRadius::same(10),
                fill,
                if selected { selected_stroke } else { stroke },
                StrokeKind::Inside,
            );
            if self.state.palette_target.as_ref() == Some(namespace) {
                // Where a palette click will put the new object.
                painter.rect_stroke(
                    rect.expand(3.0),
                    CornerRadius::same(12),
                    Stroke::new(3.0, ui.visuals().selection.stroke.color),
                    StrokeKind::Outside,
                );
            }
            // Zoomed out, the title grows (up to the frame's top margin) to stay legible.
            let title_size = (LEGIBLE_NAME / zoom.max(0.05)).clamp(13.0, 30.0).ceil();
            // Cut at the frame's edge: a long name must not run over the next frame's title.
            painter
                .with_clip_rect(rect.intersect(painter.clip_rect()))
                .text(
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
            frame_drag
                .requests
                .push(Request::SelectNamespace(Some(namespace)));
            frame_drag.requests.push(Request::Select(BTreeSet::new()));
        }
        if let Some(namespace) = renaming {
            frame_drag
                .requests
                .push(Request::RenameNamespace(namespace));
        }
        if let Some(namespace) = deleting {
            frame_drag
                .requests
                .push(Request::DeleteNamespace(namespace));
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
