//! Loading: the site's `content/` folder in; each Markdown file read, its front matter split off
//! and typed (`LoadedFile`), and the other files listed as assets to copy.

pub mod front_matter;
pub mod slug;

use std::path::Path;
use std::sync::Arc;

use crate::error::Diagnostic;
use crate::fs::{SiteFile, SiteFs};
use crate::yaml::find_key;
use front_matter::{
    PageFront, SectionFront, parse_page_front, parse_section_front, split_front_matter,
};
use slug::check_slug;

/// The folder under the site root that holds the Markdown sources.
pub const CONTENT_DIR: &str = "content";
/// The file that makes a folder a section (and `content/` the home page).
pub const SECTION_FILE: &str = "_index.md";

/// A Markdown source file as read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as shown to the user in diagnostics.
    pub path: std::path::PathBuf,
    /// Path relative to `content/`, with `/` separators (e.g. `internals/gil.md`).
    pub rel: String,
    /// The file's text, BOM removed; shared, as serve keeps it between builds.
    pub text: Arc<str>,
    /// Byte offset where the body starts, after the front matter.
    pub body_start: usize,
}

impl Source {
    pub fn new(path: std::path::PathBuf, rel: String, text: String, body_start: usize) -> Source {
        Source {
            path,
            rel,
            text: text.into(),
            body_start,
        }
    }

    /// The Markdown body as written, front matter removed.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Whether this is a section's `_index.md` (or the home page's).
    pub fn is_section(&self) -> bool {
        is_section_file(&self.rel)
    }
}

/// One Markdown file, read and its front matter parsed.
#[derive(Debug, Clone)]
pub enum LoadedFile {
    Section(Source, SectionFront),
    Page(Source, PageFront),
}

impl LoadedFile {
    pub fn source(&self) -> &Source {
        match self {
            LoadedFile::Section(source, _) | LoadedFile::Page(source, _) => source,
        }
    }

    pub fn source_mut(&mut self) -> &mut Source {
        match self {
            LoadedFile::Section(source, _) | LoadedFile::Page(source, _) => source,
        }
    }
}

/// What is under `content/`: Markdown files to load and other files to copy as they are.
#[derive(Debug, Default)]
pub struct Discovered {
    pub markdown: Vec<SiteFile>,
    pub assets: Vec<SiteFile>,
    pub problems: Vec<Diagnostic>,
}

/// Lists the files under the site's `content/`, sorted.
pub fn discover_files(fs: &SiteFs) -> Discovered {
    let (files, problems) = fs.walk(CONTENT_DIR);
    let (markdown, assets) = files.into_iter().partition(|f| f.rel.ends_with(".md"));
    Discovered {
        markdown,
        assets,
        problems,
    }
}

/// Reads one Markdown file, splits off its front matter and parses it.
pub fn load_file(fs: &SiteFs, file: &SiteFile) -> Result<LoadedFile, Diagnostic> {
    let text = fs.read_found(file)?;
    let path = file.path.as_path();
    let split = split_front_matter(path, &text)?;
    let body_start = split.body_start;
    let loaded = if is_section_file(&file.rel) {
        let front = parse_section_front(path, &text, &split)?;
        check_front_slug(path, &text, front.slug.as_deref())?;
        check_title(path, &text, &front.title)?;
        LoadedFile::Section(source(file, text, body_start), front)
    } else {
        let front = parse_page_front(path, &text, &split)?;
        check_front_slug(path, &text, front.slug.as_deref())?;
        check_title(path, &text, &front.title)?;
        LoadedFile::Page(source(file, text, body_start), front)
    };
    Ok(loaded)
}

/// A title is required, and one of spaces is none: it would make an empty `<h1>` and link.
fn check_title(path: &Path, text: &str, title: &str) -> Result<(), Diagnostic> {
    if !title.trim().is_empty() {
        return Ok(());
    }
    let (line, column) = find_key(text, "title");
    Err(Diagnostic::error("`title` is empty")
        .at_line(path, text, line, column)
        .with_hint("every page and section needs a title: `title: Getting started`"))
}

/// Whether `rel` (a path under `content/`) is a section's own file, `_index.md`.
pub fn is_section_file(rel: &str) -> bool {
    rel == SECTION_FILE || rel.ends_with("/_index.md")
}

fn source(file: &SiteFile, text: String, body_start: usize) -> Source {
    Source::new(file.path.clone(), file.rel.clone(), text, body_start)
}

fn check_front_slug(path: &Path, text: &str, slug: Option<&str>) -> Result<(), Diagnostic> {
    let Some(slug) = slug else { return Ok(()) };
    check_slug(slug).map_err(|reason| {
        let (line, column) = find_key(text, "slug");
        Diagnostic::error(format!("invalid slug `{slug}`: {reason}"))
            .at_line(path, text, line, column)
            .with_hint("use a single word like `my-page`")
    })
}
