//! The Ingress → Gateway API migration as one undoable step: the design's Ingresses removed,
//! the Gateway, HTTPRoutes and ReferenceGrants of [`crate::model::gateway::convert`] added where
//! the Ingresses were drawn (Gateways to their left), none covering another node.

use std::collections::BTreeSet;

use crate::model::gateway::convert::{Conversion, ConvertError, ConvertOptions, convert};
use crate::model::{Kind, ObjectId};

use super::{Command, Document, NODE_HEIGHT, NODE_WIDTH, Point, Rect};

/// Vertical space between objects stacked where one Ingress was.
const STACK_GAP: f32 = 16.0;
/// Horizontal space between a Gateway and the routes beside it.
const COLUMN_GAP: f32 = 40.0;

/// The command replacing every Ingress of `doc` by its Gateway API objects (one Batch, so one
/// undo step), and the conversion it applies (its notes are for the designer). Ids for the new
/// objects are taken from the model.
pub fn convert_ingresses_command(
    doc: &mut Document,
    options: &ConvertOptions,
) -> Result<(Command, Conversion), ConvertError> {
    let conversion = convert(&doc.model, options)?;
    let mut commands: Vec<Command> = conversion
        .replaced
        .iter()
        .map(|id| Command::RemoveObject { id: *id })
        .collect();
    // Routes go where their Ingress was, Gateways one column to the left (traffic flows left to
    // right), each moved down until it covers no node: neither one that stays nor one placed here.
    let removed: BTreeSet<ObjectId> = conversion.replaced.iter().copied().collect();
    let mut taken: Vec<Rect> = doc
        .model
        .objects()
        .filter(|(id, _)| !removed.contains(id))
        .map(|(id, _)| doc.node_rect(id))
        .collect();
    for (object, near) in conversion.objects.iter().zip(&conversion.near) {
        let origin = doc.position(*near);
        let x = if object.kind() == Kind::Gateway {
            origin.x - NODE_WIDTH - COLUMN_GAP
        } else {
            origin.x
        };
        let mut spot = Rect::from_min_size(Point::new(x, origin.y), NODE_WIDTH, NODE_HEIGHT);
        // Bounded: each step clears at least one of the finitely many taken rectangles' rows.
        for _ in 0..=taken.len() {
            if !taken.iter().any(|r| r.intersects(spot)) {
                break;
            }
            let down = spot.min.y + NODE_HEIGHT + STACK_GAP;
            spot = Rect::from_min_size(Point::new(x, down), NODE_WIDTH, NODE_HEIGHT);
        }
        taken.push(spot);
        commands.push(Command::AddObject {
            id: doc.model.allocate_id(),
            object: object.clone(),
            position: spot.min,
        });
    }
    Ok((Command::Batch(commands), conversion))
}
