//! Preprocessing: a loaded source in; the Markdown body every later stage reads (`Body`) out,
//! with a span map that takes any offset in that body back to the file, line and column the text
//! came from. Expansions (`{{#include}}`, in `include`) happen here and nowhere else, so a
//! diagnostic anywhere after this stage points at the right file without offset arithmetic of
//! its own, and a link written in an included file resolves against that file's folder
//! ([`Body::origin`]).

mod include;
pub mod paths;
mod select;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::{CONTENT_DIR, Source};
use crate::error::Diagnostic;
use crate::fs::{Refused, SiteFs};
use crate::memo::{Key, KeyBuilder};
pub use paths::SiteRoot;

/// A document's Markdown body as the later stages see it.
#[derive(Debug, Clone)]
pub struct Body {
    /// The text the body is a slice of (the source file itself when nothing was expanded).
    text: Arc<str>,
    /// Where the body starts in `text`.
    start: usize,
    /// The files its text came from: the document first, then each file it includes, once.
    files: Vec<Arc<SpanFile>>,
    /// Sorted by `body_start`; the first starts at 0.
    spans: Vec<Span>,
    /// While the texts are set aside to be read again (see [`Body::set_aside`]): the
    /// fingerprint of what was read.
    aside: Option<Key>,
}

/// A run of body text copied from one file.
#[derive(Debug, Clone)]
struct Span {
    /// Where the run starts in the body.
    body_start: usize,
    /// Which of the body's files it came from.
    file: usize,
    /// Where the run starts in the file's text.
    file_start: usize,
}

/// A file that body text came from.
#[derive(Debug)]
struct SpanFile {
    /// Its path as shown in diagnostics.
    shown: PathBuf,
    /// Its path relative to the site folder (`content/a/x.md`; `../src/main.rs` outside it).
    origin: String,
    /// Its whole text, for quoting lines.
    text: Arc<str>,
}

/// The files includes read: the pipeline's reader reads each one once per build.
pub trait IncludeFiles: Sync {
    /// The file at `path` (absolute, `.` and `..` resolved by name).
    fn read(&self, path: &Path) -> Result<Arc<FileText>, Refused>;
}

/// A file read for an include.
#[derive(Debug)]
pub struct FileText {
    /// Its path with symlinks resolved (what to watch for changes).
    pub real: PathBuf,
    pub text: Arc<str>,
}

/// What expanding a document's includes needs.
pub struct Includes<'a> {
    pub fs: &'a SiteFs,
    pub root: SiteRoot,
    pub files: &'a dyn IncludeFiles,
}

impl<'a> Includes<'a> {
    pub fn new(fs: &'a SiteFs, files: &'a dyn IncludeFiles) -> Self {
        Includes {
            fs,
            root: SiteRoot::new(fs.real_dir()),
            files,
        }
    }
}

/// A document's body with its includes expanded.
#[derive(Debug)]
pub struct Expanded {
    pub body: Body,
    /// Broken directives: missing files, anchors or lines, cycles.
    pub problems: Vec<Diagnostic>,
}

/// The body of `source` with its `{{#include}}` directives expanded.
pub fn expand(source: &Source, includes: &Includes<'_>) -> Expanded {
    if !has_includes(source) {
        return Expanded {
            body: Body::plain(source),
            problems: Vec::new(),
        };
    }
    include::expand(source, includes)
}

/// Whether the body of `source` has `{{#include}}`-style directives to expand.
pub fn has_includes(source: &Source) -> bool {
    include::has_directive(source.body())
}

impl Body {
    /// The body of `source` as written: its text after the front matter, nothing expanded.
    pub fn plain(source: &Source) -> Body {
        Body {
            text: Arc::clone(&source.text),
            start: source.body_start,
            files: vec![document_file(source)],
            spans: vec![Span {
                body_start: 0,
                file: 0,
                file_start: source.body_start,
            }],
            aside: None,
        }
    }

    /// The Markdown text.
    pub fn text(&self) -> &str {
        &self.text[self.start..]
    }

    /// Points `diagnostic` at the file, line and column that `offset` (a byte offset in the body)
    /// came from.
    pub fn locate(&self, diagnostic: Diagnostic, offset: usize) -> Diagnostic {
        match self.find(offset) {
            Some((file, file_offset)) => diagnostic.at_offset(&file.shown, &file.text, file_offset),
            None => diagnostic,
        }
    }

    /// Which of the body's files the text at `offset` came from: 0 for the document itself, then
    /// one number for each file it includes.
    pub fn origin_index(&self, offset: usize) -> usize {
        match self.spans.len() {
            1 => 0,
            _ => self.span_at(offset).map_or(0, |span| span.file),
        }
    }

    /// The path, relative to the site folder, of the body's file number `index` (see
    /// [`Body::origin_index`]): `content/a/x.md`, or `snippets/y.md` for an included one.
    pub fn origin(&self, index: usize) -> &str {
        self.files.get(index).map_or("", |f| f.origin.as_str())
    }

    /// How many files the body's text came from.
    pub fn origins(&self) -> usize {
        self.files.len()
    }

    /// Frees the texts of `source` and of its body (and of the files the body includes) until
    /// they are read again, keeping everything else: where each run of text came from, and a
    /// fingerprint of the texts, to tell whether what is read again is what was read first.
    pub fn set_aside(source: &mut Source, body: &mut Body) {
        body.aside = Some(fingerprint(source, body));
        source.text = Arc::from("");
        body.text = Arc::from("");
        body.start = 0;
        for file in &mut body.files {
            *file = Arc::new(SpanFile {
                shown: file.shown.clone(),
                origin: file.origin.clone(),
                text: Arc::from(""),
            });
        }
    }

    /// The fingerprint of the texts while they are set aside.
    pub fn set_aside_fingerprint(&self) -> Option<Key> {
        self.aside
    }

    /// Frees the text once every stage that reads it is done; `text()` is empty after.
    pub fn release(&mut self) {
        self.text = Arc::from("");
        self.start = 0;
        self.files.clear();
        self.spans.clear();
        self.aside = None;
    }

    fn span_at(&self, offset: usize) -> Option<&Span> {
        let at = self.spans.partition_point(|s| s.body_start <= offset);
        self.spans.get(at.checked_sub(1)?)
    }

    /// The file that `offset` came from and the offset in it.
    fn find(&self, offset: usize) -> Option<(&SpanFile, usize)> {
        let span = self.span_at(offset)?;
        let file = self.files.get(span.file)?;
        Some((file, span.file_start + (offset - span.body_start)))
    }
}

/// The document's own file, as the first of a body's files.
/// One key for the text of `source` and of its body (with whatever it includes).
pub fn fingerprint(source: &Source, body: &Body) -> Key {
    let mut key = KeyBuilder::default();
    key.part(source.text.as_bytes())
        .part(body.text().as_bytes());
    key.key()
}

fn document_file(source: &Source) -> Arc<SpanFile> {
    Arc::new(SpanFile {
        shown: source.path.clone(),
        origin: format!("{CONTENT_DIR}/{}", source.rel),
        text: Arc::clone(&source.text),
    })
}
