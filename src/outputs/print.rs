//! `print.html`: every section and topic in reading order on one page. Each body is rendered for
//! it (with the page pass, in parallel) with its ids prefixed per document and links between
//! documents turned into in-page anchors; this module then lays the bodies out in print order.

use std::collections::{BTreeMap, BTreeSet};

use super::{Claim, Done, Output, OutputContext, RenderedDoc};
use crate::error::Error;
use crate::markdown::{Highlighter, MarkdownOptions, RenderContext, render_markdown};
use crate::site::files::file_url;
use crate::site::urls::LinkStyle;
use crate::site::{DocRef, Id, Site, Target};
use crate::templates::views::{Inline, PrintDoc};
use crate::write::OutputFile;

/// The print page's path.
pub use crate::site::urls::PRINT_URL as PATH;

pub struct PrintPage;

impl Output for PrintPage {
    /// Whether this build makes the ordinary print page (the single-file bundle makes its own).
    fn is_made(&self, ctx: &OutputContext<'_>) -> bool {
        ctx.has_print_page() && ctx.style != LinkStyle::SingleFile
    }

    fn claims(&self, _: &OutputContext<'_>) -> Vec<Claim> {
        vec![Claim::generated(PATH)]
    }

    fn after_pages(&self) -> bool {
        true
    }

    fn make(&self, ctx: &OutputContext<'_>, done: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let ids = PrintIds::new(ctx.site);
        let docs = print_docs(ctx.site, &ids, done);
        render_print_page(ctx, &docs, None)
    }
}

/// The documents of the print page, in print order, with the bodies rendered for it.
pub(super) fn print_docs<'a>(
    site: &'a Site,
    ids: &'a PrintIds,
    done: &'a Done,
) -> Vec<PrintDoc<'a>> {
    // `done.pages` is in `Site::docs` order: sections first, then pages.
    let at = |doc: DocRef| match doc {
        DocRef::Section(s) => s.index(),
        DocRef::Page(p) => site.content.sections.len() + p.index(),
    };
    site.print_order()
        .into_iter()
        .map(|doc| print_doc(site, doc, ids.id(doc), &done.pages[at(doc)]))
        .collect()
}

/// `print.html` laid out around `docs`.
pub(super) fn render_print_page(
    ctx: &OutputContext<'_>,
    docs: &[PrintDoc<'_>],
    inline: Option<Inline>,
) -> Result<Vec<OutputFile>, Error> {
    let html = ctx
        .templates
        .render(PATH, &ctx.views.print(docs, inline))
        .map_err(|d| Error::Content(vec![d]))?;
    Ok(vec![OutputFile {
        path: PATH.into(),
        bytes: html.into_bytes().into(),
    }])
}

/// The element id of every document on the print page: its URL with `/` as `-` (`home` for the
/// root), made unique where two URLs flatten alike (`a/b/` and `a-b/`).
#[derive(Debug)]
pub struct PrintIds(BTreeMap<DocRef, String>);

impl PrintIds {
    pub fn new(site: &Site) -> PrintIds {
        let mut ids = BTreeMap::new();
        let mut used = BTreeSet::new();
        for doc in site.print_order() {
            let base = doc_id(site.url(doc));
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            ids.insert(doc, id);
        }
        PrintIds(ids)
    }

    pub fn id(&self, doc: DocRef) -> &str {
        self.0.get(&doc).map_or("", String::as_str)
    }

    /// The href a link of `doc` (its destination as written, at `offset` in its body) gets on
    /// the print page; `None` (kept as written) for links that leave the site.
    pub fn href(&self, site: &Site, doc: DocRef, dest: &str, offset: usize) -> Option<String> {
        let origin = site.body(doc).origin_index(offset);
        let target = site.links(doc).get(origin, dest)?;
        Some(self.target_href(target))
    }

    /// The href of `target` on the print page: an in-page anchor for a document, a path from the
    /// site's root for a file.
    pub fn target_href(&self, target: &Target) -> String {
        match target {
            Target::Doc { doc, anchor } => {
                let id = self.id(*doc);
                match anchor {
                    Some(anchor) => format!("#{id}--{anchor}"),
                    None => format!("#{id}"),
                }
            }
            Target::File { path, suffix } => file_url("", path) + suffix,
        }
    }

    /// `doc`'s body rendered for the print page, its code blocks taken from `code` (the page's
    /// render of the same body) when given.
    pub fn render(
        &self,
        site: &Site,
        doc: DocRef,
        highlighter: &Highlighter,
        options: &MarkdownOptions,
        code: Option<&[String]>,
    ) -> String {
        let rewrite = |dest: &str, offset| self.href(site, doc, dest, offset);
        let ctx = RenderContext {
            id_prefix: Some(self.id(doc)),
            reuse_code: code,
            ..RenderContext::new(highlighter, options, &rewrite)
        };
        render_markdown(site.body(doc).text(), &ctx).html
    }
}

fn print_doc<'a>(site: &'a Site, doc: DocRef, id: &'a str, done: &'a RenderedDoc) -> PrintDoc<'a> {
    let (title, summary, kind) = match doc {
        DocRef::Section(s) => {
            let front = &site.content.sections[s].front;
            (&front.title, &front.description, "section")
        }
        DocRef::Page(p) => {
            let front = &site.content.pages[p].front;
            (&front.title, &front.summary, "page")
        }
    };
    PrintDoc {
        id,
        title,
        summary,
        kind,
        content_html: &done.print_html,
        uses: done.uses,
    }
}

/// The element id of a document on the print page: its URL with `/` as `-`, "home" for the root.
fn doc_id(url: &str) -> String {
    let key = url.trim_end_matches('/').replace('/', "-");
    if key.is_empty() {
        "home".into()
    } else {
        format!("doc-{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_are_flat_and_unique_per_url() {
        assert_eq!(doc_id(""), "home");
        assert_eq!(doc_id("internals/gil/"), "doc-internals-gil");
        assert_eq!(doc_id("internals/"), "doc-internals");
    }
}
