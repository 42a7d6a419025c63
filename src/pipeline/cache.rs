//! What one process (`quire serve`) keeps between builds, owned by the pipeline: loaded sources,
//! Markdown scans and renders, print renders, laid-out pages and each page's search terms, each
//! under a key of everything that shapes it, the highlighter, built once, and the git dates. A build that
//! succeeds drops what it did not use. No stage knows this exists.

use std::sync::{Arc, OnceLock};

use super::dates::DatesMemo;
use super::source_cache::SourceCache;
use crate::markdown::{Highlighter, Rendered, Scan};
use crate::memo::{Key, KeyBuilder, Memo};
use crate::search::{DocTerms, SearchDoc};
use crate::write::OutputFile;

/// Everything a build can reuse from the builds before it.
#[derive(Default)]
pub struct BuildCache {
    /// Sources with parsed front matter (or the error), by path.
    pub sources: SourceCache,
    /// Headings and links of a Markdown body, by body.
    pub scans: Memo<Arc<Scan>>,
    /// Rendered Markdown, by body, resolved links and options.
    pub markdown: Memo<Arc<Rendered>>,
    /// Bodies rendered for the print page, by body, print links, id prefix and options.
    pub print: Memo<Arc<str>>,
    /// Finished pages, by template and everything the template sees.
    pub pages: Memo<Arc<[u8]>>,
    /// Each document's other files (its Markdown copy), by what they are made from.
    pub doc_files: Memo<Arc<[OutputFile]>>,
    /// Each page's search terms, by its text (the site-wide pass finishes this one itself).
    pub search_terms: Memo<Arc<DocTerms>>,
    /// Syntaxes and themes: loaded by the first build, shared by every later one.
    pub highlighter: OnceLock<Arc<Highlighter>>,
    /// Last-changed dates from git, walked again only when the repository's `HEAD` moves.
    pub dates: DatesMemo,
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildCache")
            .field("sources", &self.sources.len())
            .field("pages", &self.pages.len())
            .finish()
    }
}

impl BuildCache {
    /// Forgets what the pages' pass that just succeeded did not use, so the cache holds one site.
    pub fn finish_build(&self) {
        self.sources.finish_build();
        self.scans.finish_build();
        self.markdown.finish_build();
        self.print.finish_build();
        self.pages.finish_build();
        self.doc_files.finish_build();
    }
}

/// The key of a page's search terms: its title and its parts' headings, text and code.
pub fn search_terms_key(doc: &SearchDoc) -> Key {
    let mut key = KeyBuilder::default();
    key.part(&doc.title);
    for p in &doc.parts {
        key.part(&p.heading).part(&p.text).part(&p.code);
    }
    key.key()
}
