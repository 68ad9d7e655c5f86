//! Arranging on the canvas: moving into another namespace by dropping into its frame, rubber-band
//! selection, renaming in place.

use std::collections::BTreeSet;

use egui::{Id, LayerId, Order, PointerButton, Rect, Stroke, vec2};

use crate::document::{self, Command, NODE_HEIGHT, NODE_WIDTH, Point};
use crate::model::ObjectId;

use crate::ui::canvas::state::{DragState, screen_to_canvas};
use crate::ui::canvas::view::{Canvas, to_egui_rect};
use crate::ui::shell::app::Request;

/// Grid that moved nodes snap to, in canvas units.
const SNAP: f32 = 10.0;

fn snap(value: f32) -> f32 {
    (value / SNAP).round() * SNAP
}

impl DragState {
    /// The command a frame drag stands for now: its objects and stored frame moved by the snapped
    /// delta, or the frame's corner moved (never smaller than one node).
    #[must_use]
    pub fn frame_command(&self) -> Command {
        let Some((name, stored)) = &self.frame else {
            return Command::Batch(Vec::new());
        };
        let (dx, dy) = (snap(self.delta.x), snap(self.delta.y));
        let frame = stored.map(|rect| {
            if self.resize {
                let min = rect.min;
                document::Rect {
                    min,
                    max: Point::new(
                        snap(rect.max.x + dx).max(min.x + NODE_WIDTH),
                        snap(rect.max.y + dy).max(min.y + NODE_HEIGHT),
                    ),
                }
            } else {
                document::Rect {
                    min: Point::new(rect.min.x + dx, rect.min.y + dy),
                    max: Point::new(rect.max.x + dx, rect.max.y + dy),
                }
            }
        });
        let mut commands = Vec::new();
        if !self.origins.is_empty() {
            commands.push(Command::MoveObjects {
                moves: self.targets(),
            });
        }
        if frame.is_some() {
            commands.push(Command::SetFrame {
                name: name.clone(),
                frame,
            });
        }
        Command::Batch(commands)
    }

    /// Where the dragged objects are now (snapped).
    #[must_use]
    pub fn targets(&self) -> Vec<(ObjectId, Point)> {
        self.origins
            .iter()
            .map(|(id, origin)| {
                (
                    *id,
                    Point::new(snap(origin.x + self.delta.x), snap(origin.y + self.delta.y)),
                )
            })
            .collect()
    }
}

impl Canvas<'_, '_> {
    /// Objects dropped into another namespace's frame move to that namespace (same undo step).
    pub(crate) fn namespace_moves(&self, drag: &DragState) -> Option<Command> {
        let mut commands = Vec::new();
        for (id, at) in drag.targets() {
            let Some(object) = self.doc.model.get(id) else {
                continue;
            };
            let Some(current) = object.effective_namespace() else {
                continue;
            };
            let centre = Point::new(at.x + NODE_WIDTH / 2.0, at.y + NODE_HEIGHT / 2.0);
            // The object's own frame grows to hold it, so only other namespaces' frames count.
            let target = self
                .doc
                .model
                .all_namespace_names()
                .into_iter()
                .filter(|ns| ns != current)
                .filter_map(|ns| self.doc.frame_rect(&ns).map(|frame| (ns, frame)))
                .filter(|(_, frame)| frame.contains(centre))
                .min_by(|(_, a), (_, b)| area(*a).total_cmp(&area(*b)))
                .map(|(ns, _)| ns);
            if let Some(namespace) = target {
                if self
                    .doc
                    .model
                    .find(object.kind_name(), Some(&namespace), object.name())
                    .is_some()
                {
                    continue;
                }
                let mut moved = object.clone();
                moved.metadata_mut().namespace = Some(namespace);
                commands.push(Command::ReplaceObject { id, object: moved });
            }
        }
        (!commands.is_empty()).then_some(Command::Batch(commands))
    }

    /// A primary-button drag on the background selects the nodes it touches (Shift adds).
    pub(crate) fn rubber_band_ui(
        &mut self,
        ui: &egui::Ui,
        background: &egui::Response,
        requests: &mut Vec<Request>,
    ) {
        let latest = ui.input(|i| i.pointer.latest_pos());
        if background.drag_started_by(PointerButton::Primary) {
            let origin = ui.input(|i| i.pointer.press_origin()).or(latest);
            let transform = *self.camera.canvas_to_screen;
            self.state.rubber_band = origin
                .and_then(|o| screen_to_canvas(transform, o))
                .map(|p| {
                    let p = egui::pos2(p.x, p.y);
                    (p, p)
                });
        }
        if let Some((start, _)) = self.state.rubber_band
            && let Some(now) =
                latest.and_then(|p| screen_to_canvas(*self.camera.canvas_to_screen, p))
        {
            self.state.rubber_band = Some((start, egui::pos2(now.x, now.y)));
        }
        let Some((start, end)) = self.state.rubber_band else {
            return;
        };
        let band = Rect::from_two_pos(start, end);
        if let Some(transform) = *self.camera.canvas_to_screen {
            let screen = transform * band;
            let painter = ui
                .ctx()
                .layer_painter(LayerId::new(Order::Foreground, Id::unique("rubber_band")));
            let color = ui.visuals().selection.bg_fill;
            painter.rect(
                screen,
                2.0,
                color.gamma_multiply(0.15),
                Stroke::new(1.0, color),
                egui::StrokeKind::Inside,
            );
        }
        if !ui.input(|i| i.pointer.primary_down()) {
            self.state.rubber_band = None;
            let touched: BTreeSet<ObjectId> = self
                .doc
                .model
                .objects()
                .filter(|(id, _)| band.intersects(to_egui_rect(self.doc.node_rect(*id))))
                .map(|(id, _)| id)
                .collect();
            let mut selection = if ui.input(|i| i.modifiers.shift) {
                self.selection.clone()
            } else {
                BTreeSet::new()
            };
            selection.extend(touched);
            requests.push(Request::Select(selection));
        }
    }

    /// The in-place name field over a node being renamed (Enter or leaving the field keeps it,
    /// Escape cancels).
    pub(crate) fn rename_field_ui(
        &mut self,
        ui: &mut egui::Ui,
        id: ObjectId,
        node: Rect,
        requests: &mut Vec<Request>,
    ) {
        let Some((_, text, focused)) = self.state.renaming.as_mut() else {
            return;
        };
        let field =
            Rect::from_min_size(node.min + vec2(58.0, 6.0), vec2(node.width() - 66.0, 22.0));
        // An invisible label gives the field its accessible name.
        let label = ui.interact(
            field,
            ui.make_persistent_id(("rename_label", id.0)),
            egui::Sense::hover(),
        );
        label.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, "New name"));
        let response = ui
            .put(
                field,
                egui::TextEdit::singleline(text)
                    .id_salt(("rename", id.0))
                    .font(egui::TextStyle::Body),
            )
            .labelled_by(label.id);
        if !*focused {
            response.request_focus();
            *focused = true;
            return;
        }
        let (enter, escape) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Escape),
            )
        });
        if escape {
            self.state.renaming = None;
            return;
        }
        if response.lost_focus() || enter {
            let name = text.trim().to_owned();
            self.state.renaming = None;
            self.rename(id, &name, requests);
        }
    }

    /// Renames an object, refusing names Kubernetes would reject or that are taken.
    pub(crate) fn rename(&self, id: ObjectId, name: &str, requests: &mut Vec<Request>) {
        let Some(object) = self.doc.model.get(id) else {
            return;
        };
        if object.name() == name {
            return;
        }
        // The core refuses names the kind's grammar rejects (as K8S-API-001 does) and keeps Ingress backends and StatefulSet serviceNames pointing at a renamed Service.
        match document::refactor::rename_object(self.doc, id, name) {
            Ok(command) => requests.push(Request::Command(command, None)),
            Err(error) => requests.push(Request::Toast(
                crate::ui::shell::dialogs::ToastLevel::Warning,
                format!("Not renamed: {error}"),
            )),
        }
    }
}

fn area(rect: document::Rect) -> f32 {
    (rect.max.x - rect.min.x) * (rect.max.y - rect.min.y)
}
