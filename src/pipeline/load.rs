//! The stages before rendering, run in order with independent work in parallel: the config, the
//! content (load, preprocess, assemble), the templates, the highlighter, the theme's static
//! files and (on a thread of its own, as it mostly waits for `git`) the last-changed dates; then
//! resolve. Every problem of all of them is reported together.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::BuildOptions;
use super::cache::BuildCache;
use super::includes::IncludeReader;
use crate::config::{load_config, web_url_problem};
use crate::content::{CONTENT_DIR, LoadedFile, Source, discover_files, is_section_file, load_file};
use crate::error::{Diagnostic, Error, collect_all, sorted};
use crate::fs::SiteFs;
use crate::history::{LastChanged, last_changed};
use crate::markdown::review::find_questions;
use crate::markdown::{Highlighter, Scan, Uses, scan_markdown};
use crate::memo::{Key, key_of};
use crate::preprocess::{Body, Includes, SiteRoot, expand, fingerprint};
use crate::site::tree::build_content;
use crate::site::{Content, DocRef, PRINT_MAX_PAGES, Site, Surroundings, resolve_site};
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

/// Whether the sources may be set aside as they are scanned, to be read again page by page as
/// the pages render ([`read_again`]): only a build that keeps nothing for the next one and
/// reads the texts only to render the pages (no lint; no print page, no review page — both
/// read every body after the pages — which is found out while loading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    Kept,
    MaySetAside,
}

/// Loads and resolves the site. With `Sources::MaySetAside`, a site past the print page's size
/// holds its sources only while each is scanned; one that needs them all after all (a print or
/// review page, or a mistake to show in context) is loaded again and keeps them.
pub fn load_site(options: &BuildOptions, sources: Sources) -> Result<Loaded, Error> {
    let may_set_aside = sources == Sources::MaySetAside && options.cache.is_none() && !options.lint;
    if may_set_aside && let Ok(Some(loaded)) = load_site_as(options, true) {
        return Ok(loaded);
    }
    Ok(load_site_as(options, false)?.expect("a site whose sources are kept never asks again"))
}

/// Loads and resolves the site, its sources set aside as they are scanned when `set_aside` and
/// the site has more pages than a print page takes; `None` when it set them aside but needs
/// them after all.
fn load_site_as(options: &BuildOptions, set_aside: bool) -> Result<Option<Loaded>, Error> {
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
    // Set aside only with a config (a broken one is reported with the sources kept).
    let aside = config
        .as_ref()
        .filter(|_| set_aside)
        .map(|config| SetAside {
            review_heading: config.review.heading.trim().to_string(),
        });
    let content_dir = fs.real_dir().join(CONTENT_DIR);
    let git_dates = config.as_ref().is_some_and(|c| c.git_dates);
    let (((content, templates), (highlighter, statics)), updated) = std::thread::scope(|scope| {
        // The history walk is a process of its own: it runs beside the loading.
        let history = git_dates.then(|| scope.spawn(|| dates(&content_dir, cache)));
        let loaded = rayon::join(
            || {
                rayon::join(
                    || load_content(&fs, options.drafts, cache, aside.as_ref()),
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
    let ContentLoad {
        content,
        scans: set_aside_scans,
        needs_sources,
    } = content;
    let was_set_aside = set_aside_scans.is_some();
    if needs_sources {
        return Ok(None);
    }
    let scans = scan_all(&content, cache, set_aside_scans);
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
    if was_set_aside && site.has_print_page() {
        return Ok(None);
    }
    site.updated = updated;
    Ok(Some(Loaded {
        fs,
        site,
        templates,
        highlighter,
        statics,
        uses,
    }))
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

/// How sources are set aside while loading: what is looked for in them first.
struct SetAside {
    /// The review page's heading (`review.heading`), empty when there is no review page.
    review_heading: String,
}

/// The loaded content, and what was found in sources set aside.
struct ContentLoad {
    content: Content,
    /// When the sources were set aside as they were scanned: each document's scan, by its
    /// path under `content/`.
    scans: Option<HashMap<String, Arc<Scan>>>,
    /// Sources were set aside, but some page has review questions: the review page reads its
    /// body after the pages.
    needs_sources: bool,
}

/// Loads every Markdown file under `content/`, expands its includes and assembles the tree. With
/// a cache, files unchanged since an earlier build are not read again. With `aside`, a site of
/// more pages than a print page takes scans each source as it is read and sets it aside.
fn load_content(
    fs: &SiteFs,
    drafts: bool,
    cache: Option<&BuildCache>,
    aside: Option<&SetAside>,
) -> Result<ContentLoad, Vec<Diagnostic>> {
    let found = discover_files(fs);
    if found.markdown.is_empty() && !found.problems.is_empty() {
        // `content/` itself could not be walked: "the home page is missing" would only add noise.
        return Err(found.problems);
    }
    let pages = found.markdown.iter().filter(|f| !is_section_file(&f.rel));
    let aside = aside.filter(|_| pages.count() > PRINT_MAX_PAGES);
    let reader = IncludeReader::new(fs, cache.map(|c| &c.includes));
    let includes = Includes::new(fs, &reader);
    let loaded: Vec<Result<(LoadedFile, _, _), Diagnostic>> = found
        .markdown
        .par_iter()
        .map(|file| {
            let mut loaded = match cache {
                // A link's target can change without an event for the link: read those each time.
                Some(cache) if !file.linked => {
                    cache
                        .sources
                        .get_or_load(&file.path, &file.rel, || load_file(fs, file))
                }
                _ => load_file(fs, file),
            }?;
            let mut expanded = expand(loaded.source(), &includes);
            let found = aside.map(|aside| {
                let body = expanded.body.text();
                let scan = Arc::new(scan_markdown(body));
                let heading = &aside.review_heading;
                let questions = !heading.is_empty()
                    && !is_section_file(&file.rel)
                    && !find_questions(body, heading).is_empty();
                Body::set_aside(loaded.source_mut(), &mut expanded.body);
                (scan, questions)
            });
            Ok((loaded, expanded, found))
        })
        .collect();
    let mut diagnostics = found.problems;
    let mut docs = Vec::with_capacity(loaded.len());
    let mut scans = aside.map(|_| HashMap::with_capacity(loaded.len()));
    let mut needs_sources = false;
    for result in loaded {
        match result {
            Ok((file, expanded, found)) => {
                diagnostics.extend(expanded.problems);
                if let (Some(scans), Some((scan, questions))) = (&mut scans, found) {
                    scans.insert(file.source().rel.clone(), scan);
                    needs_sources |= questions;
                }
                docs.push((file, expanded.body));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    match build_content(&fs.path(CONTENT_DIR), docs, found.assets, drafts) {
        Ok(content) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(ContentLoad {
            content,
            scans,
            needs_sources,
        }),
        Ok(_) => Err(diagnostics),
        Err(more) => {
            diagnostics.extend(more);
            Err(diagnostics)
        }
    }
}

/// Each document's scan (headings and links), in `Content::docs` order: from `set_aside` (the
/// scans made as the sources were set aside) when given.
fn scan_all(
    content: &Content,
    cache: Option<&BuildCache>,
    set_aside: Option<HashMap<String, Arc<Scan>>>,
) -> Vec<Arc<Scan>> {
    let docs: Vec<_> = content.docs().collect();
    if let Some(mut scans) = set_aside {
        let mut take = |doc| scans.remove(&content.source(doc).rel).unwrap_or_default();
        return docs.into_iter().map(&mut take).collect();
    }
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

/// Reads again the sources of `docs` that were set aside while loading, with their includes
/// expanded as the first time. A file that changed since is an error: the site was resolved
/// against what was read first.
pub fn read_again(fs: &SiteFs, site: &mut Site, docs: &[DocRef]) -> Result<(), Error> {
    let aside: Vec<(DocRef, Key)> = docs
        .iter()
        .filter_map(|&doc| Some((doc, site.body(doc).set_aside_fingerprint()?)))
        .collect();
    if aside.is_empty() {
        return Ok(());
    }
    let reader = IncludeReader::new(fs, None);
    let includes = Includes::new(fs, &reader);
    let site_now = &*site;
    let read = aside.par_iter().map(|&(doc, key)| {
        let first = site_now.source(doc);
        let text = fs
            .read_text(&first.path)
            .map_err(|d| Error::Content(vec![d]))?;
        let source = Source::new(
            first.path.clone(),
            first.rel.clone(),
            text,
            first.body_start,
        );
        let body = expand(&source, &includes).body;
        if fingerprint(&source, &body) != key {
            let changed =
                Diagnostic::error("this file (or a file it includes) changed during the build")
                    .in_file(&first.path)
                    .with_hint("build again once the files are saved");
            return Err(Error::Content(vec![changed]));
        }
        Ok((doc, source, body))
    });
    let read: Vec<Result<_, Error>> = read.collect();
    for (doc, source, body) in collect_all(read)? {
        site.restore_source(doc, source, body);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site of 501 pages in a temporary folder: one more than a print page takes.
    fn past_print_size() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join(CONTENT_DIR);
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
        std::fs::write(content.join("_index.md"), "---\ntitle: Home\n---\nHi.\n").unwrap();
        for n in 0..=PRINT_MAX_PAGES {
            let text = format!("---\ntitle: P{n}\n---\nBody {n}.\n");
            std::fs::write(content.join(format!("p{n}.md")), text).unwrap();
        }
        dir
    }

    #[test]
    fn sources_set_aside_are_read_again_and_a_changed_file_is_an_error() {
        let dir = past_print_size();
        let options = BuildOptions {
            site_dir: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let Loaded { fs, mut site, .. } = load_site(&options, Sources::MaySetAside).unwrap();
        let docs: Vec<DocRef> = site.docs().collect();
        assert!(docs.iter().all(|&d| site.body(d).text().is_empty()));
        assert!(
            docs.iter()
                .all(|&d| site.body(d).set_aside_fingerprint().is_some())
        );

        let (first, rest) = docs.split_at(10);
        read_again(&fs, &mut site, first).unwrap();
        let page = first[5];
        let n = site
            .source(page)
            .rel
            .trim_start_matches('p')
            .trim_end_matches(".md");
        assert_eq!(site.body(page).text(), format!("Body {n}.\n"));
        assert_eq!(site.body(page).set_aside_fingerprint(), None);

        let changed = site.source(rest[3]).path.clone();
        std::fs::write(&changed, "---\ntitle: Changed\n---\nNew.\n").unwrap();
        let Err(Error::Content(found)) = read_again(&fs, &mut site, rest) else {
            panic!("a file changed during the build must fail it");
        };
        assert_eq!(found.len(), 1, "{found:?}");
        let shown = found[0].to_string();
        assert!(shown.contains("changed during the build"), "{shown}");
        assert!(shown.contains(&changed.display().to_string()), "{shown}");

        // Kept sources (a lint build) are never set aside.
        let lint = BuildOptions {
            lint: true,
            ..options
        };
        let Loaded { site, .. } = load_site(&lint, Sources::MaySetAside).unwrap();
        assert!(
            site.docs()
                .all(|d| site.body(d).set_aside_fingerprint().is_none())
        );
    }
}
