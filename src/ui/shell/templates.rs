//! New from template: the seed architectures (the bundled examples) and an empty namespace that
//! denies all traffic until policies allow it.

use egui::Id;

use crate::design_file;
use crate::document::new_object::default_deny;
use crate::document::{Command, Document, FRAME_PADDING, Point, Rect};
use crate::model::Namespace;

use crate::ui::shell::app::KubedraftApp;
use crate::ui::shell::dialogs::ToastLevel;

/// A starting point for a new design.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    pub name: &'static str,
    pub description: &'static str,
    source: Source,
}

#[derive(Clone, Copy, Debug)]
enum Source {
    Design(&'static str),
    EmptyNamespace,
}

/// Every template, in the order the chooser lists them.
pub const TEMPLATES: [Template; 5] = [
    Template {
        name: "Web tier",
        description: "Ingress with TLS, Service and Deployment (3 replicas, probes, limits), PodDisruptionBudget and a NetworkPolicy.",
        source: Source::Design(include_str!("../../../examples/web-tier.ron")),
    },
    Template {
        name: "Web app behind a Gateway",
        description: "The web tier on Gateway API: a Gateway with HTTP and HTTPS listeners, an HTTPRoute to the Service, an HTTP-to-HTTPS redirect route, and a NetworkPolicy admitting only the Gateway's data plane.",
        source: Source::Design(include_str!("../../../examples/web-gateway.ron")),
    },
    Template {
        name: "StatefulSet database",
        description: "PostgreSQL StatefulSet with a headless Service, 100Gi volume claims, PDB and NetworkPolicy.",
        source: Source::Design(include_str!("../../../examples/postgres.ron")),
    },
    Template {
        name: "Microservices",
        description: "Storefront, catalog and orders in two namespaces with default-deny and one allow policy per path.",
        source: Source::Design(include_str!("../../../examples/microservices.ron")),
    },
    Template {
        name: "Empty namespace with default-deny",
        description: "One namespace whose NetworkPolicy denies all ingress and egress until you allow it.",
        source: Source::EmptyNamespace,
    },
];

impl Template {
    /// The template's design.
    pub fn document(&self) -> Result<Document, String> {
        match self.source {
            Source::Design(text) => design_file::from_ron(text).map_err(|e| e.to_string()),
            Source::EmptyNamespace => {
                let mut doc = Document::new();
                let frame = Rect::from_min_size(Point::new(0.0, 0.0), 560.0, 240.0);
                let policy = default_deny("app").map_err(|e| e.to_string())?;
                let id = doc.model.allocate_id();
                Command::Batch(vec![
                    Command::AddNamespace {
                        name: "app".to_owned(),
                        namespace: Namespace::default(),
                        frame: Some(frame),
                    },
                    Command::AddObject {
                        id,
                        object: policy,
                        position: Point::new(
                            frame.max.x - 190.0 - FRAME_PADDING,
                            FRAME_PADDING + 22.0,
                        ),
                    },
                ])
                .apply(&mut doc)
                .map_err(|e| e.to_string())?;
                Ok(doc)
            }
        }
    }
}

impl KubedraftApp {
    /// Replaces the design with a template's (unsaved, untitled).
    pub fn start_from_template(&mut self, template: &Template) {
        match template.document() {
            Ok(doc) => {
                let mut next = Self::with_document(doc, None);
                next.design_name = format!("{} (template)", template.name);
                self.replace_with(next);
            }
            Err(error) => self.toast(
                ToastLevel::Error,
                format!("Template {} could not be read: {error}", template.name),
            ),
        }
    }

    pub(crate) fn template_chooser_ui(&mut self, ctx: &egui::Context) {
        if !self.template_chooser {
            return;
        }
        let mut chosen = None;
        let modal = egui::Modal::new(Id::unique("template_chooser")).show(ctx, |ui| {
            ui.set_width(480.0);
            ui.heading("New from template");
            ui.add_space(4.0);
            for template in &TEMPLATES {
                ui.group(|ui| {
                    ui.set_width(460.0);
                    if ui.button(template.name).clicked() {
                        chosen = Some(*template);
                    }
                    ui.weak(template.description);
                });
            }
            ui.add_space(4.0);
            if ui.button("Cancel").clicked() {
                ui.close();
            }
        });
        if let Some(template) = chosen {
            self.template_chooser = false;
            self.start_from_template(&template);
        } else if modal.should_close() {
            self.template_chooser = false;
        }
    }
}
