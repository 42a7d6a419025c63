//! Preprocessing: a loaded source in; the Markdown body every later stage reads (`Body`) out,
//! with a span map that takes any offset in that body back to the file, line and column the text
//! came from. Expansions (includes) happen here and nowhere else, so a diagnostic anywhere after
//! this stage points at the right file without offset arithmetic of its own.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::Source;
use crate::error::Diagnostic;

/// A document's Markdown body as the later stages see it.
#[derive(Debug, Clone)]
pub struct Body {
    /// The text the body is a slice of (the source file itself when nothing was expanded).
    text: Arc<str>,
    /// Where the body starts in `text`.
    start: usize,
    spans: SpanMap,
}

/// Which file each run of a body's text came from.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    /// Sorted by `body_start`; the first starts at 0.
    spans: Vec<Span>,
}

/// A run of body text copied from one file.
#[derive(Debug, Clone)]
struct Span {
    /// Where the run starts in the body.
    body_start: usize,
    file: Arc<SpanFile>,
    /// Where the run starts in the file's text.
    file_start: usize,
}

/// A file that body text came from: its path as shown and its whole text, for quoting lines.
#[derive(Debug)]
struct SpanFile {
    path: PathBuf,
    text: Arc<str>,
}

/// The body of `source`: its text after the front matter.
pub fn expand(source: &Source) -> Body {
    let file = Arc::new(SpanFile {
        path: source.path.clone(),
        text: Arc::clone(&source.text),
    });
    Body {
        text: Arc::clone(&source.text),
        start: source.body_start,
        spans: SpanMap {
            spans: vec![Span {
                body_start: 0,
                file,
                file_start: source.body_start,
            }],
        },
    }
}

impl Body {
    /// The Markdown text.
    pub fn text(&self) -> &str {
        &self.text[self.start..]
    }

    /// Points `diagnostic` at the file, line and column that `offset` (a byte offset in the body)
    /// came from.
    pub fn locate(&self, diagnostic: Diagnostic, offset: usize) -> Diagnostic {
        match self.spans.find(offset) {
            Some((path, text, file_offset)) => diagnostic.at_offset(path, text, file_offset),
            None => diagnostic,
        }
    }

    /// Frees the text once every stage that reads it is done; `text()` is empty after.
    pub fn release(&mut self) {
        self.text = Arc::from("");
        self.start = 0;
        self.spans = SpanMap::default();
    }
}

impl SpanMap {
    /// The file, its text and the offset in it of body offset `offset`.
    fn find(&self, offset: usize) -> Option<(&Path, &str, usize)> {
        let at = self.spans.partition_point(|s| s.body_start <= offset);
        let span = self.spans.get(at.checked_sub(1)?)?;
        let file_offset = span.file_start + (offset - span.body_start);
        Some((&span.file.path, &span.file.text, file_offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_the_body_are_located_in_the_file() {
        let text = "---\ntitle: T\n---\nfirst\nsecond line\n";
        let start = text.find("first").unwrap();
        let source = Source::new("content/a.md".into(), "a.md".into(), text.into(), start);
        let body = expand(&source);
        assert_eq!(body.text(), "first\nsecond line\n");
        let offset = body.text().find("line").unwrap();
        let d = body.locate(Diagnostic::error("here"), offset);
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (5, 8));
        assert_eq!(d.source_line.as_deref(), Some("second line"));
    }
}
