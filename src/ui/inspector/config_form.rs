//! The inspector's sections for a ConfigMap (data keys with multi-line values, binary data shown,
//! immutable) and a Secret (type, data and stringData with values masked until shown, immutable).

use std::collections::BTreeMap;

use egui::{Id, Ui};
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};

use super::field_notes::At;
use crate::ui::inspector::form;
use crate::ui::inspector::other_kind_form::section;

/// The Secret types the API server knows, `Opaque` first.
pub const SECRET_TYPES: [&str; 8] = [
    "Opaque",
    "kubernetes.io/tls",
    "kubernetes.io/dockerconfigjson",
    "kubernetes.io/dockercfg",
    "kubernetes.io/basic-auth",
    "kubernetes.io/ssh-auth",
    "kubernetes.io/service-account-token",
    "bootstrap.kubernetes.io/token",
];

pub(crate) fn config_map_sections(ui: &mut Ui, config: &mut ConfigMap, at: &At<'_>) -> bool {
    let mut changed = section(ui, "Data", |ui| {
        let mut data = config.data.clone().unwrap_or_default();
        let changed = text_map(ui, "data", &mut data, false, &BTreeMap::new(), at);
        if changed {
            config.data = (!data.is_empty()).then_some(data);
        }
        changed
    });
    if let Some(binary) = config.binary_data.as_ref().filter(|b| !b.is_empty()) {
        section(ui, "Binary data (read-only)", |ui| {
            binary_keys(ui, binary);
            false
        });
    }
    changed |= immutable(ui, &mut config.immutable);
    changed
}

pub(crate) fn secret_sections(ui: &mut Ui, secret: &mut Secret, at: &At<'_>) -> bool {
    let mut changed = section(ui, "Type", |ui| {
        let mut changed = form::choice(ui, "Secret type", &mut secret.type_, &SECRET_TYPES);
        at.field("type").show(ui);
        changed |= immutable(ui, &mut secret.immutable);
        changed
    });
    let shown_id = ui.make_persistent_id("secret_values_shown");
    let mut shown = ui.data(|d| d.get_temp::<bool>(shown_id)).unwrap_or(false);
    if ui.checkbox(&mut shown, "Show values").changed() {
        ui.data_mut(|d| d.insert_temp(shown_id, shown));
    }
    changed |= section(ui, "Data (base64 in the manifest)", |ui| {
        let (mut text, binary) = split_text(secret.data.as_ref());
        if !binary.is_empty() {
            ui.weak("Binary values (not UTF-8) are kept as they are:");
            binary_keys(ui, &binary);
        }
        if text_map(ui, "data", &mut text, !shown, &binary, at) {
            let mut data: BTreeMap<String, ByteString> = binary;
            data.extend(
                text.into_iter()
                    .map(|(k, v)| (k, ByteString(v.into_bytes()))),
            );
            secret.data = (!data.is_empty()).then_some(data);
            return true;
        }
        false
    });
    changed |= section(ui, "String data (written as plain text)", |ui| {
        let mut strings = secret.string_data.clone().unwrap_or_default();
        let changed = text_map(ui, "stringData", &mut strings, !shown, &BTreeMap::new(), at);
        if changed {
            secret.string_data = (!strings.is_empty()).then_some(strings);
        }
        changed
    });
    changed
}

/// The values that are text, and the ones that are not (kept, shown by key only).
fn split_text(
    data: Option<&BTreeMap<String, ByteString>>,
) -> (BTreeMap<String, String>, BTreeMap<String, ByteString>) {
    let mut text = BTreeMap::new();
    let mut binary = BTreeMap::new();
    for (key, value) in data.into_iter().flatten() {
        match String::from_utf8(value.0.clone()) {
            Ok(string) => {
                text.insert(key.clone(), string);
            }
            Err(_) => {
                binary.insert(key.clone(), value.clone());
            }
        }
    }
    (text, binary)
}

fn binary_keys(ui: &mut Ui, binary: &BTreeMap<String, ByteString>) {
    for (key, value) in binary {
        ui.monospace(format!("{key} ({} bytes)", value.0.len()));
    }
}

fn immutable(ui: &mut Ui, immutable: &mut Option<bool>) -> bool {
    let mut on = immutable.unwrap_or(false);
    if ui
        .checkbox(&mut on, "Immutable")
        .on_hover_text("The API server refuses changes to the data once created")
        .changed()
    {
        *immutable = on.then_some(true);
        return true;
    }
    false
}

/// Keys with text values (multi-line allowed; `masked` shows a one-line password field instead).
/// Entries keep their place while their key is typed (a map would re-sort them under the cursor):
/// the order shown is remembered per list. `taken` are keys held elsewhere (binary values).
fn text_map(
    ui: &mut Ui,
    what: &str,
    map: &mut BTreeMap<String, String>,
    masked: bool,
    taken: &BTreeMap<String, ByteString>,
    at: &At<'_>,
) -> bool {
    let at = at.field(what);
    let order_id = ui.make_persistent_id(("key_order", what));
    let mut order = shown_order(ui, order_id, map);
    let mut changed = false;
    let mut remove = None;
    for (index, key) in order.iter_mut().enumerate() {
        let mut value = map.get(key).cloned().unwrap_or_default();
        ui.push_id((what, index), |ui| {
            let mut typed = key.clone();
            ui.horizontal(|ui| {
                // Room for the Remove button beside it.
                let field = ui.add(
                    egui::TextEdit::singleline(&mut typed)
                        .id_salt("key")
                        .hint_text("key")
                        .desired_width(ui.available_width() - 100.0),
                );
                let field = form::named(ui, field, &format!("{what} key")).on_hover_text(&typed);
                if field.changed() && typed != *key {
                    // A key already used elsewhere is not taken over: its value would be lost.
                    if map.contains_key(&typed) || taken.contains_key(&typed) {
                        typed.clone_from(key);
                    } else {
                        map.remove(key);
                        map.insert(typed.clone(), value.clone());
                        key.clone_from(&typed);
                        changed = true;
                    }
                }
                if ui
                    .small_button("Remove")
                    .on_hover_text(format!("Remove this {what} key"))
                    .clicked()
                {
                    remove = Some(index);
                }
            });
            at.field(key).show(ui);
            // Explicit ids: the key's problem above comes and goes while the key is typed.
            let editor = if masked {
                egui::TextEdit::singleline(&mut value)
                    .id_salt("value")
                    .password(true)
                    .hint_text("value (hidden)")
            } else {
                egui::TextEdit::multiline(&mut value)
                    .id_salt("value")
                    .desired_rows(2)
                    .code_editor()
                    .hint_text("value")
            };
            let field = ui.add(editor.desired_width(ui.available_width() - form::FIELD_MARGINS));
            if form::named(ui, field, &format!("{what} value")).changed() {
                map.insert(key.clone(), value);
                changed = true;
            }
        });
    }
    if let Some(index) = remove
        && index < order.len()
    {
        let key = order.remove(index);
        map.remove(&key);
        changed = true;
    }
    if ui.small_button(format!("Add {what} key")).clicked() {
        let key = (1..=map.len() + taken.len() + 1)
            .map(|n| format!("key-{n}"))
            .find(|k| !map.contains_key(k) && !taken.contains_key(k))
            .unwrap_or_default();
        map.insert(key.clone(), String::new());
        order.push(key);
        changed = true;
    }
    ui.data_mut(|d| d.insert_temp(order_id, order));
    // The size limit and other findings about the whole map.
    at.show(ui);
    changed
}

/// The order the keys were shown in last frame, brought up to date with the map: removed keys
/// dropped, new ones (undo, YAML) appended.
fn shown_order(ui: &Ui, id: Id, map: &BTreeMap<String, String>) -> Vec<String> {
    let mut order: Vec<String> = ui
        .data(|d| d.get_temp::<Vec<String>>(id))
        .unwrap_or_default();
    order.retain(|key| map.contains_key(key));
    order.dedup();
    for key in map.keys() {
        if !order.contains(key) {
            order.push(key.clone());
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_values_are_kept_apart_from_text() {
        let data = BTreeMap::from([
            ("a".to_owned(), ByteString(b"text".to_vec())),
            ("b".to_owned(), ByteString(vec![0xff, 0xfe])),
        ]);
        let (text, binary) = split_text(Some(&data));
        assert_eq!(text.get("a").map(String::as_str), Some("text"));
        assert_eq!(binary.keys().collect::<Vec<_>>(), ["b"]);
    }
}
