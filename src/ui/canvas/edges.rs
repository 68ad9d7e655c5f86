//! The canvas's edges: the derived relations in drawing order, their arrow heads and labels, and
//! the extra edges of overlays (reachability, traffic).

use egui::{Align2, Color32, FontId, Pos2, Rect, Shape, Stroke, Vec2, vec2};

use crate::model::Relation;
use crate::ui::canvas::overlay::OverlayEdge;
use crate::ui::canvas::view::Canvas;
use crate::ui::canvas::view::to_egui_rect;
use crate::ui::theme;

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

/// How far a vertical route backend edge bows out sideways, as a share of its length.
const ROUTE_BOW: f32 = 0.5;

impl Canvas<'_, '_> {
    pub(crate) fn paint_edges(&self, ui: &egui::Ui, visible: Rect) {
        let painter = ui.painter();
        for (from, to, relation) in &self.data.cache.relations {
            let (from, to) = (*from, *to);
            let peer_edge = matches!(
                relation,
                Relation::PolicyAllowsFrom { .. } | Relation::PolicyAllowsTo { .. }
            );
            let involved = self.selection.contains(&from) || self.selection.contains(&to);
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
            if self.data.reach.overlay {
                // The reachability arrows are what matters now; relations stay as context.
                color = color.gamma_multiply(0.3);
            }
            let quiet = matches!(
                relation,
                Relation::BudgetProtects | Relation::AutoscalerScales | Relation::GatewayClassOf
            );
            let width = match (involved, quiet) {
                (true, _) => 2.4,
                (false, true) => 1.0,
                (false, false) => 1.4,
            };
            let (start, end, horizontal) = edge_ends(from_rect, to_rect);
            match relation {
                Relation::Uses { .. } | Relation::GatewayCertificate { .. } => {
                    // Configuration and storage: thin dots, context rather than flow. The dots
                    // are 5 px apart on screen at any zoom, so a zoomed-out design does not turn
                    // into tens of thousands of circles.
                    painter.extend(Shape::dotted_line(
                        &[start, end],
                        color,
                        5.0 / self.last_zoom.max(0.1),
                        if involved { 1.4 } else { 0.9 },
                    ));
                    paint_arrow_head(painter, end, end - start, color);
                }
                // A reference no ReferenceGrant permits is drawn dashed: the Gateway does not
                // follow it.
                Relation::PolicyApplies
                | Relation::PolicyAllowsFrom { .. }
                | Relation::PolicyAllowsTo { .. }
                | Relation::BudgetProtects
                | Relation::AutoscalerScales
                | Relation::GatewayClassOf
                | Relation::RouteBackend {
                    permitted: false, ..
                } => {
                    painter.extend(Shape::dashed_line(
                        &[start, end],
                        Stroke::new(width, color),
                        6.0,
                        4.0,
                    ));
                    paint_arrow_head(painter, end, end - start, color);
                }
                _ => {
                    // A route's edges often run up or down to another namespace's frame, where a
                    // Gateway and a backend may stand in one column: a vertical backend edge bows
                    // out sideways, by its length, so it neither hides behind the Gateway's
                    // node nor covers its attachment edge.
                    let bow = if matches!(relation, Relation::RouteBackend { .. }) {
                        (end.y - start.y).abs() * ROUTE_BOW
                    } else {
                        0.0
                    };
                    let bend = if horizontal == 0.0 {
                        vec2(0.0, (end.y - start.y) * 0.5)
                    } else {
                        vec2(horizontal * ((end.x - start.x).abs() * 0.5).max(30.0), 0.0)
                    };
                    // Both control points out to the same side: a bow, not an S.
                    let (leave, arrive) = (bend + vec2(bow, 0.0), bend - vec2(bow, 0.0));
                    let curve = egui::epaint::CubicBezierShape::from_points_stroke(
                        [start, start + leave, end - arrive, end],
                        false,
                        Color32::TRANSPARENT,
                        Stroke::new(width, color),
                    );
                    painter.add(curve);
                    paint_arrow_head(painter, end, arrive, color);
                }
            }
            // Ingress and route backends carry their port, and a split its share ("90%").
            if let Some(label) = relation.edge_label() {
                let bowed =
                    if horizontal == 0.0 && matches!(relation, Relation::RouteBackend { .. }) {
                        // The middle of the bowed curve: three quarters of the bow out.
                        vec2((end.y - start.y).abs() * ROUTE_BOW * 0.75, 0.0)
                    } else {
                        Vec2::ZERO
                    };
                let middle = start + (end - start) * 0.5 - vec2(0.0, 9.0) + bowed;
                painter.text(
                    middle,
                    Align2::CENTER_CENTER,
                    label,
                    FontId::proportional(11.0),
                    color,
                );
            }
        }
    }

    /// Traffic intents (dashed, with their port) and the overlay edge layers.
    pub(crate) fn paint_extra_edges(&self, ui: &egui::Ui, visible: Rect) {
        let intent_color = theme::intent_color(ui.visuals());
        // The reachability overlay draws intents itself, coloured by whether they are allowed.
        let intents = self.doc.intents.iter().filter(|_| !self.data.reach.overlay);
        let intents = intents.map(|intent| OverlayEdge {
            from: intent.from,
            to: intent.to,
            color: intent_color,
            dashed: true,
            label: Some(format!("{}/{}", intent.port, intent.protocol.as_str())),
        });
        let layers = self.data.edge_layers.values().flatten().cloned();
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
            let involved = self.selection.contains(&edge.from) || self.selection.contains(&edge.to);
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
