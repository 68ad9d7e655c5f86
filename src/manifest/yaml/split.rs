//! Splitting a YAML stream into its documents, each with the line it starts on.

/// One document of a YAML stream: its text and where it starts (1-based line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDocument<'a> {
    pub index: usize,
    pub first_line: usize,
    pub text: std::borrow::Cow<'a, str>,
}

/// The lines of a YAML stream, each with the byte offset where it starts. YAML breaks lines at
/// LF, CRLF and a lone CR alike, and counts them so in the positions its parser reports:
/// splitting at LF only once gave a file of lone CRs documents that ran together and errors on
/// lines past the end (found by fuzzing).
fn yaml_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = Some(0);
    std::iter::from_fn(move || {
        let start = at?;
        let current = text.get(start..)?;
        let Some(end) = current.find(['\r', '\n']) else {
            at = None;
            return Some((start, current));
        };
        let after = current.get(end..).unwrap_or_default();
        let break_len = if after.starts_with("\r\n") { 2 } else { 1 };
        at = Some(start + end + break_len);
        current.get(..end).map(|line| (start, line))
    })
}

/// The document being collected by [`split_documents`].
struct Pending {
    /// Its first line (1-based).
    first_line: usize,
    /// Where its text starts in the stream, while it is a slice of it.
    start: Option<usize>,
    /// Where its text ends (after the last line's LF), while it is a slice.
    end: usize,
    /// Its text, once it is no slice of the stream (a line break other than LF, content after a
    /// `---` marker, a last line without a line break).
    copy: Option<String>,
    content: bool,
}

impl Pending {
    fn new(first_line: usize) -> Self {
        Pending {
            first_line,
            start: None,
            end: 0,
            copy: None,
            content: false,
        }
    }

    fn is_empty(&self) -> bool {
        self.start.is_none() && self.copy.is_none()
    }

    /// Adds the line at `offset`, with a LF.
    fn push(&mut self, text: &str, offset: usize, line: &str) {
        let end = offset + line.len();
        if line.is_empty() && end == text.len() {
            // The empty "line" after the stream's last line break adds nothing.
            return;
        }
        self.content |= is_content(line);
        if self.copy.is_none() {
            let start = *self.start.get_or_insert(offset);
            if self.end < start {
                self.end = start;
            }
            // The line continues the slice when a LF alone ends it.
            if self.end == offset && text.get(end..=end) == Some("\n") {
                self.end = end + 1;
                return;
            }
            self.copy = Some(text.get(start..self.end).unwrap_or_default().to_owned());
        }
        if let Some(copy) = &mut self.copy {
            copy.push_str(line);
            copy.push('\n');
        }
    }

    /// The document, when it holds content.
    fn finish(self, text: &str, index: usize) -> Option<RawDocument<'_>> {
        if !self.content {
            return None;
        }
        let text = match (self.copy, self.start) {
            (Some(copy), _) => copy.into(),
            (None, Some(start)) => text.get(start..self.end).unwrap_or_default().into(),
            (None, None) => return None,
        };
        Some(RawDocument {
            index,
            first_line: self.first_line,
            text,
        })
    }
}

/// Splits a YAML stream into documents at lines that start with `---` or are `...`.
/// Documents with nothing but blank lines and comments are left out. Every line break of the
/// documents' text is a LF (YAML reads each kind as one). A document whose text is a run of the
/// stream's own lines is a slice of it, not a copy (copying was a fifth of reading large files).
#[must_use]
pub fn split_documents<'a>(text: &'a str) -> Vec<RawDocument<'a>> {
    let mut documents = Vec::new();
    let mut current = Pending::new(1);
    let flush = |current: Pending, documents: &mut Vec<RawDocument<'a>>| {
        let index = documents.len();
        documents.extend(current.finish(text, index));
    };
    for (number, (offset, line)) in yaml_lines(text).enumerate() {
        if line == "---" || line.starts_with("--- ") || line.starts_with("---\t") {
            flush(
                std::mem::replace(&mut current, Pending::new(number + 1)),
                &mut documents,
            );
            let rest = line.get(3..).unwrap_or_default();
            if rest.trim().is_empty() {
                // Nothing after the marker: the document starts on the next line.
                current.first_line = number + 2;
            } else {
                // Keep content after the marker (`--- {kind: Service}`) at its column.
                let mut copy = String::from("   ");
                copy.push_str(rest);
                copy.push('\n');
                current.content = is_content(rest);
                current.copy = Some(copy);
            }
        } else if line == "..." || line.starts_with("... ") {
            flush(
                std::mem::replace(&mut current, Pending::new(number + 2)),
                &mut documents,
            );
        } else {
            if current.is_empty() {
                current.first_line = number + 1;
            }
            current.push(text, offset, line);
        }
    }
    flush(current, &mut documents);
    documents
}

impl RawDocument<'_> {
    /// The file line of the document's first content line (what messages point at).
    #[must_use]
    pub fn content_line(&self) -> usize {
        self.first_line
            + self
                .text
                .split('\n')
                .take_while(|line| !is_content(line))
                .count()
    }
}

fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with('%')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::yaml::parse_document;
    use serde_json::json;

    #[test]
    fn splits_at_markers_and_keeps_start_lines() {
        let text = "# head\napiVersion: v1\nkind: A\n---\nkind: B\n...\n---\n# only a comment\n--- {kind: C}\n";
        let docs = split_documents(text);
        let starts: Vec<usize> = docs.iter().map(RawDocument::content_line).collect();
        assert_eq!(docs.len(), 3, "{docs:?}");
        assert_eq!(starts, vec![2, 5, 9]);
        assert!(docs[2].text.contains("{kind: C}"));
    }

    /// Documents of a stream with LF line breaks are slices of it; the same stream with CRLF or
    /// a missing last line break reads the same.
    #[test]
    fn documents_are_slices_of_the_stream_where_they_can_be() {
        let text = "a: 1\nb: [x]\n---\n\nc: 2\n--- {d: 3}\ne: 4\n...\n# end\nf: 5";
        let docs = split_documents(text);
        let kinds: Vec<bool> = docs
            .iter()
            .map(|d| matches!(d.text, std::borrow::Cow::Borrowed(_)))
            .collect();
        assert_eq!(kinds, vec![true, true, false, false], "{docs:?}");
        assert_eq!(docs[0].text, "a: 1\nb: [x]\n");
        assert_eq!(docs[1].text, "\nc: 2\n");
        assert_eq!(docs[2].text, "    {d: 3}\ne: 4\n");
        assert_eq!(docs[3].text, "# end\nf: 5\n");
        let lines = |docs: &[RawDocument<'_>]| -> Vec<(usize, usize)> {
            docs.iter()
                .map(|d| (d.first_line, d.content_line()))
                .collect()
        };
        assert_eq!(lines(&docs), vec![(1, 1), (4, 5), (6, 6), (9, 10)]);
        let crlf = text.replace('\n', "\r\n");
        let crlf_docs = split_documents(&crlf);
        assert_eq!(lines(&crlf_docs), lines(&docs));
        for (a, b) in docs.iter().zip(&crlf_docs) {
            assert_eq!(parse_document(a), parse_document(b));
        }
    }

    #[test]
    fn crlf_is_accepted() {
        let docs = split_documents("a: 1\r\n---\r\nb: 2\r\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(parse_document(&docs[1]).expect("parse"), json!({"b": 2}));
    }

    /// YAML breaks lines at a lone CR too: documents split there, and lines count it.
    #[test]
    fn a_lone_cr_breaks_lines() {
        let text = "a: 1\r---\rb: 2\r\nc: [unclosed\r";
        let docs = split_documents(text);
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert_eq!(docs[1].content_line(), 3);
        assert_eq!(parse_document(&docs[0]).expect("parse"), json!({"a": 1}));
        let error = parse_document(&docs[1]).expect_err("broken");
        let line = error.line.expect("a line");
        assert!((4..=5).contains(&line), "{error:?}");
    }

    #[test]
    fn error_lines_are_file_lines() {
        let text = "a: 1\n---\nb: 2\nc: [unclosed\n";
        let docs = split_documents(text);
        let error = parse_document(&docs[1]).expect_err("broken");
        assert_eq!(error.line, Some(4), "{error:?}");
    }
}
