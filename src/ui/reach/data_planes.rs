//! Where each Gateway's data plane runs, set from the reachability toolbar: the Gateway's own
//! namespace by default (GEP-1762), or a controller's namespace (the annotation of
//! [`crate::reach::gateway`]). Each change is one undoable edit of the Gateway.

use egui::TextEdit;

use crate::document::Command;
use crate::model::ObjectId;
use crate::reach::Reachability;
use crate::reach::gateway::{data_plane, with_data_plane_namespace};
use crate::ui::shell::app::Request;
use crate::ui::shell::room::RoomCtx;

/// The "Gateway data planes" menu of the toolbar (nothing when the evaluated design has no
/// Gateway). The Gateways are read from the evaluation's workloads, found once per edit, rather
/// than from every object on every frame.
pub(crate) fn data_planes_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>, reach: &Reachability) {
    let mut gateways: Vec<(String, ObjectId)> = reach
        .workloads()
        .iter()
        .filter(|w| w.is_gateway())
        .filter_map(|w| w.objects.first().copied())
        .filter_map(|id| {
            let o = ctx.doc.model.get(id)?;
            let namespace = o.effective_namespace().unwrap_or("default");
            Some((format!("{namespace}/{}", o.name()), id))
        })
        .collect();
    if gateways.is_empty() {
        return;
    }
    gateways.sort();
    let mut edits = Vec::new();
    // Typing into a field must not close the menu (the default closes it on any click).
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    let button = egui::containers::menu::MenuButton::new(format!(
        "Gateway data planes ({})",
        gateways.len()
    ))
    .config(config);
    button.ui(ui, |ui| {
        ui.set_max_width(420.0);
        // A menu lays out justified, which would spread the words of these paragraphs.
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.label(
                "Where each Gateway's proxy pods run. Routes count as traffic from them to the \
             pods behind their backends; generated policies admit exactly that.",
            );
            ui.label(
                egui::RichText::new(
                    "Empty: the Gateway's own namespace (GEP-1762), pods labelled \
                 gateway.networking.k8s.io/gateway-name. Another namespace is admitted as a \
                 whole, like an Ingress controller's.",
                )
                .weak(),
            );
            ui.separator();
            egui::Grid::new("gateway_data_planes")
                .num_columns(2)
                .show(ui, |ui| {
                    for (name, id) in &gateways {
                        let Some(object) = ctx.doc.model.get(*id) else {
                            continue;
                        };
                        let own = object.effective_namespace().unwrap_or("default").to_owned();
                        let current = data_plane(object)
                            .filter(|plane| !plane.own_namespace)
                            .map(|plane| plane.namespace)
                            .unwrap_or_default();
                        let label = ui.label(name);
                        let key = ui.make_persistent_id(("gateway_data_plane", *id));
                        let mut text: String = ui
                            .data_mut(|d| d.get_temp::<String>(key))
                            .unwrap_or_else(|| current.clone());
                        let response = ui
                            .add(
                                TextEdit::singleline(&mut text)
                                    .desired_width(170.0)
                                    .hint_text(own),
                            )
                            .labelled_by(label.id);
                        if response.lost_focus() {
                            ui.data_mut(|d| d.remove::<String>(key));
                            if text.trim() != current {
                                edits.push((*id, text.trim().to_owned()));
                            }
                        } else if response.has_focus() {
                            ui.data_mut(|d| d.insert_temp(key, text));
                        }
                        ui.end_row();
                    }
                });
        });
    });
    for (id, namespace) in edits {
        let Some(object) = ctx.doc.model.get(id) else {
            continue;
        };
        let object = with_data_plane_namespace(object, &namespace);
        let gesture = ctx.new_gesture();
        ctx.request(Request::Command(
            Command::ReplaceObject { id, object },
            Some(gesture),
        ));
    }
}
