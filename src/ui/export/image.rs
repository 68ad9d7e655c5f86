//! Export the diagram as an image: SVG drawn from the design (vector, the whole design, light
//! theme), PNG captured from the canvas with the whole design fitted into view (egui screenshot).

use std::fmt::Write as _;

use egui::{Color32, Rect};

use crate::document::{NODE_HEIGHT, NODE_WIDTH};
use crate::model::Relation;

use crate::ui::canvas::node::node_subtitle;
use crate::ui::canvas::view::to_egui_rect;
use crate::ui::shell::app::KubedraftApp;
use crate::ui::theme;

/// SVG stroke attributes of the edge styles.
const SOLID: &str = "";
const DASHED: &str = r#" stroke-dasharray="6 4""#;
const DOTTED: &str = r#" stroke-dasharray="1.5 3" stroke-opacity="0.8""#;

/// Policies dashed, uses of configuration and storage dotted, the traffic path solid.
fn edge_dash(relation: &Relation) -> &'static str {
    match relation {
        Relation::PolicyApplies | Relation::BudgetProtects | Relation::AutoscalerScales => DASHED,
        Relation::Uses { .. } => DOTTED,
        _ => SOLID,
    }
}

fn hex(color: Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", color.r(), color.g(), color.b())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// At most `max` characters, with "…" when cut (SVG text does not clip to its node).
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Where an edge leaves and enters two node rectangles (facing sides).
fn ends(from: Rect, to: Rect) -> (egui::Pos2, egui::Pos2) {
    if to.min.x >= from.max.x {
        (from.right_center(), to.left_center())
    } else if from.min.x >= to.max.x {
        (from.left_center(), to.right_center())
    } else if to.center().y > from.center().y {
        (from.center_bottom(), to.center_top())
    } else {
        (from.center_top(), to.center_bottom())
    }
}

impl KubedraftApp {
    /// The whole design as an SVG document (light theme, so it prints and pastes into documents).
    #[must_use]
    pub fn diagram_svg(&self) -> String {
        let visuals = egui::Visuals::light();
        let bounds = self
            .doc
            .bounds()
            .map_or(
                Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(400.0, 200.0)),
                to_egui_rect,
            )
            .expand(24.0);
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{} {} {} {}" width="{}" height="{}" font-family="sans-serif">"#,
            bounds.min.x,
            bounds.min.y,
            bounds.width(),
            bounds.height(),
            bounds.width(),
            bounds.height()
        );
        let _ = writeln!(
            svg,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            bounds.min.x,
            bounds.min.y,
            bounds.width(),
            bounds.height(),
            hex(theme::canvas_fill(&visuals))
        );
        let (_, frame_stroke) = theme::frame_colors(&visuals);
        for namespace in self.doc.model.all_namespace_names() {
            if let Some(frame) = self.doc.frame_rect(&namespace) {
                let r = to_egui_rect(frame);
                let _ = writeln!(
                    svg,
                    r##"<g><title>namespace {ns}</title><rect x="{}" y="{}" width="{}" height="{}" rx="10" fill="#eef2f8" stroke="{}"/><text x="{}" y="{}" font-size="13" fill="#666">namespace: {ns}</text></g>"##,
                    r.min.x,
                    r.min.y,
                    r.width(),
                    r.height(),
                    hex(frame_stroke.color),
                    r.min.x + 12.0,
                    r.min.y + 20.0,
                    ns = escape(&namespace)
                );
            }
        }
        for (from, to, relation) in self.doc.model.relations() {
            let peer = matches!(
                relation,
                Relation::PolicyAllowsFrom { .. } | Relation::PolicyAllowsTo { .. }
            );
            if peer {
                continue;
            }
            let color = theme::edge_color(&visuals, &relation);
            self.svg_edge(&mut svg, from, to, color, edge_dash(&relation), None);
        }
        let intent_color = theme::intent_color(&visuals);
        for intent in &self.doc.intents {
            let label = format!("{}/{}", intent.port, intent.protocol.as_str());
            self.svg_edge(
                &mut svg,
                intent.from,
                intent.to,
                intent_color,
                DASHED,
                Some(&label),
            );
        }
        for (id, object) in self.doc.model.objects_sorted() {
            let p = self.doc.position(id);
            let color = theme::object_color(object);
            let _ = writeln!(
                svg,
                r##"<g><title>{title}</title><rect x="{}" y="{}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="8" fill="{}" stroke="#b8b8b8"/><rect x="{}" y="{}" width="42" height="{}" rx="6" fill="{}"/><text x="{}" y="{}" font-size="11" fill="#fff" text-anchor="middle">{abbr}</text><text x="{}" y="{}" font-size="14" fill="#222">{name}</text><text x="{}" y="{}" font-size="11" fill="#777">{subtitle}</text></g>"##,
                p.x,
                p.y,
                hex(theme::node_fill(&visuals)),
                p.x + 8.0,
                p.y + 8.0,
                NODE_HEIGHT - 16.0,
                hex(color),
                p.x + 29.0,
                p.y + NODE_HEIGHT / 2.0 + 4.0,
                p.x + 60.0,
                p.y + 25.0,
                p.x + 60.0,
                p.y + 45.0,
                title = escape(&object.display_id()),
                abbr = escape(&theme::kind_abbreviation(object)),
                // The text area is 122 units wide: about 17 characters at 14, 22 at 11.
                name = escape(&truncate(object.name(), 17)),
                subtitle = escape(&truncate(&node_subtitle(object), 22)),
            );
        }
        svg.push_str("</svg>\n");
        svg
    }

    fn svg_edge(
        &self,
        svg: &mut String,
        from: crate::model::ObjectId,
        to: crate::model::ObjectId,
        color: Color32,
        dash: &str,
        label: Option<&str>,
    ) {
        let (start, end) = ends(
            to_egui_rect(self.doc.node_rect(from)),
            to_egui_rect(self.doc.node_rect(to)),
        );
        let _ = writeln!(
            svg,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"{dash}/>"#,
            start.x,
            start.y,
            end.x,
            end.y,
            hex(color)
        );
        // The arrow head as a polygon (SVG 1.1 markers cannot take the line's colour).
        let direction = (end - start).normalized();
        let normal = egui::vec2(-direction.y, direction.x);
        let base = end - direction * 9.0;
        let (left, right) = (base + normal * 4.5, base - normal * 4.5);
        let _ = writeln!(
            svg,
            r#"<polygon class="arrow" points="{},{} {},{} {},{}" fill="{}"/>"#,
            end.x,
            end.y,
            left.x,
            left.y,
            right.x,
            right.y,
            hex(color)
        );
        if let Some(label) = label {
            let middle = start + (end - start) * 0.5;
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="middle">{}</text>"#,
                middle.x,
                middle.y - 6.0,
                hex(color),
                escape(label)
            );
        }
    }
}

/// Shown while the image file's name has no extension an image export knows.
pub(crate) const IMAGE_NAME_HINT: &str = "Name the file .svg or .png.";

/// What is wrong with `path` as the name of an image export (`None`: nothing, or nothing typed yet).
pub(crate) fn image_name_problem(path: &str) -> Option<&'static str> {
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    let extension = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("svg" | "png") => None,
        _ => Some(IMAGE_NAME_HINT),
    }
}

impl KubedraftApp {
    /// Exports the diagram: `.svg` is written now, `.png` once the canvas is drawn without the dialog.
    pub fn export_image_to(&mut self, path: std::path::PathBuf) -> Result<(), String> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("svg") => {
                crate::io::write_atomic(&path, self.diagram_svg().as_bytes())
                    .map_err(|e| e.to_string())?;
                self.toast(
                    crate::ui::shell::dialogs::ToastLevel::Info,
                    format!("Exported the diagram to {}", path.display()),
                );
                Ok(())
            }
            Some("png") => {
                // The whole design, not just what happens to be in view: fit it for the capture
                // and put the view back once the image is written.
                self.png_view_before = Some(self.view.scene_rect);
                if let Some(bounds) = self.doc.bounds() {
                    self.view.scene_rect =
                        crate::ui::canvas::view::to_egui_rect(bounds).expand(40.0);
                }
                self.pending_png = Some((3, path));
                Ok(())
            }
            _ => Err(IMAGE_NAME_HINT.to_owned()),
        }
    }

    /// Drives a PNG export: waits for a clean frame, asks for a screenshot, reports the result.
    pub(crate) fn image_export_frame(&mut self, ctx: &egui::Context) {
        if let Some((frames, path)) = self.pending_png.take() {
            if frames > 0 {
                self.pending_png = Some((frames - 1, path));
                ctx.request_repaint();
            } else {
                let (sender, receiver) = std::sync::mpsc::channel();
                self.image_results = Some(receiver);
                let canvas = self.view.canvas_screen_rect;
                let pixels_per_point = ctx.pixels_per_point();
                let repaint = ctx.clone();
                ctx.request_screenshot(move |image| {
                    let region = image.region(&canvas, Some(pixels_per_point));
                    let (width, height) = (
                        u32::try_from(region.size[0]).unwrap_or(0),
                        u32::try_from(region.size[1]).unwrap_or(0),
                    );
                    let result = encode_png(width, height, region.as_raw()).and_then(|png| {
                        crate::io::write_atomic(&path, &png)
                            .map(|()| {
                                format!(
                                    "Exported the diagram to {} ({width}×{height} pixels)",
                                    path.display()
                                )
                            })
                            .map_err(|e| e.to_string())
                    });
                    let _ = sender.send(result);
                    repaint.request_repaint();
                });
            }
        }
        if let Some(receiver) = &self.image_results
            && let Ok(result) = receiver.try_recv()
        {
            self.image_results = None;
            if let Some(view) = self.png_view_before.take() {
                self.view.scene_rect = view;
            }
            match result {
                Ok(message) => self.toast(crate::ui::shell::dialogs::ToastLevel::Info, message),
                Err(error) => self.toast(crate::ui::shell::dialogs::ToastLevel::Error, error),
            }
        }
    }
}

/// Encodes RGBA pixels as a compressed PNG (the `png` crate eframe already builds).
pub fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let mut writer = encoder
        .write_header()
        .map_err(|e| format!("could not encode the PNG: {e}"))?;
    writer
        .write_image_data(rgba)
        .map_err(|e| format!("could not encode the PNG: {e}"))?;
    writer
        .finish()
        .map_err(|e| format!("could not encode the PNG: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_reads_back_as_the_same_pixels() {
        let pixels: Vec<u8> = (0..5 * 3 * 4)
            .map(|n| u8::try_from(n * 3 % 256).unwrap_or(0))
            .collect();
        let png = encode_png(5, 3, &pixels).expect("encodes");
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().expect("a PNG header");
        let mut buffer = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buffer).expect("a frame");
        assert_eq!((info.width, info.height), (5, 3));
        assert_eq!(info.color_type, png::ColorType::Rgba);
        assert_eq!(&buffer[..info.buffer_size()], pixels.as_slice());
    }

    #[test]
    fn a_wrong_pixel_count_is_an_error_not_a_panic() {
        assert!(encode_png(4, 4, &[0; 8]).is_err());
    }
}
