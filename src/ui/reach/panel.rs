//! The reachability panel: the matrix, the explanation of the chosen cell, connectivity changes
//! since the last save, invalid policies (generating policies from the drawn traffic is an
//! action: the shell's `generate`).

use std::sync::Arc;

use egui::{RichText, TextEdit};

use crate::model::Kind;
use crate::reach::{Direction, ReachDiff, Reachability};

use crate::ui::reach::matrix::{conn_text, intended_pairs, matrix_ui};
use crate::ui::reach::state::ReachView;
use crate::ui::reach::state::{MatrixEnd, explain_cell, parse_port};
use crate::ui::shell::actions::Action;
use crate::ui::shell::app::Request;
use crate::ui::shell::room::RoomCtx;
use crate::ui::theme::{self, ReachEdge};

fn namespace_combo(ui: &mut egui::Ui, label: &str, value: &mut Option<String>, all: &[String]) {
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(value.as_deref().unwrap_or("all namespaces"))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "all namespaces");
            for namespace in all {
                ui.selectable_value(value, Some(namespace.clone()), namespace);
            }
        })
        .response
        .labelled_by(label.id);
}

fn end_label(end: &MatrixEnd) -> &str {
    match end {
        MatrixEnd::Workload(id) => id,
        MatrixEnd::External => "external addresses",
    }
}

/// The reachability room (a workspace tile): the toolbar and the matrix.
pub(crate) fn matrix_room_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>, view: &mut ReachView) {
    toolbar_ui(ui, ctx, view);
    ui.separator();
    let Some(reach) = view.evaluation().map(|e| Arc::clone(&e.reach)) else {
        evaluation_status_ui(ui, view, ctx.requests, 240.0);
        return;
    };
    if reach.workloads().is_empty() {
        ui.weak("No workloads in the design: nothing to analyse.");
        return;
    }
    let intended = intended_pairs(&reach, &ctx.doc.intents);
    if let Some(cell) = matrix_ui(ui, &reach, &intended, view) {
        view.cell = Some(cell);
        view.range_index = 0;
        view.why_requested = true;
    }
}

/// The Why room (a workspace tile): the chosen cell explained, changes since save, invalid
/// policies.
pub(crate) fn why_room_ui(ui: &mut egui::Ui, ctx: &RoomCtx<'_>, view: &mut ReachView) {
    let Some(reach) = view.evaluation().map(|e| Arc::clone(&e.reach)) else {
        // The Reachability tab shows the progress and the Cancel button.
        if view.cancelled().is_some() {
            ui.weak("The evaluation was cancelled: evaluate again in the Reachability tab.");
        } else {
            ui.weak("Waiting for the reachability evaluation…");
        }
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("reach_details_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| details_ui(ui, ctx.dirty, view, &reach));
}

/// While there is no evaluation to show: its progress and a Cancel button, or that the user
/// cancelled it and a button to evaluate again (the Reachability tab and the overlay legend).
pub(crate) fn evaluation_status_ui(
    ui: &mut egui::Ui,
    view: &ReachView,
    requests: &mut Vec<Request>,
    bar_width: f32,
) {
    ui.horizontal(|ui| {
        if let Some(progress) = view.progress() {
            ui.add(
                egui::ProgressBar::new(progress.fraction())
                    .show_percentage()
                    .desired_width(bar_width),
            );
            ui.label(format!(
                "Evaluating reachability: {} of {} steps",
                progress.done, progress.total
            ));
            if ui
                .button("Cancel")
                .on_hover_text("Stop the evaluation; the matrix and overlay stay empty")
                .clicked()
            {
                requests.push(Request::CancelReach);
            }
            // The thread does not wake the window: look again soon.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        } else if let Some(progress) = view.cancelled() {
            ui.label(format!(
                "Reachability evaluation cancelled at {:.0} %.",
                progress.fraction() * 100.0
            ));
            if ui.button("Evaluate again").clicked() {
                requests.push(Request::EvaluateReachAgain);
            }
        } else {
            ui.weak("Evaluating reachability…");
        }
    });
}

fn toolbar_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>, view: &mut ReachView) {
    ui.horizontal_wrapped(|ui| {
        ui.strong("Reachability");
        ui.checkbox(&mut view.overlay, "Show on canvas (R)");
        ui.separator();
        let namespaces = ctx.doc.model.all_namespace_names();
        namespace_combo(ui, "From", &mut view.from_namespace, &namespaces);
        namespace_combo(ui, "To", &mut view.to_namespace, &namespaces);
        ui.separator();
        // Only Ingresses go through the controller; Gateways have their data planes.
        if ctx
            .doc
            .model
            .objects()
            .any(|(_, o)| o.kind() == Kind::Ingress)
        {
            let label = ui.label("Ingress controller namespace");
            ui.add(
                TextEdit::singleline(&mut view.ingress_namespace)
                    .desired_width(110.0)
                    .hint_text("ingress-nginx"),
            )
            .labelled_by(label.id);
        }
        if let Some(evaluation) = view.evaluation() {
            let reach = Arc::clone(&evaluation.reach);
            crate::ui::reach::data_planes::data_planes_ui(ui, ctx, &reach);
        }
        if ui
            .button(Action::GeneratePolicies.label())
            .on_hover_text(
                "Least-privilege policies from the drawn traffic and the routes Gateways \
                 admit: default deny, DNS, one allow policy per destination. Replaces earlier \
                 generated policies; hand-written ones stay. One undo step.",
            )
            .clicked()
        {
            ctx.request(Request::Action(Action::GeneratePolicies));
        }
    });
}

/// `dirty`: whether the design has unsaved changes (the changes since save are shown then).
fn details_ui(ui: &mut egui::Ui, dirty: bool, view: &mut ReachView, reach: &Reachability) {
    ui.heading("Why");
    why_ui(ui, view, reach);
    ui.add_space(6.0);
    let changes = if dirty {
        view.changes_since_save()
    } else {
        None
    };
    let title = match &changes {
        Some(c) => format!(
            "Changes since save ({} gained, {} lost)",
            c.gained.len(),
            c.lost.len()
        ),
        None => "Changes since save".to_owned(),
    };
    egui::CollapsingHeader::new(title)
        .id_salt("reach_changes")
        .default_open(true)
        .show(ui, |ui| changes_ui(ui, changes.as_deref(), dirty));
    summary_ui(ui, reach);
}

fn why_ui(ui: &mut egui::Ui, view: &mut ReachView, reach: &Reachability) {
    let Some(cell) = view.cell.clone() else {
        ui.weak("Click a cell of the matrix to see which policies allow or deny it.");
        return;
    };
    ui.label(
        RichText::new(format!(
            "{}  to  {}",
            end_label(&cell.0),
            end_label(&cell.1)
        ))
        .strong(),
    );
    ui.horizontal(|ui| {
        let label = ui.label("Port");
        ui.add(
            TextEdit::singleline(&mut view.port_text)
                .desired_width(110.0)
                .hint_text("any, or 443/TCP"),
        )
        .labelled_by(label.id);
        ui.weak("empty: any port");
    });
    // An external end: choose which of the workload's allowed ranges to explain.
    let ranges = match &cell {
        (MatrixEnd::Workload(w), MatrixEnd::External) => reach
            .workload_index(w)
            .map(|i| reach.external(i, Direction::Egress)),
        (MatrixEnd::External, MatrixEnd::Workload(w)) => reach
            .workload_index(w)
            .map(|i| reach.external(i, Direction::Ingress)),
        _ => None,
    };
    if let Some(ranges) = ranges {
        if ranges.is_empty() {
            ui.weak("No external address is allowed.");
        }
        for (index, (range, conn)) in ranges.iter().enumerate() {
            let text = format!("{range}: {}", conn_text(conn));
            if ui
                .selectable_label(view.range_index == index, text)
                .clicked()
            {
                view.range_index = index;
            }
        }
    }
    let port = match parse_port(&view.port_text) {
        Ok(port) => port,
        Err(message) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
            return;
        }
    };
    match explain_cell(reach, &cell, view.range_index, port) {
        Ok(explanation) => {
            let text = explanation.to_string();
            let mut lines = text.lines();
            let verdict = lines.next().unwrap_or_default();
            let edge = if explanation.allowed {
                ReachEdge::Intended
            } else {
                ReachEdge::Blocked
            };
            ui.label(
                RichText::new(verdict)
                    .strong()
                    .color(theme::reach_color(ui.visuals(), edge)),
            );
            // One label per line, indented as the text is, so wrapped lines stay readable.
            for line in lines {
                let body = line.trim_start();
                let depth = (line.len() - body.len()) / 2;
                #[allow(clippy::cast_possible_truncation)]
                let left = (depth * 14).min(60) as i8;
                egui::Frame::NONE
                    .inner_margin(egui::Margin {
                        left,
                        ..egui::Margin::ZERO
                    })
                    .show(ui, |ui| ui.label(body));
            }
        }
        Err(message) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
    }
}

fn changes_ui(ui: &mut egui::Ui, changes: Option<&ReachDiff>, dirty: bool) {
    let Some(changes) = changes.filter(|_| dirty) else {
        ui.weak("No edits since the design was saved or opened.");
        return;
    };
    if changes.is_empty() {
        ui.weak("The edits since the last save did not change who can reach whom.");
        return;
    }
    for (list, sign, edge, what) in [
        (&changes.gained, "+", ReachEdge::OnlyAllowed, "gained"),
        (&changes.lost, "-", ReachEdge::Blocked, "lost"),
    ] {
        const SHOWN: usize = 40;
        let color = theme::reach_color(ui.visuals(), edge);
        for allowed in list.iter().take(SHOWN) {
            ui.label(
                RichText::new(format!(
                    "{sign} {} -> {} : {}",
                    allowed.from,
                    allowed.to,
                    conn_text(&allowed.conn)
                ))
                .monospace()
                .color(color),
            );
        }
        if list.len() > SHOWN {
            ui.weak(format!("… and {} more {what}", list.len() - SHOWN));
        }
    }
}

/// Isolation counts and invalid policies.
fn summary_ui(ui: &mut egui::Ui, reach: &Reachability) {
    let n = reach.workloads().len();
    let open = |direction| (0..n).filter(|w| !reach.is_isolated(*w, direction)).count();
    ui.add_space(6.0);
    ui.label(format!(
        "{n} workloads: {} not isolated for ingress, {} not isolated for egress (everything passes in that direction).",
        open(Direction::Ingress),
        open(Direction::Egress)
    ));
    let errors = reach.errors();
    if !errors.is_empty() {
        egui::CollapsingHeader::new(format!("Invalid policies ({}), left out", errors.len()))
            .id_salt("reach_errors")
            .default_open(true)
            .show(ui, |ui| {
                for error in errors {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("{} {}: {}", error.policy, error.field, error.message),
                    );
                }
            });
    }
}
