//! What the canvas would otherwise recompute every frame, computed once per edit: the derived
//! relations in drawing order, namespace frames, node subtitles and the object list's rows.

use std::collections::BTreeMap;

use egui::Rect;

use crate::model::{ObjectId, Relation};

use crate::document::Document;
use crate::ui::canvas::node::node_subtitle;
use crate::ui::canvas::view::to_egui_rect;

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
    /// The band of the cluster-scoped objects above the frames.
    pub cluster_band: Option<Rect>,
    pub subtitles: BTreeMap<ObjectId, String>,
    pub rows: Vec<ListRow>,
}

impl CanvasCache {
    /// Recomputes the cache when the document changed since it was built (`revision` is the
    /// document's).
    pub(crate) fn refresh(&mut self, doc: &Document, revision: u64) {
        if self.revision == Some(revision) {
            return;
        }
        let model = &doc.model;
        let relations = model.relations();
        let frames = model
            .all_namespace_names()
            .into_iter()
            .filter_map(|ns| doc.frame_rect(&ns).map(|r| (ns, to_egui_rect(r))))
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
        *self = CanvasCache {
            revision: Some(revision),
            relations,
            frames,
            cluster_band: doc.cluster_band_rect().map(to_egui_rect),
            subtitles,
            rows,
        };
    }
}
