//! The pipeline: runs the stages in order — load, preprocess, resolve (`load`), render and lay
//! out each page (`pages`), the site-wide outputs (`pages`, then `site_wide`), write — and
//! reports. It owns orchestration and `quire serve`'s memo tables (`cache`); no stage knows they
//! exist.
//!
//! Two passes. Pages stream through in parallel: each is rendered, laid out and handed to an
//! [`OutputSink`] at once, so memory holds only what later outputs need (search text; the print
//! page's bodies when there is one), never the whole output. Then the outputs made from every
//! page (search index, print page) are made from what the pages left. `quire serve` publishes
//! the pages between the two.

mod built;
mod cache;
mod dates;
mod edit;
mod includes;
mod load;
mod pages;
mod site_wide;
mod source_cache;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Error};
use crate::site::urls::LinkStyle;
use crate::write::{MemorySink, OutputFile, OutputSink, Staging, check_out_dir};
pub use cache::BuildCache;
pub use edit::render_changes_into;
pub use pages::render_pages_into;
pub use site_wide::SiteWide;
pub use source_cache::SourceCache;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    /// Output folder; `site_dir/public` when not given.
    pub out_dir: Option<PathBuf>,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// How pages link to each other (hosted, offline, single file).
    pub style: LinkStyle,
    /// Replace the output folder even if quire cannot tell it wrote it.
    pub force: bool,
    /// Report authoring lint (skipped heading levels, images without alt text, pages without a
    /// summary, orphan pages) with the build's own warnings: `quire check`.
    pub lint: bool,
    /// What one process (`quire serve`) keeps between builds. Builds with a cache name the search
    /// index `search/index.js` rather than by a hash of the sources.
    pub cache: Option<Arc<BuildCache>>,
    /// Counts documents as they are written, for a progress display.
    pub progress: Option<Arc<AtomicUsize>>,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out_dir
            .clone()
            .unwrap_or_else(|| self.site_dir.join("public"))
    }
}

/// A site rendered in memory: every output file, plus what the build noticed.
#[derive(Debug)]
pub struct RenderedSite {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    pub sections: usize,
}

/// What rendering into a sink produced besides the files.
#[derive(Debug)]
pub struct RenderStats {
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
}

/// The outcome of a successful build.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub out_dir: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Builds the site and swaps it into the output folder; on any error the old output stays.
pub fn build_site(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let out_dir = options.out_dir();
    check_out_dir(&options.site_dir, &out_dir)?;
    let staging = Staging::new(&out_dir, options.force)?;
    let stats = render_site_into(options, &staging)?;
    staging.commit()?;
    Ok(BuildReport {
        pages: stats.pages,
        sections: stats.sections,
        files: stats.files,
        out_dir,
        warnings: stats.warnings,
        elapsed: started.elapsed(),
    })
}

/// Runs every stage but writing: the whole site as files in memory, sorted by path.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, Error> {
    let sink = MemorySink::default();
    let stats = render_site_into(options, &sink)?;
    Ok(RenderedSite {
        files: sink.into_files()?,
        warnings: stats.warnings,
        pages: stats.pages,
        sections: stats.sections,
    })
}

/// Loads and resolves the site without rendering it, for checks that need only its documents.
pub fn load_resolved_site(options: &BuildOptions) -> Result<crate::site::Site, Error> {
    load::load_site(options, load::Sources::Kept).map(|loaded| loaded.site)
}

/// Loads, resolves and renders the site, handing every output file to `sink`.
pub fn render_site_into(
    options: &BuildOptions,
    sink: &dyn OutputSink,
) -> Result<RenderStats, Error> {
    render_pages_into(options, sink)?.write_into(sink)
}
