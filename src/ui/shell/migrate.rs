//! The Ingress → Gateway API migration (an action of the Edit menu and the command palette):
//! the design's Ingresses replaced by their Gateway API objects as one undo step.

use crate::document::convert_ingress::convert_ingresses_command;
use crate::model::gateway::convert::{ConvertOptions, NoteLevel};
use crate::ui::shell::app::KubedraftApp;
use crate::ui::shell::dialogs::ToastLevel;

impl KubedraftApp {
    /// Converts every Ingress to a Gateway per class and HTTPRoutes, and says what did not carry
    /// over.
    pub(crate) fn convert_ingresses_to_gateway(&mut self) {
        let (command, conversion) =
            match convert_ingresses_command(&mut self.doc, &ConvertOptions::default()) {
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
                    "{} ({not_converted} not converted); the first: {first}. `kubedraft convert ingress-to-gateway` lists them all.",
                    crate::ui::plural(conversion.notes.len(), "note")
                ),
            );
        }
    }
}
