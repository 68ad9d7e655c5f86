//! What the overlay shows of the cluster tiers on an arrow: the tier that decided the pair (a dot
//! of its colour, and its name in the label), as the engine's explanation says.

use egui::{Pos2, Stroke};

use crate::ui::reach::matrix::{PairState, conn_text};
use crate::ui::theme;

/// An arrow's label: what is allowed, or which drawn ports are denied; and the tier that
/// decided, if a cluster tier did.
pub(super) fn pair_label(
    reach: &crate::reach::Reachability,
    intended: &crate::ui::reach::matrix::IntendedPairs,
    state: PairState,
    (s, d): (usize, usize),
    tier: Option<crate::reach::tiers::Tier>,
) -> String {
    let text = match state {
        PairState::Blocked => {
            let conn = reach.conn(s, d);
            let denied: Vec<String> = intended
                .get(&(s, d))
                .into_iter()
                .flatten()
                .filter(|(port, protocol)| !conn.allows(*port, *protocol))
                .map(|(port, protocol)| format!("{} {port}", protocol.as_str()))
                .collect();
            format!("denied: {}", denied.join(", "))
        }
        _ => conn_text(reach.conn(s, d)),
    };
    match tier {
        Some(tier) => format!("{text} · {} tier", tier.as_str()),
        None => text,
    }
}

/// The cluster tier that decided a drawn pair, if one did: from the evaluation, or (blocked drawn
/// traffic is not among its pairs) asked of the engine, for the few there are.
pub(super) fn pair_tier(
    evaluation: &crate::ui::reach::state::Evaluation,
    state: PairState,
    pair: (usize, usize),
) -> Option<crate::reach::tiers::Tier> {
    match state {
        PairState::Blocked if evaluation.reach.tier_policies().next().is_some() => {
            crate::ui::reach::state::deciding_tier(&evaluation.reach, pair)
        }
        _ => evaluation.tiers.get(&pair).copied(),
    }
}

/// A dot of the deciding tier's colour a quarter along the arrow (its label names the tier).
pub(super) fn paint_tier_dot(
    painter: &egui::Painter,
    visuals: &egui::Visuals,
    points: &[Pos2],
    tier: Option<crate::reach::tiers::Tier>,
    zoom: f32,
) {
    if let Some(tier) = tier
        && let Some(at) = points.get(points.len() / 4)
    {
        let radius = (5.0 / zoom.max(0.3)).min(12.0);
        painter.circle(
            *at,
            radius,
            theme::tier_color(tier),
            Stroke::new(1.0, visuals.extreme_bg_color),
        );
    }
}
