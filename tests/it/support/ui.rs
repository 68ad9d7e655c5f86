//! Driving the app in the UI tests: the standard harness and what it shows, shared so each
//! test file does not carry its own copy.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubedraft::model::ObjectId;
use kubedraft::ui::KubedraftApp;

/// The app on its built-in example, at a desktop window size.
pub fn harness() -> Harness<'static, KubedraftApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .build_eframe(|cc| KubedraftApp::new(cc, None))
}

/// The object `kind` `namespace`/`name` of the open design; panics naming it when absent.
pub fn find(
    harness: &Harness<'static, KubedraftApp>,
    kind: &str,
    namespace: &str,
    name: &str,
) -> ObjectId {
    harness
        .state()
        .doc
        .model
        .find(kind, Some(namespace), name)
        .unwrap_or_else(|| panic!("{kind} {namespace}/{name}"))
}

/// The selected objects, in the selection's order.
pub fn selection(harness: &Harness<'static, KubedraftApp>) -> Vec<ObjectId> {
    harness.state().view.selection.iter().copied().collect()
}

/// Presses the pointer at `from`, moves it to `to` in `steps` equal moves and releases it there,
/// as a user's drag does (one jump would skip the drag threshold and hover feedback).
pub fn drag(
    harness: &mut Harness<'static, KubedraftApp>,
    from: egui::Pos2,
    to: egui::Pos2,
    steps: u16,
) {
    harness.hover_at(from);
    harness.drag_at(from);
    for step in 1..=steps {
        harness.hover_at(from + (to - from) * (f32::from(step) / f32::from(steps)));
    }
    harness.drop_at(to);
}

/// The object `id` as its manifest value.
pub fn manifest(harness: &Harness<'static, KubedraftApp>, id: ObjectId) -> serde_json::Value {
    harness
        .state()
        .doc
        .model
        .get(id)
        .unwrap_or_else(|| panic!("object {id:?}"))
        .to_value()
}

/// Ctrl+Z, then a frame.
pub fn undo(harness: &mut Harness<'static, KubedraftApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
}

/// Types `text` into the `index`th field labelled `label` (replacing what it held).
pub fn type_into(
    harness: &mut Harness<'static, KubedraftApp>,
    label: &str,
    index: usize,
    text: &str,
) {
    use egui_kittest::kittest::Queryable as _;
    harness
        .query_all_by_label(label)
        .nth(index)
        .unwrap_or_else(|| panic!("field {label} #{index}"))
        .set_text_value_accesskit(text);
    harness.run();
}

/// Opens the inspector's YAML tab (from the Form tab when `via_form`) and reads its text.
pub fn yaml_tab_text(harness: &mut Harness<'static, KubedraftApp>, via_form: bool) -> String {
    use egui_kittest::kittest::Queryable as _;
    if via_form {
        harness.get_by_label("Form").click();
        harness.run();
    }
    harness.get_by_label("YAML").click();
    harness.run();
    harness
        .get_by_label("Manifest YAML")
        .value()
        .unwrap_or_default()
}

/// The app on the bundled example with object `kind` web/`name` in the inspector.
pub fn inspect(kind: &str, name: &str) -> (Harness<'static, KubedraftApp>, ObjectId) {
    use egui_kittest::kittest::Queryable as _;
    let mut harness = harness();
    harness.run();
    let id = find(&harness, kind, "web", name);
    harness
        .get_by_label(&format!("{kind} {name}"))
        .click_accesskit();
    harness.run();
    (harness, id)
}

/// Adds namespace `name` with its frame 40 units below the `below` frame, and fits the view.
pub fn add_frame_below(
    harness: &mut Harness<'static, KubedraftApp>,
    below: &str,
    name: &str,
) -> kubedraft::document::Rect {
    let above = harness
        .state()
        .doc
        .frame_rect(below)
        .unwrap_or_else(|| panic!("frame {below}"));
    let frame = kubedraft::document::Rect::from_min_size(
        kubedraft::document::Point::new(above.min.x, above.max.y + 40.0),
        600.0,
        220.0,
    );
    harness
        .state_mut()
        .execute(kubedraft::document::Command::AddNamespace {
            name: name.to_owned(),
            namespace: kubedraft::model::Namespace::default(),
            frame: Some(frame),
        });
    harness
        .state_mut()
        .perform(kubedraft::ui::actions::Action::ZoomToFit);
    harness.run();
    harness.run();
    frame
}

/// Opens an Export menu entry and lets the dialog fade in (egui ignores clicks on a modal that is
/// still appearing).
pub fn open_export(harness: &mut Harness<'static, KubedraftApp>, entry: &str) {
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label_contains(entry).click();
    harness.run();
    for _ in 0..10 {
        harness.step();
    }
}

/// Sets the export dialog's path and lets the modal settle.
pub fn set_export_path(harness: &mut Harness<'static, KubedraftApp>, path: &str) {
    harness
        .state_mut()
        .export_dialog
        .as_mut()
        .expect("dialog")
        .path
        .clone_from(&path.to_owned());
    harness.run();
    // The modal re-centres when its content changes height; let it settle before clicking.
    for _ in 0..10 {
        harness.step();
    }
}

/// Clicks the palette's "Add KIND" on the bundled example; returns the new `kind`-1 in `web`.
pub fn add_from_palette(harness: &mut Harness<'static, KubedraftApp>, kind: &str) -> ObjectId {
    harness.get_by_label(&format!("Add {kind}")).click();
    harness.run();
    find(harness, kind, "web", &format!("{}-1", kind.to_lowercase()))
}

/// A palette Ingress and a palette Service given a second port (`metrics` 9090), the view fitted;
/// returns (ingress, service).
pub fn ingress_and_two_port_service(
    harness: &mut Harness<'static, KubedraftApp>,
) -> (ObjectId, ObjectId) {
    let service = add_from_palette(harness, "Service");
    let ingress = add_from_palette(harness, "Ingress");
    let state = harness.state_mut();
    let mut object = state
        .doc
        .model
        .get(service)
        .unwrap_or_else(|| panic!("service {service:?}"))
        .clone();
    if let kubedraft::model::Resource::Service(svc) = object.resource_mut()
        && let Some(ports) = svc.spec.as_mut().and_then(|s| s.ports.as_mut())
    {
        ports.push(k8s_openapi::api::core::v1::ServicePort {
            name: Some("metrics".to_owned()),
            port: 9090,
            ..Default::default()
        });
    } else {
        panic!("a palette Service has ports");
    }
    state.execute(kubedraft::document::Command::ReplaceObject {
        id: service,
        object,
    });
    state.perform(kubedraft::ui::actions::Action::ZoomToFit);
    (ingress, service)
}
