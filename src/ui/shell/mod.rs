//! The window around the rooms: the app state and frame loop, menus, shortcuts and actions,
//! dialogs, the command palette, templates and autosave.

pub mod actions;
pub(crate) mod add_kinds;
pub mod app;
pub mod autosave;
pub mod command_palette;
pub(crate) mod dialogs;
pub(crate) mod edit_actions;
mod files;
mod generate;
mod menu;
pub(crate) mod migrate;
mod namespace_requests;
mod palette_strip;
mod perform;
pub(crate) mod room;
pub mod templates;
