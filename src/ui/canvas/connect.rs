//! Connecting objects by dragging from a node's handle to another node. What a connection means is
//! decided in the core ([`crate::document::connect`]); this draws the rubber line, shows the result
//! or the refusal at the cursor, and executes the command on release.

use egui::{Align2, Color32, FontId, Id, LayerId, Order, Pos2, Rect, Sense, Stroke, vec2};

use crate::document::connect::{connect, connect_on_port, make_headless};
use crate::model::ObjectId;

use crate::ui::canvas::state::{CanvasState, screen_to_canvas};
use crate::ui::canvas::view::{Canvas, to_egui_rect};
use crate::ui::shell::app::Request;
use crate::ui::shell::dialogs::ToastLevel;
use crate::ui::shell::room::RoomCtx;

/// Radius of the connection handle on a node's right edge, in canvas units.
pub(crate) const HANDLE_RADIUS: f32 = 6.0;

/// A connection being dragged out of `from`.
#[derive(Clone, Debug)]
pub struct ConnectDrag {
    pub from: ObjectId,
    /// The pointer, in canvas units.
    pub pointer: Pos2,
    /// The node under the pointer and what connecting to it would do (or why not).
    pub target: Option<(ObjectId, Result<String, String>)>,
}

/// A connection waiting for the user to pick one of the target's ports.
#[derive(Clone, Debug)]
pub struct PortChoice {
    pub from: ObjectId,
    pub to: ObjectId,
    /// "http (8080/TCP)", one per port of the target.
    pub labels: Vec<String>,
}

/// The handle's centre for a node rectangle.
pub(crate) fn handle_center(node: Rect) -> Pos2 {
    node.right_center()
}

impl Canvas<'_, '_> {
    /// The topmost node under a canvas point.
    pub(crate) fn node_at(&self, point: Pos2) -> Option<ObjectId> {
        self.doc
            .model
            .objects()
            .filter(|(id, _)| to_egui_rect(self.doc.node_rect(*id)).contains(point))
            .map(|(id, _)| id)
            .last()
    }

    /// The handle of one node: drawn when the node is hovered or selected, dragged to connect.
    pub(crate) fn node_handle_ui(&mut self, ui: &egui::Ui, id: ObjectId, rect: Rect, show: bool) {
        let center = handle_center(rect);
        let hit = Rect::from_center_size(center, vec2(HANDLE_RADIUS * 3.0, HANDLE_RADIUS * 3.0));
        let response = ui.interact(hit, ui.make_persistent_id(("handle", id.0)), Sense::drag());
        let name = self
            .doc
            .model
            .get(id)
            .map(|o| format!("Connect from {} {}", o.kind_name(), o.name()))
            .unwrap_or_default();
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        let active = self.state.connecting.as_ref().is_some_and(|c| c.from == id);
        if show || response.hovered() || active {
            let visuals = ui.visuals();
            let fill = if response.hovered() || active {
                visuals.selection.bg_fill
            } else {
                visuals.widgets.inactive.bg_fill
            };
            ui.painter().circle(
                center,
                HANDLE_RADIUS,
                fill,
                Stroke::new(1.5, visuals.strong_text_color()),
            );
        }
        if response.hovered() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
        }
        if response.drag_started() {
            self.state.connecting = Some(ConnectDrag {
                from: id,
                pointer: center,
                target: None,
            });
        }
        if response.dragged()
            && let Some(pointer) = ui.ctx().pointer_latest_pos()
            && let Some(canvas) = screen_to_canvas(*self.camera.canvas_to_screen, pointer)
        {
            let pointer = egui::pos2(canvas.x, canvas.y);
            let target = self.node_at(pointer).filter(|t| *t != id).map(|t| {
                let result = connect(self.doc, id, t)
                    .map(|c| c.description)
                    .map_err(|r| r.to_string());
                (t, result)
            });
            if let Some(drag) = self.state.connecting.as_mut() {
                drag.pointer = pointer;
                drag.target = target;
            }
        }
        if response.drag_stopped()
            && let Some(drag) = self.state.connecting.take()
            && let Some((target, _)) = drag.target
        {
            finish_connect(self.ctx, self.state, drag.from, target);
        }
    }

    /// The rubber line of a connection in progress (inside the scene, canvas units).
    pub(crate) fn paint_connect_line(&self, ui: &egui::Ui) {
        let Some(drag) = &self.state.connecting else {
            return;
        };
        let start = handle_center(to_egui_rect(self.doc.node_rect(drag.from)));
        let (color, end) = match &drag.target {
            Some((target, result)) => {
                let rect = to_egui_rect(self.doc.node_rect(*target));
                let color = if result.is_ok() {
                    Color32::from_rgb(0x3c, 0xb3, 0x71)
                } else {
                    ui.visuals().error_fg_color
                };
                ui.painter().rect_stroke(
                    rect.expand(3.0),
                    egui::CornerRadius::same(10),
                    Stroke::new(2.0, color),
                    egui::StrokeKind::Outside,
                );
                (color, drag.pointer)
            }
            None => (ui.visuals().strong_text_color(), drag.pointer),
        };
        ui.painter()
            .line_segment([start, end], Stroke::new(2.0, color));
    }

    /// What the connection would do, or why it is refused, next to the cursor (screen space).
    pub(crate) fn paint_connect_hint(&self, ctx: &egui::Context) {
        let Some((_, result)) = self
            .state
            .connecting
            .as_ref()
            .and_then(|d| d.target.as_ref())
        else {
            return;
        };
        let Some(cursor) = ctx.pointer_latest_pos() else {
            return;
        };
        let visuals = ctx.global_style().visuals.clone();
        let (text, color) = match result {
            Ok(description) => (description.clone(), visuals.text_color()),
            Err(reason) => (format!("Cannot connect: {reason}"), visuals.error_fg_color),
        };
        let painter = ctx.layer_painter(LayerId::new(Order::Tooltip, Id::unique("connect_hint")));
        let galley = painter.layout(text, FontId::proportional(13.0), color, 360.0);
        let at = cursor + vec2(16.0, 16.0);
        let rect = Align2::LEFT_TOP.anchor_size(at, galley.size()).expand(6.0);
        painter.rect_filled(rect, 6.0, visuals.window_fill);
        painter.rect_stroke(
            rect,
            6.0,
            Stroke::new(1.0, color),
            egui::StrokeKind::Outside,
        );
        painter.galley(at, galley, color);
    }
}

/// Makes the connection (one undo step), or says why it makes no sense. When the target has
/// several ports, asks which one first ([`port_choice_ui`]).
pub(crate) fn finish_connect(
    ctx: &mut RoomCtx<'_>,
    state: &mut CanvasState,
    from: ObjectId,
    to: ObjectId,
) {
    match connect(ctx.doc, from, to) {
        Ok(connection) if !connection.port_choices.is_empty() => {
            state.port_choice = Some(PortChoice {
                from,
                to,
                labels: connection.port_choices,
            });
        }
        Ok(connection) => make_connection(ctx, state, connection),
        Err(refusal) => ctx.request(Request::Toast(
            ToastLevel::Warning,
            format!("Not connected: {refusal}"),
        )),
    }
}

/// Connects on the target's `choice`-th port (what the port question's buttons do).
fn finish_connect_on_port(
    ctx: &mut RoomCtx<'_>,
    state: &mut CanvasState,
    (from, to): (ObjectId, ObjectId),
    choice: usize,
) {
    state.port_choice = None;
    match connect_on_port(ctx.doc, from, to, choice) {
        Ok(connection) => make_connection(ctx, state, connection),
        Err(refusal) => ctx.request(Request::Toast(
            ToastLevel::Warning,
            format!("Not connected: {refusal}"),
        )),
    }
}

fn make_connection(
    ctx: &mut RoomCtx<'_>,
    state: &mut CanvasState,
    connection: crate::document::connect::Connection,
) {
    ctx.request(Request::Command(connection.command, None));
    ctx.request(Request::Toast(ToastLevel::Info, connection.description));
    state.headless_offer = connection.offer_headless;
}

/// "Which port?" after a connection to a target with several ports: one button per port;
/// Cancel (or Escape) makes no connection.
pub(crate) fn port_choice_ui(
    egui_ctx: &egui::Context,
    ctx: &mut RoomCtx<'_>,
    state: &mut CanvasState,
) {
    let Some(choice) = &state.port_choice else {
        return;
    };
    let doc = ctx.doc;
    let name = |id: ObjectId| {
        doc.model
            .get(id)
            .map_or_else(String::new, |o| format!("{} {}", o.kind_name(), o.name()))
    };
    let (from, to) = (choice.from, choice.to);
    let (source, target) = (name(from), name(to));
    let labels = choice.labels.clone();
    let mut answer: Option<Option<usize>> = None;
    let modal = egui::Modal::new(Id::unique("port_choice")).show(egui_ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Which port?");
        ui.label(format!(
            "{target} has {} ports. Connect {source} to:",
            labels.len()
        ));
        ui.add_space(6.0);
        for (index, label) in labels.iter().enumerate() {
            let button = ui.button(label);
            let accessible = format!("Port {label}");
            button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &accessible));
            if button.clicked() {
                answer = Some(Some(index));
            }
        }
        ui.add_space(6.0);
        if ui.button("Cancel").clicked() {
            answer = Some(None);
        }
    });
    match answer {
        Some(Some(index)) => finish_connect_on_port(ctx, state, (from, to), index),
        Some(None) => state.port_choice = None,
        None if modal.should_close() => state.port_choice = None,
        None => {}
    }
}

/// After StatefulSet→Service: offer to make the Service headless, as `StatefulSets` expect.
pub(crate) fn headless_offer_ui(
    egui_ctx: &egui::Context,
    ctx: &mut RoomCtx<'_>,
    state: &mut CanvasState,
) {
    let Some(service) = state.headless_offer else {
        return;
    };
    let name = ctx
        .doc
        .model
        .get(service)
        .map_or_else(String::new, |o| o.name().to_owned());
    let mut answer = None;
    let modal = egui::Modal::new(Id::unique("headless_offer")).show(egui_ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Make the Service headless?");
        ui.label(format!(
            "A StatefulSet gives each pod a stable DNS name through a headless Service (clusterIP: None). Make Service {name} headless?"
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Make headless").clicked() {
                answer = Some(true);
            }
            if ui.button("Keep as is").clicked() {
                answer = Some(false);
            }
        });
    });
    if answer == Some(true)
        && let Some(command) = make_headless(ctx.doc, service)
    {
        ctx.request(Request::Command(command, None));
    }
    if answer.is_some() || modal.should_close() {
        state.headless_offer = None;
    }
}
