//! Imported manifests into an open design, as one command (so one undo step removes them again).

use crate::document::{Command, Document, Point};
use crate::model::ObjectId;

use super::import::{Imported, into_document};

/// What an import changes: the command, and how many objects it adds and replaces.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub command: Command,
    pub added: usize,
    pub replaced: usize,
    /// The imported workloads as deployed (the caller records them once the command applied).
    pub deployed: crate::document::Deployed,
}

/// Space between the existing design and the imported objects, in canvas units.
const GAP: f32 = 80.0;

/// The command that adds `imported` to `doc`: namespaces it does not have yet, then objects. An
/// object with the same kind, namespace and name as one in the design replaces it (importing a
/// newer version of a manifest updates the design). New objects keep the automatic layout of the
/// import, placed below what is already drawn. Ids are taken from `doc`'s model.
pub fn merge_command(doc: &mut Document, imported: Imported) -> Merge {
    let incoming = into_document(imported);
    let top = doc.bounds().map_or(0.0, |b| b.max.y + GAP);
    let left = incoming.bounds().map_or(0.0, |b| b.min.x);
    let mut commands = Vec::new();
    for (name, namespace) in incoming.model.namespaces() {
        match doc.model.namespaces().get(name) {
            None => commands.push(Command::AddNamespace {
                name: name.clone(),
                namespace: namespace.clone(),
                frame: None,
            }),
            Some(existing) if namespace != &crate::model::Namespace::default() => {
                let mut merged = existing.clone();
                merged.absorb(namespace);
                if &merged != existing {
                    commands.push(Command::ReplaceNamespace {
                        name: name.clone(),
                        namespace: merged,
                    });
                }
            }
            Some(_) => {}
        }
    }
    let (mut added, mut replaced) = (0, 0);
    let incoming_top = incoming.bounds().map_or(0.0, |b| b.min.y);
    for (id, object) in incoming.model.objects_sorted() {
        if let Some(existing) =
            doc.model
                .find(object.kind_name(), object.namespace(), object.name())
        {
            commands.push(Command::ReplaceObject {
                id: existing,
                object: object.clone(),
            });
            replaced += 1;
            continue;
        }
        let at = incoming.position(id);
        let new_id: ObjectId = doc.model.allocate_id();
        commands.push(Command::AddObject {
            id: new_id,
            object: object.clone(),
            position: Point::new(at.x - left, at.y - incoming_top + top),
        });
        added += 1;
    }
    Merge {
        command: Command::Batch(commands),
        added,
        replaced,
        deployed: incoming.deployed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::import::parse_manifests;

    const TWO: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: new}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: new, labels: {x: z}}\n";

    #[test]
    fn import_adds_then_replaces_and_undoes_in_one_step() {
        let mut doc = Document::new();
        let merge = merge_command(&mut doc, parse_manifests(TWO, "two.yaml"));
        assert_eq!((merge.added, merge.replaced), (2, 0));
        let mut history = crate::document::History::new();
        history
            .execute(&mut doc, merge.command, None)
            .expect("apply");
        assert_eq!(doc.model.len(), 2);
        assert!(doc.model.namespaces().contains_key("new"));
        // The same file again replaces instead of duplicating.
        let again = merge_command(&mut doc, parse_manifests(TWO, "two.yaml"));
        assert_eq!((again.added, again.replaced), (0, 2));
        history
            .execute(&mut doc, again.command, None)
            .expect("apply");
        assert_eq!(doc.model.len(), 2);
        history.undo(&mut doc).expect("undo");
        history.undo(&mut doc).expect("undo");
        assert!(doc.model.is_empty());
        assert!(!doc.model.namespaces().contains_key("new"));
    }
}
