//! The pages' pass: every document rendered and laid out in parallel and written at once, with
//! the assets, `404.html`, the sitemap and the copied files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::site_wide::SiteWide;
use super::{BuildOptions, PRINT_MAX_PAGES, RenderStats, collect_results, load_site, sorted};
use crate::assets::bundle_assets;
use crate::cache::{self, BuildCache, Key, KeyBuilder};
use crate::error::{Diagnostic, Error};
use crate::markdown::{Highlighter, MarkdownOptions, Rendered, TextSection, render_markdown};
use crate::output::{OutputFile, OutputSink};
use crate::site::links::relative_url;
use crate::site::{DocRef, Site};
use crate::templates::Templates;
use crate::templates::views::ViewBuilder;

/// Loads, resolves and renders every document and writes its page, the assets, `404.html`, the
/// sitemap and the copied files into `sink`; returns what the site-wide files need.
pub fn render_pages_into(options: &BuildOptions, sink: &dyn OutputSink) -> Result<SiteWide, Error> {
    let (site, templates, highlighter, statics, mut warnings) = load_site(options)?;
    let markdown_options = MarkdownOptions {
        unsafe_html: site.config.markdown.unsafe_html,
    };
    let (mut assets, asset_files) = bundle_assets(&statics, &highlighter.theme_css());
    assets.search_index = match options.cache {
        // The server never lets a browser keep a file, so the name need not change with the
        // content; a fixed one keeps unchanged pages identical between rebuilds.
        Some(_) => "search/index.js".into(),
        None => format!("search/index.{}.js", source_hash(&site)),
    };
    let views = ViewBuilder {
        site: &site,
        assets: &assets,
        offline: options.offline,
    };
    let keep_html = site.content.pages.len() <= PRINT_MAX_PAGES;
    let pass = DocPass {
        site: &site,
        templates: &templates,
        views: &views,
        highlighter: &highlighter,
        markdown_options: &markdown_options,
        options,
    };
    let docs: Vec<DocRef> = site.docs().collect();
    let results: Vec<Result<DocOutput, Error>> = docs
        .par_iter()
        .map_init(Vec::<u8>::new, |buffer, &doc| {
            let (rendered, page) = match &options.cache {
                Some(cache) => pass.render_cached(doc, cache, buffer)?,
                None => pass.render(doc),
            };
            sink.put(OutputFile {
                path: format!("{}index.html", site.url(doc)),
                bytes: page.map_err(|d| Error::Content(vec![d]))?,
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
            let rendered = match Arc::try_unwrap(rendered) {
                Ok(owned) => Kept::Owned {
                    html: if keep_html { owned.html } else { String::new() },
                    text: owned.text,
                },
                Err(shared) => Kept::Shared(shared),
            };
            Ok(DocOutput {
                rendered,
                warnings: doc_warnings,
            })
        })
        .collect();
    let mut rendered = Vec::with_capacity(docs.len());
    for output in collect_results(results)? {
        warnings.extend(output.warnings);
        rendered.push(output.rendered);
    }

    let mut files = asset_files;
    files.push(OutputFile {
        path: "404.html".into(),
        bytes: templates
            .render("404.html", &views.not_found())
            .map_err(|d| Error::Content(vec![d]))?
            .into_bytes()
            .into(),
    });
    if !options.offline && !site.config.base_url.is_empty() {
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(&site).into_bytes().into(),
        });
    }
    let copies: Vec<&(PathBuf, String)> =
        statics.extra.iter().chain(&site.content.assets).collect();
    // The site-wide files come later; those whose names are known already are checked now, so
    // that one build reports every collision (the index's shards are checked when written).
    let mut generated: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    generated.push(&assets.search_index);
    if keep_html {
        generated.push("print.html");
    }
    check_copies_collide_with_nothing(&site, &generated, &copies)?;
    let copied = copies
        .iter()
        .map(|(source, path)| (path.clone(), source.clone()))
        .collect();
    files.extend(copy_files(&copies)?);
    let stats = RenderStats {
        warnings: sorted(warnings),
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
        files: docs.len() + files.len(),
    };
    collect_results(files.into_par_iter().map(|f| sink.put(f)).collect())?;
    if let Some(cache) = &options.cache {
        cache.finish_build();
    }
    Ok(SiteWide {
        site,
        templates,
        assets,
        offline: options.offline,
        rendered,
        print: keep_html,
        copied,
        stats,
        cache: options.cache.clone(),
    })
}

/// What rendering one document needs.
struct DocPass<'a> {
    site: &'a Site,
    templates: &'a Templates,
    views: &'a ViewBuilder<'a>,
    highlighter: &'a Highlighter,
    markdown_options: &'a MarkdownOptions,
    options: &'a BuildOptions,
}

type Page = Result<Arc<[u8]>, Diagnostic>;

impl DocPass<'_> {
    /// Renders `doc`'s Markdown and lays out its page.
    fn render(&self, doc: DocRef) -> (Arc<Rendered>, Page) {
        let rendered = Arc::new(self.render_markdown(doc));
        let page = self.lay_out(doc, &rendered);
        (rendered, page)
    }

    /// The same through serve's cache: the Markdown by its body, links and options, the page by
    /// its template and everything the template sees. `buffer` is scratch space.
    fn render_cached(
        &self,
        doc: DocRef,
        cache: &BuildCache,
        buffer: &mut Vec<u8>,
    ) -> Result<(Arc<Rendered>, Page), Error> {
        let rewrites = self.site.links(doc).keys().filter_map(|dest| {
            rewrite_link(self.site, doc, dest, self.options.offline)
                .map(|href| (dest.as_str(), href))
        });
        let flags = [self.options.offline, self.markdown_options.unsafe_html];
        let key = markdown_key(&self.site.source(doc).body_key, rewrites, flags);
        let rendered = cache
            .markdown
            .get_or_make(key, || Arc::new(self.render_markdown(doc)));
        // The page is known by its rendered body's key (which covers its table of contents
        // too): hashing the body's HTML would cost more.
        let stand_in = blake3::Hash::from(key).to_hex();
        let context = self.views.doc(doc, &[], &stand_in);
        buffer.clear();
        buffer.extend_from_slice(self.templates.fingerprint());
        serde_json::to_writer(&mut *buffer, &context)
            .map_err(|e| Error::Usage(format!("cannot hash a page's view: {e}")))?;
        let page = cache
            .pages
            .get_or_try_make(cache::key_of(buffer), || self.lay_out(doc, &rendered));
        Ok((rendered, page))
    }

    fn render_markdown(&self, doc: DocRef) -> Rendered {
        let rewrite = |dest: &str| rewrite_link(self.site, doc, dest, self.options.offline);
        let body = self.site.source(doc).body();
        render_markdown(body, self.highlighter, self.markdown_options, &rewrite)
    }

    /// Lays out one document's page around its rendered Markdown.
    fn lay_out(&self, doc: DocRef, rendered: &Rendered) -> Page {
        let context = self.views.doc(doc, &rendered.toc, &rendered.html);
        let html = self.templates.render(context.template(), &context)?;
        Ok(html.into_bytes().into())
    }
}

/// The key of a body (by its key) rendered with the given link rewrites and options.
fn markdown_key<'a>(
    body: &Key,
    rewrites: impl Iterator<Item = (&'a str, String)>,
    flags: [bool; 2],
) -> Key {
    let mut key = KeyBuilder::default();
    key.part(body).part(flags.map(u8::from));
    for (dest, href) in rewrites {
        key.part(dest).part(href);
    }
    key.key()
}

/// What a document's render leaves for the stages after it.
struct DocOutput {
    rendered: Kept,
    warnings: Vec<Diagnostic>,
}

/// A document's rendered Markdown as far as the site-wide files need it: moved out of a fresh
/// render (its HTML only when the print page is made), shared with the cache otherwise.
pub(super) enum Kept {
    Owned {
        html: String,
        text: Vec<TextSection>,
    },
    Shared(Arc<Rendered>),
}

impl Kept {
    pub(super) fn html(&self) -> &str {
        match self {
            Kept::Owned { html, .. } => html,
            Kept::Shared(rendered) => &rendered.html,
        }
    }

    pub(super) fn into_text(self) -> Vec<TextSection> {
        match self {
            Kept::Owned { text, .. } => text,
            Kept::Shared(rendered) => rendered.text.clone(),
        }
    }
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
    generated: &[&str],
    copies: &[&(PathBuf, String)],
) -> Result<(), Error> {
    let mut taken: BTreeSet<String> = site
        .docs()
        .map(|d| format!("{}index.html", site.url(d)))
        .collect();
    taken.extend(generated.iter().map(|path| path.to_string()));
    let mut seen = BTreeMap::new();
    let mut errors = Vec::new();
    for (source, path) in copies {
        if taken.contains(path) {
            errors.push(overwrite_error(source, path));
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

pub(super) fn overwrite_error(source: &Path, path: &str) -> Diagnostic {
    Diagnostic::error(format!("`{path}` would overwrite a generated file"))
        .in_file(source)
        .with_hint("rename or move this file: quire writes that path itself")
}

fn copy_files(files: &[&(PathBuf, String)]) -> Result<Vec<OutputFile>, Error> {
    files
        .par_iter()
        .map(|(source, path)| {
            let bytes = std::fs::read(source).map_err(|e| Error::io(source, e))?;
            Ok(OutputFile {
                path: path.clone(),
                bytes: bytes.into(),
            })
        })
        .collect()
}
