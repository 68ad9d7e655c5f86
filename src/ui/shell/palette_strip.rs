//! The palette strip above the canvas and placing what it adds: by click (at the view centre,
//! inside the namespace in focus) or by dragging onto the canvas (where it is dropped). The
//! shell draws it (it is not a room) and the command palette places through it too.

use std::collections::BTreeSet;

use egui::{CornerRadius, Id, LayerId, Order, Rect, Sense, Stroke, vec2};

use crate::document::new_object;
use crate::document::{self, Command, NODE_HEIGHT, NODE_WIDTH, Point};
use crate::model::Namespace;

use crate::ui::canvas::palette::{
    FIRST_NAMESPACE, NEW_FRAME_SIZE, PaletteItem, free_frame_spot, free_spot, snap,
};
use crate::ui::canvas::state::screen_to_canvas;
use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::shell::dialogs::ToastLevel;

impl KubedraftApp {
    /// The innermost namespace frame under a canvas point.
    pub(crate) fn namespace_at(&self, point: Point) -> Option<String> {
        self.doc
            .model
            .all_namespace_names()
            .into_iter()
            .filter_map(|ns| self.doc.frame_rect(&ns).map(|frame| (ns, frame)))
            .filter(|(_, frame)| frame.contains(point))
            .min_by(|(_, a), (_, b)| {
                let area = |r: &document::Rect| (r.max.x - r.min.x) * (r.max.y - r.min.y);
                area(a).total_cmp(&area(b))
            })
            .map(|(ns, _)| ns)
    }

    /// Where a clicked palette item goes: the namespace in focus (selected frame or object), else the
    /// frame at the view centre, else the only namespace, else `default`.
    pub(crate) fn focused_namespace(&self) -> String {
        if let Some(ns) = &self.view.selected_namespace {
            return ns.clone();
        }
        if let Some(ns) = self
            .view
            .selection
            .iter()
            .find_map(|id| self.doc.model.get(*id)?.effective_namespace())
        {
            return ns.to_owned();
        }
        let centre = self.view.scene_rect.center();
        if let Some(ns) = self.namespace_at(Point::new(centre.x, centre.y)) {
            return ns;
        }
        self.fallback_namespace()
    }

    /// Where a palette object goes when neither focus nor frame names a namespace: the only
    /// namespace; in a design without any, [`FIRST_NAMESPACE`] (created with the object, so a
    /// palette design starts without warnings); else `default`, a choice the rules then flag.
    fn fallback_namespace(&self) -> String {
        match self.doc.model.all_namespace_names().as_slice() {
            [only] => only.clone(),
            [] => FIRST_NAMESPACE.to_owned(),
            _ => "default".to_owned(),
        }
    }

    /// Adds a palette item: at `drop` (a canvas point) or, for a click, in the focused namespace.
    pub fn place(&mut self, item: PaletteItem, drop: Option<Point>) {
        let centre = self.view.scene_rect.center();
        let centre = Point::new(centre.x, centre.y);
        match item {
            PaletteItem::Namespace => self.place_namespace(drop, centre),
            PaletteItem::Object(kind) if kind.is_cluster_policy() => {
                self.place_cluster_policy(drop);
            }
            PaletteItem::Object(kind) => {
                let namespace = match drop {
                    Some(point) => self
                        .namespace_at(point)
                        .unwrap_or_else(|| self.fallback_namespace()),
                    None => self.focused_namespace(),
                };
                // The first object of a design without namespaces brings its namespace and
                // frame, around where it lands, in the same undo step.
                let mut commands = Vec::new();
                let new_frame = self.doc.model.all_namespace_names().is_empty().then(|| {
                    let at = drop.unwrap_or(centre);
                    free_frame_spot(
                        &self.doc,
                        Point::new(at.x - NEW_FRAME_SIZE.0 / 2.0, at.y - NEW_FRAME_SIZE.1 / 2.0),
                        NEW_FRAME_SIZE,
                    )
                });
                if let Some(frame) = new_frame {
                    commands.push(Command::AddNamespace {
                        name: namespace.clone(),
                        namespace: Namespace::default(),
                        frame: Some(frame),
                    });
                }
                let start = match (new_frame, drop) {
                    (Some(frame), _) => Point::new(
                        f32::midpoint(frame.min.x, frame.max.x) - NODE_WIDTH / 2.0,
                        f32::midpoint(frame.min.y, frame.max.y) - NODE_HEIGHT / 2.0,
                    ),
                    (None, Some(point)) => {
                        Point::new(point.x - NODE_WIDTH / 2.0, point.y - NODE_HEIGHT / 2.0)
                    }
                    (None, None) => self.click_spot(&namespace, centre),
                };
                let position = free_spot(&self.doc, start);
                let name = new_object::unique_name(&self.doc.model, kind, &namespace);
                let object = match new_object::new_object(kind, &namespace, &name) {
                    Some(Ok(object)) => object,
                    Some(Err(error)) => {
                        self.toast(
                            ToastLevel::Error,
                            format!("Could not create {kind}: {error}"),
                        );
                        return;
                    }
                    None => return,
                };
                let id = self.doc.model.allocate_id();
                commands.push(Command::AddObject {
                    id,
                    object,
                    position,
                });
                // Companions (a workload's PodDisruptionBudget) go below it, in the same undo step.
                let mut below = position;
                for companion in new_object::companions(kind, &namespace, &name) {
                    match companion {
                        Ok(object) => {
                            below = Point::new(below.x, below.y + NODE_HEIGHT + 20.0);
                            commands.push(Command::AddObject {
                                id: self.doc.model.allocate_id(),
                                object,
                                position: free_spot(&self.doc, below),
                            });
                        }
                        Err(error) => {
                            self.toast(
                                ToastLevel::Error,
                                format!("Could not create the companions of {kind}: {error}"),
                            );
                            return;
                        }
                    }
                }
                let command = if commands.len() == 1 {
                    commands.remove(0)
                } else {
                    Command::Batch(commands)
                };
                self.requests.push(Request::Command(command, None));
                self.requests.push(Request::Select(BTreeSet::from([id])));
            }
        }
    }

    /// Adds a namespace frame: where it was dropped, or for a click at the view centre when that
    /// is free, else beside the design (then brought into view).
    fn place_namespace(&mut self, drop: Option<Point>, centre: Point) {
        let taken = self.doc.model.all_namespace_names();
        let name = (1..=taken.len() + 1)
            .map(|n| format!("namespace-{n}"))
            .find(|n| !taken.contains(n))
            .unwrap_or_else(|| "namespace".to_owned());
        let frame = if let Some(at) = drop {
            document::Rect::from_min_size(
                Point::new(snap(at.x), snap(at.y)),
                NEW_FRAME_SIZE.0,
                NEW_FRAME_SIZE.1,
            )
        } else {
            let frame = free_frame_spot(
                &self.doc,
                Point::new(
                    centre.x - NEW_FRAME_SIZE.0 / 2.0,
                    centre.y - NEW_FRAME_SIZE.1 / 2.0,
                ),
                NEW_FRAME_SIZE,
            );
            let frame_centre = egui::pos2(
                f32::midpoint(frame.min.x, frame.max.x),
                f32::midpoint(frame.min.y, frame.max.y),
            );
            if !self.view.scene_rect.contains(frame_centre) {
                self.view.scene_rect =
                    Rect::from_center_size(frame_centre, self.view.scene_rect.size());
            }
            frame
        };
        self.view.selected_namespace = Some(name.clone());
        self.view.selection.clear();
        self.requests.push(Request::Command(
            Command::AddNamespace {
                name,
                namespace: Namespace::default(),
                frame: Some(frame),
            },
            None,
        ));
    }

    /// Where a clicked object lands: the view centre if that is inside its namespace's frame, else
    /// the frame's first free spot.
    pub(crate) fn click_spot(&self, namespace: &str, centre: Point) -> Point {
        let at_centre = Point::new(centre.x - NODE_WIDTH / 2.0, centre.y - NODE_HEIGHT / 2.0);
        match self.doc.frame_rect(namespace) {
            Some(frame) if !frame.contains(centre) => Point::new(
                frame.min.x + document::FRAME_PADDING,
                frame.min.y + document::FRAME_PADDING + 22.0,
            ),
            _ => at_centre,
        }
    }

    /// The palette strip above the canvas.
    pub(crate) fn palette_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("palette").show(ui, |ui| {
            // Which namespace a click would fill, outlined on the canvas while a button is hovered.
            self.canvas.palette_target = None;
            let target = self.focused_namespace();
            ui.horizontal(|ui| {
                ui.weak("Add:");
                for item in PaletteItem::ALL {
                    let button = egui::Button::new(format!("+ {}", item.name()))
                        .stroke(Stroke::new(1.0, item.color()))
                        .sense(Sense::click_and_drag());
                    let response = ui.add(button).on_hover_text(match item {
                        PaletteItem::Namespace => {
                            "Click to add a namespace frame at the view centre (beside the design when that is taken), or drag it onto the canvas".to_owned()
                        }
                        PaletteItem::Object(kind) if kind.is_cluster_policy() => format!(
                            "Click to add a {kind} to the cluster band (Admin tier, every pod of namespace {target} as its subject), or drag it onto the canvas"
                        ),
                        PaletteItem::Object(kind) => format!(
                            "Click to add a {kind} in namespace {target}, or drag it onto the canvas"
                        ),
                    });
                    if matches!(item, PaletteItem::Object(_)) && response.hovered() {
                        self.canvas.palette_target = Some(target.clone());
                    }
                    let label = format!("Add {}", item.name());
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                    });
                    if response.clicked() {
                        self.place(item, None);
                    }
                    if response.drag_started() {
                        self.canvas.palette_drag = Some(item);
                    }
                }
            });
        });
    }

    /// Draws the item being dragged from the palette and drops it where the pointer is released.
    pub(crate) fn palette_drag_ui(&mut self, ctx: &egui::Context) {
        let Some(item) = self.canvas.palette_drag else {
            return;
        };
        let pointer_pos = ctx.input(|i| i.pointer.latest_pos());
        if let Some(pos) = pointer_pos {
            let painter =
                ctx.layer_painter(LayerId::new(Order::Tooltip, Id::unique("palette_ghost")));
            let scale = self.view.zoom;
            let size = match item {
                PaletteItem::Namespace => vec2(NEW_FRAME_SIZE.0, NEW_FRAME_SIZE.1) * scale,
                PaletteItem::Object(_) => vec2(NODE_WIDTH, NODE_HEIGHT) * scale,
            };
            let rect = match item {
                PaletteItem::Namespace => Rect::from_min_size(pos, size),
                PaletteItem::Object(_) => Rect::from_center_size(pos, size),
            };
            painter.rect(
                rect,
                CornerRadius::same(8),
                item.color().gamma_multiply(0.25),
                Stroke::new(1.5, item.color()),
                egui::StrokeKind::Inside,
            );
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                item.name(),
                egui::FontId::proportional(13.0),
                ctx.global_style().visuals.strong_text_color(),
            );
        }
        if ctx.input(|i| !i.pointer.any_down()) {
            self.canvas.palette_drag = None;
            if let Some(point) = pointer_pos
                .filter(|p| self.view.canvas_screen_rect.contains(*p))
                .and_then(|pos| screen_to_canvas(self.view.canvas_to_screen, pos))
            {
                self.place(item, Some(point));
            }
        }
    }
}
