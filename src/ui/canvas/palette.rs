//! The palette: adds each editable kind and namespace frames, by click (at the view centre, inside
//! the namespace in focus) or by dragging onto the canvas (where it is dropped).

use egui::Color32;

use crate::document::{self, NODE_HEIGHT, NODE_WIDTH, Point};
use crate::model::Kind;

use crate::ui::theme;

/// Something the palette places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaletteItem {
    Object(Kind),
    Namespace,
}

impl PaletteItem {
    /// Palette order: traffic flows left to right (Gateway → HTTPRoute, or Ingress → Service →
    /// workloads), then policies.
    /// (the cluster tier last: it goes to the cluster band, not into a namespace).
    pub const ALL: [PaletteItem; 9] = [
        PaletteItem::Namespace,
        PaletteItem::Object(Kind::Gateway),
        PaletteItem::Object(Kind::HttpRoute),
        PaletteItem::Object(Kind::Ingress),
        PaletteItem::Object(Kind::Service),
        PaletteItem::Object(Kind::Deployment),
        PaletteItem::Object(Kind::StatefulSet),
        PaletteItem::Object(Kind::NetworkPolicy),
        PaletteItem::Object(Kind::ClusterNetworkPolicy),
    ];

    /// Placed from the command palette only (the strip keeps to the common kinds).
    pub const MORE: [PaletteItem; 1] = [PaletteItem::Object(Kind::GrpcRoute)];

    pub(crate) fn name(self) -> &'static str {
        match self {
            PaletteItem::Object(kind) => kind.as_str(),
            PaletteItem::Namespace => "Namespace",
        }
    }

    pub(crate) fn color(self) -> Color32 {
        match self {
            PaletteItem::Object(kind) => theme::kind_color(kind),
            PaletteItem::Namespace => Color32::from_rgb(0x70, 0x78, 0x88),
        }
    }
}

/// The namespace the first palette object of a design without namespaces creates.
pub(crate) const FIRST_NAMESPACE: &str = "app";
/// Size of a new namespace frame, in canvas units.
pub(crate) const NEW_FRAME_SIZE: (f32, f32) = (560.0, 240.0);
/// Vertical step when looking for a free spot for a new node.
const FREE_SPOT_STEP: f32 = NODE_HEIGHT + 24.0;

pub(crate) fn snap(value: f32) -> f32 {
    (value / 10.0).round() * 10.0
}

fn overlaps_any(doc: &document::Document, rect: document::Rect) -> bool {
    doc.model
        .objects()
        .any(|(id, _)| rect.intersects(doc.node_rect(id)))
}

/// Where a new namespace frame of `size` goes: at `preferred` when that covers no frame and no
/// node (a frame drawn over another namespace's objects would look as if it held them), else to
/// the right of everything drawn, top-aligned with it.
pub(crate) fn free_frame_spot(
    doc: &document::Document,
    preferred: Point,
    size: (f32, f32),
) -> document::Rect {
    let wanted = document::Rect::from_min_size(
        Point::new(snap(preferred.x), snap(preferred.y)),
        size.0,
        size.1,
    );
    let taken = doc
        .model
        .all_namespace_names()
        .iter()
        .filter_map(|ns| doc.frame_rect(ns))
        .any(|frame| frame.intersects(wanted.expand(20.0)))
        || overlaps_any(doc, wanted);
    match doc.bounds() {
        Some(bounds) if taken => document::Rect::from_min_size(
            Point::new(snap(bounds.max.x + 80.0), snap(bounds.min.y)),
            size.0,
            size.1,
        ),
        _ => wanted,
    }
}

/// The first spot at or below `start` where a node overlaps no other node.
pub(crate) fn free_spot(doc: &document::Document, start: Point) -> Point {
    let mut at = Point::new(snap(start.x), snap(start.y));
    for _ in 0..400 {
        if !overlaps_any(
            doc,
            document::Rect::from_min_size(at, NODE_WIDTH, NODE_HEIGHT),
        ) {
            break;
        }
        at.y += FREE_SPOT_STEP;
    }
    at
}
