//! The reachability overlay on the canvas: allowed connections between workloads as arrows,
//! coloured against the drawn traffic; the selection's neighbourhood highlighted; badges on
//! workloads that a direction leaves open.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use egui::{Color32, CornerRadius, FontId, Pos2, Rect, Sense, Shape, Stroke, vec2};

use crate::reach::Direction;

use crate::ui::canvas::edges::paint_arrow_head;
use crate::ui::canvas::overlay::NodeBadge;
use crate::ui::canvas::view::to_egui_rect;
use crate::ui::reach::matrix::{PairState, conn_text, intended_pairs, pair_state};
use crate::ui::reach::state::{MatrixEnd, ReachView};
use crate::ui::theme::{self, ReachEdge};

/// Above this many arrows, port labels are shown only around the selection.
const MAX_LABELLED_EDGES: usize = 30;

/// Points along an arrow (of its 21) tried in turn for its label.
const LABEL_SPOTS: [usize; 9] = [10, 8, 12, 6, 14, 4, 16, 3, 17];

/// How far arrows between nodes side by side bend, relative to their length, and at most.
const BEND: f32 = 0.18;
const MAX_BEND: f32 = 320.0;

/// Where the line from the centre of `rect` towards `toward` leaves the rectangle.
fn border_point(rect: Rect, toward: Pos2) -> Pos2 {
    let center = rect.center();
    let d = toward - center;
    if d.x.abs() < f32::EPSILON && d.y.abs() < f32::EPSILON {
        return center;
    }
    let half = rect.size() / 2.0;
    let scale_x = if d.x.abs() > f32::EPSILON {
        half.x / d.x.abs()
    } else {
        f32::INFINITY
    };
    let scale_y = if d.y.abs() > f32::EPSILON {
        half.y / d.y.abs()
    } else {
        f32::INFINITY
    };
    center + d * scale_x.min(scale_y).min(1.0)
}

/// The path of an arrow from one node to another, and its middle (where the label goes).
///
/// Nodes side by side get a gently bent arrow between facing sides, bent to its right so the two
/// directions of a pair do not overlap. Nodes stacked in one column (the automatic layout puts
/// workloads in a column) get an arc diagram: downward arrows leave and enter on the right side,
/// upward ones on the left, bulging out in proportion to the distance, so arcs never run across
/// the nodes in between and their labels spread out.
fn arrow_path(from: Rect, to: Rect) -> (Vec<Pos2>, Pos2) {
    const STEPS: u8 = 20;
    let (a, b) = (from.center(), to.center());
    let stacked = (a.x - b.x).abs() < from.width() * 0.75;
    let controls = if stacked {
        let down = b.y > a.y;
        let (side, start, end) = if down {
            (1.0, from.right_center(), to.right_center())
        } else {
            (-1.0, from.left_center(), to.left_center())
        };
        // Outgoing arrows leave above the middle, incoming ones arrive below it.
        let (start, end) = (start - vec2(0.0, 7.0), end + vec2(0.0, 7.0));
        let bulge = side * (24.0 + 0.35 * (end.y - start.y).abs()).min(MAX_BEND);
        [start, start + vec2(bulge, 0.0), end + vec2(bulge, 0.0), end]
    } else {
        let along = b - a;
        let normal = vec2(-along.y, along.x).normalized();
        let control = a + along * 0.5 + normal * (along.length() * BEND).min(MAX_BEND);
        let (start, end) = (border_point(from, control), border_point(to, control));
        let bend = normal * ((end - start).length() * BEND).min(MAX_BEND);
        let third = (end - start) / 3.0;
        [start, start + third + bend, end - third + bend, end]
    };
    let [p0, p1, p2, p3] = controls.map(Pos2::to_vec2);
    let points: Vec<Pos2> = (0..=STEPS)
        .map(|i| {
            let t = f32::from(i) / f32::from(STEPS);
            let u = 1.0 - t;
            (p0 * (u * u * u) + p1 * (3.0 * u * u * t) + p2 * (3.0 * u * t * t) + p3 * (t * t * t))
                .to_pos2()
        })
        .collect();
    let middle = points
        .get(usize::from(STEPS / 2))
        .copied()
        .unwrap_or(controls[1]);
    (points, middle)
}

fn edge_kind(state: PairState) -> ReachEdge {
    match state {
        PairState::Intended => ReachEdge::Intended,
        PairState::Blocked => ReachEdge::Blocked,
        PairState::OnlyAllowed | PairState::Closed => ReachEdge::OnlyAllowed,
    }
}

/// An arrow's label: the arrow's points, its middle, the text, colour, and whether the arrow
/// touches the selection.
type ArrowLabel = (Vec<Pos2>, Pos2, String, Color32, bool);

/// Paints labels on their arrows where no other label is: the selection's first.
fn paint_labels(
    painter: &egui::Painter,
    visuals: &egui::Visuals,
    mut labels: Vec<ArrowLabel>,
    size: f32,
) {
    labels.sort_by_key(|label| !label.4);
    let mut placed: Vec<Rect> = Vec::new();
    for (points, middle, text, color, involved) in labels {
        let galley = painter.layout_no_wrap(text, FontId::proportional(size), color);
        let extent = galley.size() + vec2(8.0, 2.0);
        // The middle of the arrow, else further along it, wherever no label is yet.
        let spot = LABEL_SPOTS
            .iter()
            .filter_map(|i| points.get(*i))
            .map(|p| Rect::from_center_size(*p, extent))
            .find(|r| placed.iter().all(|q| !q.intersects(*r)));
        let rect = match spot {
            Some(rect) => rect,
            // Crowded: the selection's label goes on anyway, others are left out.
            None if involved => Rect::from_center_size(middle, extent),
            None => continue,
        };
        placed.push(rect);
        painter.rect_filled(
            rect,
            CornerRadius::same(4),
            theme::canvas_fill(visuals).gamma_multiply(0.92),
        );
        painter.galley(rect.min + vec2(4.0, 1.0), galley, color);
    }
}

/// A workload's badges (text, colour, hover text), ingress first: `ingress open` / `egress open`
/// when no policy isolates that direction; otherwise `from outside` / `to outside` when its
/// policies admit external addresses.
fn workload_badges(
    visuals: &egui::Visuals,
    reach: &crate::reach::Reachability,
    w: usize,
) -> Vec<(String, Color32, String)> {
    const SHOWN_RANGES: usize = 8;
    let Some(workload) = reach.workloads().get(w) else {
        return Vec::new();
    };
    let mut badges = Vec::new();
    for direction in [Direction::Ingress, Direction::Egress] {
        let (verb, who, outside) = match direction {
            Direction::Ingress => (
                "into",
                "every pod and address may connect to it",
                "from outside",
            ),
            Direction::Egress => (
                "out of",
                "it may connect to every pod and address",
                "to outside",
            ),
        };
        if !reach.is_isolated(w, direction) {
            let mut tip = format!(
                "Not isolated for {direction}: no NetworkPolicy selects the pods of {} for \
                 {direction}, so no NetworkPolicy restricts traffic {verb} them: {who}.",
                workload.id
            );
            if reach.tier_policies().next().is_some() {
                tip.push_str(
                    " Cluster-tier policies still decide before and after NetworkPolicies: the \
                     matrix, the arrows' tier marks and Why say what they allow or deny.",
                );
            }
            badges.push((format!("{direction} open"), visuals.warn_fg_color, tip));
            continue;
        }
        let ranges = reach.external(w, direction);
        if ranges.is_empty() {
            continue;
        }
        let mut tip = format!(
            "Isolated for {direction}, but its policies admit external addresses ({} {}):",
            ranges.len(),
            if ranges.len() == 1 { "range" } else { "ranges" }
        );
        for (range, conn) in ranges.iter().take(SHOWN_RANGES) {
            let _ = write!(tip, "\n{range}: {}", conn_text(conn));
        }
        if ranges.len() > SHOWN_RANGES {
            let _ = write!(tip, "\n… and {} more", ranges.len() - SHOWN_RANGES);
        }
        let fill = if visuals.dark_mode {
            Color32::from_rgb(0x7e, 0xc8, 0xf8)
        } else {
            Color32::from_rgb(0x9c, 0xd2, 0xf5)
        };
        badges.push((outside.to_owned(), fill, tip));
    }
    badges
}

/// What the overlay reads while the canvas is drawn: the design, the selection, the zoom of
/// the last frame, the evaluation and where the rules' badges are.
#[derive(Clone, Copy)]
pub(crate) struct Overlay<'a> {
    /// The design drawn.
    pub doc: &'a crate::document::Document,
    /// The selected objects (their connections are the ones labelled).
    pub selection: &'a BTreeSet<crate::model::ObjectId>,
    /// Scene-to-screen zoom of the last frame.
    pub zoom: f32,
    /// The reachability view: flags, chosen cell and evaluation.
    pub reach: &'a ReachView,
    /// The rules' node badges (isolation badges leave their corner free).
    pub node_badges: &'a std::collections::BTreeMap<crate::model::ObjectId, NodeBadge>,
}

/// Paints the overlay over the nodes (inside the canvas scene).
pub(crate) fn paint_reach_overlay(ui: &egui::Ui, overlay: Overlay<'_>, visible: Rect) {
    overlay.paint(ui, visible);
}

impl Overlay<'_> {
    fn paint(&self, ui: &egui::Ui, visible: Rect) {
        if !self.reach.active() {
            return;
        }
        let Some(evaluation) = self.reach.evaluation() else {
            return;
        };
        let reach = &evaluation.reach;
        let workloads = reach.workloads();
        let node = |w: usize| {
            workloads
                .get(w)
                .and_then(|wl| wl.objects.first())
                .map(|id| to_egui_rect(self.doc.node_rect(*id)))
        };
        if self.reach.overlay {
            let intended = intended_pairs(reach, &self.doc.intents);
            let focus: BTreeSet<usize> = self
                .selection
                .iter()
                .filter_map(|id| reach.workload_of(*id))
                .collect();
            let chosen = match &self.reach.cell {
                Some((MatrixEnd::Workload(a), MatrixEnd::Workload(b))) => {
                    reach.workload_index(a).zip(reach.workload_index(b))
                }
                _ => None,
            };
            let mut pairs: Vec<(usize, usize, PairState)> = evaluation
                .pairs_around(&focus)
                .into_iter()
                .map(|(s, d)| (s, d, pair_state(reach.conn(s, d), intended.get(&(s, d)))))
                .collect();
            // Drawn traffic with nothing allowed at all is not in `edges`: show it as blocked.
            pairs.extend(
                intended
                    .keys()
                    .filter(|&&(s, d)| s != d && reach.conn(s, d).is_empty())
                    .map(|&(s, d)| (s, d, PairState::Blocked)),
            );
            self.dim_unrelated(ui, &focus, &pairs, visible);
            // Zoomed far out, every label would be an unreadable smudge: only the selection's.
            let label_all = pairs.len() <= MAX_LABELLED_EDGES && self.zoom >= 0.45;
            let painter = ui.painter();
            let mut labels = Vec::new();
            for &(s, d, state) in &pairs {
                let (Some(from), Some(to)) = (node(s), node(d)) else {
                    continue;
                };
                if !visible.intersects(from.union(to)) {
                    continue;
                }
                // The pair chosen in the matrix stands out too.
                let chosen = chosen == Some((s, d));
                let involved = chosen || focus.contains(&s) || focus.contains(&d);
                let mut color = theme::reach_color(ui.visuals(), edge_kind(state));
                if !focus.is_empty() && !involved {
                    color = color.gamma_multiply(0.12);
                }
                let width = if chosen {
                    4.0
                } else if involved {
                    2.6
                } else {
                    1.6
                };
                let (points, middle) = arrow_path(from, to);
                let stroke = Stroke::new(width, color);
                if chosen {
                    // A halo, so the pair chosen in the matrix is found at a glance.
                    let halo = ui.visuals().strong_text_color().gamma_multiply(0.8);
                    painter.add(Shape::line(points.clone(), Stroke::new(width + 4.0, halo)));
                }
                if state == PairState::Blocked {
                    painter.extend(Shape::dashed_line(&points, stroke, 7.0, 5.0));
                } else {
                    painter.add(Shape::line(points.clone(), stroke));
                }
                if let [.., before, tip] = points.as_slice() {
                    paint_arrow_head(painter, *tip, *tip - *before, color);
                }
                let tier = super::tier_marks::pair_tier(evaluation, state, (s, d));
                super::tier_marks::paint_tier_dot(painter, ui.visuals(), &points, tier, self.zoom);
                if involved || (focus.is_empty() && label_all) {
                    let text = super::tier_marks::pair_label(reach, &intended, state, (s, d), tier);
                    labels.push((points, middle, text, color, involved));
                }
            }
            // Labels last, so no arrow crosses a label; about 11 px on screen at any zoom.
            let size = (11.0 / self.zoom.max(0.3)).min(26.0);
            paint_labels(painter, ui.visuals(), labels, size);
        }
        self.paint_isolation_badges(ui, visible);
    }

    /// Fades what the overlay is not about: objects that run no pods, and, with a selection,
    /// workloads neither selected nor connected to it.
    fn dim_unrelated(
        &self,
        ui: &egui::Ui,
        focus: &BTreeSet<usize>,
        pairs: &[(usize, usize, PairState)],
        visible: Rect,
    ) {
        let Some(evaluation) = self.reach.evaluation() else {
            return;
        };
        let all = focus.is_empty();
        let mut related = focus.clone();
        for &(s, d, _) in pairs {
            if focus.contains(&s) {
                related.insert(d);
            }
            if focus.contains(&d) {
                related.insert(s);
            }
        }
        let fade = theme::canvas_fill(ui.visuals()).gamma_multiply(if all { 0.5 } else { 0.72 });
        for (id, _) in self.doc.model.objects() {
            let keep = evaluation
                .reach
                .workload_of(id)
                .is_some_and(|w| all || related.contains(&w))
                || self.selection.contains(&id);
            let rect = to_egui_rect(self.doc.node_rect(id));
            if !keep && visible.intersects(rect) {
                ui.painter()
                    .rect_filled(rect.expand(1.0), CornerRadius::same(8), fade);
            }
        }
    }

    /// "ingress open" / "egress open" pills on workloads no policy isolates in that direction.
    fn paint_isolation_badges(&self, ui: &egui::Ui, visible: Rect) {
        let Some(evaluation) = self.reach.evaluation() else {
            return;
        };
        let reach = &evaluation.reach;
        // A little larger when zoomed out, never past the node's proportions.
        let badge_size = (10.0 / self.zoom.max(0.1)).clamp(10.0, 13.0);
        for (w, workload) in reach.workloads().iter().enumerate() {
            let badges = workload_badges(ui.visuals(), reach, w);
            if badges.is_empty() {
                continue;
            }
            for id in &workload.objects {
                let node = to_egui_rect(self.doc.node_rect(*id));
                if !visible.intersects(node) {
                    continue;
                }
                // Leave the corner to a node badge (rule findings) when there is one.
                let corner = if self.node_badges.contains_key(id) {
                    28.0
                } else {
                    8.0
                };
                let mut right = node.right() - corner;
                for (text, fill, tip) in badges.iter().rev() {
                    let galley = ui.painter().layout_no_wrap(
                        text.clone(),
                        FontId::proportional(badge_size),
                        Color32::BLACK,
                    );
                    let size = galley.size() + vec2(10.0, 2.0);
                    let rect = Rect::from_min_size(
                        Pos2::new(right - size.x, node.top() - size.y / 2.0),
                        size,
                    );
                    right = rect.left() - 4.0;
                    ui.painter().rect_filled(rect, CornerRadius::same(7), *fill);
                    ui.painter().galley(
                        rect.center() - galley.size() / 2.0,
                        galley,
                        Color32::BLACK,
                    );
                    let response = ui.interact(
                        rect,
                        ui.make_persistent_id(("reach_badge", id.0, text.as_str())),
                        Sense::hover(),
                    );
                    let name = format!("{text}: {}", workload.id);
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
                    response.on_hover_text(tip.as_str());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_point_lies_on_the_rectangle() {
        let rect = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(100.0, 50.0));
        assert_eq!(
            border_point(rect, Pos2::new(300.0, 25.0)),
            Pos2::new(100.0, 25.0)
        );
        assert_eq!(
            border_point(rect, Pos2::new(50.0, -200.0)),
            Pos2::new(50.0, 0.0)
        );
    }

    #[test]
    fn the_two_directions_of_a_pair_bend_apart() {
        let a = Rect::from_min_size(Pos2::new(0.0, 0.0), vec2(100.0, 50.0));
        let b = Rect::from_min_size(Pos2::new(400.0, 0.0), vec2(100.0, 50.0));
        let (_, there) = arrow_path(a, b);
        let (_, back) = arrow_path(b, a);
        assert!((there.y - back.y).abs() > 20.0, "{there:?} {back:?}");
    }

    #[test]
    fn stacked_nodes_get_arcs_beside_the_column() {
        let top = Rect::from_min_size(Pos2::new(0.0, 0.0), vec2(100.0, 50.0));
        let bottom = Rect::from_min_size(Pos2::new(0.0, 300.0), vec2(100.0, 50.0));
        let (down, middle) = arrow_path(top, bottom);
        assert!(middle.x > 100.0, "downward arcs bulge right: {middle:?}");
        assert!(down.iter().all(|p| p.x >= 100.0 - 0.01));
        let (_, middle) = arrow_path(bottom, top);
        assert!(middle.x < 0.0, "upward arcs bulge left: {middle:?}");
    }
}
