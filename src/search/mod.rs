//! Search index: page titles, headings, text and code (`SearchDoc`) → sharded JavaScript files
//! (`SearchIndex`) that static/search.js loads with script tags when the reader first searches.
//!
//! Terms are Unicode words, lowercased and lightly stemmed (`tokenize`, `stem`; search.js
//! applies the same rules to queries; the tokenizer remembers the terms of the words it saw
//! last, `word_memo`). Each posting records the page part (title or section)
//! holding the term with a BM25 weight boosting title > heading > text > code (`postings`).
//! A page's text is made once into what the index takes of it ([`IndexedBody`], `body`), which
//! a caller may keep between builds; pages go into an [`IndexBuilder`] one at a time with their
//! titles (`builder`), which keeps their postings compactly (`inverted`) until every page is
//! in; then terms are sorted and cut into shards of ~48 KB, page data into chunks of ~16 KB
//! (`shard`).

mod body;
mod builder;
mod encode;
mod intern;
mod inverted;
mod postings;
mod shard;
mod stem;
mod tokenize;
mod varint;
mod weights;
mod word_memo;
mod words;

#[cfg(test)]
mod pinned_output;
#[cfg(test)]
mod tests;

use rayon::prelude::*;

pub use body::IndexedBody;
pub use builder::{IndexBuilder, PageNumberError};

/// One page as the search index sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// Site-root-relative page URL like "internals/gil/" ("" for the home page).
    pub url: String,
    pub title: String,
    /// Title of the page's section, shown in results.
    pub section: String,
    /// The key of the top-level section the page is in (`internals`; "" for the home page and
    /// its own pages): what the search box's section filter narrows to.
    pub scope: String,
    /// The page's sections in order; the first usually has anchor "" (text before any heading).
    pub parts: Vec<DocPart>,
}

impl SearchDoc {
    /// What the index needs of the page's parts.
    pub fn body(&self) -> IndexedBody {
        IndexedBody::new(&self.parts)
    }

    pub fn head(&self) -> PageHead<'_> {
        PageHead {
            url: &self.url,
            title: &self.title,
            section: &self.section,
            scope: &self.scope,
        }
    }
}

/// A page as the index files it, but for its body (see [`SearchDoc`]'s fields).
#[derive(Debug, Clone, Copy)]
pub struct PageHead<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub section: &'a str,
    pub scope: &'a str,
}

/// A top-level section the search box can narrow results to, as its filter lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The `SearchDoc::scope` of the pages in it.
    pub key: String,
    pub title: String,
}

/// A section of a page: a heading and the text up to the next heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocPart {
    /// The heading's id; "" for the top of the page.
    pub anchor: String,
    pub heading: String,
    /// Prose, with markup removed.
    pub text: String,
    /// Code blocks, indexed with a low weight.
    pub code: String,
}

/// The index files to write under the output root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// (path relative to the output root, contents), content-hashed names: term shards
    /// `search/t<i>.<hash>.js`, page chunks `search/d<i>.<hash>.js`, then the entry
    /// `search/index.<hash>.js`.
    pub files: Vec<(String, Vec<u8>)>,
    /// The file search.js loads first (`assets.search_index` in templates). It may be written
    /// under another name: it registers under a fixed key, not its path.
    pub entry: String,
}

/// Builds the search index of `docs` (in the order given; the same input gives the same bytes)
/// whose filter lists `scopes`: an [`IndexBuilder`] fed every page, in parallel.
pub fn build_search_index(docs: &[SearchDoc], scopes: &[Scope]) -> SearchIndex {
    let sections = docs.iter().map(|doc| doc.section.clone());
    let builder = IndexBuilder::new(docs.len(), sections, scopes.to_vec());
    let mut files: Vec<(String, Vec<u8>)> = docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(n, doc)| builder.add(n, doc.head(), &doc.body()))
        .collect();
    let (entry, bytes) = builder
        .finish(&mut |path, bytes| files.push((path, bytes)))
        .expect("every page was added once, numbered in order");
    files.push((entry.clone(), bytes));
    SearchIndex { files, entry }
}

/// The terms the index holds for `text`, in order, repeats kept: what `quireSearch.terms` in
/// static/search.js must return for the same text (checked by the parity test).
pub fn index_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    tokenize::Tokenizer::default().terms(text, &mut |term| terms.push(term.text.to_string()));
    terms
}
