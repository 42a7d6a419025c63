//! Markdown stage: a page body (front matter already removed) in; an HTML fragment, its table
//! of contents, its search text and its warnings out.
//!
//! Two passes share one parser configuration and one heading-id algorithm: [`scan_markdown`] is
//! cheap (heading ids and link candidates, used to resolve and check links across the site);
//! [`render_markdown`] transforms the pulldown-cmark event stream (heading anchors, rewritten
//! links, admonitions, highlighted code) and hands it to `pulldown_cmark::html::push_html`.

mod anchors;
mod highlight;
mod lint;
mod raw_html;
mod render;
mod search_text;
mod source_copy;
mod theme_css;

#[cfg(test)]
mod tests;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use highlight::Highlighter;
pub use source_copy::markdown_copy;

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
    /// Authoring slips `quire check` reports (skipped heading levels, images without alt text);
    /// a build does not.
    pub lint: Vec<Warning>,
}

/// What one render of a body needs besides its text.
pub struct RenderContext<'a> {
    pub highlighter: &'a Highlighter,
    pub options: &'a MarkdownOptions,
    /// Gets every link and image destination as written and returns `Some(new)` to replace it
    /// (internal `.md` links), `None` to keep it.
    pub rewrite_link: &'a dyn Fn(&str) -> Option<String>,
    /// Written (with `--`) before every id the body defines and every `#id` link within it, so
    /// that one page can hold many bodies (the print page).
    pub id_prefix: Option<&'a str>,
}

impl<'a> RenderContext<'a> {
    /// A context for an ordinary page render (no id prefix).
    pub fn new(
        highlighter: &'a Highlighter,
        options: &'a MarkdownOptions,
        rewrite_link: &'a dyn Fn(&str) -> Option<String>,
    ) -> Self {
        RenderContext {
            highlighter,
            options,
            rewrite_link,
            id_prefix: None,
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

/// A problem in a body that does not stop the build.
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
    for (event, range) in Parser::new_ext(src, parser_options()).into_offset_iter() {
        match event {
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
            other => {
                if let Some((_, _, text)) = &mut heading {
                    anchors::push_heading_text(text, &other);
                }
            }
        }
    }
    scan
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
}
