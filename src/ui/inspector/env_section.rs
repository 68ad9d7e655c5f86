//! The inspector's Environments section of an object: which environments have it (a checkbox
//! each) and, while an environment is shown, every field it overrides with a Reset to base.

use egui::RichText;

use crate::document::{Command, EnvCommand, ObjectKey, pointer};
use crate::model::ObjectId;
use crate::ui::inspector::field_notes::override_color;
use crate::ui::shell::app::Request;
use crate::ui::shell::room::RoomCtx;

/// The section; nothing when the design has no environments.
pub(crate) fn environment_section_ui(ui: &mut egui::Ui, ctx: &mut RoomCtx<'_>, id: ObjectId) {
    let design = ctx.design;
    if design.environments.list.is_empty() {
        return;
    }
    let Some(object) = design.model.get(id) else {
        return;
    };
    let key = ObjectKey::of(object);
    let env_only = design.environments.env_only.contains(&key);
    let mut requests = Vec::new();
    egui::CollapsingHeader::new("Environments")
        .id_salt(("env_section", id))
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label("In");
                let mut in_base = !env_only;
                if ui
                    .checkbox(&mut in_base, "base")
                    .on_hover_text("In the base, an object is in every environment that does not leave it out; otherwise only in those that include it")
                    .changed()
                {
                    requests.push(move_between_base_and_envs(ctx, id, in_base));
                }
                for env in &design.environments.list {
                    let mut present = design.in_environment(id, Some(&env.name));
                    if ui.checkbox(&mut present, env.name.as_str()).changed() {
                        let name = env.name.clone();
                        requests.push(Command::Env(if present {
                            EnvCommand::IncludeObject { env: name, object: id }
                        } else {
                            EnvCommand::ExcludeObject { env: name, object: id }
                        }));
                    }
                }
            });
            let Some(env) = ctx.env else {
                let count = design
                    .environments
                    .list
                    .iter()
                    .filter(|e| e.overrides.get(&key).is_some_and(|f| !f.is_empty()))
                    .count();
                if count > 0 {
                    ui.weak(format!(
                        "Overridden in {}; choose one in the menu bar to see and edit its values.",
                        crate::ui::plural(count, "environment")
                    ));
                }
                return;
            };
            let base = object.to_value();
            match design.overrides_of(id, env).filter(|o| !o.is_empty()) {
                None => {
                    ui.weak(format!(
                        "No field differs from the base in {env}. Edits made now are written to {env} only."
                    ));
                }
                Some(overrides) => {
                    ui.label(format!("Set in {env} (edits are written to {env}):"));
                    let color = override_color(ctx.dark);
                    egui::Grid::new(("env_overrides", id))
                        .num_columns(3)
                        .spacing([8.0, 2.0])
                        .show(ui, |ui| {
                            for (field, value) in overrides {
                                let path = pointer::to_field_path(&base, field)
                                    .unwrap_or_else(|| field.clone());
                                let was = pointer::tokens(field)
                                    .ok()
                                    .and_then(|t| pointer::get(&base, &t).map(crate::ui::environments::short))
                                    .unwrap_or_else(|| "—".to_owned());
                                ui.monospace(path);
                                ui.label(RichText::new(crate::ui::environments::short(value)).color(color))
                                    .on_hover_text(format!("base: {was}"));
                                if ui
                                    .small_button("Reset to base")
                                    .on_hover_text(format!("The field gets the base's value again ({was})"))
                                    .clicked()
                                {
                                    requests.push(Command::Env(EnvCommand::ResetOverride {
                                        env: env.to_owned(),
                                        object: id,
                                        field: field.clone(),
                                    }));
                                }
                                ui.end_row();
                            }
                        });
                }
            }
        });
    for command in requests {
        ctx.request(Request::Command(command, None));
    }
}

/// Puts object `id` into the base (`in_base`) or makes it environment-only, keeping which
/// environments have it and leaving no stale inclusion or exclusion behind.
fn move_between_base_and_envs(ctx: &RoomCtx<'_>, id: ObjectId, in_base: bool) -> Command {
    let design = ctx.design;
    let present: Vec<(String, bool)> = design
        .environments
        .list
        .iter()
        .map(|e| (e.name.clone(), design.in_environment(id, Some(&e.name))))
        .collect();
    let mut steps = Vec::new();
    let env_command = |env: &str, include: bool| {
        let env = env.to_owned();
        Command::Env(if include {
            EnvCommand::IncludeObject { env, object: id }
        } else {
            EnvCommand::ExcludeObject { env, object: id }
        })
    };
    if in_base {
        // Inclusions go first (they mean nothing in the base), then environments that did not
        // have the object leave it out.
        steps.extend(
            present
                .iter()
                .filter(|(_, p)| *p)
                .map(|(e, _)| env_command(e, false)),
        );
        steps.push(Command::Env(EnvCommand::SetEnvOnly {
            object: id,
            env_only: false,
        }));
        steps.extend(
            present
                .iter()
                .filter(|(_, p)| !*p)
                .map(|(e, _)| env_command(e, false)),
        );
    } else {
        steps.extend(
            present
                .iter()
                .filter(|(_, p)| !*p)
                .map(|(e, _)| env_command(e, true)),
        );
        steps.push(Command::Env(EnvCommand::SetEnvOnly {
            object: id,
            env_only: true,
        }));
        steps.extend(
            present
                .iter()
                .filter(|(_, p)| *p)
                .map(|(e, _)| env_command(e, true)),
        );
    }
    Command::Batch(steps)
}
