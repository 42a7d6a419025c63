//! The stages before rendering, run in order with independent work in parallel: the config, the
//! content (load, preprocess, assemble), the templates, the highlighter, the theme's static
//! files and (on a thread of its own, as it mostly waits for `git`) the last-changed dates; then
//! resolve. Every problem of all of them is reported together.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::BuildOptions;
use super::cache::BuildCache;
use super::includes::IncludeReader;
use crate::config::{load_config, web_url_problem};
use crate::content::{CONTENT_DIR, LoadedFile, discover_files, load_file};
use crate::error::{Diagnostic, Error, sorted};
use crate::fs::SiteFs;
use crate::history::{LastChanged, last_changed};
use crate::markdown::{Highlighter, Scan, Uses, scan_markdown};
use crate::memo::key_of;
use crate::preprocess::{Includes, SiteRoot, expand};
use crate::site::tree::build_content;
use crate::site::{Content, Site, Surroundings, resolve_site};
use crate::templates::Templates;
use crate::templates::theme::{StaticFiles, static_files};

/// What the stages before rendering produce.
pub struct Loaded {
    pub fs: SiteFs,
    pub site: Site,
    pub templates: Templates,
    pub highlighter: Arc<Highlighter>,
    pub statics: StaticFiles,
    /// What some page of the site needs to load (so the theme writes only the scripts used).
    pub uses: Uses,
}

/// Loads and resolves the site.
pub fn load_site(options: &BuildOptions) -> Result<Loaded, Error> {
    let fs = SiteFs::open(&options.site_dir)?;
    if let Some(why) = options.base_url.as_deref().and_then(web_url_problem) {
        return Err(Error::Usage(format!("--base-url: {why}")));
    }
    let mut diagnostics = Vec::new();
    // A mistake in site.yaml is reported with every other one of the build, not alone.
    let config = match load_config(&fs) {
        Ok(mut config) => {
            if let Some(base_url) = &options.base_url {
                config.base_url = base_url.clone();
                config.normalize();
            }
            Some(config)
        }
        Err(Error::Content(d)) => {
            diagnostics.extend(d);
            None
        }
        Err(other) => return Err(other),
    };
    let cache = options.cache.as_deref();
    let content_dir = fs.real_dir().join(CONTENT_DIR);
    let git_dates = config.as_ref().is_some_and(|c| c.git_dates);
    let (((content, templates), (highlighter, statics)), updated) = std::thread::scope(|scope| {
        // The history walk is a process of its own: it runs beside the loading.
        let history = git_dates.then(|| scope.spawn(|| dates(&content_dir, cache)));
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
    let (Some(config), Some(content), Some(templates), Some(statics)) =
        (config, content, templates, statics)
    else {
        return Err(Error::Content(sorted(diagnostics)));
    };
    let scans = scan_all(&content, cache);
    let uses = scans
        .iter()
        .fold(Uses::default(), |all, s| all.union(s.uses));
    let root = SiteRoot::new(fs.real_dir());
    let around = Surroundings {
        root: &root,
        statics: &statics.extra,
    };
    let mut site =
        resolve_site(config, content, &scans, &around).map_err(|d| Error::Content(sorted(d)))?;
    site.updated = updated;
    Ok(Loaded {
        fs,
        site,
        templates,
        highlighter,
        statics,
        uses,
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

/// Loads every Markdown file under `content/`, expands its includes and assembles the tree. With
/// a cache, files unchanged since an earlier build are not read again.
fn load_content(
    fs: &SiteFs,
    drafts: bool,
    cache: Option<&BuildCache>,
) -> Result<Content, Vec<Diagnostic>> {
    let found = discover_files(fs);
    if found.markdown.is_empty() && !found.problems.is_empty() {
        // `content/` itself could not be walked: "the home page is missing" would only add noise.
        return Err(found.problems);
    }
    let reader = IncludeReader::new(fs, cache.map(|c| &c.includes));
    let includes = Includes::new(fs, &reader);
    let loaded: Vec<Result<(LoadedFile, _), Diagnostic>> = found
        .markdown
        .par_iter()
        .map(|file| {
            let loaded = match cache {
                // A link's target can change without an event for the link: read those each time.
                Some(cache) if !file.linked => {
                    cache
                        .sources
                        .get_or_load(&file.path, &file.rel, || load_file(fs, file))
                }
                _ => load_file(fs, file),
            }?;
            let expanded = expand(loaded.source(), &includes);
            Ok((loaded, expanded))
        })
        .collect();
    let mut diagnostics = found.problems;
    let mut docs = Vec::with_capacity(loaded.len());
    for result in loaded {
        match result {
            Ok((file, expanded)) => {
                diagnostics.extend(expanded.problems);
                docs.push((file, expanded.body));
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
