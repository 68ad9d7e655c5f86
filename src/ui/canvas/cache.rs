//! What the canvas would otherwise recompute every frame, computed once per edit: the derived
//! relations in drawing order, namespace frames, node subtitles and the object list's rows.

use std::collections::BTreeMap;

use egui::Rect;

use crate::model::{ObjectId, Relation};

use crate::ui::canvas::node::node_subtitle;
use crate::ui::canvas::view::to_egui_rect;
use crate::ui::shell::app::KubedraftApp;

/// One row of the object list: a namespace heading or an object.
#[derive(Clone, Debug)]
pub enum ListRow {
    Namespace(String),
    Object(ObjectId, String),
    Empty,
}

/// Drawing data of one document revision.
#[derive(Debug, Default)]
pub struct CanvasCache {
    pub revision: Option<u64>,
    pub relations: Vec<(ObjectId, ObjectId, Relation)>,
    pub frames: Vec<(String, Rect)>,
    pub subtitles: BTreeMap<ObjectId, String>,
    pub rows: Vec<ListRow>,
}

impl KubedraftApp {
    /// Recomputes the cache when the document changed since it was built.
    pub(crate) fn refresh_canvas_cache(&mut self) {
        if self.canvas_cache.revision == Some(self.revision) {
            return;
        }
        let model = &self.doc.model;
        let relations = model.relations();
        let frames = model
            .all_namespace_names()
            .into_iter()
            .filter_map(|ns| self.doc.frame_rect(&ns).map(|r| (ns, to_egui_rect(r))))
            .collect();
        let subtitles = model
            .objects()
            .map(|(id, object)| (id, node_subtitle(object)))
            .collect();
        let mut groups: BTreeMap<String, Vec<ListRow>> = BTreeMap::new();
        for (id, object) in model.objects_sorted() {
            let group = object
                .effective_namespace()
                .map_or_else(|| "(cluster)".to_owned(), str::to_owned);
            groups.entry(group).or_default().push(ListRow::Object(
                id,
                format!("{} · {}", object.name(), object.kind_name()),
            ));
        }
        for namespace in model.namespaces().keys() {
            groups.entry(namespace.clone()).or_default();
        }
        let mut rows = Vec::new();
        for (namespace, mut objects) in groups {
            rows.push(ListRow::Namespace(namespace));
            if objects.is_empty() {
                objects.push(ListRow::Empty);
            }
            rows.extend(objects);
        }
        self.canvas_cache = CanvasCache {
            revision: Some(self.revision),
            relations,
            frames,
            subtitles,
            rows,
        };
    }
}
