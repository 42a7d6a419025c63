//! The pages' pass: every output path claimed and checked, then every document rendered (for its
//! page, and for the print page when there is one) and laid out in parallel and written at once
//! with the outputs' files of that document, then the site-wide outputs that do not need the
//! rendered pages.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::cache::{BuildCache, doc_bytes, layout_key};
use super::load::{Loaded, load_site};
use super::site_wide::SiteWide;
use super::{BuildOptions, RenderStats};
use crate::error::{Diagnostic, Error, collect_all, sorted};
use crate::markdown::{
    Highlighter, MarkdownOptions, RenderContext, Rendered, Warning, render_markdown,
};
use crate::memo::{Key, KeyBuilder, key_of};
use crate::outputs::assets::bundle_assets;
use crate::outputs::print::PrintIds;
use crate::outputs::review::collect_questions;
use crate::outputs::search_files::{FIXED_ENTRY, entry_name};
use crate::outputs::{
    OutputContext, RenderedDoc, SearchText, check_all_claims, doc_files, make_outputs,
};
use crate::site::lint::site_lint;
use crate::site::urls::LinkStyle;
use crate::site::{DocRef, Site};
use crate::templates::Templates;
use crate::templates::views::ViewBuilder;
use crate::write::{OutputFile, OutputSink, put_all};

/// Loads, resolves and renders every document and writes its page and the outputs made with the
/// pages into `sink`; returns what the outputs made after the pages need.
pub fn render_pages_into(options: &BuildOptions, sink: &dyn OutputSink) -> Result<SiteWide, Error> {
    let Loaded {
        fs,
        site,
        templates,
        highlighter,
        statics,
        uses,
    } = load_site(options)?;
    let markdown = MarkdownOptions {
        unsafe_html: site.config.markdown.unsafe_html,
    };
    let (mut assets, asset_files) = bundle_assets(&statics, &highlighter.theme_css(), uses);
    assets.search_index = match options.cache {
        Some(_) => FIXED_ENTRY.into(),
        None => entry_name(&site),
    };
    let copies: Vec<_> = statics.extra.iter().chain(&site.content.assets).collect();
    let questions = collect_questions(&site);
    let fingerprint = options
        .cache
        .as_ref()
        .map(|_| template_fingerprint(&templates));
    // Pages the outputs lay out (tag pages) are kept like the documents' pages: by the
    // templates and everything the template sees.
    let kept_pages = |name: &str, view: &[u8], lay_out: &dyn Fn() -> LaidOut| -> LaidOut {
        match (&options.cache, &fingerprint) {
            (Some(cache), Some(fingerprint)) => {
                let mut key = KeyBuilder::default();
                key.part(fingerprint).part(name).part(view);
                cache.pages.get_or_try_make(key.key(), lay_out)
            }
            _ => lay_out(),
        }
    };
    let views = ViewBuilder {
        site: &site,
        assets: &assets,
        style: options.style,
        review: !questions.is_empty(),
    };
    let ctx = OutputContext {
        fs: &fs,
        site: &site,
        templates: &templates,
        views: &views,
        style: options.style,
        highlighter: &highlighter,
        markdown: &markdown,
        asset_files: &asset_files,
        copies: &copies,
        questions: &questions,
        search_terms: None,
        kept_pages: options.cache.is_some().then_some(&kept_pages as _),
    };
    check_all_claims(&ctx)?;
    let print_ids = ctx.has_print_page().then(|| PrintIds::new(&site));
    let pass = DocPass {
        site: &site,
        templates: &templates,
        views: &views,
        highlighter: &highlighter,
        markdown: &markdown,
        style: options.style,
        print_ids: print_ids.as_ref(),
        layout_key: options
            .cache
            .as_ref()
            .map(|_| layout_key(&site, &templates, &assets, options.style, views.review)),
    };
    let docs: Vec<DocRef> = site.docs().collect();
    let doc_file_count = AtomicUsize::new(0);
    let results: Vec<Result<(RenderedDoc, Vec<Diagnostic>), Error>> = docs
        .par_iter()
        .map(|&doc| {
            let done = pass.render(doc, options.cache.as_deref())?;
            let body = site.body(doc);
            let locate = |w: &Warning, d: Diagnostic| {
                let mut d = body.locate(d, w.offset);
                d.hint.clone_from(&w.hint);
                d
            };
            if !done.rendered.errors.is_empty() {
                let errors = done.rendered.errors.iter();
                return Err(Error::Content(
                    errors
                        .map(|e| locate(e, Diagnostic::error(&e.message)))
                        .collect(),
                ));
            }
            sink.put(OutputFile {
                path: format!("{}index.html", site.url(doc)),
                bytes: done.page.map_err(|d| Error::Content(vec![d]))?,
            })?;
            let files: Arc<[OutputFile]> = match (options.cache.as_deref(), done.key) {
                (Some(cache), Some(key)) => cache
                    .doc_files
                    .get_or_make(doc_files_key(&key, &site, doc, options.style), || {
                        doc_files(&ctx, doc).into()
                    }),
                _ => doc_files(&ctx, doc).into(),
            };
            for file in files.iter() {
                sink.put(file.clone())?;
                doc_file_count.fetch_add(1, Ordering::Relaxed);
            }
            if let Some(progress) = &options.progress {
                progress.fetch_add(1, Ordering::Relaxed);
            }
            let warnings = done
                .rendered
                .warnings
                .iter()
                .chain(if options.lint {
                    &done.rendered.lint[..]
                } else {
                    &[]
                })
                .map(|w| locate(w, Diagnostic::warning(&w.message)))
                .collect();
            let uses = done.rendered.uses;
            let search_text = match Arc::try_unwrap(done.rendered) {
                Ok(owned) => SearchText::Owned(owned.text),
                Err(shared) => SearchText::Shared(shared),
            };
            let print_html = done.print_html.map_or_else(String::new, |h| h.to_string());
            Ok((
                RenderedDoc {
                    uses,
                    search_text,
                    print_html,
                },
                warnings,
            ))
        })
        .collect();
    let mut warnings = if options.lint {
        site_lint(&site)
    } else {
        Vec::new()
    };
    let mut rendered = Vec::with_capacity(docs.len());
    for (doc, doc_warnings) in collect_all(results)? {
        warnings.extend(doc_warnings);
        rendered.push(doc);
    }
    let (files, output_warnings) = make_outputs(&ctx, false, Vec::new())?;
    warnings.extend(output_warnings);
    let stats = RenderStats {
        warnings: sorted(warnings),
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
        files: docs.len() + doc_file_count.into_inner() + files.len(),
    };
    put_all(sink, files)?;
    if let Some(cache) = &options.cache {
        cache.finish_build();
    }
    Ok(SiteWide {
        fs,
        site,
        templates,
        highlighter,
        markdown,
        assets,
        asset_files,
        statics,
        style: options.style,
        review: !questions.is_empty(),
        rendered,
        stats,
        cache: options.cache.clone(),
    })
}

/// A laid-out page, or the template's error.
type LaidOut = Result<Arc<[u8]>, Diagnostic>;

/// What rendering one document needs.
struct DocPass<'a> {
    site: &'a Site,
    templates: &'a Templates,
    views: &'a ViewBuilder<'a>,
    highlighter: &'a Highlighter,
    markdown: &'a MarkdownOptions,
    style: LinkStyle,
    print_ids: Option<&'a PrintIds>,
    /// What every page's layout reads besides its body, when pages are kept between builds.
    layout_key: Option<Key>,
}

/// One document, rendered.
struct DocDone {
    rendered: Arc<Rendered>,
    page: Result<Arc<[u8]>, Diagnostic>,
    print_html: Option<Arc<str>>,
    /// The key of the rendered Markdown (its body, links and options), when kept between builds.
    key: Option<Key>,
}

impl DocPass<'_> {
    /// Renders `doc`'s Markdown, lays out its page and renders its body for the print page;
    /// through the cache when there is one.
    fn render(&self, doc: DocRef, cache: Option<&BuildCache>) -> Result<DocDone, Error> {
        let Some(cache) = cache else {
            let rendered = Arc::new(self.render_markdown(doc));
            let page = self.lay_out(doc, &rendered);
            let print_html = self.print_ids.map(|ids| {
                let code = Some(&rendered.code_bodies[..]);
                Arc::from(ids.render(self.site, doc, self.highlighter, self.markdown, code))
            });
            return Ok(DocDone {
                rendered,
                page,
                print_html,
                key: None,
            });
        };
        let body_key = key_of(self.site.body(doc).text());
        // The Markdown by its body, links and options; the page by its template and everything
        // the template sees.
        let rewrites = self.site.links(doc).iter().map(|(origin, dest, target)| {
            let href = self.site.target_href(doc, target, self.style);
            (origin, dest, href)
        });
        let flags = [self.style.names_index_html(), self.markdown.unsafe_html];
        let key = markdown_key(&body_key, "", rewrites, flags);
        let rendered = cache
            .markdown
            .get_or_make(key, || Arc::new(self.render_markdown(doc)));
        // The page is known by the site's layout key and its rendered body's key (which covers
        // its table of contents too).
        let mut page_key = KeyBuilder::default();
        page_key
            .part(self.layout_key.unwrap_or_default())
            .part(doc_bytes(doc))
            .part(key);
        let page = cache
            .pages
            .get_or_try_make(page_key.key(), || self.lay_out(doc, &rendered));
        let print_html = self.print_ids.map(|ids| {
            let rewrites = self
                .site
                .links(doc)
                .iter()
                .map(|(origin, dest, target)| (origin, dest, ids.target_href(target)));
            let key = markdown_key(&body_key, ids.id(doc), rewrites, flags);
            cache.print.get_or_make(key, || {
                let code = Some(&rendered.code_bodies[..]);
                Arc::from(ids.render(self.site, doc, self.highlighter, self.markdown, code))
            })
        });
        Ok(DocDone {
            rendered,
            page,
            print_html,
            key: Some(key),
        })
    }

    /// `doc`'s body rendered for its page; its code blocks are kept when the print page will
    /// render the body again.
    fn render_markdown(&self, doc: DocRef) -> Rendered {
        let rewrite = |dest: &str, offset| self.site.href(doc, dest, offset, self.style);
        let ctx = RenderContext {
            keep_code: self.print_ids.is_some(),
            ..RenderContext::new(self.highlighter, self.markdown, &rewrite)
        };
        render_markdown(self.site.body(doc).text(), &ctx)
    }

    /// Lays out one document's page around its rendered Markdown.
    fn lay_out(&self, doc: DocRef, rendered: &Rendered) -> Result<Arc<[u8]>, Diagnostic> {
        let mut context = self.views.doc(doc, &rendered.toc, &rendered.html);
        context.set_uses(rendered.uses);
        let html = self.templates.render(context.template(), &context)?;
        Ok(html.into_bytes().into())
    }
}

/// The key of a body (by its key) rendered with an id prefix, link rewrites (by the file each
/// link is written in, its destination and its href) and options.
fn markdown_key<'a>(
    body: &Key,
    id_prefix: &str,
    rewrites: impl Iterator<Item = (usize, &'a str, String)>,
    flags: [bool; 2],
) -> Key {
    let mut key = KeyBuilder::default();
    key.part(body).part(id_prefix).part(flags.map(u8::from));
    for (origin, dest, href) in rewrites {
        key.part(origin.to_le_bytes()).part(dest).part(href);
    }
    key.key()
}

/// The key of a document's outputs' files (see `Output::doc_files`): its rendered Markdown's key
/// (body, links, options), its URL, title and summary, and the build's style and `base_url`.
fn doc_files_key(markdown: &Key, site: &Site, doc: DocRef, style: LinkStyle) -> Key {
    let lead = match doc {
        DocRef::Section(s) => &site.content.sections[s].front.description,
        DocRef::Page(p) => &site.content.pages[p].front.summary,
    };
    let mut key = KeyBuilder::default();
    key.part(markdown)
        .part(site.url(doc))
        .part(site.title(doc))
        .part(lead)
        .part(format!("{style:?}"))
        .part(&site.config.base_url);
    key.key()
}

/// A hash of every template's name and text: equal fingerprints lay out equal views alike.
fn template_fingerprint(templates: &Templates) -> Key {
    let mut key = KeyBuilder::default();
    for (name, text) in templates.sources() {
        key.part(name).part(text);
    }
    key.key()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_prefixes_and_links_apart() {
        let body = key_of("body");
        let plain = markdown_key(&body, "", std::iter::empty(), [false, true]);
        let printed = markdown_key(&body, "doc-a", std::iter::empty(), [false, true]);
        let linked = markdown_key(
            &body,
            "",
            [(0, "a.md", "../a/".to_string())].into_iter(),
            [false, true],
        );
        assert_ne!(plain, printed);
        assert_ne!(plain, linked);
    }
}
