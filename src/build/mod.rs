//! Building: runs the pipeline — load, resolve, render, template, index, write — and reports.
//!
//! Two passes. Pages stream through in parallel (`pages`): each is rendered, laid out and handed
//! to an [`OutputSink`] at once, so memory holds only what later stages need (search text; page
//! HTML only when the print page is made), never the whole output. Then the site-wide files are
//! made from what the pages left (`site_wide`): the search index and the print page. `quire
//! serve` publishes the pages between the two, and keeps a [`BuildCache`] so a rebuild redoes only
//! what an edit touched.

mod pages;
mod site_wide;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use crate::cache::BuildCache;
use crate::config::load_config;
use crate::content::{CONTENT_DIR, load_content};
use crate::error::{Diagnostic, Error};
use crate::markdown::Highlighter;
use crate::output::{MemorySink, OutputFile, OutputSink, Staging};
use crate::site::{Site, resolve_site};
use crate::templates::Templates;
use crate::theme::{STATIC_DIR, StaticFiles, TEMPLATES_DIR, static_files};
pub use pages::render_pages_into;
pub(crate) use pages::rewrite_link;
pub use site_wide::SiteWide;

/// Sites up to this many pages get `print.html`; past that one page is no longer printable.
pub const PRINT_MAX_PAGES: usize = 500;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    /// Output folder; `site_dir/public` when not given.
    pub out_dir: Option<PathBuf>,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Links name `index.html` explicitly and nothing needs a server (for `file://`).
    pub offline: bool,
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
    let staging = Staging::new(&out_dir)?;
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

/// Refuses output folders that would swallow the site itself, or that a site's next build
/// would read back as sources (inside `content/`, `static/` or `templates/`).
fn check_out_dir(site_dir: &Path, out_dir: &Path) -> Result<(), Error> {
    let site = site_dir
        .canonicalize()
        .map_err(|e| Error::io(site_dir, e))?;
    let out = resolve_existing(out_dir);
    if site.starts_with(&out) {
        return Err(Error::Usage(format!(
            "refusing to build into {}: it contains the site itself",
            out_dir.display()
        )));
    }
    for folder in [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR] {
        if out.starts_with(site.join(folder)) {
            return Err(Error::Usage(format!(
                "refusing to build into {}: it is inside the site's {folder}/ folder, so the \
                 next build would read its own output",
                out_dir.display()
            )));
        }
    }
    Ok(())
}

/// `path` with symlinks resolved even if it does not exist yet: its nearest existing ancestor
/// made canonical, the missing rest appended.
fn resolve_existing(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut current = path;
    loop {
        let existing = if current.as_os_str().is_empty() {
            Path::new(".")
        } else {
            current
        };
        if let Ok(real) = existing.canonicalize() {
            return missing.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (current.file_name(), current.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name);
                current = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Loads, resolves and renders the site, handing every output file to `sink`.
pub fn render_site_into(
    options: &BuildOptions,
    sink: &dyn OutputSink,
) -> Result<RenderStats, Error> {
    render_pages_into(options, sink)?.write_into(sink)
}

type Loaded = (Site, Templates, Highlighter, StaticFiles, Vec<Diagnostic>);

/// The stages before rendering, with independent work in parallel; all their errors together.
fn load_site(options: &BuildOptions) -> Result<Loaded, Error> {
    let site_dir = &options.site_dir;
    let mut config = load_config(site_dir)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
        config.normalize();
    }
    let sources = options.cache.as_ref().map(|c| &c.sources);
    let ((content, templates), (highlighter, statics)) = rayon::join(
        || {
            rayon::join(
                || load_content(site_dir, options.drafts, sources),
                || Templates::load(site_dir),
            )
        },
        || rayon::join(Highlighter::new, || static_files(site_dir)),
    );
    let mut diagnostics = Vec::new();
    let content = content.map_err(|d| diagnostics.extend(d)).ok();
    let templates = match templates {
        Ok(templates) => Some(templates),
        Err(Error::Content(d)) => {
            diagnostics.extend(d);
            None
        }
        Err(other) => return Err(other),
    };
    let statics = statics?;
    let (Some(content), Some(templates)) = (content, templates) else {
        return Err(Error::Content(sorted(diagnostics)));
    };
    let scans = options.cache.as_ref().map(|c| &c.scans);
    let site = resolve_site(config, content, scans).map_err(|d| Error::Content(sorted(d)))?;
    Ok((site, templates, highlighter, statics, diagnostics))
}

/// Ok values in order, or every error's diagnostics together (an I/O error wins outright).
fn collect_results<T>(results: Vec<Result<T, Error>>) -> Result<Vec<T>, Error> {
    let mut values = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(Error::Content(d)) => diagnostics.extend(d),
            Err(other) => return Err(other),
        }
    }
    if diagnostics.is_empty() {
        Ok(values)
    } else {
        Err(Error::Content(sorted(diagnostics)))
    }
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    diagnostics
}
