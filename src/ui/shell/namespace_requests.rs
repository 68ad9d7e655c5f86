//! What the app does when a namespace is to be renamed or deleted (from the canvas, the
//! inspector or a shortcut): open the question, or delete an empty namespace at once.

use crate::document::refactor;
use crate::ui::shell::app::KubedraftApp;

impl KubedraftApp {
    /// Deletes a namespace with its objects; asks first when it holds any.
    pub(crate) fn request_namespace_delete(&mut self, namespace: &str) {
        if refactor::members(&self.doc, namespace).is_empty() {
            self.execute(refactor::delete_namespace(&self.doc, namespace));
            self.view.selected_namespace = None;
        } else {
            self.canvas.namespace_delete = Some(namespace.to_owned());
        }
    }

    /// Delete or Rename with no object selected acts on the focused namespace frame.
    pub(crate) fn namespace_action(&mut self, action: crate::ui::shell::actions::Action) {
        let Some(namespace) = self.view.selected_namespace.clone() else {
            return;
        };
        if action == crate::ui::shell::actions::Action::Delete {
            self.request_namespace_delete(&namespace);
        } else {
            self.start_namespace_rename(&namespace);
        }
    }

    /// Opens the rename field for a namespace.
    pub(crate) fn start_namespace_rename(&mut self, namespace: &str) {
        self.canvas.namespace_rename = Some(crate::ui::canvas::namespace_edit::NamespaceRename {
            namespace: namespace.to_owned(),
            text: namespace.to_owned(),
            problem: None,
        });
    }
}

impl KubedraftApp {
    /// Replaces the text of the open namespace rename field (tests type through this).
    pub fn namespace_rename_text(&mut self, text: &str) {
        if let Some(rename) = self.canvas.namespace_rename.as_mut() {
            text.clone_into(&mut rename.text);
        }
    }
}

impl KubedraftApp {
    /// The namespace frame outlined as the target of a palette click (while a button is hovered).
    #[must_use]
    pub fn palette_target(&self) -> Option<&str> {
        self.canvas.palette_target.as_deref()
    }
}
