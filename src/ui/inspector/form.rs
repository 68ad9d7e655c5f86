//! Small form widgets for the inspector: labelled text fields, optional values, key/value maps and
//! list controls. Every widget returns whether it changed its value, and has an accessible name.

use std::collections::BTreeMap;

use egui::{RichText, Ui};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// What a list row's buttons asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOp {
    Up(usize),
    Down(usize),
    Remove(usize),
}

/// Applies a list operation (out-of-range operations do nothing).
pub fn apply_op<T>(list: &mut Vec<T>, op: ListOp) {
    match op {
        ListOp::Up(i) if i > 0 && i < list.len() => list.swap(i - 1, i),
        ListOp::Down(i) if i + 1 < list.len() => list.swap(i, i + 1),
        ListOp::Remove(i) if i < list.len() => {
            list.remove(i);
        }
        _ => {}
    }
}

/// How one list of the form is labelled: push-id salt, entry noun, add-button text, and whether a
/// separator follows each entry.
pub struct ListSpec<'a> {
    pub id_salt: &'a str,
    pub what: &'a str,
    pub add_label: &'a str,
    pub separated: bool,
}

impl<'a> ListSpec<'a> {
    /// A list whose entries are separated by a line (entries of several fields).
    #[must_use]
    pub const fn separated(id_salt: &'a str, what: &'a str, add_label: &'a str) -> Self {
        ListSpec {
            id_salt,
            what,
            add_label,
            separated: true,
        }
    }

    /// A list whose entries follow each other without a line (short entries).
    #[must_use]
    pub const fn compact(id_salt: &'a str, what: &'a str, add_label: &'a str) -> Self {
        ListSpec {
            id_salt,
            what,
            add_label,
            separated: false,
        }
    }
}

/// A list edited in place: each entry's fields (`entry`, given the entry's index), its Up / Down /
/// Remove buttons, and below the list an add button that appends `new_item(len)`. Returns whether
/// anything changed.
pub fn list_editor<T>(
    ui: &mut Ui,
    spec: &ListSpec<'_>,
    items: &mut Vec<T>,
    new_item: impl FnOnce(usize) -> T,
    mut entry: impl FnMut(&mut Ui, usize, &mut T) -> bool,
) -> bool {
    let mut changed = false;
    let mut op = None;
    let len = items.len();
    for (index, item) in items.iter_mut().enumerate() {
        ui.push_id((spec.id_salt, index), |ui| {
            changed |= entry(ui, index, item);
            op = list_buttons(ui, spec.what, index, len).or(op);
            if spec.separated {
                ui.separator();
            }
        });
    }
    if let Some(op) = op {
        apply_op(items, op);
        changed = true;
    }
    if ui.small_button(spec.add_label).clicked() {
        items.push(new_item(len));
        changed = true;
    }
    changed
}

/// Up / Down / Remove buttons of list entry `index` of `len` entries.
pub fn list_buttons(ui: &mut Ui, what: &str, index: usize, len: usize) -> Option<ListOp> {
    let mut op = None;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(index > 0, egui::Button::new("Up").small())
            .on_hover_text(format!("Move this {what} up"))
            .clicked()
        {
            op = Some(ListOp::Up(index));
        }
        if ui
            .add_enabled(index + 1 < len, egui::Button::new("Down").small())
            .on_hover_text(format!("Move this {what} down"))
            .clicked()
        {
            op = Some(ListOp::Down(index));
        }
        if ui
            .add(egui::Button::new(format!("Remove {what}")).small())
            .clicked()
        {
            op = Some(ListOp::Remove(index));
        }
    });
    op
}

/// A labelled one-line text field; `problem` is shown under it in the error colour.
pub fn text(ui: &mut Ui, label: &str, value: &mut String, problem: Option<&str>) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let name = ui.label(label);
        // The rest of the row: long values (image names, hosts) show whole where the panel allows.
        // Less the field's own margins: a field wider than the row would widen the panel.
        let width = (ui.available_width() - FIELD_MARGINS).max(120.0);
        let field = ui
            .add(egui::TextEdit::singleline(value).desired_width(width))
            .labelled_by(name.id);
        changed = field.changed();
        if text_width(ui, value) > width {
            field.on_hover_text(value.as_str());
        }
    });
    self::problem(ui, problem);
    changed
}

/// What a one-line field adds around its text width (its inner margins and frame), with slack.
pub const FIELD_MARGINS: f32 = 12.0;

/// How wide `text` is in the body font, on one line.
fn text_width(ui: &Ui, text: &str) -> f32 {
    egui::WidgetText::from(text)
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .x
        // The field's inner margins and frame.
        + 2.0 * ui.spacing().button_padding.x
        + 12.0
}

/// The width a one-line field needs to show `text` whole: at least `min`, at most the row's width.
fn fitted_width(ui: &Ui, text: &str, min: f32) -> f32 {
    text_width(ui, text).clamp(min, (ui.available_width() - FIELD_MARGINS).max(min))
}

/// A validation message under the field it is about, in the error colour (nothing when `None`).
pub fn problem(ui: &mut Ui, problem: Option<&str>) {
    if let Some(problem) = problem {
        ui.label(
            RichText::new(problem)
                .small()
                .color(ui.visuals().error_fg_color),
        );
    }
}

/// A list of short strings typed as one comma-separated line (`a, b, c`): label values, hosts,
/// CIDRs. Empty means unset.
pub fn comma_list(
    ui: &mut Ui,
    label: &str,
    list: &mut Option<Vec<String>>,
    problem: Option<&str>,
) -> bool {
    let canonical = list.as_deref().unwrap_or_default().join(", ");
    // The line as typed ("a, " while typing "a, b") parses to the same list as its canonical form;
    // it is shown while the list is still what it parsed to, so commas and spaces are not lost
    // mid-typing. Once the list changes otherwise (undo, YAML), the canonical form shows.
    let typed_id = ui.make_persistent_id(("comma_list", label));
    let mut line = ui
        .data(|data| data.get_temp::<(String, String)>(typed_id))
        .filter(|(parsed, _)| *parsed == canonical)
        .map_or(canonical, |(_, typed)| typed);
    if self::text(ui, label, &mut line, problem) {
        let items: Vec<String> = line
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect();
        let parsed = items.join(", ");
        ui.data_mut(|data| data.insert_temp(typed_id, (parsed, line)));
        *list = (!items.is_empty()).then_some(items);
        return true;
    }
    false
}

/// A list of strings where each entry may hold anything, commas and spaces included (a command and
/// its arguments): one field per entry, reordered and removed through [`list_editor`].
pub fn string_list(ui: &mut Ui, spec: &ListSpec<'_>, label: &str, items: &mut Vec<String>) -> bool {
    list_editor(
        ui,
        spec,
        items,
        |_| String::new(),
        |ui, _, item| text(ui, label, item, None),
    )
}

/// A text field for an optional string: empty means unset.
pub fn optional_text(ui: &mut Ui, label: &str, value: &mut Option<String>) -> bool {
    let mut text = value.clone().unwrap_or_default();
    if self::text(ui, label, &mut text, None) {
        *value = (!text.is_empty()).then_some(text);
        return true;
    }
    false
}

/// A whole number field (`DragValue`), clamped to `range`.
pub fn number(
    ui: &mut Ui,
    label: &str,
    value: &mut i32,
    range: std::ops::RangeInclusive<i32>,
) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let name = ui.label(label);
        changed = ui
            // An out-of-range value read from YAML is shown as it is (the caller says what is
            // wrong) rather than silently changed.
            .add(
                egui::DragValue::new(value)
                    .range(range)
                    .clamp_existing_to_range(false),
            )
            .labelled_by(name.id)
            .changed();
    });
    changed
}

/// An optional whole number: a checkbox to set it, then its value.
pub fn optional_number(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<i32>,
    default: i32,
    range: std::ops::RangeInclusive<i32>,
) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let mut set = value.is_some();
        if ui.checkbox(&mut set, label).changed() {
            *value = set.then_some(default);
            changed = true;
        }
        if let Some(number) = value.as_mut() {
            let field = ui.add(egui::DragValue::new(number).range(range));
            changed |= named(ui, field, label).changed();
        }
    });
    changed
}

/// A port given as a number or a name (`8080` or `http`).
pub fn int_or_string(ui: &mut Ui, label: &str, value: &mut IntOrString) -> bool {
    let mut text = match value {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => s.clone(),
    };
    if self::text(ui, label, &mut text, None) {
        *value = match text.parse::<i32>() {
            Ok(n) => IntOrString::Int(n),
            Err(_) => IntOrString::String(text),
        };
        return true;
    }
    false
}

/// An optional number-or-name: empty means unset.
pub fn optional_int_or_string(ui: &mut Ui, label: &str, value: &mut Option<IntOrString>) -> bool {
    let mut text = match value {
        Some(IntOrString::Int(n)) => n.to_string(),
        Some(IntOrString::String(s)) => s.clone(),
        None => String::new(),
    };
    if self::text(ui, label, &mut text, None) {
        *value = if text.is_empty() {
            None
        } else {
            Some(match text.parse::<i32>() {
                Ok(n) => IntOrString::Int(n),
                Err(_) => IntOrString::String(text),
            })
        };
        return true;
    }
    false
}

/// One entry of a resource map (`cpu`, `memory`, `storage`); empty removes it. The checker's
/// findings about the entry are the caller's to show (at `….requests.cpu`).
pub fn quantity(
    ui: &mut Ui,
    label: &str,
    map: &mut Option<BTreeMap<String, Quantity>>,
    key: &str,
) -> bool {
    let mut text = map
        .as_ref()
        .and_then(|m| m.get(key))
        .map(|q| q.0.clone())
        .unwrap_or_default();
    if self::text(ui, label, &mut text, None) {
        let entries = map.get_or_insert_with(BTreeMap::new);
        if text.is_empty() {
            entries.remove(key);
        } else {
            entries.insert(key.to_owned(), Quantity(text));
        }
        if entries.is_empty() {
            *map = None;
        }
        return true;
    }
    false
}

/// A choice among fixed values (`ClusterIP`, `NodePort`…); the empty choice unsets it.
pub fn choice(ui: &mut Ui, label: &str, value: &mut Option<String>, options: &[&str]) -> bool {
    const DEFAULT: &str = "(default)";
    let mut all = vec![DEFAULT];
    all.extend_from_slice(options);
    let current = value.as_deref().unwrap_or(DEFAULT);
    match combo(ui, label, current, &all) {
        Some(picked) => {
            *value = (picked != DEFAULT).then(|| picked.to_owned());
            true
        }
        None => false,
    }
}

/// A choice among fixed values for a field that must hold one (an operator, a probe's handler).
pub fn required_choice(ui: &mut Ui, label: &str, value: &mut String, options: &[&str]) -> bool {
    match combo(ui, label, value, options) {
        Some(picked) => {
            picked.clone_into(value);
            true
        }
        None => false,
    }
}

/// A labelled combo box showing `current`; returns the option clicked, if any.
fn combo<'a>(ui: &mut Ui, label: &str, current: &str, options: &[&'a str]) -> Option<&'a str> {
    let mut picked = None;
    ui.horizontal(|ui| {
        let name = ui.label(label);
        egui::ComboBox::from_id_salt(label)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for option in options {
                    if ui.selectable_label(current == *option, *option).clicked() {
                        picked = Some(*option);
                    }
                }
            })
            .response
            .labelled_by(name.id);
    });
    picked
}

/// Gives a widget without a visible label its accessible name.
pub fn named(ui: &Ui, response: egui::Response, name: &str) -> egui::Response {
    let label = ui.interact(
        egui::Rect::from_min_size(response.rect.min, egui::vec2(1.0, 1.0)),
        response.id.with("accessible_name"),
        egui::Sense::hover(),
    );
    label.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, name));
    response.labelled_by(label.id)
}

/// Key/value pairs (labels, selectors): edit, remove, add. `what` names an entry ("label").
pub fn key_values(ui: &mut Ui, what: &str, map: &mut BTreeMap<String, String>) -> bool {
    let mut entries: Vec<(String, String)> =
        map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut changed = false;
    let mut remove = None;
    for (index, (key, value)) in entries.iter_mut().enumerate() {
        ui.push_id(index, |ui| {
            // Keys such as `app.kubernetes.io/name` are long: each field is as wide as its text,
            // and the row wraps when key and value do not fit side by side.
            ui.horizontal_wrapped(|ui| {
                let key_width = fitted_width(ui, key, 120.0);
                // The value takes what the row has left beside the key, "=" and Remove; when that
                // is too little it goes to the next line at its own width.
                let spacing = ui.spacing().item_spacing.x;
                let left =
                    ui.available_width() - key_width - 2.0 * FIELD_MARGINS - 90.0 - 3.0 * spacing;
                let value_width = if left >= 90.0 {
                    left
                } else {
                    fitted_width(ui, value, 110.0)
                };
                let key_field = ui.add(egui::TextEdit::singleline(key).desired_width(key_width));
                changed |= named(ui, key_field, &format!("{what} key"))
                    .on_hover_text(key.as_str())
                    .changed();
                ui.label("=");
                let width = value_width;
                let value_field = ui.add(egui::TextEdit::singleline(value).desired_width(width));
                changed |= named(ui, value_field, &format!("{what} value"))
                    .on_hover_text(value.as_str())
                    .changed();
                if ui
                    .small_button("Remove")
                    .on_hover_text(format!("Remove this {what}"))
                    .clicked()
                {
                    remove = Some(index);
                }
            });
        });
    }
    if let Some(index) = remove {
        entries.remove(index);
        changed = true;
    }
    if ui.small_button(format!("Add {what}")).clicked() {
        let mut n = 1;
        while entries.iter().any(|(k, _)| *k == format!("key-{n}")) {
            n += 1;
        }
        entries.push((format!("key-{n}"), String::new()));
        changed = true;
    }
    if changed {
        *map = entries.into_iter().collect();
    }
    changed
}

/// Key/value pairs held in an `Option` (unset when empty).
pub fn optional_key_values(
    ui: &mut Ui,
    what: &str,
    map: &mut Option<BTreeMap<String, String>>,
) -> bool {
    let mut entries = map.clone().unwrap_or_default();
    if key_values(ui, what, &mut entries) {
        *map = (!entries.is_empty()).then_some(entries);
        return true;
    }
    false
}
