//! Extra edge layers drawn over the derived relations: traffic intents, and whatever an overlay
//! (reachability, rule findings) wants to show between two objects.

use egui::Color32;

use crate::model::ObjectId;

/// One extra edge between two objects.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlayEdge {
    pub from: ObjectId,
    pub to: ObjectId,
    pub color: Color32,
    pub dashed: bool,
    /// Drawn at the middle of the edge (a port, a verdict).
    pub label: Option<String>,
}

/// A marker on a node's top-right corner (rule findings: count and worst severity's colour).
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBadge {
    pub color: Color32,
    /// Short text inside the badge ("3", "!").
    pub text: String,
    /// Shown when the pointer rests on the node.
    pub tooltip: String,
}
