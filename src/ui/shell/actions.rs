//! One list of actions feeds the menus, the keyboard shortcuts and the command palette.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::typed_other::TypedOther;

/// Something the user can ask the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    New,
    NewFromTemplate,
    Open,
    Save,
    SaveAs,
    ImportManifests,
    ExportYaml,
    ExportHelm,
    ExportValues,
    ExportKustomize,
    ExportImage,
    Quit,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    Duplicate,
    Rename,
    Delete,
    SelectAll,
    ZoomToFit,
    ZoomToSelection,
    TidyLayout,
    ToggleTheme,
    CommandPalette,
    /// Allowed connections drawn on the canvas (reachability overlay).
    ToggleReachOverlay,
    /// The reachability panel: matrix, why, changes since save.
    ToggleReachPanel,
    /// NetworkPolicies from the drawn traffic, replacing the generated ones.
    GeneratePolicies,
    /// A Baseline-tier ClusterNetworkPolicy default deny plus NetworkPolicies allowing the drawn
    /// traffic, replacing the generated ones.
    GenerateBaselinePolicies,
    /// The design's Ingresses replaced by a Gateway and HTTPRoutes (one undo step).
    ConvertIngressToGateway,
    /// The problems panel: rule findings, fixes, suppression.
    ToggleProblemsPanel,
    /// The object list room.
    ToggleObjectsPanel,
    /// The inspector room.
    ToggleInspectorPanel,
    /// The YAML room (the selection's manifests).
    ToggleYamlPanel,
    /// The workspace's rooms back in their default places and sizes.
    ResetLayout,
    /// A new ConfigMap in the focused namespace.
    AddConfigMap,
    /// A new Secret (without values) in the focused namespace.
    AddSecret,
    /// A new PersistentVolumeClaim in the focused namespace.
    AddPersistentVolumeClaim,
    /// A HorizontalPodAutoscaler scaling the selected Deployment or StatefulSet.
    AddHorizontalPodAutoscaler,
    /// A PodDisruptionBudget for the pods of the selected Deployment or StatefulSet.
    AddPodDisruptionBudget,
}

/// The menu an action is listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Export,
    Edit,
    View,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl Action {
    /// Every action, the more specific shortcuts first (Ctrl+Shift+Z before Ctrl+Z).
    pub const ALL: [Action; 41] = [
        Action::New,
        Action::NewFromTemplate,
        Action::Open,
        Action::SaveAs,
        Action::Save,
        Action::ImportManifests,
        Action::ExportHelm,
        Action::ExportYaml,
        Action::ExportValues,
        Action::ExportKustomize,
        Action::ExportImage,
        Action::Quit,
        Action::Redo,
        Action::Undo,
        Action::Cut,
        Action::Copy,
        Action::Paste,
        Action::Duplicate,
        Action::Rename,
        Action::Delete,
        Action::SelectAll,
        Action::ZoomToSelection,
        Action::ZoomToFit,
        Action::TidyLayout,
        Action::ToggleTheme,
        Action::CommandPalette,
        Action::ToggleReachOverlay,
        Action::ToggleProblemsPanel,
        Action::ToggleReachPanel,
        Action::ToggleObjectsPanel,
        Action::ToggleInspectorPanel,
        Action::ToggleYamlPanel,
        Action::ResetLayout,
        Action::GeneratePolicies,
        Action::GenerateBaselinePolicies,
        Action::ConvertIngressToGateway,
        Action::AddConfigMap,
        Action::AddSecret,
        Action::AddPersistentVolumeClaim,
        Action::AddHorizontalPodAutoscaler,
        Action::AddPodDisruptionBudget,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Action::New => "New",
            Action::NewFromTemplate => "New from template…",
            Action::Open => "Open…",
            Action::Save => "Save",
            Action::SaveAs => "Save As…",
            Action::ImportManifests => "Import manifests…",
            Action::ExportYaml => "YAML…",
            Action::ExportHelm => "Helm chart…",
            Action::ExportValues => "values.yaml…",
            Action::ExportKustomize => "Kustomize base and overlays…",
            Action::ExportImage => "Image (SVG/PNG)…",
            Action::Quit => "Quit",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::Cut => "Cut",
            Action::Copy => "Copy as YAML",
            Action::Paste => "Paste YAML",
            Action::Duplicate => "Duplicate",
            Action::Rename => "Rename",
            Action::Delete => "Delete",
            Action::SelectAll => "Select all",
            Action::ZoomToFit => "Zoom to fit",
            Action::ZoomToSelection => "Zoom to selection",
            Action::TidyLayout => "Tidy layout",
            Action::ToggleTheme => "Toggle dark/light theme",
            Action::CommandPalette => "Command palette…",
            Action::ToggleReachOverlay => "Show reachability",
            Action::ToggleReachPanel => "Reachability matrix",
            Action::GeneratePolicies => "Generate NetworkPolicies from traffic",
            Action::GenerateBaselinePolicies => {
                "Generate Baseline default deny + NetworkPolicies from traffic"
            }
            Action::ConvertIngressToGateway => "Convert Ingresses to Gateway API…",
            Action::ToggleProblemsPanel => "Problems",
            Action::ToggleObjectsPanel => "Objects",
            Action::ToggleInspectorPanel => "Inspector",
            Action::ToggleYamlPanel => "Manifests",
            Action::ResetLayout => "Reset layout",
            Action::AddConfigMap => "Add ConfigMap",
            Action::AddSecret => "Add Secret",
            Action::AddPersistentVolumeClaim => "Add PersistentVolumeClaim",
            Action::AddHorizontalPodAutoscaler => {
                "Add HorizontalPodAutoscaler (for the selected workload)"
            }
            Action::AddPodDisruptionBudget => "Add PodDisruptionBudget (for the selected workload)",
        }
    }

    /// The actions of a menu, in menu order (`ALL` is in shortcut-matching order).
    #[must_use]
    pub fn in_menu(menu: Menu) -> Vec<Action> {
        let mut actions: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| a.menu() == menu)
            .collect();
        // Undo before Redo, YAML before Helm, fit before selection: the order people read menus
        // in (`ALL` puts Shift+F before F, which would also match it).
        actions.sort_by_key(|a| match a {
            Action::Undo | Action::ExportYaml | Action::ZoomToFit => 0,
            Action::Redo | Action::ExportHelm | Action::ZoomToSelection => 1,
            Action::ExportValues => 2,
            Action::ExportKustomize => 3,
            Action::ExportImage => 4,
            _ => 5,
        });
        actions
    }

    /// The label in the command palette, where the menu is not there to say what "YAML…" is.
    #[must_use]
    pub fn palette_label(self) -> String {
        match self.menu() {
            Menu::Export => format!("Export {}", self.label()),
            _ => self.label().to_owned(),
        }
    }

    /// Extra words the command palette matches ("yaml", "clipboard"…).
    #[must_use]
    pub fn keywords(self) -> &'static str {
        match self {
            Action::NewFromTemplate => "example seed architecture",
            Action::Open => "import manifests file",
            Action::ImportManifests => "open add merge yaml files folder",
            Action::ExportYaml => "manifests kubectl apply",
            Action::ExportHelm => "chart templates",
            Action::ExportValues => "helm values",
            Action::ExportKustomize => "kustomization overlays environments kubectl",
            Action::ExportImage => "png svg picture diagram",
            Action::Cut | Action::Copy | Action::Paste => "clipboard yaml manifest",
            Action::Duplicate => "clone copy",
            Action::Delete => "remove",
            Action::ZoomToFit | Action::ZoomToSelection => "view camera",
            Action::TidyLayout => "arrange auto layout",
            Action::ToggleTheme => "dark light appearance",
            Action::ToggleReachOverlay | Action::ToggleReachPanel => {
                "networkpolicy netpol reach who can talk why explain matrix"
            }
            Action::GeneratePolicies => "networkpolicy netpol least privilege default deny",
            Action::GenerateBaselinePolicies => {
                "clusternetworkpolicy cnp baseline tier admin networkpolicy least privilege \
                 default deny"
            }
            Action::ConvertIngressToGateway => {
                "migrate ingress-nginx gateway api httproute listener upgrade"
            }
            Action::ToggleProblemsPanel => "rules lint check diagnostics errors warnings fix",
            Action::ToggleObjectsPanel => "list tree namespaces panel tile",
            Action::ToggleInspectorPanel => "properties form fields panel tile",
            Action::ToggleYamlPanel => "manifest preview export panel tile",
            Action::ResetLayout => "workspace tiles panels default arrange",
            Action::AddConfigMap => "new create configuration cm",
            Action::AddSecret => "new create password credentials",
            Action::AddPersistentVolumeClaim => "new create pvc volume storage disk",
            Action::AddHorizontalPodAutoscaler => "new create hpa autoscale scaling replicas",
            Action::AddPodDisruptionBudget => "new create pdb disruption drain eviction",
            _ => "",
        }
    }

    /// The menu listing the action (the command palette is reached by its shortcut).
    #[must_use]
    pub fn menu(self) -> Menu {
        match self {
            Action::New
            | Action::NewFromTemplate
            | Action::Open
            | Action::Save
            | Action::SaveAs
            | Action::ImportManifests
            | Action::Quit => Menu::File,
            Action::ExportYaml
            | Action::ExportHelm
            | Action::ExportValues
            | Action::ExportKustomize
            | Action::ExportImage => Menu::Export,
            Action::Undo
            | Action::Redo
            | Action::Cut
            | Action::Copy
            | Action::Paste
            | Action::Duplicate
            | Action::Rename
            | Action::Delete
            | Action::SelectAll
            | Action::GeneratePolicies
            | Action::GenerateBaselinePolicies
            | Action::ConvertIngressToGateway
            | Action::AddConfigMap
            | Action::AddSecret
            | Action::AddPersistentVolumeClaim
            | Action::AddHorizontalPodAutoscaler
            | Action::AddPodDisruptionBudget => Menu::Edit,
            Action::ZoomToFit
            | Action::ZoomToSelection
            | Action::TidyLayout
            | Action::ToggleTheme
            | Action::CommandPalette
            | Action::ToggleReachOverlay
            | Action::ToggleReachPanel
            | Action::ToggleProblemsPanel
            | Action::ToggleObjectsPanel
            | Action::ToggleInspectorPanel
            | Action::ToggleYamlPanel
            | Action::ResetLayout => Menu::View,
        }
    }

    /// The main shortcut, shown in menus. Cut, copy and paste arrive as clipboard events (the
    /// platform reads the clipboard for them), so their shortcuts are shown but not matched as keys.
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
            Action::Cut => shortcut(Modifiers::COMMAND, Key::X),
            Action::Copy => shortcut(Modifiers::COMMAND, Key::C),
            Action::Paste => shortcut(Modifiers::COMMAND, Key::V),
            Action::Duplicate => shortcut(Modifiers::COMMAND, Key::D),
            Action::Rename => shortcut(Modifiers::NONE, Key::F2),
            Action::Delete => shortcut(Modifiers::NONE, Key::Delete),
            Action::SelectAll => shortcut(Modifiers::COMMAND, Key::A),
            Action::ZoomToFit => shortcut(Modifiers::NONE, Key::F),
            Action::ZoomToSelection => shortcut(Modifiers::SHIFT, Key::F),
            Action::CommandPalette => shortcut(Modifiers::COMMAND, Key::K),
            Action::ToggleReachOverlay => shortcut(Modifiers::NONE, Key::R),
            Action::ToggleReachPanel => shortcut(Modifiers::NONE, Key::M),
            Action::GeneratePolicies => shortcut(command_shift, Key::G),
            Action::ToggleProblemsPanel => shortcut(command_shift, Key::M),
            Action::ToggleObjectsPanel => shortcut(Modifiers::ALT, Key::Num1),
            Action::ToggleInspectorPanel => shortcut(Modifiers::ALT, Key::Num2),
            Action::ToggleYamlPanel => shortcut(Modifiers::ALT, Key::Num3),
            Action::ResetLayout
            | Action::NewFromTemplate
            | Action::TidyLayout
            | Action::ExportValues
            | Action::ExportKustomize
            | Action::ExportImage
            | Action::ToggleTheme
            | Action::ConvertIngressToGateway
            | Action::GenerateBaselinePolicies
            | Action::AddConfigMap
            | Action::AddSecret
            | Action::AddPersistentVolumeClaim
            | Action::AddHorizontalPodAutoscaler
            | Action::AddPodDisruptionBudget => return None,
        })
    }

    /// The kind an "Add …" action creates.
    #[must_use]
    pub fn adds(self) -> Option<TypedOther> {
        Some(match self {
            Action::AddConfigMap => TypedOther::ConfigMap,
            Action::AddSecret => TypedOther::Secret,
            Action::AddPersistentVolumeClaim => TypedOther::PersistentVolumeClaim,
            Action::AddHorizontalPodAutoscaler => TypedOther::HorizontalPodAutoscaler,
            Action::AddPodDisruptionBudget => TypedOther::PodDisruptionBudget,
            _ => return None,
        })
    }

    /// Whether the shortcut is delivered as a clipboard event rather than a key press.
    #[must_use]
    pub fn is_clipboard(self) -> bool {
        matches!(self, Action::Cut | Action::Copy | Action::Paste)
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

    /// Whether the action works while a text field has the keyboard (only the file actions and the
    /// command palette do).
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
                | Action::ExportKustomize
                | Action::CommandPalette
        )
    }
}
