//! Automatic layout: namespaces as frames, and inside each frame the traffic flowing left to right
//! (Ingress or Gateway → routes → Service → workloads), the budgets and autoscalers of the workloads beside them,
//! NetworkPolicies beside what they select, then the config maps, secrets and claims the workloads
//! use, everything else last.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::model::{Kind, Model, ObjectId, Relation};

use super::{FRAME_PADDING, Layout, NODE_HEIGHT, NODE_WIDTH, Point, Rect};

const COLUMN_GAP: f32 = 70.0;
const ROW_GAP: f32 = 26.0;
const FRAME_GAP: f32 = 60.0;
/// Frames wrap to a new row past this width.
const MAX_ROW_WIDTH: f32 = 2600.0;
/// Height of the frame's title strip above its objects.
pub(super) const FRAME_TITLE: f32 = 22.0;

/// Columns per frame: Ingress and Gateway, Gateway API routes, Service, workloads, budgets and
/// autoscalers, policies, the ConfigMaps/Secrets/claims pods use, other kinds. Empty columns
/// take no room, so a design without routes is laid out as before there was a routes column.
const COLUMNS: usize = 8;
/// The column of Gateway API routes, between the Gateways they attach to and their Services.
const ROUTES: usize = 1;
/// The column of disruption budgets and autoscalers that name a workload.
const OPERATES: usize = 4;
/// The column of config maps, secrets and volume claims some workload uses.
const USED: usize = 6;
/// The column of the other kinds, packed into as many columns as they need.
const OTHERS: usize = 7;

/// The column of an object inside a namespace frame. Budgets, autoscalers and what pods use sit
/// beside the workloads they belong to when they belong to one; unattached ones join the grid.
fn column(kind: Kind, attached: Option<&Relation>) -> usize {
    match (kind, attached) {
        // A Gateway stands where an Ingress would: traffic enters there.
        (Kind::Ingress | Kind::Gateway, _) => 0,
        (k, _) if k.is_route() => ROUTES,
        (Kind::Service, _) => 2,
        (k, _) if k.is_workload() => 3,
        (Kind::NetworkPolicy, _) => 5,
        (_, Some(Relation::BudgetProtects | Relation::AutoscalerScales)) => OPERATES,
        (_, Some(Relation::Uses { .. })) => USED,
        // Objects the designer keeps as imported (ConfigMaps, RBAC…) are packed into a grid.
        _ => OTHERS,
    }
}

/// The relation that attaches an object to a workload: a budget's or autoscaler's own relation,
/// or a workload's use of it.
fn attachments(relations: &[(ObjectId, ObjectId, Relation)]) -> BTreeMap<ObjectId, &Relation> {
    let mut attached = BTreeMap::new();
    for (from, to, relation) in relations {
        match relation {
            Relation::BudgetProtects | Relation::AutoscalerScales => {
                attached.entry(*from).or_insert(relation);
            }
            Relation::Uses { .. } => {
                attached.entry(*to).or_insert(relation);
            }
            _ => {}
        }
    }
    attached
}

/// Lays out every object of the model from scratch.
#[must_use]
pub fn auto_layout(model: &Model) -> Layout {
    let relations = model.relations();
    let attached = attachments(&relations);
    let neighbours = neighbour_index(&relations);
    let mut groups: BTreeMap<Option<String>, Vec<Vec<ObjectId>>> = BTreeMap::new();
    for (id, object) in model.objects_sorted() {
        let columns = groups
            .entry(object.effective_namespace().map(str::to_owned))
            .or_insert_with(|| vec![Vec::new(); COLUMNS]);
        if let Some(list) = columns.get_mut(column(object.kind(), attached.get(&id).copied())) {
            list.push(id);
        }
    }
    // Namespaced groups (sorted); cluster-scoped objects go to the band above them.
    let mut ordered: Vec<(Option<String>, Vec<Vec<ObjectId>>)> =
        groups.into_iter().filter(|(ns, _)| ns.is_some()).collect();
    for namespace in model.namespaces().keys() {
        if !ordered
            .iter()
            .any(|(ns, _)| ns.as_deref() == Some(namespace))
        {
            ordered.push((Some(namespace.clone()), vec![Vec::new(); COLUMNS]));
        }
    }
    ordered.sort_by(|a, b| (a.0.is_none(), &a.0).cmp(&(b.0.is_none(), &b.0)));

    let mut groups = Vec::with_capacity(ordered.len());
    for (namespace, mut columns) in ordered {
        order_by_neighbours(&neighbours, &mut columns);
        pack_others(&mut columns);
        columns.retain(|c| !c.is_empty());
        let tallest = columns.iter().map(Vec::len).max().unwrap_or(0);
        #[allow(clippy::cast_precision_loss)] // a few hundred objects per column at most
        let (width, height) = (
            (columns.len().max(1) as f32) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP
                + 2.0 * FRAME_PADDING,
            (tallest.max(1) as f32) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP
                + 2.0 * FRAME_PADDING
                + FRAME_TITLE,
        );
        groups.push((namespace, columns, width, height));
    }
    // Wrap frames into rows so the whole design is about as wide as it is tall (fits a screen).
    let area: f32 = groups
        .iter()
        .map(|(_, _, w, h)| (w + FRAME_GAP) * (h + FRAME_GAP))
        .sum();
    let widest = groups.iter().map(|(_, _, w, _)| *w).fold(0.0, f32::max);
    let max_row_width = (area.sqrt() * 1.5).clamp(widest, MAX_ROW_WIDTH.max(widest));

    let mut layout = Layout::default();
    let mut cursor = Point::new(0.0, 0.0);
    cursor.y = place_cluster_band(model, max_row_width, &mut layout);
    let mut row_height: f32 = 0.0;
    for (namespace, columns, width, height) in groups {
        let tallest = columns.iter().map(Vec::len).max().unwrap_or(0);
        let used: Vec<&Vec<ObjectId>> = columns.iter().collect();
        if cursor.x > 0.0 && cursor.x + width > max_row_width {
            cursor = Point::new(0.0, cursor.y + row_height + FRAME_GAP);
            row_height = 0.0;
        }
        let frame = Rect::from_min_size(cursor, width, height);
        for (column_index, ids) in used.iter().enumerate() {
            // Centre shorter columns vertically so edges run mostly level.
            #[allow(clippy::cast_precision_loss)]
            let offset = (tallest - ids.len()) as f32 * (NODE_HEIGHT + ROW_GAP) / 2.0;
            for (row, id) in ids.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let position = Point::new(
                    frame.min.x + FRAME_PADDING + column_index as f32 * (NODE_WIDTH + COLUMN_GAP),
                    frame.min.y
                        + FRAME_PADDING
                        + FRAME_TITLE
                        + offset
                        + row as f32 * (NODE_HEIGHT + ROW_GAP),
                );
                layout.positions.insert(*id, position);
            }
        }
        if let Some(ns) = namespace {
            layout.frames.insert(ns, frame);
        }
        cursor.x += width + FRAME_GAP;
        row_height = row_height.max(height);
    }
    layout
}

/// Places the cluster-scoped objects in rows at the top (the band the canvas frames) and returns
/// where the namespace frames start below it.
fn place_cluster_band(model: &Model, max_row_width: f32, layout: &mut Layout) -> f32 {
    let band = cluster_band_order(model);
    if band.is_empty() {
        return 0.0;
    }
    // As many per row as the frames below are wide (at least four).
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let per_row = (((max_row_width - 2.0 * FRAME_PADDING + COLUMN_GAP) / (NODE_WIDTH + COLUMN_GAP))
        .floor()
        .max(4.0)) as usize;
    for (index, id) in band.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let (row, column) = ((index / per_row) as f32, (index % per_row) as f32);
        layout.positions.insert(
            *id,
            Point::new(
                FRAME_PADDING + column * (NODE_WIDTH + COLUMN_GAP),
                FRAME_TITLE + FRAME_PADDING + row * (NODE_HEIGHT + ROW_GAP),
            ),
        );
    }
    #[allow(clippy::cast_precision_loss)]
    let rows = band.len().div_ceil(per_row) as f32;
    FRAME_TITLE + 2.0 * FRAME_PADDING + rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + FRAME_GAP
}

/// The cluster-scoped objects in the band's order: the cluster policies as they are evaluated
/// (the Admin tier by priority, then the Baseline tier), then everything else by kind and name.
fn cluster_band_order(model: &Model) -> Vec<ObjectId> {
    let mut keyed: Vec<((u8, i64, String, String), ObjectId)> = model
        .objects_sorted()
        .into_iter()
        .filter(|(_, o)| o.effective_namespace().is_none())
        .map(|(id, object)| {
            let (rank, priority) = match object.resource() {
                crate::model::Resource::Other(other) => {
                    let priority =
                        crate::model::cluster_policy::object_priority(other).unwrap_or(0);
                    match crate::model::cluster_policy::object_tier(other) {
                        Some(crate::model::cluster_policy::Tier::Admin) => (0, priority),
                        Some(crate::model::cluster_policy::Tier::Baseline) => (1, priority),
                        None => (2, 0),
                    }
                }
                _ => (2, 0),
            };
            let key = (
                rank,
                priority,
                object.kind_name().to_owned(),
                object.name().to_owned(),
            );
            (key, id)
        })
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, id)| id).collect()
}

/// Splits the column of other kinds into columns no taller than the frame's main columns (at
/// least a few rows), so a namespace with forty `ConfigMaps` is a block, not a tower.
fn pack_others(columns: &mut Vec<Vec<ObjectId>>) {
    let Some(others) = columns.get_mut(OTHERS).map(std::mem::take) else {
        return;
    };
    let rows = columns
        .iter()
        .take(OTHERS)
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(4);
    columns.truncate(OTHERS);
    columns.extend(others.chunks(rows).map(<[ObjectId]>::to_vec));
}

/// Each object's neighbours for ordering, in relation order: relations from a policy, budget or
/// autoscaler rank it by its target; the others rank their target by the source. Built once per
/// layout, so ordering costs one lookup per object instead of a pass over every relation.
fn neighbour_index(
    relations: &[(ObjectId, ObjectId, Relation)],
) -> FxHashMap<ObjectId, Vec<ObjectId>> {
    let mut index: FxHashMap<ObjectId, Vec<ObjectId>> = FxHashMap::default();
    for (from, to, relation) in relations {
        let from_attached = matches!(
            relation,
            Relation::PolicyApplies | Relation::BudgetProtects | Relation::AutoscalerScales
        );
        if from_attached {
            index.entry(*from).or_default().push(*to);
        } else {
            index.entry(*to).or_default().push(*from);
        }
    }
    index
}

/// Orders each column after the one before it: a workload sits near the Service that selects it, a
/// Service near the Ingress that routes to it, a policy near what it applies to.
fn order_by_neighbours(
    neighbours: &FxHashMap<ObjectId, Vec<ObjectId>>,
    columns: &mut [Vec<ObjectId>],
) {
    let mut rank: BTreeMap<ObjectId, f32> = BTreeMap::new();
    for column in columns.iter_mut() {
        let mut keyed: Vec<(f32, usize, ObjectId)> = column
            .iter()
            .enumerate()
            .map(|(index, id)| {
                let ranks: Vec<f32> = neighbours
                    .get(id)
                    .into_iter()
                    .flatten()
                    .filter_map(|other| rank.get(other).copied())
                    .collect();
                #[allow(clippy::cast_precision_loss)]
                let key = if ranks.is_empty() {
                    f32::MAX
                } else {
                    ranks.iter().sum::<f32>() / ranks.len() as f32
                };
                (key, index, *id)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *column = keyed.iter().map(|(_, _, id)| *id).collect();
        for (position, id) in column.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            rank.insert(*id, position as f32);
        }
    }
}
