//! One list of actions feeds the menus and the keyboard shortcuts.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the user can ask the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    New,
    Open,
    Save,
    SaveAs,
    ImportManifests,
    ExportYaml,
    ExportHelm,
    ExportValues,
    Quit,
    Undo,
    Redo,
    Delete,
    SelectAll,
    ZoomToFit,
    ToggleTheme,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl Action {
    /// Every action, the more specific shortcuts first (Ctrl+Shift+Z before Ctrl+Z).
    pub const ALL: [Action; 15] = [
        Action::New,
        Action::Open,
        Action::SaveAs,
        Action::Save,
        Action::ImportManifests,
        Action::ExportHelm,
        Action::ExportYaml,
        Action::ExportValues,
        Action::Quit,
        Action::Redo,
        Action::Undo,
        Action::Delete,
        Action::SelectAll,
        Action::ZoomToFit,
        Action::ToggleTheme,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Action::New => "New",
            Action::Open => "Open…",
            Action::Save => "Save",
            Action::SaveAs => "Save As…",
            Action::ImportManifests => "Import manifests…",
            Action::ExportYaml => "YAML…",
            Action::ExportHelm => "Helm chart…",
            Action::ExportValues => "values.yaml…",
            Action::Quit => "Quit",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::Delete => "Delete",
            Action::SelectAll => "Select all",
            Action::ZoomToFit => "Zoom to fit",
            Action::ToggleTheme => "Toggle dark/light theme",
        }
    }

    /// The main shortcut, shown in menus.
    #[must_use]
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let command_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        Some(match self {
            Action::New => shortcut(Modifiers::COMMAND, Key::N),
            Action::Open => shortcut(Modifiers::COMMAND, Key::O),
            Action::Save => shortcut(Modifiers::COMMAND, Key::S),
            Action::SaveAs => shortcut(command_shift, Key::S),
            Action::ImportManifests => shortcut(Modifiers::COMMAND, Key::I),
            Action::ExportYaml => shortcut(Modifiers::COMMAND, Key::E),
            Action::ExportHelm => shortcut(command_shift, Key::E),
            Action::Quit => shortcut(Modifiers::COMMAND, Key::Q),
            Action::Undo => shortcut(Modifiers::COMMAND, Key::Z),
            Action::Redo => shortcut(command_shift, Key::Z),
            Action::Delete => shortcut(Modifiers::NONE, Key::Delete),
            Action::SelectAll => shortcut(Modifiers::COMMAND, Key::A),
            Action::ZoomToFit => shortcut(Modifiers::NONE, Key::F),
            Action::ExportValues | Action::ToggleTheme => return None,
        })
    }

    /// Further shortcuts for the same action (Ctrl+Y for redo, Backspace for delete).
    #[must_use]
    pub fn alternative_shortcuts(self) -> &'static [KeyboardShortcut] {
        const REDO: [KeyboardShortcut; 1] = [shortcut(Modifiers::COMMAND, Key::Y)];
        const DELETE: [KeyboardShortcut; 1] = [shortcut(Modifiers::NONE, Key::Backspace)];
        match self {
            Action::Redo => &REDO,
            Action::Delete => &DELETE,
            _ => &[],
        }
    }

    /// Whether the action works while a text field has the keyboard (only the file actions do).
    #[must_use]
    pub fn works_while_typing(self) -> bool {
        matches!(
            self,
            Action::Save
                | Action::SaveAs
                | Action::Open
                | Action::New
                | Action::Quit
                | Action::ImportManifests
                | Action::ExportYaml
                | Action::ExportHelm
                | Action::ExportValues
        )
    }
}
