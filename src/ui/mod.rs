//! The desktop app: panels and the canvas. Reads the document and sends commands; never decides
//! Kubernetes semantics itself.

pub mod canvas;
pub mod environments;
pub mod export;
pub mod inspector;
pub mod problems;
pub mod reach;
pub mod shell;
pub mod theme;
pub mod workspace;

// The public face of the UI for the binary, the benches and the tests.
pub use canvas::overlay;
pub use shell::{actions, autosave, command_palette, templates};

pub use shell::app::KubedraftApp;

use crate::io::Loaded;

/// The name used for the window class and the settings folder.
pub const APP_ID: &str = "kubedraft";

/// Opens the main window on what was loaded, or on the last design / the bundled example.
pub fn run(loaded: Option<Loaded>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("kubedraft")
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([720.0, 480.0])
            .with_app_id(APP_ID),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(|cc| {
            Ok(Box::new(
                KubedraftApp::new(cc, loaded).with_autosave(autosave::Autosave::in_user_data_dir()),
            ))
        }),
    )
}

/// "1 error", "2 warnings", "3 Ingresses", "2 NetworkPolicies", "2 Gateways": counts in messages
/// read as words, not "error(s)".
pub(crate) fn plural(count: usize, noun: &str) -> String {
    let vowel_y = ["ay", "ey", "oy", "uy"]
        .iter()
        .any(|end| noun.ends_with(end));
    if count == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y').filter(|_| !vowel_y) {
        format!("{count} {stem}ies")
    } else if noun.ends_with('s') || noun.ends_with("sh") || noun.ends_with("ch") {
        format!("{count} {noun}es")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plurals_read_as_english() {
        assert_eq!(super::plural(1, "Ingress"), "1 Ingress");
        assert_eq!(super::plural(3, "Ingress"), "3 Ingresses");
        assert_eq!(super::plural(2, "Gateway"), "2 Gateways");
        assert_eq!(super::plural(1, "Gateway"), "1 Gateway");
        assert_eq!(super::plural(0, "Gateway"), "0 Gateways");
        assert_eq!(super::plural(2, "Service"), "2 Services");
        assert_eq!(super::plural(2, "NetworkPolicy"), "2 NetworkPolicies");
        assert_eq!(super::plural(0, "warning"), "0 warnings");
        assert_eq!(super::plural(2, "match"), "2 matches");
    }
}
