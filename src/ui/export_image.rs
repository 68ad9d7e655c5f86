//! Export the diagram as an image: SVG drawn from the design (vector, the whole design, light
//! theme), PNG captured from the canvas as shown (egui screenshot, encoded here).

use std::fmt::Write as _;

use egui::{Color32, Rect};

use crate::document::{NODE_HEIGHT, NODE_WIDTH};
use crate::model::Relation;

use super::app::KubedraftApp;
use super::canvas::{node_subtitle, to_egui_rect};
use super::theme;

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
            let dashed = matches!(relation, Relation::PolicyApplies);
            let color = theme::edge_color(&visuals, &relation);
            self.svg_edge(&mut svg, from, to, color, dashed, None);
        }
        let intent_color = theme::intent_color(&visuals);
        for intent in &self.doc.intents {
            let label = format!("{}/{}", intent.port, intent.protocol.as_str());
            self.svg_edge(
                &mut svg,
                intent.from,
                intent.to,
                intent_color,
                true,
                Some(&label),
            );
        }
        for (id, object) in self.doc.model.objects_sorted() {
            let p = self.doc.position(id);
            let color = theme::kind_color(object.kind());
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
                name = escape(object.name()),
                subtitle = escape(&truncate(&node_subtitle(object), 30)),
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
        dashed: bool,
        label: Option<&str>,
    ) {
        let (start, end) = ends(
            to_egui_rect(self.doc.node_rect(from)),
            to_egui_rect(self.doc.node_rect(to)),
        );
        let dash = if dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
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
pub(super) const IMAGE_NAME_HINT: &str = "Name the file .svg or .png.";

/// What is wrong with `path` as the name of an image export (`None`: nothing, or nothing typed yet).
pub(super) fn image_name_problem(path: &str) -> Option<&'static str> {
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
                    super::dialogs::ToastLevel::Info,
                    format!("Exported the diagram to {}", path.display()),
                );
                Ok(())
            }
            Some("png") => {
                self.pending_png = Some((2, path));
                Ok(())
            }
            _ => Err(IMAGE_NAME_HINT.to_owned()),
        }
    }

    /// Drives a PNG export: waits for a clean frame, asks for a screenshot, reports the result.
    pub(super) fn image_export_frame(&mut self, ctx: &egui::Context) {
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
                    let png = encode_png(width, height, region.as_raw());
                    let result = crate::io::write_atomic(&path, &png)
                        .map(|()| format!("Exported the canvas to {}", path.display()))
                        .map_err(|e| e.to_string());
                    let _ = sender.send(result);
                    repaint.request_repaint();
                });
            }
        }
        if let Some(receiver) = &self.image_results
            && let Ok(result) = receiver.try_recv()
        {
            self.image_results = None;
            match result {
                Ok(message) => self.toast(super::dialogs::ToastLevel::Info, message),
                Err(error) => self.toast(super::dialogs::ToastLevel::Error, error),
            }
        }
    }
}

/// Encodes RGBA pixels as a PNG (uncompressed deflate blocks: no compression crate needed, and
/// diagram screenshots are small enough).
#[must_use]
pub fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let row = usize::try_from(width).unwrap_or(0) * 4;
    let mut raw = Vec::with_capacity((row + 1) * usize::try_from(height).unwrap_or(0));
    for line in rgba
        .chunks(row.max(1))
        .take(usize::try_from(height).unwrap_or(0))
    {
        raw.push(0); // filter: none
        raw.extend_from_slice(line);
    }
    let mut zlib = vec![0x78, 0x01];
    let mut chunks = raw.chunks(65_535).peekable();
    if chunks.peek().is_none() {
        zlib.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = chunks.next() {
        let last = u8::from(chunks.peek().is_none());
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        zlib.push(last);
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut png = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA, deflate, no filter, no interlace
    chunk(&mut png, *b"IHDR", &header);
    chunk(&mut png, *b"IDAT", &zlib);
    chunk(&mut png, *b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) {
    png.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
    png.extend_from_slice(&kind);
    png.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    png.extend_from_slice(&crc32(&crc_input).to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1_u32, 0_u32);
    for byte in bytes {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_and_adler_match_known_values() {
        // Reference values of the standard check input "123456789".
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    #[test]
    fn png_holds_the_pixels_in_stored_blocks() {
        let pixels: Vec<u8> = (0..2 * 3 * 4)
            .map(|n| u8::try_from(n).unwrap_or(0))
            .collect();
        let png = encode_png(2, 3, &pixels);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(&png[16..20], &2_u32.to_be_bytes());
        assert_eq!(&png[20..24], &3_u32.to_be_bytes());
        // IDAT: zlib header, one final stored block holding each row behind a 0 filter byte.
        let idat = 8 + 25;
        assert_eq!(&png[idat + 4..idat + 8], b"IDAT");
        let data = &png[idat + 8..];
        assert_eq!(&data[..2], &[0x78, 0x01]);
        assert_eq!(data[2], 1);
        let len = usize::from(u16::from_le_bytes([data[3], data[4]]));
        assert_eq!(len, 3 * (1 + 8));
        let stored = &data[7..7 + len];
        for (row, line) in stored.chunks(9).enumerate() {
            assert_eq!(line[0], 0);
            assert_eq!(&line[1..], &pixels[row * 8..row * 8 + 8]);
        }
        assert!(png.ends_with(&[0xae, 0x42, 0x60, 0x82]), "IEND CRC");
    }
}
