//! `quire serve`'s fast path: after an edit to one page's body that changes nothing another page
//! shows or checks (its front matter, headings' ids, links, includes, review questions and what it
//! needs loaded stay the same), only that page is rendered again, on the last build kept whole;
//! every other file stays the last build's. Anything else is a full build.

use std::collections::BTreeSet;
use std::path::{Component, Path};
use std::sync::Arc;

use super::BuildOptions;
use super::RenderStats;
use super::built::{Built, DocEmitted, LastBuild};
use super::cache::BuildCache;
use super::pages::{DocPass, render_pages_into};
use super::site_wide::SiteWide;
use crate::content::{CONTENT_DIR, LoadedFile, Source, load_file};
use crate::error::{Diagnostic, Error, sorted};
use crate::fs::SiteFile;
use crate::markdown::review::find_questions;
use crate::markdown::{Scan, scan_markdown};
use crate::outputs::make_outputs;
use crate::outputs::print::PrintIds;
use crate::preprocess::{Body, has_includes};
use crate::site::{DocRef, Site};
use crate::write::OutputSink;

/// `quire serve`'s rebuild: after an edit that changes one page's body only, that page alone
/// ([`SiteWide::partial`]: every other file is the last build's); else [`render_pages_into`].
pub fn render_changes_into(
    options: &BuildOptions,
    sink: &dyn OutputSink,
) -> Result<SiteWide, Error> {
    let edited = options
        .cache
        .as_ref()
        .and_then(|cache| after_one_edit(options, cache, sink));
    edited.unwrap_or_else(|| render_pages_into(options, sink))
}

/// The build after one edit, made on the last build when the edit allows it: `None` when it
/// needs a full build (the last build is dropped then, so two sites are never held at once).
pub(super) fn after_one_edit(
    options: &BuildOptions,
    cache: &Arc<BuildCache>,
    sink: &dyn OutputSink,
) -> Option<Result<SiteWide, Error>> {
    let last = cache.take_last()?;
    if options.lint {
        return None;
    }
    let changed = cache.single_change()?;
    let mut last = last;
    let (doc, source) = edited_doc(&last.built, &changed, cache)?;
    let at = last.built.site.docs().position(|d| d == doc)?;
    let old_source = replace_body(&mut last.built.site, doc, source);
    let result = render_edit(&last, doc, sink);
    match result {
        Ok((emitted, outputs)) => {
            cache.finish_edit();
            let kept = &mut last.kept;
            kept.docs[at] = emitted;
            if let Some(output_warnings) = outputs {
                kept.output_warnings = output_warnings;
            }
            let LastBuild { built, kept } = last;
            let warnings = kept.docs.iter().flat_map(|doc| &doc.warnings);
            let stats = RenderStats {
                warnings: sorted(warnings.chain(&kept.output_warnings).cloned().collect()),
                pages: built.site.content.pages.len(),
                sections: built.site.content.sections.len(),
                files: kept.files,
            };
            Some(Ok(SiteWide {
                built,
                rendered: Vec::new(),
                search_index: None,
                stats,
                cache: Some(Arc::clone(cache)),
                kept: Some(kept),
                partial: true,
            }))
        }
        Err(err) => {
            // The fix is likely the next edit of the same file: keep the last good build for it.
            replace_body(&mut last.built.site, doc, old_source);
            cache.keep_last(last);
            Some(Err(err))
        }
    }
}

/// The document of the one changed file and its new source, if the edit changed its body only
/// and in a way no other page sees.
fn edited_doc(built: &Built, changed: &Path, cache: &BuildCache) -> Option<(DocRef, Source)> {
    let site = &built.site;
    let rel = content_rel(changed)?;
    let doc = site.docs().find(|&d| site.source(d).rel == rel)?;
    let old = site.source(doc);
    // Read as a full build would, through the cache; a file that is now a link, or unreadable,
    // or broken is left to the full build to report.
    if !built.fs.is_plain_file(&old.path) {
        return None;
    }
    let file = SiteFile {
        path: old.path.clone(),
        rel: rel.clone(),
        linked: false,
    };
    let loaded = cache
        .sources
        .get_or_load(&file.path, &rel, || load_file(&built.fs, &file))
        .ok()?;
    let source = match loaded {
        LoadedFile::Section(source, _) | LoadedFile::Page(source, _) => source,
    };
    let old_body = site.body(doc);
    let included_elsewhere = site.docs().any(|d| {
        let body = site.body(d);
        (1..body.origins()).any(|i| Path::new(body.origin(i)) == changed)
    });
    if front_matter(&source) != front_matter(old)
        || old_body.origins() != 1
        || has_includes(&source)
        || included_elsewhere
    {
        return None;
    }
    let new_body = Body::plain(&source);
    let raw_html = site.config.markdown.unsafe_html;
    let outline = |body: &Body| Outline::of(&scan_markdown(body.text()), raw_html);
    if outline(old_body) != outline(&new_body) {
        return None;
    }
    let heading = site.config.review.heading.trim();
    if !heading.is_empty() && matches!(doc, DocRef::Page(_)) {
        let questions = |body: &Body| -> Vec<(String, String)> {
            let text = body.text();
            let found = find_questions(text, heading).into_iter();
            found
                .map(|q| (q.question_html, text[q.answer].to_string()))
                .collect()
        };
        if questions(old_body) != questions(&new_body) {
            return None;
        }
    }
    Some((doc, source))
}

/// The source's front matter as written.
fn front_matter(source: &Source) -> &str {
    &source.text[..source.body_start]
}

/// `content/a/b.md` (as the watcher reports it) as `a/b.md`; `None` for any other path.
fn content_rel(changed: &Path) -> Option<String> {
    let rel = changed.strip_prefix(CONTENT_DIR).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        let Component::Normal(part) = component else {
            return None;
        };
        let part = part.to_str()?;
        if part.starts_with('.') {
            return None;
        }
        parts.push(part);
    }
    let rel = parts.join("/");
    rel.ends_with(".md").then_some(rel)
}

/// What other pages see of a body: the ids its links can point at, its links and what it needs
/// loaded (the site's scripts are chosen by what every page uses).
#[derive(PartialEq)]
struct Outline {
    anchors: BTreeSet<String>,
    links: BTreeSet<String>,
    uses: crate::markdown::Uses,
}

impl Outline {
    fn of(scan: &Scan, raw_html: bool) -> Outline {
        let headings = scan.headings.iter().map(|h| h.id.clone());
        let html_ids = scan.html_ids.iter().filter(|_| raw_html).cloned();
        let html_links = scan.html_links.iter().filter(|_| raw_html);
        Outline {
            anchors: headings.chain(html_ids).collect(),
            links: scan
                .links
                .iter()
                .chain(html_links)
                .map(|l| l.dest.clone())
                .collect(),
            uses: scan.uses,
        }
    }
}

/// Puts `source` (and its plain body) in `doc`'s place; returns the source it replaces.
fn replace_body(site: &mut Site, doc: DocRef, source: Source) -> Source {
    let body = Body::plain(&source);
    let (old_source, old_body) = match doc {
        DocRef::Section(s) => {
            let section = &mut site.content.sections[s];
            (&mut section.source, &mut section.body)
        }
        DocRef::Page(p) => {
            let page = &mut site.content.pages[p];
            (&mut page.source, &mut page.body)
        }
    };
    *old_body = body;
    std::mem::replace(old_source, source)
}

/// Renders `doc` on the last build into `sink`, with the outputs made with the pages when one of
/// them reads bodies (`llms-full.txt`, on sites small enough for a print page); their warnings.
fn render_edit(
    last: &LastBuild,
    doc: DocRef,
    sink: &dyn OutputSink,
) -> Result<(DocEmitted, Option<Vec<Diagnostic>>), Error> {
    let built = &last.built;
    let site = &built.site;
    let copies = built.copies();
    let views = built.views();
    let ctx = built.context(&views, &copies, &last.kept.questions);
    let print_ids = ctx.has_print_page().then(|| PrintIds::new(site));
    let pass = DocPass {
        ctx: &ctx,
        print_ids: print_ids.as_ref(),
        layout_key: None,
    };
    let emitted = pass.emit(doc, None, sink, false)?;
    if !ctx.has_print_page() {
        return Ok((emitted, None));
    }
    let (_, warnings) = make_outputs(&ctx, false, Vec::new(), None, sink)?;
    Ok((emitted, Some(warnings)))
}
