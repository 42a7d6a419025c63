//! The site-wide files, made once every page is written: the search index and the print page.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::pages::{Kept, overwrite_error};
use super::{RenderStats, collect_results};
use crate::cache::BuildCache;
use crate::error::{Diagnostic, Error};
use crate::markdown::TextSection;
use crate::output::{OutputFile, OutputSink};
use crate::print::print_docs;
use crate::search::{DocPart, SearchDoc, build_search_index};
use crate::site::{DocRef, Site};
use crate::templates::Templates;
use crate::templates::views::{Assets, ViewBuilder};

/// The site-wide files left to make once every page is written: the search index and the print
/// page, both made from all the pages. `quire serve` shows the pages before making these.
pub struct SiteWide {
    pub(super) site: Site,
    pub(super) templates: Templates,
    pub(super) assets: Assets,
    pub(super) offline: bool,
    /// Each document's rendered Markdown, in `Site::docs` order.
    pub(super) rendered: Vec<Kept>,
    /// Whether to make the print page (the site is small enough).
    pub(super) print: bool,
    /// The static and content files copied into the output: output path → source file.
    pub(super) copied: BTreeMap<String, PathBuf>,
    /// What the pages' pass counted: the stats of the whole build but for the files added here.
    pub stats: RenderStats,
    pub(super) cache: Option<Arc<BuildCache>>,
}

impl SiteWide {
    /// Makes the search index and the print page and hands them to `sink`.
    pub fn write_into(self, sink: &dyn OutputSink) -> Result<RenderStats, Error> {
        let SiteWide {
            mut site,
            templates,
            assets,
            offline,
            rendered,
            print,
            copied,
            mut stats,
            cache,
        } = self;
        // Sources are rendered now; at 10,000 pages they are the largest thing left in memory.
        site.release_sources();
        let mut files = Vec::new();
        if print {
            let print = print_docs(&site, offline, &|doc| {
                // `docs` lists sections first, then pages (Site::docs).
                let at = match doc {
                    DocRef::Section(s) => s,
                    DocRef::Page(p) => site.content.sections.len() + p,
                };
                rendered[at].html().to_string()
            });
            let views = ViewBuilder {
                site: &site,
                assets: &assets,
                offline,
            };
            let html = templates
                .render("print.html", &views.print(&print))
                .map_err(|d| Error::Content(vec![d]))?;
            files.push(OutputFile {
                path: "print.html".into(),
                bytes: html.into_bytes().into(),
            });
        }
        let search: Vec<SearchDoc> = site
            .docs()
            .zip(rendered)
            .map(|(doc, rendered)| search_doc(&site, doc, rendered.into_text()))
            .collect();
        let memo = cache.as_ref().map(|c| &c.search_terms);
        let index = build_search_index(&search, memo);
        if let Some(memo) = memo {
            memo.finish_build();
        }
        drop(search);
        files.extend(index.files.into_iter().map(|(path, bytes)| OutputFile {
            path: if path == index.entry {
                assets.search_index.clone()
            } else {
                path
            },
            bytes: bytes.into(),
        }));
        let collisions: Vec<Diagnostic> = files
            .iter()
            .filter_map(|f| Some(overwrite_error(copied.get(&f.path)?, &f.path)))
            .collect();
        if !collisions.is_empty() {
            return Err(Error::Content(collisions));
        }
        stats.files += files.len();
        collect_results(files.into_par_iter().map(|f| sink.put(f)).collect())?;
        Ok(stats)
    }
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
