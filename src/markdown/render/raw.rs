//! The render pass's raw HTML: kept where the site allows it, with its references (images,
//! links, sources) rewritten and, on the print page, its ids prefixed; an HTML block is read
//! whole, its lines joined, so a tag written over several lines is rewritten too. Where raw HTML
//! is not allowed it is shown as text.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Renderer;
pub(super) use crate::markdown::html_refs::HtmlPieces;

impl<'a> Renderer<'a, '_> {
    /// Starts reading an HTML block (where raw HTML is allowed).
    pub(super) fn start_html_block(&mut self) -> Event<'a> {
        self.html_block = Some(HtmlPieces::default());
        Event::Start(Tag::HtmlBlock)
    }

    /// A line of an HTML block: kept for the block's end (`None`), or, outside a block, raw
    /// HTML of its own.
    pub(super) fn html_line(&mut self, html: CowStr<'a>, offset: usize) -> Option<Event<'a>> {
        match &mut self.html_block {
            Some(block) => {
                self.raw_text.feed(&html, offset);
                block.push(&html, offset);
                None
            }
            None => Some(self.raw_html(html, false, offset)),
        }
    }

    /// The end of an HTML block: its lines, rewritten as one.
    pub(super) fn end_html_block(&mut self) -> Event<'a> {
        if let Some(block) = self.html_block.take() {
            let html = block.rewritten(self.ctx.rewrite_link, self.ctx.id_prefix);
            self.out
                .push(Event::Html(html.unwrap_or(block.html).into()));
        }
        Event::End(TagEnd::HtmlBlock)
    }

    /// Raw HTML from the body: kept if the site allows it (its references rewritten, and its ids
    /// and `#` links prefixed when the render has an id prefix), else shown as escaped text.
    pub(super) fn raw_html(&mut self, html: CowStr<'a>, inline: bool, offset: usize) -> Event<'a> {
        if !self.ctx.options.unsafe_html {
            return Event::Text(html);
        }
        self.raw_text.feed(&html, offset);
        let html = match HtmlPieces::of(&html, offset)
            .rewritten(self.ctx.rewrite_link, self.ctx.id_prefix)
        {
            Some(changed) => changed.into(),
            None => html,
        };
        if inline {
            Event::InlineHtml(html)
        } else {
            Event::Html(html)
        }
    }
}
