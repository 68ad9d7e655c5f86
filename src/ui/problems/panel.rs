//! The problems panel (bottom): every rule finding with filters, one-click fixes, "ignore for
//! this object", rule documentation; the status bar counts.

use std::collections::BTreeSet;

use egui::{RichText, ScrollArea};
use egui_extras::{Column, TableBuilder, TableRow};

use crate::model::ObjectId;
use crate::rules::{self, Applicability, Diagnostic, Severity};

use crate::ui::problems::state::{
    ProblemsView, ignore_command, namespace_of, severity_color, severity_icon,
};
use crate::ui::shell::app::{KubedraftApp, Request};
use crate::ui::shell::dialogs::ToastLevel;
use crate::ui::shell::room::RoomCtx;

/// What a row asked for (applied after the table is drawn, when nothing borrows the view).
enum RowAction {
    Focus(ObjectId, String),
    Fix(Diagnostic),
    Ignore(ObjectId, &'static str),
    Docs(&'static str),
}

fn labelled_combo(ui: &mut egui::Ui, label: &str, selected: &str, add: impl FnOnce(&mut egui::Ui)) {
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(selected)
        .show_ui(ui, add)
        .response
        .labelled_by(label.id);
}

/// The problems room (a workspace tile): the findings in `view` with its filters; fixes,
/// "ignore" and focusing an object go to the app as requests.
pub(crate) fn problems_pane_ui(view: &mut ProblemsView, ctx: &mut RoomCtx<'_>, ui: &mut egui::Ui) {
    let mut actions = Vec::new();
    problems_toolbar_ui(view, ui);
    if let Some(env) = ctx.env {
        ui.weak(format!(
            "The findings of environment {env}: its effective design, with {env}'s severities."
        ));
    }
    environment_problems_ui(view, ctx.dark, ui);
    ui.separator();
    problems_table_ui(view, ctx.dark, ui, &mut actions);
    apply_row_actions(view, ctx, actions);
}

/// What the design's environments say that does not fit it (an override of a field or object
/// that no longer exists): reported, never dropped, until the override is changed.
fn environment_problems_ui(view: &ProblemsView, dark: bool, ui: &mut egui::Ui) {
    if view.env_problems.is_empty() {
        return;
    }
    let color = severity_color(Severity::Warning, dark);
    egui::CollapsingHeader::new(format!("Environments ({})", view.env_problems.len()))
        .id_salt("env_problems")
        .default_open(true)
        .show(ui, |ui| {
            for problem in &view.env_problems {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(severity_icon(Severity::Warning))
                            .strong()
                            .color(color),
                    );
                    ui.label(problem.to_string());
                });
            }
        });
}

fn problems_toolbar_ui(view: &mut ProblemsView, ui: &mut egui::Ui) {
    let summary = view.summary();
    let mut rule_ids: Vec<&'static str> = view.diagnostics().iter().map(|d| d.rule).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let namespaces: BTreeSet<String> = view
        .diagnostics()
        .iter()
        .filter_map(|d| namespace_of(d).map(str::to_owned))
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.strong("Problems");
        ui.label(format!(
            "{} errors · {} warnings · {} infos",
            summary.errors, summary.warnings, summary.infos
        ));
        let total = view.diagnostics().len();
        let shown = view.filtered().count();
        if shown != total {
            ui.weak(format!("({shown} of {total} shown)"));
        }
        ui.separator();
        let severity_text = match view.min_severity {
            None => "all",
            Some(Severity::Info) => "info and above",
            Some(Severity::Warning) => "warnings and errors",
            Some(Severity::Error) => "errors only",
        };
        labelled_combo(ui, "Severity", severity_text, |ui| {
            ui.selectable_value(&mut view.min_severity, None, "all");
            ui.selectable_value(
                &mut view.min_severity,
                Some(Severity::Warning),
                "warnings and errors",
            );
            ui.selectable_value(&mut view.min_severity, Some(Severity::Error), "errors only");
        });
        labelled_combo(ui, "Rule", view.rule.unwrap_or("all rules"), |ui| {
            ui.selectable_value(&mut view.rule, None, "all rules");
            for id in rule_ids {
                ui.selectable_value(&mut view.rule, Some(id), id);
            }
        });
        let namespace_text = view
            .namespace
            .clone()
            .unwrap_or_else(|| "all namespaces".to_owned());
        labelled_combo(ui, "Namespace", &namespace_text, |ui| {
            ui.selectable_value(&mut view.namespace, None, "all namespaces");
            for namespace in namespaces {
                let text = namespace.clone();
                ui.selectable_value(&mut view.namespace, Some(namespace), text);
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Hide")
                .on_hover_text("Hide the problems panel (Ctrl+Shift+M)")
                .clicked()
            {
                view.panel = false;
            }
        });
    });
}

/// One row per finding. Rows are virtualised (only those in view are laid out), so a design
/// with thousands of findings costs no more per frame than one with ten; the message column
/// takes the remaining width and long messages show in full on hover.
fn problems_table_ui(
    view: &ProblemsView,
    dark: bool,
    ui: &mut egui::Ui,
    actions: &mut Vec<RowAction>,
) {
    let rows: Vec<&Diagnostic> = view.filtered().collect();
    if rows.is_empty() {
        ui.weak(if view.diagnostics().is_empty() {
            "No problems found."
        } else {
            "No problems match the filters."
        });
        return;
    }
    let row_height = ui.spacing().interact_size.y + 4.0;
    TableBuilder::new(ui)
        .id_salt("problems_table")
        .striped(true)
        .resizable(true)
        .vscroll(true)
        .auto_shrink([false, false])
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(78.0))
        .column(Column::exact(140.0))
        .column(Column::initial(250.0).at_least(120.0).clip(true))
        .column(Column::exact(150.0))
        .column(Column::remainder().at_least(200.0).clip(true))
        .column(Column::initial(220.0).at_least(80.0).clip(true))
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let index = row.index();
                if let Some(diagnostic) = rows.get(index) {
                    problem_row_ui(&mut row, index, diagnostic, dark, actions);
                }
            });
        });
}

fn apply_row_actions(view: &mut ProblemsView, ctx: &mut RoomCtx<'_>, actions: Vec<RowAction>) {
    for action in actions {
        match action {
            RowAction::Focus(id, field) => ctx.request(Request::FocusProblem(id, field)),
            RowAction::Fix(diagnostic) => {
                if let Some(fix) = &diagnostic.fix {
                    match fix.command(&ctx.doc.model) {
                        Some(command) => ctx.request(Request::Command(command, None)),
                        None => ctx.request(Request::Toast(
                            ToastLevel::Warning,
                            format!(
                                "“{}” no longer applies to {}",
                                fix.label,
                                diagnostic.object_display()
                            ),
                        )),
                    }
                }
            }
            RowAction::Ignore(id, rule) => {
                if let Some(command) = ignore_command(&ctx.doc.model, id, rule) {
                    ctx.request(Request::Command(command, None));
                }
            }
            RowAction::Docs(rule) => view.docs_open = Some(rule),
        }
    }
}

impl KubedraftApp {
    /// Re-checks the design after an edit (once per revision) and refreshes the node badges.
    pub(crate) fn refresh_problems(&mut self) {
        let doc = crate::ui::shell::app::shown(&self.doc, self.env_view.as_ref());
        let first = self.problems.never_checked();
        if self
            .problems
            .refresh(doc, self.revision, self.env.as_deref())
        {
            self.problems.env_problems = self.doc.environment_problems();
            // Overrides that no longer fit the design are shown when it is opened.
            if first && !self.problems.env_problems.is_empty() {
                self.problems.panel = true;
            }
            self.node_badges = self.problems.badges(self.view.dark);
        }
    }

    /// The documentation of the rule the user asked about, in a window.
    pub(crate) fn rule_docs_window_ui(&mut self, ctx: &egui::Context) {
        let Some(id) = self.problems.docs_open else {
            return;
        };
        let Some(rule) = rules::rule(id) else {
            self.problems.docs_open = None;
            return;
        };
        let mut open = true;
        egui::Window::new(format!("{} {}", rule.id, rule.name))
            .open(&mut open)
            .default_width(520.0)
            .default_height(420.0)
            .collapsible(false)
            .show(ctx, |ui| {
                ScrollArea::vertical().show(ui, |ui| {
                    super::markdown::markdown_ui(ui, &rule.render_docs_body());
                });
            });
        if !open {
            self.problems.docs_open = None;
        }
    }

    /// Error and warning counts in the status bar; clicking them toggles the panel.
    pub(crate) fn problems_status_ui(&mut self, ui: &mut egui::Ui) {
        let summary = self.problems.summary();
        let text = format!(
            "{} {} · {} {}",
            severity_icon(Severity::Error),
            crate::ui::plural(summary.errors, "error"),
            severity_icon(Severity::Warning),
            crate::ui::plural(summary.warnings, "warning")
        );
        if ui
            .link(text)
            .on_hover_text("Show or hide the problems panel (Ctrl+Shift+M)")
            .clicked()
        {
            self.problems.panel = !self.problems.panel;
        }
    }
}

fn problem_row_ui(
    row: &mut TableRow<'_, '_>,
    index: usize,
    diagnostic: &Diagnostic,
    dark: bool,
    actions: &mut Vec<RowAction>,
) {
    row.col(|ui| {
        ui.push_id(index, |ui| {
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    severity_icon(diagnostic.severity),
                    diagnostic.severity
                ))
                .color(severity_color(diagnostic.severity, dark)),
            );
        });
    });
    row.col(|ui| {
        let summary = rules::rule(diagnostic.rule).map_or("", |r| r.summary);
        ui.label(RichText::new(diagnostic.rule).monospace())
            .on_hover_text(summary);
        let docs = ui
            .small_button("?")
            .on_hover_text(format!("Documentation of {}", diagnostic.rule));
        docs.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!("Documentation of {}", diagnostic.rule),
            )
        });
        if docs.clicked() {
            actions.push(RowAction::Docs(diagnostic.rule));
        }
    });
    let object = diagnostic.object_display();
    row.col(|ui| match diagnostic.object {
        Some(id) => {
            let response = ui
                .selectable_label(false, &object)
                .on_hover_text("Select this object");
            if response.clicked() {
                actions.push(RowAction::Focus(id, diagnostic.field.clone()));
            }
        }
        None => {
            ui.label(&object);
        }
    });
    row.col(|ui| {
        if let Some(fix) = &diagnostic.fix {
            // An unsafe fix changes what the design does: the button says so before the click.
            let button = match fix.applicability {
                Applicability::Safe => "Fix",
                Applicability::Unsafe => "Fix (unsafe)",
            };
            let name = format!("{button}: {} ({} on {object})", fix.label, diagnostic.rule);
            let hover = format!("{}\n{}", fix.label, fix.applicability.explanation());
            let response = ui.button(button).on_hover_text(hover);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if response.clicked() {
                actions.push(RowAction::Fix(diagnostic.clone()));
            }
        }
        if let Some(id) = diagnostic.object {
            let name = format!("Ignore {} for {object}", diagnostic.rule);
            let response = ui
                .button("Ignore")
                .on_hover_text("Ignore this rule for this object (kubedraft.io/ignore annotation)");
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if response.clicked() {
                actions.push(RowAction::Ignore(id, diagnostic.rule));
            }
        }
    });
    row.col(|ui| {
        ui.add(egui::Label::new(&diagnostic.message).truncate());
    });
    row.col(|ui| {
        ui.add(egui::Label::new(RichText::new(&diagnostic.field).monospace().weak()).truncate());
    });
}
