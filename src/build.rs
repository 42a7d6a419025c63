//! Building: runs the pipeline — load, resolve, render, template, index, write — and reports.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::assets::bundle_assets;
use crate::config::load_config;
use crate::content::load_content;
use crate::error::{Diagnostic, Error};
use crate::markdown::{Highlighter, MarkdownOptions, Rendered, render_markdown};
use crate::output::{OutputFile, write_site};
use crate::print::print_docs;
use crate::search::{DocPart, SearchDoc, build_search_index};
use crate::site::links::relative_url;
use crate::site::{DocRef, Site, resolve_site};
use crate::templates::Templates;
use crate::templates::views::{Assets, ViewBuilder};
use crate::theme::static_files;

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
    let rendered = render_site(options)?;
    write_site(&out_dir, &rendered.files)?;
    Ok(BuildReport {
        pages: rendered.pages,
        sections: rendered.sections,
        files: rendered.files.len(),
        out_dir,
        warnings: rendered.warnings,
        elapsed: started.elapsed(),
    })
}

/// Refuses output folders that would swallow the site itself.
fn check_out_dir(site_dir: &Path, out_dir: &Path) -> Result<(), Error> {
    let site = site_dir
        .canonicalize()
        .map_err(|e| Error::io(site_dir, e))?;
    let out = match out_dir.canonicalize() {
        Ok(out) => out,
        Err(_) => return Ok(()), // does not exist yet
    };
    if site.starts_with(&out) {
        return Err(Error::Usage(format!(
            "refusing to build into {}: it contains the site itself",
            out_dir.display()
        )));
    }
    Ok(())
}

/// Runs every stage but writing: the whole site as files in memory.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, Error> {
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
    let mut warnings: Vec<Diagnostic> = diagnostics;

    let markdown_options = MarkdownOptions {
        unsafe_html: site.config.markdown.unsafe_html,
    };
    let docs: Vec<DocRef> = site.docs().collect();
    let rendered: Vec<Rendered> = docs
        .par_iter()
        .map(|&doc| {
            let rewrite = |dest: &str| rewrite_link(&site, doc, dest, options.offline);
            render_markdown(
                site.source(doc).body(),
                &highlighter,
                &markdown_options,
                &rewrite,
            )
        })
        .collect();
    for (&doc, r) in docs.iter().zip(&rendered) {
        let source = site.source(doc);
        for w in &r.warnings {
            let mut d = Diagnostic::warning(&w.message).at_offset(
                &source.path,
                &source.text,
                source.body_start + w.offset,
            );
            d.hint.clone_from(&w.hint);
            warnings.push(d);
        }
    }

    let (mut assets, mut files) = bundle_assets(&statics, &highlighter.theme_css());
    let index = build_search_index(&search_docs(&site, &docs, &rendered));
    assets.search_index = index.entry.clone();
    files.extend(
        index
            .files
            .into_iter()
            .map(|(path, bytes)| OutputFile { path, bytes }),
    );

    files.extend(render_pages(
        &site,
        &templates,
        &assets,
        &docs,
        &rendered,
        options.offline,
    )?);
    if !options.offline && !site.config.base_url.is_empty() {
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(&site).into_bytes(),
        });
    }
    files.extend(copy_files(&statics.extra)?);
    files.extend(copy_files(&site.content.assets)?);
    check_collisions(&mut files)?;
    Ok(RenderedSite {
        files,
        warnings: sorted(warnings),
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
    })
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    diagnostics
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

fn search_docs(site: &Site, docs: &[DocRef], rendered: &[Rendered]) -> Vec<SearchDoc> {
    docs.iter()
        .zip(rendered)
        .map(|(&doc, r)| {
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
                parts: r
                    .text
                    .iter()
                    .map(|t| DocPart {
                        anchor: t.anchor.clone(),
                        heading: t.heading.clone(),
                        text: t.text.clone(),
                        code: t.code.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Renders every document through its template, in parallel; all template errors are reported.
fn render_pages(
    site: &Site,
    templates: &Templates,
    assets: &Assets,
    docs: &[DocRef],
    rendered: &[Rendered],
    offline: bool,
) -> Result<Vec<OutputFile>, Error> {
    let views = ViewBuilder {
        site,
        assets,
        offline,
    };
    let results: Vec<Result<OutputFile, Diagnostic>> = docs
        .par_iter()
        .zip(rendered)
        .map(|(&doc, r)| {
            let html = match doc {
                DocRef::Section(0) => templates.render("index.html", &views.home(&r.html)),
                DocRef::Section(s) => templates.render("section.html", &views.section(s, &r.html)),
                DocRef::Page(p) => templates.render("page.html", &views.page(p, &r.toc, &r.html)),
            }?;
            Ok(OutputFile {
                path: format!("{}index.html", site.url(doc)),
                bytes: html.into_bytes(),
            })
        })
        .chain(rayon::iter::once(()).map(|()| {
            let html = templates.render("404.html", &views.not_found())?;
            Ok(OutputFile {
                path: "404.html".into(),
                bytes: html.into_bytes(),
            })
        }))
        .chain(rayon::iter::once(()).map(|()| {
            // `docs` lists sections first, then pages (Site::docs).
            let sections = site.content.sections.len();
            let print = print_docs(site, offline, &|doc| match doc {
                DocRef::Section(s) => rendered[s].html.clone(),
                DocRef::Page(p) => rendered[sections + p].html.clone(),
            });
            let html = templates.render("print.html", &views.print(&print))?;
            Ok(OutputFile {
                path: "print.html".into(),
                bytes: html.into_bytes(),
            })
        }))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(Error::Content(sorted(errors)))
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

fn copy_files(files: &[(PathBuf, String)]) -> Result<Vec<OutputFile>, Error> {
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

/// Two outputs with one path (a static file named like a page) would silently lose one.
fn check_collisions(files: &mut [OutputFile]) -> Result<(), Error> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let errors: Vec<Diagnostic> = files
        .windows(2)
        .filter(|w| w[0].path == w[1].path)
        .map(|w| {
            Diagnostic::error(format!("two outputs are written to `{}`", w[0].path)).with_hint(
                "a file under static/ or content/ has the same path as a generated page; rename it",
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(errors))
    }
}
