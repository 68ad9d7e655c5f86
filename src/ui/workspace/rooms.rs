//! How each pane of the workspace is drawn: the tile behaviour over the app (without its
//! workspace, which is drawing).

use egui_tiles::{Behavior, SimplificationOptions, TileId, Tiles, UiResponse};

use super::Pane;
use crate::ui::canvas::view::canvas_ui;
use crate::ui::inspector::panel::{inspector_pane_ui, objects_pane_ui};
use crate::ui::inspector::yaml_pane::yaml_pane_ui;
use crate::ui::problems::panel::problems_pane_ui;
use crate::ui::reach::panel::{matrix_room_ui, why_room_ui};
use crate::ui::shell::app::KubedraftApp;

/// The tile behaviour: draws a pane's room, and records the tabs the user closed.
pub(crate) struct Rooms<'a> {
    pub app: &'a mut KubedraftApp,
    /// Panes whose tab close button was clicked this frame (the app closes them afterwards).
    pub closed: Vec<Pane>,
}

impl Behavior<Pane> for Rooms<'_> {
    fn pane_ui(&mut self, ui: &mut egui::Ui, _tile_id: TileId, pane: &mut Pane) -> UiResponse {
        match pane {
            Pane::Canvas => {
                let fill = crate::ui::theme::canvas_fill(ui.visuals());
                egui::Frame::NONE.fill(fill).show(ui, |ui| {
                    ui.set_min_size(ui.available_size());
                    let (mut ctx, state, camera, data) = self.app.canvas_parts();
                    canvas_ui(ui, &mut ctx, state, camera, data);
                });
            }
            other => {
                egui::Frame::NONE
                    .inner_margin(egui::Margin::symmetric(6, 4))
                    .show(ui, |ui| {
                        ui.set_min_size(ui.available_size());
                        match other {
                            Pane::Objects => {
                                // The list's rows come from the canvas cache, current first.
                                self.app.refresh_env_view();
                                let doc = crate::ui::shell::app::shown(
                                    &self.app.doc,
                                    self.app.env_view.as_ref(),
                                );
                                self.app.canvas_cache.refresh(doc, self.app.revision);
                                let (mut ctx, rooms) = self.app.room_parts();
                                objects_pane_ui(rooms.objects_list, rooms.list_rows, &mut ctx, ui);
                            }
                            Pane::Inspector => {
                                let (mut ctx, rooms) = self.app.room_parts();
                                inspector_pane_ui(ui, &mut ctx, rooms.inspector, rooms.problems);
                            }
                            Pane::Yaml => {
                                let (mut ctx, rooms) = self.app.room_parts();
                                yaml_pane_ui(rooms.yaml_pane, &mut ctx, ui);
                            }
                            Pane::Problems => {
                                let (mut ctx, rooms) = self.app.room_parts();
                                problems_pane_ui(rooms.problems, &mut ctx, ui);
                            }
                            Pane::Matrix => {
                                let (mut ctx, rooms) = self.app.room_parts();
                                matrix_room_ui(ui, &mut ctx, rooms.reach);
                            }
                            Pane::Why => {
                                let (ctx, rooms) = self.app.room_parts();
                                why_room_ui(ui, &ctx, rooms.reach);
                            }
                            Pane::Environments => {
                                let (mut ctx, rooms) = self.app.room_parts();
                                crate::ui::environments::compare_room_ui(
                                    ui,
                                    &mut ctx,
                                    rooms.compare,
                                );
                            }
                            Pane::Canvas => {}
                        }
                    });
            }
        }
        UiResponse::None
    }

    fn tab_title_for_pane(&mut self, pane: &Pane) -> egui::WidgetText {
        match pane {
            Pane::Problems => {
                let summary = self.app.problems.summary();
                let count = summary.errors + summary.warnings;
                if count > 0 {
                    format!("Problems · {count}").into()
                } else {
                    "Problems".into()
                }
            }
            other => other.title().into(),
        }
    }

    fn is_tab_closable(&self, tiles: &Tiles<Pane>, tile_id: TileId) -> bool {
        // The canvas is the workspace itself: it never closes.
        !matches!(tiles.get_pane(&tile_id), Some(Pane::Canvas) | None)
    }

    fn on_tab_close(&mut self, tiles: &mut Tiles<Pane>, tile_id: TileId) -> bool {
        if let Some(pane) = tiles.get_pane(&tile_id) {
            self.closed.push(*pane);
        }
        // The tile keeps its place (hidden), so reopening puts the room back where it was.
        false
    }

    fn simplification_options(&self) -> SimplificationOptions {
        SimplificationOptions {
            // Every room has a tab: the tab is the handle that drags it elsewhere.
            all_panes_must_have_tabs: true,
            ..SimplificationOptions::default()
        }
    }

    fn min_size(&self) -> f32 {
        80.0
    }
}
