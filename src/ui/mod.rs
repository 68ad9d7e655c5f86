//! The desktop app: panels and the canvas. Reads the document and sends commands; never decides
//! Kubernetes semantics itself.

pub mod actions;
mod add_kinds;
pub mod app;
mod arrange;
pub mod autosave;
mod canvas;
mod canvas_cache;
pub mod command_palette;
mod config_form;
mod connect_drag;
mod dialogs;
mod edit_actions;
mod env_form;
pub mod export_dialog;
mod export_image;
mod form;
mod inspector;
pub mod inspector_edit;
mod markdown;
pub mod namespace_edit;
mod object_form;
mod other_kind_form;
pub mod overlay;
pub mod palette;
mod probe_form;
pub mod problems;
mod problems_panel;
mod reach_matrix;
mod reach_overlay;
mod reach_panel;
pub mod reach_state;
mod selector_form;
pub mod templates;
pub mod theme;

pub use app::KubedraftApp;

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
