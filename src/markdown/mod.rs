//! Markdown stage: a page body (front matter already removed) in; an HTML fragment, its table
//! of contents, its search text and its warnings out.
//!
//! Two passes share one parser configuration and one heading-id algorithm: [`scan_markdown`] is
//! cheap (heading ids and link candidates, used to resolve and check links across the site);
//! [`render_markdown`] transforms the pulldown-cmark event stream (heading anchors, rewritten
//! links, admonitions, highlighted code, math, diagrams, code tabs) and hands it to
//! `pulldown_cmark::html::push_html`.

mod anchors;
mod code_block;
mod code_info;
mod code_tabs;
mod diagram;
mod highlight;
mod html_refs;
mod lint;
mod math;
mod raw_html;
mod render;
pub mod review;
mod search_text;
mod source_copy;
mod theme_css;
mod token_class;

#[cfg(test)]
mod rich_tests;
#[cfg(test)]
mod tests;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use highlight::Highlighter;
use html_refs::HtmlPieces;
pub use html_refs::rewrite_media_references;
pub use source_copy::{CopySpots, copy_spots, markdown_copy};

/// Per-site rendering switches.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// `false`: raw HTML in a body is shown as escaped text instead of being emitted.
    pub unsafe_html: bool,
}

/// What the cheap first pass finds in a body.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Every heading (h1..h6) in document order, with the id the render pass gives it.
    pub headings: Vec<Heading>,
    /// Every link and image destination, as written (autolinks included, e-mail autolinks not).
    pub links: Vec<LinkRef>,
    /// Every reference of the body's raw HTML (`src`, `href`, `srcset` candidates and `poster`
    /// of `<img>`, `<a>`, `<source>`, `<video>`, `<audio>`), character references decoded, at
    /// the offset of its value.
    pub html_links: Vec<LinkRef>,
    /// Every `id` (and `<a name>`) of the body's raw HTML: targets for `#anchor` links.
    pub html_ids: Vec<String>,
    /// What the body needs the page to load.
    pub uses: Uses,
}

/// What a body needs its page to load besides the theme's usual files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Uses {
    /// Code tabs (the theme's `tabs.js`).
    pub tabs: bool,
    /// Mermaid diagrams (the theme's `diagrams.js`).
    pub diagrams: bool,
}

impl Uses {
    /// What a body with a fenced code block of this info string needs.
    fn note_fence(&mut self, info: &str) {
        self.diagrams |= code_info::code_language(info) == diagram::LANGUAGE;
        self.tabs |= code_info::has_tab(info);
    }

    /// What either needs.
    pub fn union(self, other: Uses) -> Uses {
        Uses {
            tabs: self.tabs || other.tabs,
            diagrams: self.diagrams || other.diagrams,
        }
    }
}

/// A heading of a body.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// Plain text (markup removed).
    pub text: String,
    pub id: String,
}

/// A link or image destination of a body.
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub dest: String,
    /// Byte offset in the body of the start of the link (`[` or `<`; `!` for an image).
    pub offset: usize,
}

/// The rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// h2..h4 headings in document order.
    pub toc: Vec<TocEntry>,
    /// Search text: the part before the first heading (only if it has any text), then one
    /// section per heading.
    pub text: Vec<TextSection>,
    pub warnings: Vec<Warning>,
    /// Problems that fail the build (invalid TeX, a code block attribute with a bad value).
    pub errors: Vec<Warning>,
    /// What the page needs to load for this body.
    pub uses: Uses,
    /// Authoring slips `quire check` reports (skipped heading levels, images without alt text);
    /// a build does not.
    pub lint: Vec<Warning>,
    /// Each code block's highlighted text, in order, when the render was asked to keep them
    /// (`RenderContext::keep_code`), for another render of the same body to reuse.
    pub code_bodies: Vec<String>,
    /// Where the body's Markdown copy can differ from it (see [`markdown_copy`]).
    pub copy_spots: CopySpots,
}

/// What one render of a body needs besides its text.
pub struct RenderContext<'a> {
    pub highlighter: &'a Highlighter,
    pub options: &'a MarkdownOptions,
    /// Gets every link and image destination as written (and every reference of raw HTML, see
    /// [`Scan::html_links`]) with its byte offset in the body, and returns `Some(new)` to replace
    /// it (links to pages and files), `None` to keep it.
    pub rewrite_link: &'a dyn Fn(&str, usize) -> Option<String>,
    /// Written (with `--`) before every id the body defines and every `#id` link within it, so
    /// that one page can hold many bodies (the print page).
    pub id_prefix: Option<&'a str>,
    /// Keep each code block's highlighted text in [`Rendered::code_bodies`].
    pub keep_code: bool,
    /// The code blocks of an earlier render of the same body (its `code_bodies`), used instead
    /// of highlighting again: highlighting is most of a render's time.
    pub reuse_code: Option<&'a [String]>,
}

impl<'a> RenderContext<'a> {
    /// A context for an ordinary page render (no id prefix).
    pub fn new(
        highlighter: &'a Highlighter,
        options: &'a MarkdownOptions,
        rewrite_link: &'a dyn Fn(&str, usize) -> Option<String>,
    ) -> Self {
        RenderContext {
            highlighter,
            options,
            rewrite_link,
            id_prefix: None,
            keep_code: false,
            reuse_code: None,
        }
    }
}

/// One table-of-contents entry.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    /// Plain text.
    pub title: String,
}

/// The searchable text of one heading section.
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    /// The heading's id; `""` for the part before the first heading.
    pub anchor: String,
    /// The heading's plain text; `""` for the part before the first heading.
    pub heading: String,
    /// Prose, whitespace collapsed to single spaces; raw HTML tags stripped.
    pub text: String,
    /// The text of the section's code blocks, one after the other.
    pub code: String,
}

/// A problem in a body, at a byte offset: a warning, or an error in [`Rendered::errors`].
#[derive(Debug, Clone)]
pub struct Warning {
    /// Byte offset in the body.
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// Finds the headings (with their final ids) and link destinations of a body, without
/// rendering it.
pub fn scan_markdown(src: &str) -> Scan {
    let mut scan = Scan::default();
    let mut ids = anchors::HeadingIds::default();
    // (level, custom id, plain text) of the heading being read.
    let mut heading = None;
    // The lines of the HTML block being read.
    let mut html_block: Option<HtmlPieces> = None;
    for (event, range) in Parser::new_ext(src, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some(HtmlPieces::default()),
            Event::Html(html) => {
                if let Some(block) = &mut html_block {
                    block.push(&html, range.start);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = html_block.take() {
                    scan.add_html(&block);
                }
            }
            Event::InlineHtml(html) => scan.add_html(&HtmlPieces::of(&html, range.start)),
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level as u8, id, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom_id, text)) = heading.take() {
                    let id = ids.assign(custom_id.as_deref(), &text);
                    scan.headings.push(Heading { level, text, id });
                }
            }
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    ..
                },
            ) if link_type != LinkType::Email => scan.links.push(LinkRef {
                dest: dest_url.into_string(),
                offset: range.start,
            }),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                scan.uses.note_fence(&info)
            }
            other => {
                if let Some((_, _, text)) = &mut heading {
                    anchors::push_heading_text(text, &other);
                }
            }
        }
    }
    scan
}

impl Scan {
    fn add_html(&mut self, html: &HtmlPieces) {
        if !html.html.contains('=') {
            return;
        }
        let links = html.references().into_iter();
        self.html_links
            .extend(links.map(|(dest, offset)| LinkRef { dest, offset }));
        self.html_ids.extend(html.ids());
    }
}

/// Renders a body to HTML.
pub fn render_markdown(src: &str, ctx: &RenderContext<'_>) -> Rendered {
    render::render(src, ctx)
}

/// The one parser configuration both passes (and `quire check`'s lint) use.
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_DEFINITION_LIST
}
