//! The colour key of the reachability overlay, drawn over the canvas's bottom-left corner.

use egui::{Align2, Sense, Shape, Stroke, vec2};

use crate::ui::reach::panel::evaluation_status_ui;
use crate::ui::reach::state::ReachView;
use crate::ui::shell::app::Request;
use crate::ui::theme::{self, ReachEdge};

/// The colour key of the overlay, in the canvas's bottom-left corner; while a large design is
/// evaluated, its progress and a Cancel button instead.
pub(crate) fn reach_legend_ui(ui: &egui::Ui, reach: &ReachView, requests: &mut Vec<Request>) {
    if !reach.overlay {
        return;
    }
    let corner = ui.max_rect().left_bottom() + vec2(12.0, -12.0);
    if reach.evaluation().is_none() {
        egui::Area::new(egui::Id::unique("reach_legend_status"))
            .order(egui::Order::Middle)
            .pivot(Align2::LEFT_BOTTOM)
            .fixed_pos(corner)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    evaluation_status_ui(ui, reach, requests, 160.0);
                });
            });
        return;
    }
    egui::Area::new(egui::Id::unique("reach_legend"))
        .order(egui::Order::Middle)
        .pivot(Align2::LEFT_BOTTOM)
        .fixed_pos(corner)
        .interactable(false)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    for (edge, dashed, text) in [
                        (ReachEdge::Intended, false, "allowed, drawn"),
                        (ReachEdge::OnlyAllowed, false, "allowed, not drawn"),
                        (ReachEdge::Blocked, true, "drawn, denied"),
                    ] {
                        let (rect, _) = ui.allocate_exact_size(vec2(22.0, 12.0), Sense::hover());
                        let color = theme::reach_color(ui.visuals(), edge);
                        let line = [rect.left_center(), rect.right_center()];
                        let stroke = Stroke::new(2.2, color);
                        if dashed {
                            ui.painter()
                                .extend(Shape::dashed_line(&line, stroke, 5.0, 3.0));
                        } else {
                            ui.painter().line_segment(line, stroke);
                        }
                        ui.label(text);
                        ui.add_space(6.0);
                    }
                    let crowded = reach.evaluation().is_some_and(|e| e.edges.is_none());
                    if crowded {
                        ui.weak("· too many connections to draw: select a workload");
                    } else {
                        ui.weak("· select a workload for its connections");
                    }
                });
            });
        });
}
