//! The document: what is saved, undone and checked. Model plus canvas layout.
//!
//! View state (selection, hover, zoom, open panels) lives in the UI, never here.

pub mod command;
pub mod connect;
mod connect_other;
mod connect_route;
pub mod convert_ingress;
pub mod deployed;
pub mod env_command;
pub mod env_edit;
pub mod environments;
pub mod history;
pub mod immutable;
pub mod layout;
pub mod namespace_refs;
pub mod new_object;
pub mod pointer;
pub mod refactor;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{Model, ObjectId, TrafficIntent};

pub use command::{Command, EditError};
pub use deployed::{Deployed, Origin};
pub use env_command::EnvCommand;
pub use environments::{EnvError, EnvProblem, Environment, Environments, ObjectKey};
pub use history::History;

/// A point on the canvas, in canvas units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    #[must_use]
    pub const fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }
}

/// An axis-aligned rectangle on the canvas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub min: Point,
    pub max: Point,
}

impl Rect {
    #[must_use]
    pub fn from_min_size(min: Point, width: f32, height: f32) -> Self {
        Rect {
            min,
            max: Point::new(min.x + width, min.y + height),
        }
    }

    #[must_use]
    pub fn union(self, other: Rect) -> Rect {
        Rect {
            min: Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }

    /// Whether the two overlap (touching edges do not).
    #[must_use]
    pub fn intersects(self, other: Rect) -> bool {
        self.min.x < other.max.x
            && self.max.x > other.min.x
            && self.min.y < other.max.y
            && self.max.y > other.min.y
    }

    #[must_use]
    pub fn contains(self, p: Point) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    #[must_use]
    pub fn expand(self, by: f32) -> Rect {
        Rect {
            min: Point::new(self.min.x - by, self.min.y - by),
            max: Point::new(self.max.x + by, self.max.y + by),
        }
    }
}

/// Where things are drawn: object positions (top-left corner of the node) and namespace frames.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub positions: BTreeMap<ObjectId, Point>,
    pub frames: BTreeMap<String, Rect>,
}

/// Size of an object node on the canvas (layout spacing depends on it, so it lives in the core).
pub const NODE_WIDTH: f32 = 190.0;
pub const NODE_HEIGHT: f32 = 58.0;
/// Space between a namespace frame's edge and its objects (the title sits in it).
pub const FRAME_PADDING: f32 = 28.0;

/// A design: model, layout and the design-level settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub model: Model,
    pub layout: Layout,
    /// A complete design names every object it relies on; imported manifests are not complete.
    pub complete: bool,
    /// Traffic the designer drew between workloads (both ends are objects of `model`).
    pub intents: BTreeSet<TrafficIntent>,
    /// Immutable fields of the workloads as last imported or exported (K8S-API-010 compares
    /// with them). Changed by import and export only, not by commands.
    pub deployed: Deployed,
    /// Named variants of the design (dev, staging, prod): see [`environments`].
    pub environments: Environments,
}

impl Document {
    /// An empty design, complete (made in the app).
    #[must_use]
    pub fn new() -> Self {
        Document {
            model: Model::new(),
            layout: Layout::default(),
            complete: true,
            intents: BTreeSet::new(),
            deployed: Deployed::default(),
            environments: Environments::default(),
        }
    }

    /// Where an object is drawn; objects without a stored position are placed at the origin.
    #[must_use]
    pub fn position(&self, id: ObjectId) -> Point {
        self.layout.positions.get(&id).copied().unwrap_or_default()
    }

    /// The canvas rectangle of an object's node.
    #[must_use]
    pub fn node_rect(&self, id: ObjectId) -> Rect {
        Rect::from_min_size(self.position(id), NODE_WIDTH, NODE_HEIGHT)
    }

    /// The frame drawn for a namespace: its stored rectangle grown to hold all its objects.
    #[must_use]
    pub fn frame_rect(&self, namespace: &str) -> Option<Rect> {
        let members = self
            .model
            .objects()
            .filter(|(_, o)| o.effective_namespace() == Some(namespace))
            .map(|(id, _)| self.node_rect(id).expand(FRAME_PADDING))
            .reduce(Rect::union);
        match (self.layout.frames.get(namespace).copied(), members) {
            (Some(frame), Some(members)) => Some(frame.union(members)),
            (frame, members) => frame.or(members),
        }
    }

    /// The band of the cluster-scoped objects (cluster policies first) above the namespace
    /// frames: their bounding box with a frame's padding and title strip; `None` without any.
    #[must_use]
    pub fn cluster_band_rect(&self) -> Option<Rect> {
        let members = self
            .model
            .objects()
            .filter(|(_, o)| o.effective_namespace().is_none())
            .map(|(id, _)| self.node_rect(id).expand(FRAME_PADDING))
            .reduce(Rect::union)?;
        Some(Rect {
            min: Point::new(members.min.x, members.min.y - layout::FRAME_TITLE),
            max: members.max,
        })
    }

    /// The rectangle holding everything drawn.
    #[must_use]
    pub fn bounds(&self) -> Option<Rect> {
        let nodes = self.model.objects().map(|(id, _)| self.node_rect(id));
        let frames = self
            .model
            .all_namespace_names()
            .into_iter()
            .filter_map(|ns| self.frame_rect(&ns));
        nodes.chain(frames).reduce(Rect::union)
    }
}
