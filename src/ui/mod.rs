//! The desktop app: panels and the canvas. Reads the document and sends commands; never decides
//! Kubernetes semantics itself.

pub mod canvas;
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

/// "1 error", "2 warnings": counts in messages read as words, not "error(s)".
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
