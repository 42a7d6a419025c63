//! The pages' pass: every output path claimed and checked, then every document rendered (for its
//! page, and for the print page when there is one) and laid out in parallel and written at once
//! with the outputs' files of that document, then the site-wide outputs that do not need the
//! rendered pages.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::built::{Built, DocEmitted, Kept};
use super::cache::{BuildCache, KeptRender, doc_bytes, layout_key};
use super::load::{Loaded, Sources, load_site, read_again};
use super::site_wide::SiteWide;
use super::{BuildOptions, RenderStats};
use crate::error::{Diagnostic, Error, collect_all, sorted};
use crate::markdown::{MarkdownOptions, RenderContext, Rendered, Warning, render_markdown};
use crate::memo::{Key, KeyBuilder, key_of};
use crate::outputs::assets::bundle_assets;
use crate::outputs::print::PrintIds;
use crate::outputs::review::{PageQuestions, collect_questions};
use crate::outputs::search_files::{FIXED_ENTRY, entry_name, index_doc, indexed_body, site_index};
use crate::outputs::{KeptPages, OutputContext, check_all_claims, doc_files, make_outputs};
use crate::search::IndexedBody;
use crate::site::lint::site_lint;
use crate::site::urls::LinkStyle;
use crate::site::{DocRef, Site};
use crate::templates::Templates;
use crate::write::{OutputFile, OutputSink, Packed, PackedFile, put_all};

/// Loads, resolves and renders every document and writes its page and the outputs made with the
/// pages into `sink`; returns what the outputs made after the pages need.
pub fn render_pages_into(options: &BuildOptions, sink: &dyn OutputSink) -> Result<SiteWide, Error> {
    if let Some(cache) = &options.cache {
        // Never two sites in memory at once.
        drop(cache.take_last());
    }
    let Loaded {
        fs,
        site,
        templates,
        highlighter,
        statics,
        uses,
    } = load_site(options, Sources::MaySetAside)?;
    let markdown = MarkdownOptions {
        unsafe_html: site.config.markdown.unsafe_html,
    };
    let (mut assets, asset_files) = bundle_assets(&statics, &highlighter.theme_css(), uses);
    assets.search_index = match options.cache {
        Some(_) => FIXED_ENTRY.into(),
        None => entry_name(&site),
    };
    let questions = collect_questions(&site);
    let mut built = Built {
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
    };
    let (site, templates) = (&built.site, &built.templates);
    let fingerprint = options
        .cache
        .as_ref()
        .map(|_| template_fingerprint(templates));
    // Pages the outputs lay out (tag pages) are kept like the documents' pages: packed, by the
    // templates and everything the template sees.
    let kept_pages = |name: &str, view: &[u8], lay_out: &dyn Fn() -> LaidOut| -> LaidOut {
        match (&options.cache, &fingerprint) {
            (Some(cache), Some(fingerprint)) => {
                let mut key = KeyBuilder::default();
                key.part(fingerprint).part(name).part(view);
                let mut fresh = None;
                let kept = cache.pages.get_or_try_make(key.key(), || {
                    let page = lay_out()?;
                    let packed = Arc::new(Packed::new(&page));
                    fresh = Some(page);
                    Ok(packed)
                })?;
                Ok(fresh.unwrap_or_else(|| kept.unpack().into()))
            }
            _ => lay_out(),
        }
    };
    let kept_pages = options.cache.is_some().then_some(&kept_pages as _);
    with_context(&built, &questions, kept_pages, check_all_claims)?;
    let print_ids = site.has_print_page().then(|| PrintIds::new(site));
    let layout_key = options
        .cache
        .as_ref()
        .map(|_| layout_key(site, templates, &built.assets, options.style, built.review));
    let docs: Vec<DocRef> = site.docs().collect();
    // Without a cache, each page's search text goes into the index as the page is done rather
    // than being held until every page is; `quire serve` keeps its renders and indexes them after,
    // and so does a single-file build, whose page carries every index file (a small site).
    let index_as_pages_go = options.cache.is_none() && options.style != LinkStyle::SingleFile;
    let search_index = index_as_pages_go.then(|| site_index(site));
    // When nothing after the pages reads the documents' text (no cache, lint, print page or
    // review page), each chunk's sources are freed once its pages are written.
    let release = options.cache.is_none() && !options.lint && !built.reads_bodies_after_pages();
    let chunk = if release {
        RELEASE_CHUNK
    } else {
        docs.len().max(1)
    };
    let mut results: Vec<Result<DocEmitted, Error>> = Vec::with_capacity(docs.len());
    for (first, chunk) in (0..).step_by(chunk).zip(docs.chunks(chunk)) {
        read_again(&built.fs, &mut built.site, chunk)?;
        with_context(&built, &questions, kept_pages, |ctx| {
            let pass = DocPass {
                ctx,
                print_ids: print_ids.as_ref(),
                layout_key,
            };
            let emit = |(n, &doc): (usize, &DocRef)| {
                let mut emitted = pass.emit(doc, options.cache.as_deref(), sink, options.lint)?;
                if let Some(progress) = &options.progress {
                    progress.fetch_add(1, Ordering::Relaxed);
                }
                // Held until every page is done: without a cache, only what the outputs read.
                // The index's files that are whole with this page are written now.
                if let Some(index) = &search_index
                    && let Some(body) = emitted.search.take()
                {
                    let ready = index_doc(index, ctx.site, first + n, doc, &body);
                    emitted.files += ready.len();
                    put_all(sink, ready)?;
                }
                Ok(emitted)
            };
            results.par_extend(chunk.par_iter().enumerate().map(emit));
        });
        if release {
            chunk.iter().for_each(|&doc| built.site.release_source(doc));
        }
    }
    let site = &built.site;
    let mut warnings = if options.lint {
        site_lint(site)
    } else {
        Vec::new()
    };
    let mut doc_file_count = 0;
    let mut rendered = Vec::with_capacity(docs.len());
    let mut kept = options.cache.as_ref().map(|_| Kept {
        questions: Vec::new(),
        docs: Vec::with_capacity(docs.len()),
        output_warnings: Vec::new(),
        files: 0,
    });
    for emitted in collect_all(results)? {
        doc_file_count += emitted.files;
        warnings.extend(emitted.warnings.iter().cloned());
        match &mut kept {
            Some(kept) => kept.docs.push(emitted),
            None => rendered.push(emitted.rendered_doc()),
        }
    }
    let (output_files, output_warnings) = with_context(&built, &questions, kept_pages, |ctx| {
        make_outputs(ctx, false, Vec::new(), None, sink)
    })?;
    warnings.extend(output_warnings.iter().cloned());
    let stats = RenderStats {
        warnings: sorted(warnings),
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
        files: docs.len() + doc_file_count + output_files,
    };
    if let Some(cache) = &options.cache {
        cache.finish_build();
    }
    let kept = kept.map(|kept| Kept {
        questions,
        output_warnings,
        files: stats.files,
        ..kept
    });
    Ok(SiteWide {
        built,
        rendered,
        search_index,
        stats,
        cache: options.cache.clone(),
        kept,
        partial: false,
    })
}

/// Pages rendered between two releases of their sources (see `render_pages_into`).
const RELEASE_CHUNK: usize = 512;

/// Calls `f` with the outputs' context of `built`, pages kept through `kept_pages` if given.
fn with_context<R>(
    built: &Built,
    questions: &[PageQuestions],
    kept_pages: Option<&KeptPages<'_>>,
    f: impl FnOnce(&OutputContext<'_>) -> R,
) -> R {
    let copies = built.copies();
    let views = built.views();
    f(&OutputContext {
        kept_pages,
        ..built.context(&views, &copies, questions)
    })
}

/// A laid-out page, or the template's error.
type LaidOut = Result<Arc<[u8]>, Diagnostic>;

/// What rendering one document needs.
pub(super) struct DocPass<'a> {
    pub ctx: &'a OutputContext<'a>,
    pub print_ids: Option<&'a PrintIds>,
    /// What every page's layout reads besides its body, when pages are kept between builds.
    pub layout_key: Option<Key>,
}

/// A document's page: laid out by a build without a cache, or kept packed by one with a cache.
enum Page {
    Fresh(Arc<[u8]>),
    Kept(Arc<Packed>),
}

/// One document, rendered.
struct DocDone {
    /// The render, its search text taken out (into `search`).
    rendered: Arc<Rendered>,
    search: Arc<IndexedBody>,
    page: Result<Page, Diagnostic>,
    print_html: Option<Arc<str>>,
    /// The key of the rendered Markdown (its body, links and options), when kept between builds.
    key: Option<Key>,
}

impl DocPass<'_> {
    /// Renders `doc` and hands its page and its outputs' files to `sink`; an error in its body
    /// is located where it is written.
    pub fn emit(
        &self,
        doc: DocRef,
        cache: Option<&BuildCache>,
        sink: &dyn OutputSink,
        lint: bool,
    ) -> Result<DocEmitted, Error> {
        let (ctx, site) = (self.ctx, self.ctx.site);
        let done = self.render(doc, cache)?;
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
        let path = format!("{}index.html", site.url(doc));
        match done.page.map_err(|d| Error::Content(vec![d]))? {
            Page::Fresh(bytes) => sink.put(OutputFile { path, bytes })?,
            Page::Kept(bytes) => sink.put_packed(PackedFile { path, bytes })?,
        }
        let files = match (cache, done.key) {
            (Some(cache), Some(key)) => {
                let key = doc_files_key(&key, site, doc, ctx.style);
                let files = cache.doc_files.get_or_make(key, || {
                    let files = doc_files(ctx, doc, &done.rendered).into_iter();
                    files.map(|f| PackedFile::new(f.path, &f.bytes)).collect()
                });
                for file in files.iter() {
                    sink.put_packed(file.clone())?;
                }
                files.len()
            }
            _ => {
                let files = doc_files(ctx, doc, &done.rendered);
                let count = files.len();
                files.into_iter().try_for_each(|file| sink.put(file))?;
                count
            }
        };
        let lints = if lint { &done.rendered.lint[..] } else { &[] };
        let warnings = done
            .rendered
            .warnings
            .iter()
            .chain(lints)
            .map(|w| locate(w, Diagnostic::warning(&w.message)))
            .collect();
        Ok(DocEmitted {
            uses: done.rendered.uses,
            search: Some(done.search),
            print_html: done.print_html,
            warnings,
            files,
        })
    }

    /// Renders `doc`'s Markdown, lays out its page and renders its body for the print page;
    /// through the cache when there is one.
    fn render(&self, doc: DocRef, cache: Option<&BuildCache>) -> Result<DocDone, Error> {
        let (site, style) = (self.ctx.site, self.ctx.style);
        let (highlighter, markdown) = (self.ctx.highlighter, self.ctx.markdown);
        let Some(cache) = cache else {
            let mut rendered = self.render_markdown(doc);
            let search = Arc::new(indexed_body(std::mem::take(&mut rendered.text)));
            let rendered = Arc::new(rendered);
            let page = self
                .lay_out(doc, &rendered, &rendered.html)
                .map(Page::Fresh);
            let print_html = self.print_ids.map(|ids| {
                let code = Some(&rendered.code_bodies[..]);
                Arc::from(ids.render(site, doc, highlighter, markdown, code))
            });
            return Ok(DocDone {
                rendered,
                search,
                page,
                print_html,
                key: None,
            });
        };
        let body_key = key_of(site.body(doc).text());
        // The Markdown by its body, links and options; the page by its template and everything
        // the template sees.
        let rewrites = site.links(doc).iter().map(|(origin, dest, target)| {
            let href = site.target_href(doc, target, style);
            (origin, dest, href)
        });
        let flags = [style.names_index_html(), markdown.unsafe_html];
        let key = markdown_key(&body_key, "", rewrites, flags);
        let mut fresh_html = None;
        let kept = cache.markdown.get_or_make(key, || {
            let (kept, html) = KeptRender::new(self.render_markdown(doc));
            fresh_html = Some(html);
            kept
        });
        let rendered = Arc::clone(&kept.rendered);
        // The page is known by the site's layout key and its rendered body's key (which covers
        // its table of contents too).
        let mut page_key = KeyBuilder::default();
        page_key
            .part(self.layout_key.unwrap_or_default())
            .part(doc_bytes(doc))
            .part(key);
        let page = cache
            .pages
            .get_or_try_make(page_key.key(), || {
                let html = fresh_html.unwrap_or_else(|| kept.html());
                let page = self.lay_out(doc, &rendered, &html)?;
                Ok(Arc::new(Packed::new(&page)))
            })
            .map(Page::Kept);
        let print_html = self.print_ids.map(|ids| {
            let rewrites = site
                .links(doc)
                .iter()
                .map(|(origin, dest, target)| (origin, dest, ids.target_href(target)));
            let key = markdown_key(&body_key, ids.id(doc), rewrites, flags);
            cache.print.get_or_make(key, || {
                let code = Some(&rendered.code_bodies[..]);
                Arc::from(ids.render(site, doc, highlighter, markdown, code))
            })
        });
        Ok(DocDone {
            rendered,
            search: Arc::clone(&kept.search),
            page,
            print_html,
            key: Some(key),
        })
    }

    /// `doc`'s body rendered for its page; its code blocks are kept when the print page will
    /// render the body again.
    fn render_markdown(&self, doc: DocRef) -> Rendered {
        let site = self.ctx.site;
        let rewrite = |dest: &str, offset| site.href(doc, dest, offset, self.ctx.style);
        let ctx = RenderContext {
            keep_code: self.print_ids.is_some(),
            ..RenderContext::new(self.ctx.highlighter, self.ctx.markdown, &rewrite)
        };
        render_markdown(site.body(doc).text(), &ctx)
    }

    /// Lays out one document's page around its rendered Markdown (whose HTML is `html`).
    fn lay_out(
        &self,
        doc: DocRef,
        rendered: &Rendered,
        html: &str,
    ) -> Result<Arc<[u8]>, Diagnostic> {
        let mut context = self.ctx.views.doc(doc, &rendered.toc, html);
        context.set_uses(rendered.uses);
        let html = self.ctx.templates.render(context.template(), &context)?;
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
    let lead = site.lead(doc);
    let mut key = KeyBuilder::default();
    key.part(markdown)
        .part(site.url(doc))
        .part(site.title(doc))
        .part(lead)
        .part(format!("{style:?}"))
        .part(&site.config.base_url)
        .part([u8::from(site.config.markdown_copies)]);
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
