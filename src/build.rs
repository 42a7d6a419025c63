//! Building: runs the pipeline — load, resolve, render, template, index, write — and reports.
//!
//! Pages stream through in parallel: each is rendered, laid out and handed to an [`OutputSink`]
//! at once, so memory holds only what later stages need (search text; page HTML only when the
//! print page is made), never the whole output.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::assets::bundle_assets;
use crate::config::load_config;
use crate::content::{CONTENT_DIR, load_content};
use crate::error::{Diagnostic, Error};
use crate::markdown::{Highlighter, MarkdownOptions, TextSection, render_markdown};
use crate::output::{MemorySink, OutputFile, OutputSink, Staging};
use crate::print::print_docs;
use crate::render_cache::RenderCache;
use crate::search::{DocPart, SearchDoc, build_search_index};
use crate::site::links::relative_url;
use crate::site::{DocRef, Site, resolve_site};
use crate::templates::Templates;
use crate::templates::views::ViewBuilder;
use crate::theme::{STATIC_DIR, StaticFiles, TEMPLATES_DIR, static_files};

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
    /// Rendered Markdown kept between builds of one process (`quire serve`).
    pub cache: Option<Arc<RenderCache>>,
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
    let (site, templates, highlighter, statics, mut warnings) = load_site(options)?;
    let markdown_options = MarkdownOptions {
        unsafe_html: site.config.markdown.unsafe_html,
    };
    let (mut assets, asset_files) = bundle_assets(&statics, &highlighter.theme_css());
    assets.search_index = format!("search/index.{}.js", source_hash(&site));
    let views = ViewBuilder {
        site: &site,
        assets: &assets,
        offline: options.offline,
    };
    let keep_html = site.content.pages.len() <= PRINT_MAX_PAGES;
    let docs: Vec<DocRef> = site.docs().collect();
    let results: Vec<Result<DocOutput, Error>> = docs
        .par_iter()
        .map(|&doc| {
            let rewrite = |dest: &str| rewrite_link(&site, doc, dest, options.offline);
            let body = site.source(doc).body();
            let render = || render_markdown(body, &highlighter, &markdown_options, &rewrite);
            let rendered = match &options.cache {
                Some(cache) => {
                    let rewrites = site
                        .links(doc)
                        .keys()
                        .filter_map(|dest| rewrite(dest).map(|href| (dest.as_str(), href)));
                    let flags = [options.offline, markdown_options.unsafe_html];
                    let key = RenderCache::key(body, rewrites, &flags);
                    cache.get_or_render(key, render)
                }
                None => Arc::new(render()),
            };
            let html = match doc {
                DocRef::Section(0) => templates.render("index.html", &views.home(&rendered.html)),
                DocRef::Section(s) => {
                    templates.render("section.html", &views.section(s, &rendered.html))
                }
                DocRef::Page(p) => {
                    templates.render("page.html", &views.page(p, &rendered.toc, &rendered.html))
                }
            }
            .map_err(|d| Error::Content(vec![d]))?;
            sink.put(OutputFile {
                path: format!("{}index.html", site.url(doc)),
                bytes: html.into_bytes(),
            })?;
            if let Some(progress) = &options.progress {
                progress.fetch_add(1, Ordering::Relaxed);
            }
            let source = site.source(doc);
            let doc_warnings = rendered
                .warnings
                .iter()
                .map(|w| {
                    let mut d = Diagnostic::warning(&w.message).at_offset(
                        &source.path,
                        &source.text,
                        source.body_start + w.offset,
                    );
                    d.hint.clone_from(&w.hint);
                    d
                })
                .collect();
            // Uncached renders are owned here and move; cached ones are shared and copied.
            let (html, text) = match Arc::try_unwrap(rendered) {
                Ok(owned) => (owned.html, owned.text),
                Err(shared) => (shared.html.clone(), shared.text.clone()),
            };
            Ok(DocOutput {
                html: if keep_html { html } else { String::new() },
                search: search_doc(&site, doc, text),
                warnings: doc_warnings,
            })
        })
        .collect();
    if let Some(cache) = &options.cache {
        cache.finish_build();
    }
    let mut htmls = Vec::with_capacity(docs.len());
    let mut search = Vec::with_capacity(docs.len());
    for output in collect_results(results)? {
        warnings.extend(output.warnings);
        htmls.push(output.html);
        search.push(output.search);
    }

    let mut files = asset_files;
    // Sources are rendered now; at 10,000 pages they are the largest thing left in memory.
    let mut site = site;
    site.release_sources();
    let views = ViewBuilder {
        site: &site,
        assets: &assets,
        offline: options.offline,
    };
    let index = build_search_index(&search);
    drop(search);
    for (path, bytes) in index.files {
        let path = if path == index.entry {
            assets.search_index.clone()
        } else {
            path
        };
        files.push(OutputFile { path, bytes });
    }
    files.push(OutputFile {
        path: "404.html".into(),
        bytes: templates
            .render("404.html", &views.not_found())
            .map_err(|d| Error::Content(vec![d]))?
            .into_bytes(),
    });
    if keep_html {
        let print = print_docs(&site, options.offline, &|doc| match doc {
            // `docs` lists sections first, then pages (Site::docs).
            DocRef::Section(s) => htmls[s].clone(),
            DocRef::Page(p) => htmls[site.content.sections.len() + p].clone(),
        });
        let html = templates
            .render("print.html", &views.print(&print))
            .map_err(|d| Error::Content(vec![d]))?;
        files.push(OutputFile {
            path: "print.html".into(),
            bytes: html.into_bytes(),
        });
    }
    if !options.offline && !site.config.base_url.is_empty() {
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(&site).into_bytes(),
        });
    }
    let copies: Vec<&(PathBuf, String)> =
        statics.extra.iter().chain(&site.content.assets).collect();
    check_copies_collide_with_nothing(&site, &files, &copies)?;
    files.extend(copy_files(&copies)?);
    let count = docs.len() + files.len();
    collect_results(files.into_par_iter().map(|f| sink.put(f)).collect())?;
    Ok(RenderStats {
        warnings: sorted(warnings),
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
        files: count,
    })
}

/// What a document's render leaves for the stages after it.
struct DocOutput {
    /// The rendered Markdown, kept only when the print page is made.
    html: String,
    search: SearchDoc,
    warnings: Vec<Diagnostic>,
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
    let ((content, templates), (highlighter, statics)) = rayon::join(
        || {
            rayon::join(
                || load_content(site_dir, options.drafts),
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
    let site = resolve_site(config, content).map_err(|d| Error::Content(sorted(d)))?;
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

/// A hash of everything the search index is made from, known before any page is rendered, so
/// pages can name the index file before it exists.
fn source_hash(site: &Site) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for doc in site.docs() {
        hasher.update(site.url(doc).as_bytes());
        hasher.update(site.title(doc).as_bytes());
        hasher.update(site.source(doc).text.as_bytes());
    }
    hasher.finalize().to_hex()[..8].to_string()
}

/// The href an internal link of `doc` gets in the output, relative to `doc`.
pub(crate) fn rewrite_link(site: &Site, doc: DocRef, dest: &str, offline: bool) -> Option<String> {
    let target = site.links(doc).get(dest)?;
    let mut href = if target.doc == doc {
        String::new()
    } else {
        relative_url(site.url(doc), site.url(target.doc), offline)
    };
    match &target.anchor {
        Some(anchor) => {
            href.push('#');
            href.push_str(anchor);
        }
        None if href.is_empty() => href.push_str(if offline { "index.html" } else { "./" }),
        None => {}
    }
    Some(href)
}

/// What the search index needs of one document; its text moves in rather than being copied.
fn search_doc(site: &Site, doc: DocRef, text: Vec<TextSection>) -> SearchDoc {
    let section = match doc {
        DocRef::Page(p) => site.title(DocRef::Section(site.content.pages[p].section)),
        DocRef::Section(s) => site.content.sections[s]
            .parent
            .map_or("", |p| site.title(DocRef::Section(p))),
    };
    SearchDoc {
        url: site.url(doc).to_string(),
        title: site.title(doc).to_string(),
        section: section.to_string(),
        parts: text
            .into_iter()
            .map(|t| DocPart {
                anchor: t.anchor,
                heading: t.heading,
                text: t.text,
                code: t.code,
            })
            .collect(),
    }
}

/// `sitemap.xml` for search engines: every page's absolute URL, in a stable order.
fn sitemap(site: &Site) -> String {
    let mut urls: Vec<&str> = site.docs().map(|d| site.url(d)).collect();
    urls.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&format!("{}{url}", site.config.base_url)));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A static or content file that would land on a generated file is an error naming the file.
fn check_copies_collide_with_nothing(
    site: &Site,
    generated: &[OutputFile],
    copies: &[&(PathBuf, String)],
) -> Result<(), Error> {
    let mut taken: std::collections::BTreeSet<String> = site
        .docs()
        .map(|d| format!("{}index.html", site.url(d)))
        .collect();
    taken.extend(generated.iter().map(|f| f.path.clone()));
    let mut seen = std::collections::BTreeMap::new();
    let mut errors = Vec::new();
    for (source, path) in copies {
        if taken.contains(path) {
            errors.push(
                Diagnostic::error(format!("`{path}` would overwrite a generated file"))
                    .in_file(source)
                    .with_hint("rename or move this file: quire writes that path itself"),
            );
        } else if let Some(first) = seen.insert(path, source) {
            errors.push(
                Diagnostic::error(format!("two files are copied to `{path}`"))
                    .in_file(source)
                    .with_hint(format!(
                        "{} is copied there too; rename one",
                        first.display()
                    )),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(errors))
    }
}

fn copy_files(files: &[&(PathBuf, String)]) -> Result<Vec<OutputFile>, Error> {
    files
        .par_iter()
        .map(|(source, path)| {
            let bytes = std::fs::read(source).map_err(|e| Error::io(source, e))?;
            Ok(OutputFile {
                path: path.clone(),
                bytes,
            })
        })
        .collect()
}
