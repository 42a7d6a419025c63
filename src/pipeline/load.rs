//! The stages before rendering, run in order with independent work in parallel: the config, the
//! content (load, preprocess, assemble), the templates, the highlighter, the theme's static
//! files and (on a thread of its own, as it mostly waits for `git`) the last-changed dates; then
//! resolve. Every problem of all of them is reported together.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::BuildOptions;
use super::cache::BuildCache;
use crate::config::load_config;
use crate::content::{CONTENT_DIR, LoadedFile, discover_files, load_file};
use crate::error::{Diagnostic, Error, sorted};
use crate::fs::SiteFs;
use crate::history::{LastChanged, last_changed};
use crate::markdown::{Highlighter, Scan, scan_markdown};
use crate::memo::key_of;
use crate::preprocess::expand;
use crate::site::tree::build_content;
use crate::site::{Content, Site, resolve_site};
use crate::templates::Templates;
use crate::templates::theme::{StaticFiles, static_files};

/// What the stages before rendering produce.
pub struct Loaded {
    pub fs: SiteFs,
    pub site: Site,
    pub templates: Templates,
    pub highlighter: Arc<Highlighter>,
    pub statics: StaticFiles,
}

/// Loads and resolves the site.
pub fn load_site(options: &BuildOptions) -> Result<Loaded, Error> {
    let fs = SiteFs::open(&options.site_dir)?;
    let mut config = load_config(&fs)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
        config.normalize();
    }
    let cache = options.cache.as_deref();
    let content_dir = fs.real_dir().join(CONTENT_DIR);
    let (((content, templates), (highlighter, statics)), updated) = std::thread::scope(|scope| {
        let history = config
            .git_dates
            .then(|| scope.spawn(|| dates(&content_dir, cache)));
        let loaded = rayon::join(
            || {
                rayon::join(
                    || load_content(&fs, options.drafts, cache),
                    || Templates::load(&fs),
                )
            },
            || rayon::join(|| highlighter(cache), || static_files(&fs)),
        );
        let updated = history.and_then(|h| h.join().ok()).unwrap_or_default();
        (loaded, updated)
    });
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
    let statics = match statics {
        Ok(statics) => Some(statics),
        Err(Error::Content(d)) => {
            diagnostics.extend(d);
            None
        }
        Err(other) => return Err(other),
    };
    let (Some(content), Some(templates), Some(statics)) = (content, templates, statics) else {
        return Err(Error::Content(sorted(diagnostics)));
    };
    let scans = scan_all(&content, cache);
    let mut site = resolve_site(config, content, &scans).map_err(|d| Error::Content(sorted(d)))?;
    site.updated = updated;
    Ok(Loaded {
        fs,
        site,
        templates,
        highlighter,
        statics,
    })
}

/// The highlighter: the cache's if it has one (made by the first build), else a new one.
fn highlighter(cache: Option<&BuildCache>) -> Arc<Highlighter> {
    match cache {
        Some(cache) => Arc::clone(
            cache
                .highlighter
                .get_or_init(|| Arc::new(Highlighter::new())),
        ),
        None => Arc::new(Highlighter::new()),
    }
}

/// When each file under `content_dir` was last committed: the cache's dates if it has them for
/// the repository's current `HEAD`, else from git.
fn dates(content_dir: &Path, cache: Option<&BuildCache>) -> Arc<LastChanged> {
    match cache {
        Some(cache) => cache.dates.get(content_dir),
        None => Arc::new(last_changed(content_dir)),
    }
}

/// Loads every Markdown file under `content/`, preprocesses its body and assembles the tree. With
/// a cache, files unchanged since an earlier build are not read again.
fn load_content(
    fs: &SiteFs,
    drafts: bool,
    cache: Option<&BuildCache>,
) -> Result<Content, Vec<Diagnostic>> {
    let found = discover_files(fs);
    let loaded: Vec<Result<LoadedFile, Diagnostic>> = found
        .markdown
        .par_iter()
        .map(|file| match cache {
            // A link's target can change without an event for the link: read those each time.
            Some(cache) if !file.linked => cache
                .sources
                .get_or_load(&file.path, &file.rel, || load_file(fs, file)),
            _ => load_file(fs, file),
        })
        .collect();
    let mut diagnostics = found.problems;
    let mut docs = Vec::with_capacity(loaded.len());
    for result in loaded {
        match result {
            Ok(file) => {
                let body = expand(file.source());
                docs.push((file, body));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    match build_content(&fs.path(CONTENT_DIR), docs, found.assets, drafts) {
        Ok(content) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(content),
        Ok(_) => Err(diagnostics),
        Err(more) => {
            diagnostics.extend(more);
            Err(diagnostics)
        }
    }
}

/// Each document's scan (headings and links), in `Content::docs` order.
fn scan_all(content: &Content, cache: Option<&BuildCache>) -> Vec<Arc<Scan>> {
    let docs: Vec<_> = content.docs().collect();
    docs.par_iter()
        .map(|&doc| {
            let body = content.body(doc).text();
            let scan = || Arc::new(scan_markdown(body));
            match cache {
                Some(cache) => cache.scans.get_or_make(key_of(body), scan),
                None => scan(),
            }
        })
        .collect()
}
