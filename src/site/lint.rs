//! Authoring lint over the resolved site, for `quire check` (warnings and notes never fail it):
//!
//! - a page without a `summary:` (warning): cards, search results and `<meta name=description>`
//!   fall back to nothing useful;
//! - an orphan page (note): a page that no *other* page or section links to, in its text or its
//!   `related:` list. The sidebar lists every page, so nothing is unreachable; the note points at
//!   topics no other topic leads a reader to. The home page and sections are never orphans.
//!
//! Lint of a body's Markdown (skipped heading levels, images without alt text) comes from the
//! render (`markdown::Rendered::lint`).

use super::{DocRef, Site, Table};
use crate::error::Diagnostic;
use crate::yaml::find_key;

/// Every site-level lint finding.
pub fn site_lint(site: &Site) -> Vec<Diagnostic> {
    let mut found = missing_summaries(site);
    found.extend(orphans(site));
    found
}

fn missing_summaries(site: &Site) -> Vec<Diagnostic> {
    site.content
        .pages
        .iter()
        .filter(|page| page.front.summary.trim().is_empty())
        .map(|page| {
            let (line, column) = find_key(&page.source.text, "title");
            Diagnostic::warning("page has no `summary:`")
                .at_line(&page.source.path, &page.source.text, line, column)
                .with_hint("add one sentence as `summary: …`; cards, search results and the page's description show it")
        })
        .collect()
}

/// Notes for pages that no other document links to or names in `related:`.
fn orphans(site: &Site) -> Vec<Diagnostic> {
    let mut reached = Table::filled(site.content.pages.len(), false);
    for (page, related) in site.related.iter_ids() {
        for &other in related {
            reached[other] |= other != page;
        }
    }
    for (page, backlinks) in site.backlinks.iter_ids() {
        reached[page] |= backlinks.iter().any(|&d| d != DocRef::Page(page));
    }
    site.content
        .pages
        .iter()
        .zip(reached)
        .filter(|(_, reached)| !reached)
        .map(|(page, _)| {
            Diagnostic::note("orphan page: no other page or section links to it")
                .in_file(&page.source.path)
                .with_hint(format!(
                    "link to it from a related topic, e.g. `[{}]({})`, or list it in a page's `related:`",
                    page.front.title,
                    page.source.rel.rsplit('/').next().unwrap_or(&page.source.rel)
                ))
        })
        .collect()
}
