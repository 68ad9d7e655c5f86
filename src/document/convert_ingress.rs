//! The Ingress → Gateway API migration as one undoable step: the design's Ingresses removed,
//! the Gateway, HTTPRoutes and ReferenceGrants of [`crate::model::gateway::convert`] added where
//! the Ingresses were drawn.

use std::collections::BTreeMap;

use crate::model::ObjectId;
use crate::model::gateway::convert::{Conversion, ConvertError, ConvertOptions, convert};

use super::{Command, Document, NODE_HEIGHT, Point};

/// Vertical space between objects stacked where one Ingress was.
const STACK_GAP: f32 = 16.0;

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
    let mut stacked: BTreeMap<ObjectId, usize> = BTreeMap::new();
    for (object, near) in conversion.objects.iter().zip(&conversion.near) {
        let below = stacked.entry(*near).or_default();
        let origin = doc.position(*near);
        #[allow(clippy::cast_precision_loss)] // A handful of objects per Ingress.
        let offset = *below as f32 * (NODE_HEIGHT + STACK_GAP);
        *below += 1;
        commands.push(Command::AddObject {
            id: doc.model.allocate_id(),
            object: object.clone(),
            position: Point::new(origin.x, origin.y + offset),
        });
    }
    Ok((Command::Batch(commands), conversion))
}
