//! The render pass: pulldown-cmark events in; transformed events (heading anchors, rewritten
//! links, admonitions, highlighted code, escaped raw HTML, prefixed ids) out to `push_html`, with
//! the TOC, search text, warnings and authoring lint collected on the way. Math, code block
//! attributes, code tabs and diagrams are dispatched to modules of their own.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

mod blocks;
mod markup;
mod raw;

use super::anchors::{HeadingIds, push_heading_text};
use super::code_tabs::TabGroup;
use super::lint::Lint;
use super::raw_html::OpenRawText;
use super::search_text::SectionsBuilder;
use super::{CopySpots, RenderContext, Rendered, TocEntry, Uses, Warning, parser_options};
use crate::html::escape_html;
use markup::{admonition_start, footnote_id, task_checkbox};

/// The heading being read: its start tag's parts; its events wait in `Renderer::heading_events`.
struct OpenHeading<'a> {
    level: HeadingLevel,
    custom_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
}

/// The code block being read; its text waits in `Renderer::code_text`.
struct OpenCode<'a> {
    /// The info string of a fenced block; `None` for an indented block.
    info: Option<CowStr<'a>>,
    offset: usize,
}

struct Renderer<'a, 'r> {
    ctx: &'r RenderContext<'r>,
    src: &'a str,
    out: Vec<Event<'a>>,
    ids: HeadingIds,
    heading: Option<OpenHeading<'a>>,
    heading_events: Vec<Event<'a>>,
    code: Option<OpenCode<'a>>,
    code_text: String,
    toc: Vec<TocEntry>,
    text: SectionsBuilder,
    warnings: Vec<Warning>,
    errors: Vec<Warning>,
    uses: Uses,
    /// Consecutive code blocks with `tab=`, waiting for the block that ends their group.
    tabs: Option<TabGroup>,
    lint: Lint,
    /// The ids the headings got, as emitted (footnotes must not take one).
    heading_ids: HashSet<String>,
    /// A comment or raw-text element the body's raw HTML left open.
    raw_text: OpenRawText,
    /// The lines of the HTML block being read, rewritten together at its end.
    html_block: Option<raw::HtmlPieces>,
    /// How many code blocks have been highlighted (or reused) so far.
    code_blocks: usize,
    /// Their highlighted text, when the render keeps it.
    code_bodies: Vec<String>,
}

pub(super) fn render(src: &str, ctx: &RenderContext<'_>) -> Rendered {
    let mut renderer = Renderer {
        ctx,
        src,
        out: Vec::with_capacity(src.len() / 16),
        ids: HeadingIds::default(),
        heading: None,
        heading_events: Vec::new(),
        code: None,
        code_text: String::new(),
        toc: Vec::new(),
        text: SectionsBuilder::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
        uses: Uses::default(),
        tabs: None,
        lint: Lint::default(),
        heading_ids: HashSet::new(),
        raw_text: OpenRawText::default(),
        html_block: None,
        code_blocks: 0,
        code_bodies: Vec::new(),
    };
    let parser = Parser::new_ext(src, parser_options()).into_offset_iter();
    let mut copy_spots = CopySpots::new(src, parser.reference_definitions());
    for (event, range) in parser {
        copy_spots.note(src, &event, &range);
        renderer.event(without_nul(event), range);
    }
    renderer.end_tabs();
    renderer.close_raw_text();
    renderer.keep_footnote_ids_apart();
    let mut html = String::with_capacity(src.len() * 2);
    pulldown_cmark::html::push_html(&mut html, renderer.out.into_iter());
    Rendered {
        html,
        toc: renderer.toc,
        text: renderer.text.finish(),
        warnings: renderer.warnings,
        errors: renderer.errors,
        uses: renderer.uses,
        lint: renderer.lint.finish(),
        code_bodies: renderer.code_bodies,
        copy_spots,
    }
}

impl<'a> Renderer<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        let offset = range.start;
        if self.code.is_some() {
            match event {
                Event::Text(text) => self.code_text.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        // A tab group ends at anything but the next fenced block (which may carry a tab).
        if !matches!(
            event,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))
        ) {
            self.end_tabs();
        }
        if let Some(heading) = &mut self.heading {
            push_heading_text(&mut heading.text, &event);
        }
        self.lint.event(&event, offset);
        let in_heading = self.heading.is_some();
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(OpenHeading {
                    level,
                    custom_id: id,
                    classes,
                    attrs,
                    text: String::new(),
                });
                return;
            }
            Event::End(TagEnd::Heading(_)) => return self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some(OpenCode { info, offset });
                self.code_text.clear();
                return;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.rewrite(link_type, dest_url, false, offset),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.rewrite(link_type, dest_url, true, offset),
                title,
                id,
            }),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.text.word_break();
                Event::Html(admonition_start(kind).into())
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.text.word_break();
                Event::Html("</div>\n".into())
            }
            Event::Text(text) => {
                if !in_heading {
                    self.text.push_prose(&text);
                }
                Event::Text(text)
            }
            Event::Code(code) => {
                if !in_heading {
                    self.text.push_prose(&code);
                }
                Event::Code(code)
            }
            Event::InlineMath(tex) => self.math(tex, false, range, in_heading),
            Event::DisplayMath(tex) => self.math(tex, true, range, in_heading),
            Event::Html(html) => {
                self.text.push_html(&html, true);
                let Some(event) = self.html_line(html, offset) else {
                    return;
                };
                event
            }
            Event::InlineHtml(html) => {
                if !in_heading {
                    self.text.push_html(&html, false);
                }
                self.raw_html(html, true, offset)
            }
            Event::Start(Tag::HtmlBlock) if !self.ctx.options.unsafe_html => {
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::HtmlBlock) if !self.ctx.options.unsafe_html => {
                self.text.word_break();
                Event::End(TagEnd::Paragraph)
            }
            Event::Start(Tag::HtmlBlock) => self.start_html_block(),
            Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
            // Footnote ids get a prefix so that they cannot clash with heading ids.
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(self.prefixed(footnote_id(&label)).into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
                self.prefixed(footnote_id(&label)).into(),
            )),
            Event::TaskListMarker(checked) => Event::InlineHtml(task_checkbox(checked).into()),
            event @ (Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell,
            )) => {
                self.text.word_break();
                event
            }
            event => event,
        };
        if in_heading {
            self.heading_events.push(event);
        } else {
            self.out.push(event);
        }
    }

    fn rewrite(
        &self,
        link_type: LinkType,
        dest: CowStr<'a>,
        image: bool,
        offset: usize,
    ) -> CowStr<'a> {
        if link_type == LinkType::Email {
            return dest;
        }
        match (self.ctx.rewrite_link)(&dest, offset) {
            Some(new_dest) => new_dest.into(),
            // Without raw HTML a body must not be able to run script through a link either.
            None if !self.ctx.options.unsafe_html && is_script_url(&dest, image) => "#".into(),
            None => dest,
        }
    }

    /// `id` with the render's id prefix, if it has one.
    fn prefixed(&self, id: String) -> String {
        match self.ctx.id_prefix {
            Some(prefix) => format!("{prefix}--{id}"),
            None => id,
        }
    }

    fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let id = self.ids.assign(heading.custom_id.as_deref(), &heading.text);
        let level = heading.level as u8;
        if (2..=4).contains(&level) {
            self.toc.push(TocEntry {
                level,
                id: id.clone(),
                title: heading.text.clone(),
            });
        }
        let shown_id = self.prefixed(id.clone());
        self.heading_ids.insert(shown_id.clone());
        let mut anchor = String::with_capacity(64 + id.len() + heading.text.len());
        anchor.push_str(" <a class=\"anchor\" href=\"#");
        escape_html(&mut anchor, &shown_id);
        anchor.push_str("\" aria-label=\"Link to this section");
        if !heading.text.is_empty() {
            anchor.push_str(": ");
            escape_html(&mut anchor, &heading.text);
        }
        anchor.push_str("\">#</a>");

        // `{onclick=…}` would be raw HTML by another name: kept only where raw HTML is allowed.
        let attrs = if self.ctx.options.unsafe_html {
            heading.attrs
        } else {
            Vec::new()
        };
        self.out.push(Event::Start(Tag::Heading {
            level: heading.level,
            id: Some(shown_id.into()),
            classes: heading.classes,
            attrs,
        }));
        self.out.append(&mut self.heading_events);
        self.out.push(Event::InlineHtml(anchor.into()));
        self.out.push(Event::End(TagEnd::Heading(heading.level)));
        self.text.start_section(id, heading.text);
    }

    /// Closes a comment or `<script>`/`<style>`… the body's raw HTML left open, which would
    /// otherwise swallow the rest of the page (its footer; every later topic on the print page),
    /// and says where it was opened.
    fn close_raw_text(&mut self) {
        if let Some(open) = std::mem::take(&mut self.raw_text).finish() {
            self.out
                .push(Event::Html(format!("{}\n", open.closer).into()));
            self.warnings.push(Warning {
                offset: open.offset,
                message: format!("{} is never closed", open.what),
                hint: Some(format!(
                    "close it with `{}`; quire closed it at the end of this page so that the rest of the page shows",
                    open.closer
                )),
            });
        }
    }

    /// A footnote whose id a heading already has (`## Notes {#fn-x}` beside `[^x]`) gets the
    /// first free `-1`, `-2`… suffix, so no two elements share an id.
    fn keep_footnote_ids_apart(&mut self) {
        if self.heading_ids.is_empty() {
            return;
        }
        let heading_ids = &self.heading_ids;
        let free = |label: &str| {
            if !heading_ids.contains(label) {
                return None;
            }
            (1..)
                .map(|n| format!("{label}-{n}"))
                .find(|id| !heading_ids.contains(id))
        };
        for event in &mut self.out {
            match event {
                Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
                    if let Some(id) = free(label) {
                        *label = id.into();
                    }
                }
                _ => {}
            }
        }
    }
}

/// `event` with every NUL character in its text replaced by U+FFFD, as CommonMark requires.
fn without_nul(event: Event<'_>) -> Event<'_> {
    fn clean(text: CowStr<'_>) -> CowStr<'_> {
        if text.contains('\0') {
            text.replace('\0', "\u{FFFD}").into()
        } else {
            text
        }
    }
    match event {
        Event::Text(text) => Event::Text(clean(text)),
        Event::Code(text) => Event::Code(clean(text)),
        Event::Html(text) => Event::Html(clean(text)),
        Event::InlineHtml(text) => Event::InlineHtml(clean(text)),
        Event::InlineMath(text) => Event::InlineMath(clean(text)),
        Event::DisplayMath(text) => Event::DisplayMath(clean(text)),
        other => other,
    }
}

/// Whether a link or image destination would run script or open a document made up by the
/// page (`javascript:`, `vbscript:`; `data:` for links, not images), read the way browsers
/// read it: leading controls and spaces skipped, tabs and newlines ignored, any case.
fn is_script_url(dest: &str, image: bool) -> bool {
    let scheme: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .take(16)
        .flat_map(|c| c.to_lowercase())
        .collect();
    let has_colon = dest.contains(':');
    has_colon
        && match scheme.as_str() {
            "javascript" | "vbscript" => true,
            "data" => !image,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::super::{Highlighter, MarkdownOptions, render_markdown};
    use super::*;

    static HL: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);

    fn html(src: &str, unsafe_html: bool) -> String {
        let options = MarkdownOptions { unsafe_html };
        let ctx = RenderContext::new(&HL, &options, &|_, _| None);
        render_markdown(src, &ctx).html
    }

    #[test]
    fn without_raw_html_links_and_heading_attributes_cannot_run_script() {
        let src = "## Head {#h .c onclick=alert(1)}\n\n[a](javascript:alert(1)) \
                   [b](<  JaVa\tScRiPt:alert(1)>) [c](vbscript:x) [d](data:text/html,x) \
                   [e](&#106;avascript:alert(1)) ![i](data:image/png;base64,AA==) [ok](https://x.org/)\n";
        let safe = html(src, false);
        assert!(!safe.to_lowercase().contains("script:"), "{safe}");
        assert!(
            !safe.contains("onclick") && !safe.contains("data:text"),
            "{safe}"
        );
        assert!(safe.contains("<h2 id=\"h\" class=\"c\">"), "{safe}");
        assert!(
            safe.contains("src=\"data:image/png;base64,AA==\""),
            "{safe}"
        );
        assert!(safe.contains("href=\"https://x.org/\""), "{safe}");
        let trusted = html(src, true);
        assert!(trusted.contains("onclick=\"alert(1)\""), "{trusted}");
        assert!(
            trusted.contains("href=\"javascript:alert(1)\""),
            "{trusted}"
        );
    }

    #[test]
    fn footnote_ids_are_valid_and_case_insensitive() {
        let out = html("See[^My Note] and[^my  note].\n\n[^my note]: Text.\n", true);
        assert!(out.contains("id=\"fn-my-note\""), "{out}");
        assert_eq!(out.matches("href=\"#fn-my-note\"").count(), 2, "{out}");
        assert!(!out.contains("fn-My"), "{out}");
    }
}
