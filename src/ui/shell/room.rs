//! The small context a room draws with: what it reads of the document and the selection, and
//! where it sends what the user asked for. A room that takes this (and its own view state)
//! instead of the whole app cannot reach into other rooms' state or change the document behind
//! the frame's back.

use std::collections::BTreeSet;
use std::path::Path;

use crate::document::Document;
use crate::document::history::Gesture;
use crate::model::ObjectId;
use crate::ui::shell::app::{KubedraftApp, Request};

/// What a room may read and where its requests go; built fresh for each room each frame.
pub(crate) struct RoomCtx<'a> {
    /// The design as of this frame (read-only: edits go through `requests`).
    pub doc: &'a Document,
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
}

impl KubedraftApp {
    /// Splits the app into the context every room reads and the rooms' own states, so a room
    /// drawn with them borrows nothing else of the app.
    pub(crate) fn room_parts(&mut self) -> (RoomCtx<'_>, RoomStates<'_>) {
        let ctx = RoomCtx {
            doc: &self.doc,
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
        };
        (ctx, states)
    }
}
