//! The canvas room's own interaction state, and the borrows it draws with besides the
//! [`RoomCtx`](crate::ui::shell::room::RoomCtx): the camera it moves and the derived data it
//! paints. The app owns them; the canvas gets nothing else of the app.

use std::collections::BTreeMap;

use egui::Vec2;
use egui::emath::TSTransform;

use crate::document::history::Gesture;
use crate::model::ObjectId;
use crate::ui::canvas::cache::CanvasCache;
use crate::ui::canvas::connect::{ConnectDrag, PortChoice};
use crate::ui::canvas::namespace_edit::NamespaceRename;
use crate::ui::canvas::overlay::{NodeBadge, OverlayEdge};
use crate::ui::canvas::palette::PaletteItem;
use crate::ui::reach::state::ReachView;

/// A node drag in progress: where the dragged objects started and how far they moved.
#[derive(Debug)]
pub(crate) struct DragState {
    pub gesture: Gesture,
    pub origins: Vec<(ObjectId, crate::document::Point)>,
    pub delta: Vec2,
    /// A namespace frame moved (or, with `resize`, resized) by this drag, and its stored rectangle.
    pub frame: Option<(String, Option<crate::document::Rect>)>,
    /// Whether the frame's bottom-right corner is dragged (resize) rather than its title (move).
    pub resize: bool,
}

/// What only the canvas and its palette and questions use: gestures in progress and the
/// questions they lead to.
#[derive(Debug, Default)]
pub(crate) struct CanvasState {
    /// A node or frame drag in progress.
    pub drag: Option<DragState>,
    /// A palette item being dragged onto the canvas.
    pub palette_drag: Option<PaletteItem>,
    /// A connection being dragged from a node's handle.
    pub connecting: Option<ConnectDrag>,
    /// After StatefulSet→Service: the Service the app offers to make headless.
    pub headless_offer: Option<ObjectId>,
    /// A connection asking which of the target's ports it is about.
    pub port_choice: Option<PortChoice>,
    /// The namespace a palette click would place into, while a palette button is hovered.
    pub palette_target: Option<String>,
    /// A namespace whose deletion (with its objects) waits for the designer's answer.
    pub namespace_delete: Option<String>,
    /// A namespace being renamed.
    pub namespace_rename: Option<NamespaceRename>,
    /// An object being renamed in place: id, the text so far, whether the field got focus.
    pub renaming: Option<(ObjectId, String, bool)>,
    /// A selection rectangle being dragged (canvas units: start, current).
    pub rubber_band: Option<(egui::Pos2, egui::Pos2)>,
}

/// The camera the canvas moves: the app's view fields, borrowed one by one because the
/// selection beside them is read through the room context.
pub(crate) struct CanvasCamera<'a> {
    /// The visible part of the canvas, in canvas units.
    pub scene_rect: &'a mut egui::Rect,
    /// Fit the whole design into view on the next frame.
    pub fit_pending: &'a mut bool,
    /// Scene-to-screen zoom of the last frame.
    pub zoom: &'a mut f32,
    /// Canvas-to-screen transform of the last frame.
    pub canvas_to_screen: &'a mut Option<TSTransform>,
    /// The screen rectangle of the canvas in the last frame.
    pub screen_rect: &'a mut egui::Rect,
}

/// What the canvas paints but does not compute: drawing data of the revision, the rules'
/// badges, the overlays' edges and the reachability evaluation.
#[derive(Clone, Copy)]
pub(crate) struct CanvasData<'a> {
    /// Relations, frames and subtitles of the current revision.
    pub cache: &'a CanvasCache,
    /// Badges drawn on nodes (the first per node).
    pub node_badges: &'a BTreeMap<ObjectId, NodeBadge>,
    /// Extra edges drawn over the relations, by layer.
    pub edge_layers: &'a BTreeMap<String, Vec<OverlayEdge>>,
    /// The reachability overlay's flags and evaluation.
    pub reach: &'a ReachView,
}

/// A screen point in canvas units, through the transform of a drawn canvas.
pub(crate) fn screen_to_canvas(
    transform: Option<TSTransform>,
    pos: egui::Pos2,
) -> Option<crate::document::Point> {
    let p = transform?.inverse() * pos;
    Some(crate::document::Point::new(p.x, p.y))
}
