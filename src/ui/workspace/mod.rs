//! The workspace: the rooms (canvas, object list, inspector, YAML, problems, matrix, Why) as
//! `egui_tiles` tiles that can be split, tabbed, resized and rearranged by dragging their tabs.
//! The layout is saved between runs; View > Reset layout brings the default back.
//!
//! Which rooms are open is the app's view state (the problems panel flag, the reachability panel
//! flag); the workspace only mirrors it into tile visibility every frame, so menus, shortcuts and
//! tab close buttons all change the same flag.

mod rooms;

use egui_tiles::{Container, LinearDir, Tile, TileId, Tiles, Tree};
use serde::{Deserialize, Serialize};

pub(crate) use rooms::Rooms;

/// The eframe storage key of the saved layout.
pub const LAYOUT_KEY: &str = "workspace_layout";

/// The canvas keeps at least this much of the window (in points) whatever else is open.
pub const MIN_CANVAS_WIDTH: f32 = 420.0;
pub const MIN_CANVAS_HEIGHT: f32 = 300.0;

/// One room of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pane {
    Canvas,
    Objects,
    Inspector,
    Yaml,
    Problems,
    Matrix,
    Why,
    /// The environment compare view.
    Environments,
}

impl Pane {
    /// Every room, in the order of the View > Panels menu.
    pub const ALL: [Pane; 8] = [
        Pane::Canvas,
        Pane::Objects,
        Pane::Inspector,
        Pane::Yaml,
        Pane::Problems,
        Pane::Matrix,
        Pane::Why,
        Pane::Environments,
    ];

    /// The tab title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Pane::Canvas => "Canvas",
            Pane::Objects => "Objects",
            Pane::Inspector => "Inspector",
            Pane::Yaml => "Manifests",
            Pane::Problems => "Problems",
            Pane::Matrix => "Reachability",
            Pane::Why => "Why",
            Pane::Environments => "Environments",
        }
    }
}

/// The tiled workspace.
#[derive(Debug, Serialize, Deserialize)]
pub struct Workspace {
    tree: Tree<Pane>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    /// The default layout: the object list, the canvas and the inspector (with the YAML preview
    /// behind it) side by side; under them, across the whole width, the problems and matrix tabs
    /// with Why beside them (shown while open).
    #[must_use]
    pub fn new() -> Self {
        let mut tiles = Tiles::default();
        let objects = tiles.insert_pane(Pane::Objects);
        let canvas = tiles.insert_pane(Pane::Canvas);
        let problems = tiles.insert_pane(Pane::Problems);
        let matrix = tiles.insert_pane(Pane::Matrix);
        let why = tiles.insert_pane(Pane::Why);
        let environments = tiles.insert_pane(Pane::Environments);
        let inspector = tiles.insert_pane(Pane::Inspector);
        let yaml = tiles.insert_pane(Pane::Yaml);
        let objects_tabs = tiles.insert_tab_tile(vec![objects]);
        let canvas_tabs = tiles.insert_tab_tile(vec![canvas]);
        let right = tiles.insert_tab_tile(vec![inspector, yaml]);
        let mut top = egui_tiles::Linear::new(
            LinearDir::Horizontal,
            vec![objects_tabs, canvas_tabs, right],
        );
        top.shares.set_share(objects_tabs, 0.16);
        top.shares.set_share(canvas_tabs, 0.54);
        top.shares.set_share(right, 0.30);
        let top = tiles.insert_container(top);
        let findings = tiles.insert_tab_tile(vec![problems, matrix, environments]);
        let why_tabs = tiles.insert_tab_tile(vec![why]);
        let bottom = tiles.insert_container(egui_tiles::Linear::new_binary(
            LinearDir::Horizontal,
            [findings, why_tabs],
            0.62,
        ));
        let root = tiles.insert_container(egui_tiles::Linear::new_binary(
            LinearDir::Vertical,
            [top, bottom],
            0.56,
        ));
        Workspace {
            tree: Tree::new(egui::Id::unique("workspace"), root, tiles),
        }
    }

    /// An empty workspace, held in the app's place while the real one is drawing.
    #[must_use]
    pub fn placeholder() -> Self {
        Workspace {
            tree: Tree::empty(egui::Id::unique("workspace_placeholder")),
        }
    }

    /// A saved layout, or `None` when it cannot be read or lacks a room (a layout from another
    /// version): the caller then uses the default.
    #[must_use]
    pub fn from_saved(text: &str) -> Option<Self> {
        let workspace: Workspace = serde_json::from_str(text).ok()?;
        Pane::ALL
            .iter()
            .all(|pane| workspace.tree.tiles.find_pane(pane).is_some())
            .then_some(workspace)
    }

    /// The layout as saved between runs.
    #[must_use]
    pub fn to_saved(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }

    fn tile_of(&self, pane: Pane) -> Option<TileId> {
        self.tree.tiles.find_pane(&pane)
    }

    /// Whether `pane` has a place in the layout now (open, though maybe behind another tab).
    #[must_use]
    pub fn is_open(&self, pane: Pane) -> bool {
        self.tile_of(pane).is_some_and(|t| self.tree.is_visible(t))
    }

    /// Whether `pane` is drawn this frame (open and its tab in front).
    #[must_use]
    pub fn is_shown(&self, pane: Pane) -> bool {
        self.tile_of(pane)
            .is_some_and(|t| self.tree.active_tiles().contains(&t))
    }

    /// Opens or closes `pane` (its place in the layout is kept while closed).
    pub fn set_open(&mut self, pane: Pane, open: bool) {
        if let Some(tile) = self.tile_of(pane)
            && self.tree.is_visible(tile) != open
        {
            self.tree.set_visible(tile, open);
            if open {
                self.bring_to_front(pane);
            }
        }
    }

    /// Brings `pane`'s tab to the front of its tab group.
    pub fn bring_to_front(&mut self, pane: Pane) {
        let Some(tile) = self.tile_of(pane) else {
            return;
        };
        self.tree.make_active(|id, _| id == tile);
    }

    /// Draws the workspace; `rooms` draws each pane.
    pub(crate) fn ui(&mut self, rooms: &mut Rooms<'_>, ui: &mut egui::Ui) {
        self.tree.ui(rooms, ui);
        self.keep_canvas_usable();
    }

    /// The screen rectangle of `pane` in the last frame.
    #[must_use]
    pub fn rect(&self, pane: Pane) -> Option<egui::Rect> {
        self.tile_of(pane).and_then(|t| self.tree.tiles.rect(t))
    }

    /// Grows the canvas's branch of every split above it back to the minimum size when opening
    /// panels (or dragging a divider) squeezed it: the canvas is where the work happens.
    fn keep_canvas_usable(&mut self) {
        let Some(mut child) = self.tile_of(Pane::Canvas) else {
            return;
        };
        while let Some(parent) = self.tree.tiles.parent_of(child) {
            let (Some(child_rect), Some(parent_rect)) =
                (self.tree.tiles.rect(child), self.tree.tiles.rect(parent))
            else {
                return;
            };
            let visible: Vec<TileId> = match self.tree.tiles.get(parent) {
                Some(Tile::Container(container)) => container
                    .children()
                    .copied()
                    .filter(|&c| c != child && self.tree.tiles.is_visible_in_layout(c))
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(Tile::Container(Container::Linear(linear))) =
                self.tree.tiles.get_mut(parent)
            {
                let (have, total, min) = match linear.dir {
                    LinearDir::Horizontal => {
                        (child_rect.width(), parent_rect.width(), MIN_CANVAS_WIDTH)
                    }
                    LinearDir::Vertical => {
                        (child_rect.height(), parent_rect.height(), MIN_CANVAS_HEIGHT)
                    }
                };
                // Only when the whole split can give the minimum and still leave room for others.
                let others: f32 = visible.iter().map(|&c| linear.shares[c]).sum();
                if have + 1.0 < min && total > min * 1.25 && others > 0.0 {
                    linear.shares.set_share(child, others * min / (total - min));
                }
            }
            child = parent;
        }
    }
}
