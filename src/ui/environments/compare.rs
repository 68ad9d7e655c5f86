//! The compare room: per object and field, how the environments differ from the base and from
//! each other, as a table (one column per environment).

use std::collections::{BTreeMap, BTreeSet};

use egui::RichText;
use egui_extras::{Column, TableBuilder};
use serde_json::Value;

use crate::document::{Document, ObjectKey, pointer};
use crate::model::ObjectId;
use crate::ui::shell::app::Request;
use crate::ui::shell::room::RoomCtx;

/// The field of the presence rows (an object some environments leave out or add).
const PRESENCE: &str = "(in the environment)";

/// One cell of an environment's column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// The environment says something of its own here (else it has the base's value).
    pub differs: bool,
}

/// One row: an object's field in the base and in each environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub object: ObjectKey,
    pub id: Option<ObjectId>,
    /// The field path as the checker writes it, or [`PRESENCE`].
    pub field: String,
    pub base: String,
    pub cells: Vec<Cell>,
}

/// A value as one short line: strings bare, everything else as compact JSON.
pub(crate) fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Null => "(removed)".to_owned(),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Every difference between the environments of `doc`, sorted by object then field: the
/// presence of each object some environment adds or leaves out, and each overridden field.
#[must_use]
pub fn rows(doc: &Document) -> Vec<Row> {
    let environments = &doc.environments.list;
    let ids = doc.ids_by_key();
    let mut presence: BTreeSet<&ObjectKey> = doc.environments.env_only.iter().collect();
    let mut fields: BTreeMap<&ObjectKey, BTreeSet<&String>> = BTreeMap::new();
    for env in environments {
        presence.extend(&env.exclude);
        for (key, overrides) in &env.overrides {
            fields.entry(key).or_default().extend(overrides.keys());
        }
    }
    let mut rows = Vec::new();
    let yes_no = |present: bool| if present { "yes" } else { "no" }.to_owned();
    let keys: BTreeSet<&ObjectKey> = presence
        .iter()
        .copied()
        .chain(fields.keys().copied())
        .collect();
    for key in keys {
        let id = ids.get(key).copied();
        if presence.contains(key) {
            let env_only = doc.environments.env_only.contains(key);
            rows.push(Row {
                object: key.clone(),
                id,
                field: PRESENCE.to_owned(),
                base: yes_no(!env_only),
                cells: environments
                    .iter()
                    .map(|env| {
                        let present = if env_only {
                            env.include.contains(key)
                        } else {
                            !env.exclude.contains(key)
                        };
                        Cell {
                            text: yes_no(present),
                            differs: present == env_only,
                        }
                    })
                    .collect(),
            });
        }
        let manifest = id
            .and_then(|id| doc.model.get(id))
            .map(crate::model::Object::to_value);
        for field in fields.get(key).into_iter().flatten() {
            let base = manifest
                .as_ref()
                .and_then(|m| pointer::get(m, &pointer::tokens(field).ok()?).map(short));
            rows.push(Row {
                object: key.clone(),
                id,
                field: manifest
                    .as_ref()
                    .and_then(|m| pointer::to_field_path(m, field))
                    .unwrap_or_else(|| (*field).clone()),
                base: base.unwrap_or_else(|| "—".to_owned()),
                cells: environments
                    .iter()
                    .map(
                        |env| match env.overrides.get(key).and_then(|o| o.get(*field)) {
                            Some(value) => Cell {
                                text: short(value),
                                differs: true,
                            },
                            None => Cell {
                                text: "= base".to_owned(),
                                differs: false,
                            },
                        },
                    )
                    .collect(),
            });
        }
    }
    rows
}

/// The compare room's rows of one revision: they change with edits, not with frames.
#[derive(Debug, Default)]
pub(crate) struct CompareCache {
    made_for: Option<u64>,
    rows: Vec<Row>,
}

impl CompareCache {
    fn rows(&mut self, doc: &Document, revision: u64) -> &[Row] {
        if self.made_for != Some(revision) {
            self.rows = rows(doc);
            self.made_for = Some(revision);
        }
        &self.rows
    }
}

/// The compare room.
pub(crate) fn compare_room_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>, cache: &mut CompareCache) {
    let doc = ctx.design;
    let names = doc.environments.names();
    if names.is_empty() {
        ui.label("This design has no environments.");
        ui.weak("Environments → New environment… (or + beside the switcher in the menu bar) adds one. An environment overrides fields of the base (replicas, images, hosts) and may add or leave out objects; Ctrl+1…9 switch between them.");
        return;
    }
    let filter_id = ui.scope_id().with("env_compare_filter");
    let mut filter: String = ui.data_mut(|d| d.get_temp(filter_id).unwrap_or_default());
    let rows = cache.rows(doc, ctx.revision);
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} across {}",
            crate::ui::plural(rows.len(), "difference"),
            crate::ui::plural(names.len(), "environment")
        ));
        ui.separator();
        ui.add(
            egui::TextEdit::singleline(&mut filter)
                .hint_text("Filter objects and fields")
                .desired_width(200.0),
        );
    });
    ui.data_mut(|d| d.insert_temp(filter_id, filter.clone()));
    let needle = filter.to_lowercase();
    let shown: Vec<&Row> = rows
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.object.to_string().to_lowercase().contains(&needle)
                || r.field.to_lowercase().contains(&needle)
        })
        .collect();
    if rows.is_empty() {
        ui.weak("Every environment is the base as it is: edit a field while an environment is shown to override it there.");
        return;
    }
    for request in table_ui(ui, &shown, &names, ctx.env, ctx.dark) {
        ctx.request(request);
    }
}

/// The table: a row per difference, a column for the base and each environment; clicking an
/// object focuses it, clicking a column header shows that environment.
fn table_ui(
    ui: &mut egui::Ui,
    shown: &[&Row],
    names: &[&str],
    env: Option<&str>,
    dark: bool,
) -> Vec<Request> {
    // One line per cell: long values are cut (the whole text shows on hover) and the columns
    // can be widened by dragging.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .column(Column::initial(210.0).at_least(80.0).clip(true))
        .column(Column::initial(260.0).at_least(80.0).clip(true))
        .column(Column::initial(130.0).at_least(50.0).clip(true));
    for _ in names {
        table = table.column(Column::initial(130.0).at_least(50.0).clip(true));
    }
    let mut requests = Vec::new();
    table
        .header(20.0, |mut header| {
            header.col(|ui| {
                ui.strong("Object");
            });
            header.col(|ui| {
                ui.strong("Field");
            });
            header.col(|ui| {
                if ui
                    .selectable_label(env.is_none(), RichText::new("base").strong())
                    .on_hover_text("Show the base")
                    .clicked()
                {
                    requests.push(Request::SetEnvironment(None));
                }
            });
            for name in names {
                header.col(|ui| {
                    if ui
                        .selectable_label(env == Some(*name), RichText::new(*name).strong())
                        .on_hover_text(format!("Show {name}"))
                        .clicked()
                    {
                        requests.push(Request::SetEnvironment(Some((*name).to_owned())));
                    }
                });
            }
        })
        .body(|body| {
            body.rows(18.0, shown.len(), |mut table_row| {
                let Some(row) = shown.get(table_row.index()) else {
                    return;
                };
                table_row.col(|ui| {
                    let link = ui.link(row.object.to_string());
                    if link.clicked()
                        && let Some(id) = row.id
                    {
                        requests.push(Request::FocusObject(id));
                    }
                });
                table_row.col(|ui| {
                    ui.monospace(&row.field);
                });
                table_row.col(|ui| {
                    ui.label(&row.base);
                });
                for cell in &row.cells {
                    table_row.col(|ui| {
                        if cell.differs {
                            let color = crate::ui::inspector::field_notes::override_color(dark);
                            ui.label(RichText::new(&cell.text).strong().color(color));
                        } else {
                            ui.weak(&cell.text);
                        }
                    });
                }
            });
        });
    requests
}
