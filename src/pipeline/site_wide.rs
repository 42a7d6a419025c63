//! The outputs made from the rendered pages (the print page, the search index), once every page
//! is written. `quire serve` shows the pages before making these.

use std::sync::Arc;

use super::RenderStats;
use super::built::{Built, Kept, LastBuild};
use super::cache::BuildCache;
use crate::error::{Error, sorted};
use crate::outputs::{RenderedDoc, make_outputs};
use crate::search::IndexBuilder;
use crate::write::OutputSink;

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
        let ctx = built.context(&views, &copies, &[]);
        let (files, warnings) = make_outputs(&ctx, true, rendered, search_index, sink)?;
        if !warnings.is_empty() {
            stats.warnings.extend(warnings);
            stats.warnings = sorted(std::mem::take(&mut stats.warnings));
        }
        if let (Some(cache), Some(kept)) = (&cache, kept) {
            cache.keep_last(LastBuild { built, kept });
        }
        stats.files += files;
        Ok(stats)
    }
}
