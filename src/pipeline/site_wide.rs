//! The outputs made from the rendered pages (the print page, the search index), once every page
//! is written. `quire serve` shows the pages before making these.

use std::sync::Arc;

use super::RenderStats;
use super::cache::{BuildCache, search_terms_key};
use super::pages::DocEmitted;
use crate::error::{Diagnostic, Error, sorted};
use crate::fs::{SiteFile, SiteFs};
use crate::markdown::{Highlighter, MarkdownOptions, Rendered};
use crate::outputs::review::PageQuestions;
use crate::outputs::{OutputContext, RenderedDoc, SearchText, make_outputs};
use crate::search::{IndexBuilder, SearchDoc, doc_terms};
use crate::site::Site;
use crate::site::urls::LinkStyle;
use crate::templates::Templates;
use crate::templates::theme::StaticFiles;
use crate::templates::views::{Assets, ViewBuilder};
use crate::write::{OutputFile, OutputSink, put_all};

/// What the outputs made after the pages need: the resolved site and what the pages left.
pub struct SiteWide {
    pub(super) built: Built,
    /// Each document's render, in `Site::docs` order (in `kept` instead when there is a cache).
    pub(super) rendered: Vec<RenderedDoc>,
    /// Every page's search text, when the pages' pass indexed it as it went (a build without a
    /// cache); the renders then carry none.
    pub(super) search_index: Option<IndexBuilder>,
    /// What the pages' pass counted: the stats of the whole build but for the files added here.
    pub stats: RenderStats,
    pub(super) cache: Option<Arc<BuildCache>>,
    /// What the next edit needs of this build, with a cache: kept in it once the site-wide
    /// outputs are made.
    pub(super) kept: Option<Kept>,
    /// Whether the pages' pass wrote only what one edit changed: the other pages are the last
    /// build's.
    pub partial: bool,
}

/// The resolved site and what renders it.
pub(super) struct Built {
    pub fs: SiteFs,
    pub site: Site,
    pub templates: Templates,
    pub highlighter: Arc<Highlighter>,
    pub markdown: MarkdownOptions,
    pub assets: Assets,
    pub asset_files: Vec<OutputFile>,
    pub statics: StaticFiles,
    pub style: LinkStyle,
    /// Whether the site has a review page.
    pub review: bool,
}

impl Built {
    /// The files copied as they are: the site's own `static/` files, then the files beside pages.
    pub fn copies(&self) -> Vec<&SiteFile> {
        let beside_pages = &self.site.content.assets;
        self.statics.extra.iter().chain(beside_pages).collect()
    }

    /// Whether an output made after the pages' pass reads the documents' text: the print page
    /// and `llms-full.txt` (small sites), the review page.
    pub fn reads_bodies_after_pages(&self) -> bool {
        self.site.has_print_page() || self.review
    }

    pub fn views(&self) -> ViewBuilder<'_> {
        ViewBuilder {
            site: &self.site,
            assets: &self.assets,
            style: self.style,
            review: self.review,
        }
    }

    /// What the outputs are made from, with nothing kept between builds.
    pub fn context<'a>(
        &'a self,
        views: &'a ViewBuilder<'a>,
        copies: &'a [&'a SiteFile],
        questions: &'a [PageQuestions],
    ) -> OutputContext<'a> {
        OutputContext {
            fs: &self.fs,
            site: &self.site,
            templates: &self.templates,
            views,
            style: self.style,
            highlighter: &self.highlighter,
            markdown: &self.markdown,
            asset_files: &self.asset_files,
            copies,
            questions,
            search_terms: None,
            kept_pages: None,
        }
    }
}

/// What a build with a cache keeps of its pages, in `Site::docs` order.
pub(super) struct Kept {
    pub questions: Vec<PageQuestions>,
    pub renders: Vec<Arc<Rendered>>,
    pub prints: Vec<Option<Arc<str>>>,
    /// Each document's located render warnings.
    pub page_warnings: Vec<Vec<Diagnostic>>,
    /// The warnings of the outputs made with the pages.
    pub output_warnings: Vec<Diagnostic>,
    /// Files the pages' pass wrote.
    pub files: usize,
}

impl Kept {
    pub fn push(&mut self, emitted: DocEmitted) {
        self.renders.push(emitted.rendered);
        self.prints.push(emitted.print_html);
        self.page_warnings.push(emitted.warnings);
    }

    /// Every document's render for the outputs made after the pages.
    fn rendered_docs(&self) -> Vec<RenderedDoc> {
        let prints = self.prints.iter();
        self.renders
            .iter()
            .zip(prints)
            .map(|(rendered, print)| RenderedDoc {
                uses: rendered.uses,
                search_text: SearchText::Shared(Arc::clone(rendered)),
                print_html: print.as_deref().unwrap_or_default().to_string(),
            })
            .collect()
    }
}

/// The last build that succeeded, whole: an edit to one page's body renders just that page on it.
pub(super) struct LastBuild {
    pub built: Built,
    pub kept: Kept,
}

impl SiteWide {
    /// Makes the outputs that need every page rendered and hands them to `sink`.
    pub fn write_into(self, sink: &dyn OutputSink) -> Result<RenderStats, Error> {
        let SiteWide {
            mut built,
            rendered,
            search_index,
            mut stats,
            cache,
            kept,
            partial: _,
        } = self;
        let rendered = match &kept {
            Some(kept) => kept.rendered_docs(),
            None => {
                // Sources are rendered now; at 10,000 pages they are the largest thing left in
                // memory. A build that keeps them for the next edit does not free them.
                built.site.release_sources();
                rendered
            }
        };
        let copies = built.copies();
        let views = built.views();
        let memo_terms = |doc: &SearchDoc| match &cache {
            Some(cache) => cache
                .search_terms
                .get_or_make(search_terms_key(doc), || Arc::new(doc_terms(doc))),
            None => Arc::new(doc_terms(doc)),
        };
        let ctx = OutputContext {
            search_terms: cache.is_some().then_some(&memo_terms as _),
            ..built.context(&views, &copies, &[])
        };
        let (files, warnings) = make_outputs(&ctx, true, rendered, search_index)?;
        if !warnings.is_empty() {
            stats.warnings.extend(warnings);
            stats.warnings = sorted(std::mem::take(&mut stats.warnings));
        }
        if let Some(cache) = &cache {
            cache.search_terms.finish_build();
            if let Some(kept) = kept {
                cache.keep_last(LastBuild { built, kept });
            }
        }
        stats.files += files.len();
        put_all(sink, files)?;
        Ok(stats)
    }
}
