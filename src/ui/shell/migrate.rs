//! The Ingress → Gateway API migration (an action of the Edit menu and the command palette): a
//! dialog for the Gateway's class and name that previews what will be made and every note, then
//! the design's Ingresses replaced by their Gateway API objects as one undo step.

use egui::{Id, TextEdit};

use crate::document::convert_ingress::convert_ingresses_command;
use crate::model::gateway::convert::{ConvertOptions, NoteLevel, convert, parse_gateway_ref};
use crate::ui::shell::app::KubedraftApp;
use crate::ui::shell::dialogs::ToastLevel;

/// The conversion dialog's fields, as typed.
#[derive(Clone, Debug, Default)]
pub struct ConvertDialog {
    /// The `gatewayClassName` of the one Gateway; empty: one Gateway per Ingress class.
    pub class: String,
    /// `namespace/name` of the Gateway; empty: named after the class.
    pub gateway: String,
}

impl ConvertDialog {
    /// The options the fields say, or why they do not read.
    fn options(&self) -> Result<ConvertOptions, String> {
        let class = self.class.trim();
        let gateway = self.gateway.trim();
        let gateway = if gateway.is_empty() {
            None
        } else {
            Some(
                parse_gateway_ref(gateway)
                    .ok_or_else(|| format!("Gateway `{gateway}`: write it as namespace/name"))?,
            )
        };
        Ok(ConvertOptions {
            gateway_class: (!class.is_empty()).then(|| class.to_owned()),
            gateway,
        })
    }
}

impl KubedraftApp {
    /// The conversion dialog, while open: Convert runs it, Cancel or Escape closes it.
    pub(crate) fn convert_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.convert_dialog.take() else {
            return;
        };
        let mut run = None;
        let mut close = false;
        let modal = egui::Modal::new(Id::unique("convert_ingress_dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading("Convert Ingresses to Gateway API");
            ui.label(
                "Every Ingress becomes HTTPRoutes attached to a shared Gateway, in one undo step.",
            );
            egui::Grid::new("convert_fields")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label("Gateway class");
                    ui.add(
                        TextEdit::singleline(&mut dialog.class)
                            .hint_text("each Ingress's class (one Gateway per class)")
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Gateway");
                    ui.add(
                        TextEdit::singleline(&mut dialog.gateway)
                            .hint_text("namespace/name (default: named after the class)")
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                });
            ui.separator();
            let preview = dialog.options().and_then(|options| {
                convert(&self.doc.model, &options)
                    .map(|c| (options, c))
                    .map_err(|e| e.to_string())
            });
            match &preview {
                Ok((_, conversion)) => {
                    let count = |kind: &str| {
                        conversion
                            .objects
                            .iter()
                            .filter(|o| o.kind_name() == kind)
                            .count()
                    };
                    ui.label(format!(
                        "{} replaced by {}, {}.",
                        crate::ui::plural(conversion.replaced.len(), "Ingress"),
                        crate::ui::plural(count("Gateway"), "Gateway"),
                        crate::ui::plural(count("HTTPRoute"), "HTTPRoute"),
                    ));
                    if conversion.notes.is_empty() {
                        ui.weak("Everything carries over.");
                    } else {
                        ui.label(format!(
                            "{} (what does not carry over exactly):",
                            crate::ui::plural(conversion.notes.len(), "note")
                        ));
                        egui::ScrollArea::vertical()
                            .max_height(220.0)
                            .show(ui, |ui| {
                                for note in &conversion.notes {
                                    // The note names its level ("warning: …").
                                    ui.label(note.to_string());
                                }
                            });
                    }
                }
                Err(error) => {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
            }
            ui.separator();
            ui.horizontal(|ui| {
                let ready = preview.as_ref().is_ok_and(|(_, c)| !c.replaced.is_empty());
                if ui
                    .add_enabled(ready, egui::Button::new("Convert"))
                    .clicked()
                {
                    run = preview.ok().map(|(options, _)| options);
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
        if let Some(options) = run {
            self.convert_ingresses_to_gateway(&options);
        } else if !close && !modal.should_close() {
            self.convert_dialog = Some(dialog);
        }
    }

    /// Converts every Ingress to Gateway API objects as `options` say, and says what did not
    /// carry over.
    pub(crate) fn convert_ingresses_to_gateway(&mut self, options: &ConvertOptions) {
        let (command, conversion) = match convert_ingresses_command(&mut self.doc, options) {
            Ok(done) => done,
            Err(error) => {
                self.toast(ToastLevel::Info, error.to_string());
                return;
            }
        };
        self.execute(command);
        let kinds = |kind: &str| {
            conversion
                .objects
                .iter()
                .filter(|o| o.kind_name() == kind)
                .count()
        };
        self.toast(
            ToastLevel::Info,
            format!(
                "{} converted: {}, {} (Ctrl+Z undoes).",
                match conversion.replaced.len() {
                    1 => "1 Ingress".to_owned(),
                    n => format!("{n} Ingresses"),
                },
                crate::ui::plural(kinds("Gateway"), "Gateway"),
                crate::ui::plural(kinds("HTTPRoute"), "HTTPRoute"),
            ),
        );
        let not_converted = conversion
            .notes
            .iter()
            .filter(|n| n.level == NoteLevel::NotConverted)
            .count();
        if let Some(first) = conversion.notes.first() {
            self.toast(
                ToastLevel::Warning,
                format!(
                    "{} ({not_converted} not converted); the first: {first}. The conversion dialog and `kubedraft convert ingress-to-gateway` list them all.",
                    crate::ui::plural(conversion.notes.len(), "note")
                ),
            );
        }
    }
}
