//! The menu bar and the status bar.

use crate::ui::shell::actions::{Action, Menu};
use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::workspace::Pane;

impl KubedraftApp {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    for action in [
                        Action::New,
                        Action::NewFromTemplate,
                        Action::Open,
                        Action::Save,
                        Action::SaveAs,
                    ] {
                        self.menu_item_ui(ui, action, action.label().to_owned(), true);
                    }
                    ui.separator();
                    let import = Action::ImportManifests;
                    self.menu_item_ui(ui, import, import.label().to_owned(), true);
                    ui.separator();
                    self.menu_item_ui(ui, Action::Quit, "Quit".to_owned(), true);
                });
                for (title, menu) in [
                    ("Export", Menu::Export),
                    ("Edit", Menu::Edit),
                    ("View", Menu::View),
                ] {
                    ui.menu_button(title, |ui| {
                        for action in Action::in_menu(menu) {
                            if matches!(
                                action,
                                Action::Cut
                                    | Action::AddConfigMap
                                    | Action::TidyLayout
                                    | Action::ToggleReachOverlay
                                    | Action::GeneratePolicies
                            ) {
                                ui.separator();
                            }
                            let label = self.menu_label(action);
                            let enabled = self.can_perform(action);
                            self.menu_item_ui(ui, action, label, enabled);
                        }
                    });
                }
                ui.menu_button("Environments", |ui| self.environments_menu_ui(ui));
                self.environment_switcher_ui(ui);
            });
        });
    }

    /// The menu text of an action: "Undo Move api-server", "Light theme"…
    fn menu_label(&self, action: Action) -> String {
        match action {
            Action::Undo => self
                .history
                .undo_label()
                .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
            Action::Redo => self
                .history
                .redo_label()
                .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
            Action::ToggleTheme if self.view.dark => "Light theme".to_owned(),
            Action::ToggleTheme => "Dark theme".to_owned(),
            Action::ToggleReachOverlay if self.reach.overlay => "Hide reachability".to_owned(),
            Action::ToggleReachPanel if self.reach.panel => "Hide reachability matrix".to_owned(),
            Action::ToggleProblemsPanel if self.problems.panel => "Hide problems".to_owned(),
            Action::ToggleObjectsPanel if self.workspace.is_open(Pane::Objects) => {
                "Hide objects".to_owned()
            }
            Action::ToggleInspectorPanel if self.workspace.is_open(Pane::Inspector) => {
                "Hide inspector".to_owned()
            }
            Action::ToggleYamlPanel if self.workspace.is_open(Pane::Yaml) => {
                "Hide manifests".to_owned()
            }
            other => other.label().to_owned(),
        }
    }

    fn menu_item_ui(&mut self, ui: &mut egui::Ui, action: Action, label: String, enabled: bool) {
        let mut button = egui::Button::new(label);
        if let Some(shortcut) = action.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.requests.push(Request::Action(action));
        }
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                // The counts of the design as shown (the chosen environment's).
                let model = &crate::ui::shell::app::shown(&self.doc, self.env_view.as_ref()).model;
                let mut counts: std::collections::BTreeMap<&str, usize> =
                    std::collections::BTreeMap::new();
                for (_, object) in model.objects() {
                    *counts.entry(object.kind_name()).or_default() += 1;
                }
                let mut parts: Vec<String> = crate::model::Kind::EDITABLE
                    .iter()
                    .map(|k| {
                        crate::ui::plural(counts.get(k.as_str()).copied().unwrap_or(0), k.as_str())
                    })
                    .collect();
                // Gateways and routes are counted when the design has them (then not as other).
                let count = |kinds: &[crate::model::Kind]| -> usize {
                    kinds
                        .iter()
                        .map(|k| counts.get(k.as_str()).copied().unwrap_or(0))
                        .sum()
                };
                let gateways = count(&[crate::model::Kind::Gateway]);
                let routes = count(&crate::model::Kind::ROUTES);
                if gateways + routes > 0 {
                    parts.push(crate::ui::plural(gateways, "Gateway"));
                    parts.push(crate::ui::plural(routes, "Route"));
                }
                let others: usize = counts
                    .iter()
                    .filter(|(k, _)| {
                        !crate::model::Kind::EDITABLE
                            .iter()
                            .chain(&crate::model::Kind::ROUTES)
                            .chain(&[crate::model::Kind::Gateway])
                            .any(|e| e.as_str() == **k)
                    })
                    .map(|(_, n)| n)
                    .sum();
                if others > 0 {
                    parts.push(format!("{others} other"));
                }
                let namespaces = model.all_namespace_names().len();
                let noun = if namespaces == 1 {
                    "namespace"
                } else {
                    "namespaces"
                };
                ui.label(format!("{namespaces} {noun} · {}", parts.join(" · ")));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format!("Zoom {:.0}%", self.view.zoom * 100.0));
                    ui.separator();
                    self.problems_status_ui(ui);
                    ui.separator();
                    let selected = self.view.selection.len();
                    if selected > 0 {
                        ui.label(format!("{selected} selected"));
                        ui.separator();
                    }
                    if !self.doc.complete {
                        ui.label("Incomplete design (imported)")
                            .on_hover_text("References to objects outside the design are allowed.");
                    }
                });
            });
        });
    }
}
