//! The reachability matrix: sources as rows, destinations as columns, allowed ports in the cells,
//! with a row and a column for external addresses.

use std::collections::BTreeMap;

use egui::{Color32, FontId, RichText, Sense, Stroke, vec2};
use egui_extras::{Column, TableBuilder};

use crate::model::Protocol;
use crate::reach::{Conn, Direction, IpRange, Reachability};

use crate::ui::reach::state::{MatrixEnd, ReachView};
use crate::ui::theme;

/// Drawn traffic per workload pair (source index, destination index): the intended ports.
pub type IntendedPairs = BTreeMap<(usize, usize), Vec<(u16, Protocol)>>;

const ROW_HEADER_WIDTH: f32 = 160.0;
const CELL_WIDTH: f32 = 76.0;
const ROW_HEIGHT: f32 = 22.0;
/// Destinations shown at most (rows are virtualised, columns are not).
const MAX_COLUMNS: usize = 150;

/// `all`, `TCP 80,443`, or `—`.
#[must_use]
pub fn conn_text(conn: &Conn) -> String {
    if conn.is_all() {
        "all".to_owned()
    } else if conn.is_empty() {
        "—".to_owned()
    } else {
        conn.to_string()
    }
}

/// One line for what a workload allows to or from external addresses: the union of the ranges'
/// connections, and how much of the address space it covers.
#[must_use]
pub fn external_text(ranges: &[(IpRange, &Conn)]) -> String {
    let union = ranges
        .iter()
        .fold(Conn::none(), |acc, (_, conn)| acc.union(conn));
    match ranges {
        [] => "—".to_owned(),
        [(range, _)] if range.first == 0 && range.last == u32::MAX => conn_text(&union),
        [_] => format!("{} (1 range)", conn_text(&union)),
        _ => format!("{} ({} ranges)", conn_text(&union), ranges.len()),
    }
}

/// How a cell compares with the drawn traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairState {
    /// Nothing allowed, nothing drawn.
    Closed,
    /// Allowed, and every drawn connection of the pair is allowed.
    Intended,
    /// Allowed, but nobody drew this traffic.
    OnlyAllowed,
    /// Some drawn traffic of the pair is denied.
    Blocked,
}

/// Compares what is allowed between two workloads with what was drawn.
#[must_use]
pub fn pair_state(conn: &Conn, intended: Option<&Vec<(u16, Protocol)>>) -> PairState {
    match intended {
        Some(ports) if ports.iter().any(|(p, proto)| !conn.allows(*p, *proto)) => {
            PairState::Blocked
        }
        Some(_) => PairState::Intended,
        None if conn.is_empty() => PairState::Closed,
        None => PairState::OnlyAllowed,
    }
}

/// Drawn traffic by workload pair, with the traffic of the design's Gateway API routes (it counts
/// as drawn).
#[must_use]
pub fn intended_pairs(
    reach: &Reachability,
    intents: &std::collections::BTreeSet<crate::model::TrafficIntent>,
) -> IntendedPairs {
    let mut pairs: IntendedPairs = BTreeMap::new();
    for intent in intents.iter().chain(reach.routed()) {
        if let (Some(src), Some(dst)) =
            (reach.workload_of(intent.from), reach.workload_of(intent.to))
        {
            pairs
                .entry((src, dst))
                .or_default()
                .push((intent.port, intent.protocol));
        }
    }
    pairs
}

fn cell_color(visuals: &egui::Visuals, state: PairState, conn: &Conn) -> Color32 {
    match state {
        PairState::Closed => visuals.weak_text_color(),
        PairState::Intended => theme::reach_color(visuals, theme::ReachEdge::Intended),
        PairState::Blocked => theme::reach_color(visuals, theme::ReachEdge::Blocked),
        PairState::OnlyAllowed if conn.is_all() => visuals.warn_fg_color,
        PairState::OnlyAllowed => visuals.text_color(),
    }
}

/// A column header written bottom to top, so many destinations fit side by side.
fn vertical_header(ui: &mut egui::Ui, text: &str, height: f32) {
    let (rect, response) = ui.allocate_exact_size(vec2(CELL_WIDTH, height), Sense::hover());
    let color = ui.visuals().strong_text_color();
    let mut job = egui::text::LayoutJob::simple_singleline(
        text.to_owned(),
        FontId::proportional(12.5),
        color,
    );
    job.wrap = egui::text::TextWrapping::truncate_at_width(height - 8.0);
    let galley = ui.painter().layout_job(job);
    let origin = egui::pos2(rect.center().x - galley.size().y / 2.0, rect.bottom() - 4.0);
    ui.painter().add(
        egui::epaint::TextShape::new(origin, galley, color)
            .with_angle(-std::f32::consts::FRAC_PI_2),
    );
    response.on_hover_text(text);
}

/// A row or column of the matrix.
struct Line {
    end: MatrixEnd,
    label: String,
    index: Option<usize>,
}

fn lines(reach: &Reachability, namespace: Option<&str>, short: bool) -> Vec<Line> {
    let mut list: Vec<Line> = reach
        .workloads()
        .iter()
        .enumerate()
        .filter(|(_, w)| namespace.is_none_or(|ns| w.namespace == ns))
        .map(|(i, w)| Line {
            end: MatrixEnd::Workload(w.id.clone()),
            label: if short { w.name.clone() } else { w.id.clone() },
            index: Some(i),
        })
        .collect();
    list.push(Line {
        end: MatrixEnd::External,
        label: "external addresses".to_owned(),
        index: None,
    });
    list
}

/// Draws the matrix; returns the cell the user clicked.
pub fn matrix_ui(
    ui: &mut egui::Ui,
    reach: &Reachability,
    intended: &IntendedPairs,
    view: &ReachView,
) -> Option<(MatrixEnd, MatrixEnd)> {
    let one_namespace = reach
        .workloads()
        .windows(2)
        .all(|w| w[0].namespace == w[1].namespace);
    let rows = lines(reach, view.from_namespace.as_deref(), one_namespace);
    let mut columns = lines(reach, view.to_namespace.as_deref(), one_namespace);
    // Every visible row draws every column: keep wide matrices affordable.
    if columns.len() > MAX_COLUMNS + 1 {
        let total = columns.len() - 1;
        let external = columns.pop();
        columns.truncate(MAX_COLUMNS);
        columns.extend(external);
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Showing the first {MAX_COLUMNS} of {total} destinations: choose a To namespace."
            ),
        );
    }
    let longest = columns
        .iter()
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(0);
    #[allow(clippy::cast_precision_loss)]
    let header_height = (longest as f32 * 7.0 + 14.0).clamp(40.0, 170.0);
    let mut clicked = None;
    egui::ScrollArea::horizontal()
        .id_salt("reach_matrix_h")
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("reach_matrix")
                .striped(true)
                .resizable(false)
                .vscroll(true)
                .auto_shrink([true, false])
                .column(Column::exact(ROW_HEADER_WIDTH))
                .columns(Column::exact(CELL_WIDTH), columns.len())
                .header(header_height, |mut header| {
                    header.col(|ui| {
                        ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
                            ui.weak("from \\ to");
                        });
                    });
                    for column in &columns {
                        header.col(|ui| vertical_header(ui, &column.label, header_height));
                    }
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                        let Some(source) = rows.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            let text = if source.index.is_none() {
                                RichText::new(&source.label).italics()
                            } else {
                                RichText::new(&source.label).strong()
                            };
                            ui.add(egui::Label::new(text).truncate())
                                .on_hover_text(&source.label);
                        });
                        for column in &columns {
                            row.col(|ui| {
                                if let Some(cell) =
                                    cell_ui(ui, reach, intended, view, source, column)
                                {
                                    clicked = Some(cell);
                                }
                            });
                        }
                    });
                });
        });
    clicked
}

fn cell_ui(
    ui: &mut egui::Ui,
    reach: &Reachability,
    intended: &IntendedPairs,
    view: &ReachView,
    source: &Line,
    destination: &Line,
) -> Option<(MatrixEnd, MatrixEnd)> {
    let visuals = ui.visuals().clone();
    let (text, color, tip) = match (source.index, destination.index) {
        (Some(s), Some(d)) if s == d => {
            ui.weak("·")
                .on_hover_text("A workload's own pods: not analysed");
            return None;
        }
        (Some(s), Some(d)) => {
            let conn = reach.conn(s, d);
            let drawn = intended.get(&(s, d));
            let state = pair_state(conn, drawn);
            let text = if state == PairState::Blocked {
                let denied: Vec<String> = drawn
                    .into_iter()
                    .flatten()
                    .filter(|(port, protocol)| !conn.allows(*port, *protocol))
                    .map(|(port, protocol)| format!("{} {port}", protocol.as_str()))
                    .collect();
                // Struck through: these drawn ports are not allowed.
                denied.join(",")
            } else {
                conn_text(conn)
            };
            let tip = match state {
                PairState::Intended => "Drawn traffic, allowed",
                PairState::Blocked => "Drawn traffic that the policies deny",
                PairState::OnlyAllowed => "Allowed, but no traffic is drawn",
                PairState::Closed => "Nothing allowed",
            };
            (text, cell_color(&visuals, state, conn), tip)
        }
        (Some(s), None) => {
            let ranges = reach.external(s, Direction::Egress);
            (
                external_text(&ranges),
                visuals.text_color(),
                "To external addresses",
            )
        }
        (None, Some(d)) => {
            let ranges = reach.external(d, Direction::Ingress);
            (
                external_text(&ranges),
                visuals.text_color(),
                "From external addresses",
            )
        }
        (None, None) => return None,
    };
    let cell = (source.end.clone(), destination.end.clone());
    let selected = view.cell.as_ref() == Some(&cell);
    let denied = tip.starts_with("Drawn traffic that");
    let verdict = if denied { "denied " } else { "" };
    let name = format!("{} to {}: {verdict}{text}", source.label, destination.label);
    let mut rich = RichText::new(&text).color(color).size(12.0);
    if denied {
        rich = rich.strikethrough();
    }
    let response = ui
        .add(
            egui::Button::selectable(selected, rich)
                .truncate()
                .stroke(Stroke::NONE),
        )
        .on_hover_ui(|ui| {
            ui.label(format!("{name}\n{tip}. Click for why."));
            // With cluster policies, which tier decided each side (asked only while hovered).
            if let (Some(s), Some(d)) = (source.index, destination.index)
                && reach.tier_policies().next().is_some()
                && let Some(why) = crate::ui::reach::state::explain_pair(reach, (s, d))
            {
                ui.label(format!(
                    "Egress decided by {}; ingress by {}.",
                    why.egress.decided_by(),
                    why.ingress.decided_by()
                ));
            }
        });
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &name));
    response.clicked().then_some(cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reach::PortSet;

    #[test]
    fn cells_say_all_ports_or_dash() {
        assert_eq!(conn_text(&Conn::all()), "all");
        assert_eq!(conn_text(&Conn::none()), "—");
        let web = Conn::of(Protocol::Tcp, PortSet::from_ranges([(80, 80), (443, 443)]));
        assert_eq!(conn_text(&web), "TCP 80,443");
    }

    #[test]
    fn external_summary_counts_partial_ranges() {
        let all = Conn::all();
        let everything = IpRange {
            first: 0,
            last: u32::MAX,
        };
        assert_eq!(external_text(&[(everything, &all)]), "all");
        let part = IpRange {
            first: 10,
            last: 20,
        };
        let dns = Conn::of(Protocol::Udp, PortSet::single(53));
        assert_eq!(external_text(&[(part, &dns)]), "UDP 53 (1 range)");
        assert_eq!(external_text(&[]), "—");
    }

    #[test]
    fn pair_state_compares_with_drawn_traffic() {
        let web = Conn::of(Protocol::Tcp, PortSet::single(80));
        assert_eq!(pair_state(&web, None), PairState::OnlyAllowed);
        assert_eq!(pair_state(&Conn::none(), None), PairState::Closed);
        assert_eq!(
            pair_state(&web, Some(&vec![(80, Protocol::Tcp)])),
            PairState::Intended
        );
        assert_eq!(
            pair_state(&web, Some(&vec![(80, Protocol::Tcp), (443, Protocol::Tcp)])),
            PairState::Blocked
        );
    }
}
