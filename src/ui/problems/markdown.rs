//! Plain rendering of the Markdown the rule docs use: headings in bold, code blocks and inline
//! code in monospace, bullets, paragraphs. The docs use nothing else, so a Markdown crate (and
//! its build time) is not needed.

use egui::text::LayoutJob;
use egui::{FontId, RichText, TextFormat, TextStyle};

/// One block of a Markdown text.
#[derive(Debug, PartialEq)]
enum Block<'a> {
    Heading(&'a str),
    Code(String),
    Bullet(String),
    Paragraph(String),
}

/// Splits a Markdown text into the blocks the rule docs use.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |paragraph: &mut Vec<&str>, out: &mut Vec<Block<'_>>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.starts_with("```") {
                out.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        if line.starts_with("```") {
            flush(&mut paragraph, &mut out);
            code = Some(Vec::new());
        } else if line.starts_with('#') {
            flush(&mut paragraph, &mut out);
            out.push(Block::Heading(line.trim_start_matches('#').trim()));
        } else if let Some(item) = line.strip_prefix("- ") {
            flush(&mut paragraph, &mut out);
            out.push(Block::Bullet(format!("• {item}")));
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push(line.trim());
        }
    }
    if let Some(lines) = code {
        out.push(Block::Code(lines.join("\n")));
    }
    flush(&mut paragraph, &mut out);
    out
}

/// Draws a Markdown text: one widget per block, so each block reads as one label.
pub(super) fn markdown_ui(ui: &mut egui::Ui, text: &str) {
    for block in blocks(text) {
        match block {
            Block::Heading(heading) => {
                ui.add_space(6.0);
                ui.label(RichText::new(heading).strong().heading());
            }
            Block::Code(code) => {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(code).monospace());
                });
            }
            Block::Bullet(line) | Block::Paragraph(line) => {
                ui.label(inline(ui, &line));
            }
        }
    }
}

/// A line with its `code` spans in monospace (the backticks dropped).
fn inline(ui: &egui::Ui, line: &str) -> LayoutJob {
    let color = ui.visuals().text_color();
    let body = TextStyle::Body.resolve(ui.style());
    let mono = FontId::monospace(body.size);
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    for (index, part) in line.split('`').enumerate() {
        let font = if index % 2 == 1 {
            mono.clone()
        } else {
            body.clone()
        };
        job.append(part, 0.0, TextFormat::simple(font, color));
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_headings_code_bullets_and_paragraphs() {
        let text = "## Example\n\nA Service\nnamed `1-web`.\n\n```yaml\nkind: Service\nmetadata:\n  name: 1-web\n```\n\n- kube-score: x\n";
        assert_eq!(
            blocks(text),
            [
                Block::Heading("Example"),
                Block::Paragraph("A Service named `1-web`.".to_owned()),
                Block::Code("kind: Service\nmetadata:\n  name: 1-web".to_owned()),
                Block::Bullet("• kube-score: x".to_owned()),
            ]
        );
    }
}
