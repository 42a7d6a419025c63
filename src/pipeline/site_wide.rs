//! The outputs made from the rendered pages (the print page, the search index), once every page
//! is written. `quire serve` shows the pages before making these.

use std::sync::Arc;

use super::RenderStats;
use super::cache::{BuildCache, search_terms_key};
use crate::error::{Error, sorted};
use crate::fs::SiteFs;
use crate::markdown::{Highlighter, MarkdownOptions};
use crate::outputs::{OutputContext, RenderedDoc, make_outputs};
use crate::search::{SearchDoc, doc_terms};
use crate::site::Site;
use crate::site::urls::LinkStyle;
use crate::templates::Templates;
use crate::templates::theme::StaticFiles;
use crate::templates::views::{Assets, ViewBuilder};
use crate::write::{OutputFile, OutputSink, put_all};

/// What the outputs made after the pages need: the resolved site and what the pages left.
pub struct SiteWide {
    pub(super) fs: SiteFs,
    pub(super) site: Site,
    pub(super) templates: Templates,
    pub(super) highlighter: Arc<Highlighter>,
    pub(super) markdown: MarkdownOptions,
    pub(super) assets: Assets,
    pub(super) asset_files: Vec<OutputFile>,
    pub(super) statics: StaticFiles,
    pub(super) style: LinkStyle,
    /// Whether the site has a review page.
    pub(super) review: bool,
    /// Each document's render, in `Site::docs` order.
    pub(super) rendered: Vec<RenderedDoc>,
    /// What the pages' pass counted: the stats of the whole build but for the files added here.
    pub stats: RenderStats,
    pub(super) cache: Option<Arc<BuildCache>>,
}

impl SiteWide {
    /// Makes the outputs that need every page rendered and hands them to `sink`.
    pub fn write_into(self, sink: &dyn OutputSink) -> Result<RenderStats, Error> {
        let SiteWide {
            fs,
            mut site,
            templates,
            highlighter,
            markdown,
            assets,
            asset_files,
            statics,
            style,
            review,
            rendered,
            mut stats,
            cache,
        } = self;
        // Sources are rendered now; at 10,000 pages they are the largest thing left in memory.
        site.release_sources();
        let copies: Vec<_> = statics.extra.iter().chain(&site.content.assets).collect();
        let views = ViewBuilder {
            site: &site,
            assets: &assets,
            style,
            review,
        };
        let memo_terms = |doc: &SearchDoc| match &cache {
            Some(cache) => cache
                .search_terms
                .get_or_make(search_terms_key(doc), || Arc::new(doc_terms(doc))),
            None => Arc::new(doc_terms(doc)),
        };
        let ctx = OutputContext {
            fs: &fs,
            site: &site,
            templates: &templates,
            views: &views,
            style,
            highlighter: &highlighter,
            markdown: &markdown,
            asset_files: &asset_files,
            copies: &copies,
            questions: &[],
            search_terms: cache.is_some().then_some(&memo_terms as _),
            kept_pages: None,
        };
        let (files, warnings) = make_outputs(&ctx, true, rendered)?;
        if !warnings.is_empty() {
            stats.warnings.extend(warnings);
            stats.warnings = sorted(std::mem::take(&mut stats.warnings));
        }
        if let Some(cache) = &cache {
            cache.search_terms.finish_build();
        }
        stats.files += files.len();
        put_all(sink, files)?;
        Ok(stats)
    }
}
