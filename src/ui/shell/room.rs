//! The small context a room draws with: what it reads of the document and the selection, and
//! where it sends what the user asked for. A room that takes this (and its own view state)
//! instead of the whole app cannot reach into other rooms' state or change the document behind
//! the frame's back.

use std::collections::BTreeSet;
use std::path::Path;

use crate::document::Document;
use crate::document::history::Gesture;
use crate::model::ObjectId;
use crate::ui::canvas::state::{CanvasCamera, CanvasData, CanvasState};
use crate::ui::shell::app::{KubedraftApp, Request, shown};

/// What a room may read and where its requests go; built fresh for each room each frame.
pub(crate) struct RoomCtx<'a> {
    /// The design as of this frame as the rooms show it: the effective design of the chosen
    /// environment, if any (read-only: edits go through `requests`).
    pub doc: &'a Document,
    /// The whole design with its environments (what is saved); the same as `doc` in the base.
    pub design: &'a Document,
    /// The environment shown (`None`: the base). Edits made in the rooms are written to it.
    pub env: Option<&'a str>,
    /// The document revision, which room caches key on.
    pub revision: u64,
    /// The selected objects.
    pub selection: &'a BTreeSet<ObjectId>,
    /// Whether the dark theme is on (colours that must read on either background).
    pub dark: bool,
    /// Whether the design has changes that are not saved.
    pub dirty: bool,
    /// The namespace frame the user clicked (new objects go into it), if any.
    pub selected_namespace: Option<&'a str>,
    /// The design's name as the title bar shows it.
    pub design_name: &'a str,
    /// The design file Save writes to (`None`: not saved yet).
    pub design_path: Option<&'a Path>,
    /// What the room asked for; the app applies it at the start of the next frame.
    pub requests: &'a mut Vec<Request>,
    /// The app's gesture counter: undo steps are merged by gesture, so every room must draw its
    /// ids from the one sequence the canvas uses too.
    next_gesture: &'a mut u64,
}

impl RoomCtx<'_> {
    /// The gesture id [`Self::new_gesture`] hands out next (a drag that may start this frame
    /// names its edits with it before knowing whether it starts).
    pub(crate) fn peek_gesture(&self) -> Gesture {
        Gesture(*self.next_gesture + 1)
    }

    /// Queues a request for the app to apply at the start of the next frame.
    pub(crate) fn request(&mut self, request: Request) {
        self.requests.push(request);
    }

    /// A gesture id no edit has used yet (commands sent with it form one undo step).
    pub(crate) fn new_gesture(&mut self) -> Gesture {
        *self.next_gesture += 1;
        Gesture(*self.next_gesture)
    }
}

/// The rooms' own view states, borrowed beside a [`RoomCtx`] (each room takes only its own).
pub(crate) struct RoomStates<'a> {
    /// The object list's folded namespaces.
    pub objects_list: &'a mut crate::ui::inspector::panel::ObjectsList,
    /// The object list's rows of the last cache refresh.
    pub list_rows: &'a [crate::ui::canvas::cache::ListRow],
    /// The manifests room's rendered text.
    pub yaml_pane: &'a mut crate::ui::inspector::yaml_pane::YamlPane,
    /// The findings and the problems room's filters.
    pub problems: &'a mut crate::ui::problems::state::ProblemsView,
    /// The reachability evaluation and the matrix and Why rooms' choices.
    pub reach: &'a mut crate::ui::reach::state::ReachView,
    /// The inspector's tab, YAML drafts and field gesture.
    pub inspector: &'a mut crate::ui::inspector::state::InspectorState,
    /// The environment compare room's rows.
    pub compare: &'a mut crate::ui::environments::CompareCache,
}

/// The canvas room's parts: the context, its own state, the camera it moves and the derived
/// data it paints.
pub(crate) type CanvasParts<'a> = (
    RoomCtx<'a>,
    &'a mut CanvasState,
    CanvasCamera<'a>,
    CanvasData<'a>,
);

impl KubedraftApp {
    /// Splits the app for the canvas room (and the palette and questions that belong to it):
    /// the canvas cache is brought up to date first.
    pub(crate) fn canvas_parts(&mut self) -> CanvasParts<'_> {
        self.refresh_env_view();
        let doc = shown(&self.doc, self.env_view.as_ref());
        self.canvas_cache.refresh(doc, self.revision);
        let ctx = RoomCtx {
            doc,
            design: &self.doc,
            env: self.env.as_deref(),
            revision: self.revision,
            selection: &self.view.selection,
            dark: self.view.dark,
            dirty: self.history.is_dirty(),
            selected_namespace: self.view.selected_namespace.as_deref(),
            design_name: &self.design_name,
            design_path: self.path.as_deref(),
            requests: &mut self.requests,
            next_gesture: &mut self.next_gesture,
        };
        let camera = CanvasCamera {
            scene_rect: &mut self.view.scene_rect,
            fit_pending: &mut self.view.fit_pending,
            zoom: &mut self.view.zoom,
            canvas_to_screen: &mut self.view.canvas_to_screen,
            screen_rect: &mut self.view.canvas_screen_rect,
        };
        let data = CanvasData {
            cache: &self.canvas_cache,
            node_badges: &self.node_badges,
            edge_layers: &self.edge_layers,
            reach: &self.reach,
        };
        (ctx, &mut self.canvas, camera, data)
    }

    /// Splits the app into the context every room reads and the rooms' own states, so a room
    /// drawn with them borrows nothing else of the app.
    pub(crate) fn room_parts(&mut self) -> (RoomCtx<'_>, RoomStates<'_>) {
        self.refresh_env_view();
        let ctx = RoomCtx {
            doc: shown(&self.doc, self.env_view.as_ref()),
            design: &self.doc,
            env: self.env.as_deref(),
            revision: self.revision,
            selection: &self.view.selection,
            dark: self.view.dark,
            dirty: self.history.is_dirty(),
            selected_namespace: self.view.selected_namespace.as_deref(),
            design_name: &self.design_name,
            design_path: self.path.as_deref(),
            requests: &mut self.requests,
            next_gesture: &mut self.next_gesture,
        };
        let states = RoomStates {
            objects_list: &mut self.objects_list,
            list_rows: &self.canvas_cache.rows,
            yaml_pane: &mut self.yaml_pane,
            problems: &mut self.problems,
            reach: &mut self.reach,
            inspector: &mut self.inspector,
            compare: &mut self.compare_cache,
        };
        (ctx, states)
    }
}
