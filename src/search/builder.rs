//! Pages in, one at a time, from any thread and in any order; the index files out (`IndexBuilder`):
//! each document chunk (URL, title, headings, excerpts) as soon as its pages are in, the term
//! shards and the entry once every page is. A page leaves behind only what the files made at the
//! end need: its postings (compact, in `inverted`) and its parts' field lengths (for weights).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::inverted::TermTable;
use super::postings::{DocTerms, PARTITIONS};
use super::shard::{
    DocChunks, DocEntry, TermShards, WriteFile, doc_level_threshold, encode_postings, write_entry,
};
use super::weights::{FIELDS, FieldTotals, part_weight};
use super::{IndexedBody, PageHead, Scope};
use crate::memo::lock;

/// Pages whose terms are merged into the term tables at a time: the merge then takes each
/// table's lock once per batch, in page order (so posting deltas stay small even when threads
/// add pages from far apart ranges).
const BATCH: usize = 256;
/// Terms whose posting lists are encoded (in parallel) at a time while the shards are written.
const TERM_BATCH: usize = 16 * 1024;

/// Takes pages one at a time (from several threads, in any order) and keeps only what the index
/// needs: compact postings with per-field term frequencies, each part's field lengths, and the
/// excerpts and headings shown in results. The files are the same whatever order pages come in.
pub struct IndexBuilder {
    pages: Box<[OnceLock<Page>]>,
    /// The first page number given twice or past the end, or section not named at the start.
    misuse: OnceLock<PageNumberError>,
    /// Every section name pages can give, sorted: a page's section is its index here.
    sections: Vec<String>,
    /// The document chunks, made in page order as the pages come in.
    docs: Mutex<DocStream>,
    /// Top-level section keys (`PageHead::scope`), numbered in the order they came.
    scopes: Names,
    /// The top-level sections the search box's filter lists, in its order.
    scope_titles: Vec<Scope>,
    field_totals: FieldTotals,
    /// Pages added but not yet merged into `terms`.
    batch: Mutex<Vec<(u32, DocTerms)>>,
    /// The terms and their postings, by partition of the terms' hashes.
    terms: Box<[Mutex<TermTable>]>,
}

/// What the index keeps of one page until the end.
struct Page {
    /// Per part (0 is the title): the length of each field.
    lengths: Box<[[u32; FIELDS]]>,
    /// The scope's number in `IndexBuilder::scopes`.
    scope: u32,
}

/// The document chunks, written in page order: entries of pages that came before the pages
/// ahead of them wait.
struct DocStream {
    /// The first page whose entry is not in `chunks` yet.
    next: usize,
    /// Entries of later pages, with their sections' indexes.
    waiting: BTreeMap<usize, (DocEntry, usize)>,
    chunks: DocChunks,
}

impl DocStream {
    /// Takes page `n`'s entry; returns the chunk files that are whole now.
    fn add(&mut self, n: usize, entry: DocEntry, section: usize) -> Vec<(String, Vec<u8>)> {
        self.waiting.insert(n, (entry, section));
        let mut files = Vec::new();
        while let Some((entry, section)) = self.waiting.remove(&self.next) {
            self.chunks.push(&entry, section, &mut |path, bytes| {
                files.push((path, bytes))
            });
            self.next += 1;
        }
        files
    }
}

/// Strings numbered in the order they first came (from any thread).
#[derive(Default)]
struct Names(Mutex<HashMap<String, u32>>);

impl Names {
    fn number(&self, name: &str) -> u32 {
        let mut names = lock(&self.0);
        if let Some(&n) = names.get(name) {
            return n;
        }
        let next = names.len() as u32;
        names.insert(name.to_string(), next);
        next
    }

    /// The names, indexed by their numbers.
    fn into_vec(self) -> Vec<String> {
        let names = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut by_number = vec![String::new(); names.len()];
        for (name, n) in names {
            by_number[n as usize] = name;
        }
        by_number
    }
}

/// A page number [`IndexBuilder`] cannot take, or a page it never got.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageNumberError {
    #[error("search index: page {page} was added twice")]
    AddedTwice { page: usize },
    #[error("search index: page {page} is past its {pages} pages")]
    OutOfRange { page: usize, pages: usize },
    #[error("search index: page {page} was never added")]
    Missing { page: usize },
    #[error("search index: page {page} is in a section not named at the start")]
    UnknownSection { page: usize },
}

impl IndexBuilder {
    /// A builder for a site of `pages` pages, numbered from 0, whose pages are in the sections
    /// named `sections` (`PageHead::section`; each once or more, in any order), and whose search
    /// box can narrow results to `scopes` (listed in the entry, in this order, for its filter).
    pub fn new(
        pages: usize,
        sections: impl IntoIterator<Item = String>,
        scopes: Vec<Scope>,
    ) -> Self {
        let mut sections: Vec<String> = sections.into_iter().collect();
        sections.sort_unstable();
        sections.dedup();
        IndexBuilder {
            pages: (0..pages).map(|_| OnceLock::new()).collect(),
            misuse: OnceLock::new(),
            sections,
            docs: Mutex::new(DocStream {
                next: 0,
                waiting: BTreeMap::new(),
                chunks: DocChunks::new(),
            }),
            scopes: Names::default(),
            scope_titles: scopes,
            field_totals: FieldTotals::default(),
            batch: Mutex::default(),
            terms: (0..PARTITIONS).map(|_| Mutex::default()).collect(),
        }
    }

    /// Page `n` of the site (in the order pages will be numbered in the index): its URL, title
    /// and section (`head`) and its body. Returns the index files that are whole once it is in
    /// (document chunks: once every page before them is in), to be written now.
    #[must_use = "the files returned are written nowhere else"]
    pub fn add(&self, n: usize, head: PageHead<'_>, body: &IndexedBody) -> Vec<(String, Vec<u8>)> {
        let (Some(slot), Ok(page)) = (self.pages.get(n), u32::try_from(n)) else {
            let pages = self.pages.len();
            let _ = self
                .misuse
                .set(PageNumberError::OutOfRange { page: n, pages });
            return Vec::new();
        };
        let Ok(section) = self
            .sections
            .binary_search_by(|s| s.as_str().cmp(head.section))
        else {
            let _ = self.misuse.set(PageNumberError::UnknownSection { page: n });
            return Vec::new();
        };
        let terms = DocTerms::new(head.title, &body.terms);
        let record = Page {
            lengths: terms.lengths.as_slice().into(),
            scope: self.scopes.number(head.scope),
        };
        if slot.set(record).is_err() {
            let _ = self.misuse.set(PageNumberError::AddedTwice { page: n });
            return Vec::new();
        }
        let entry = DocEntry::new(head.url, head.title, &body.parts);
        let files = lock(&self.docs).add(n, entry, section);
        self.field_totals.add(head.title, &body.sums);
        let full = {
            let mut batch = lock(&self.batch);
            batch.push((page, terms));
            (batch.len() >= BATCH).then(|| std::mem::take(&mut *batch))
        };
        if let Some(full) = full {
            self.merge(full);
        }
        files
    }

    /// Adds a batch of pages' postings to the term tables, one table per thread at a time.
    fn merge(&self, mut batch: Vec<(u32, DocTerms)>) {
        batch.sort_unstable_by_key(|&(page, _)| page);
        self.terms.par_iter().enumerate().for_each(|(k, table)| {
            let mut table = lock(table);
            for (page, terms) in &batch {
                table.add(k, *page, terms);
            }
        });
    }

    /// The index files not yet returned by `add`, handed to `write` one by one as they are made
    /// (so they need not all be in memory at once): the last document chunks, then the term
    /// shards; returns the entry (path, bytes), which names them all, for the caller to write
    /// under the name the pages load.
    pub fn finish(self, write: &mut WriteFile<'_>) -> Result<(String, Vec<u8>), PageNumberError> {
        let last = std::mem::take(&mut *lock(&self.batch));
        self.merge(last);
        let IndexBuilder {
            pages,
            misuse,
            sections,
            docs,
            scopes,
            scope_titles,
            field_totals,
            terms,
            ..
        } = self;
        if let Some(error) = misuse.into_inner() {
            return Err(error);
        }
        let pages = pages
            .into_iter()
            .enumerate()
            .map(|(page, slot)| slot.into_inner().ok_or(PageNumberError::Missing { page }))
            .collect::<Result<Vec<Page>, _>>()?;
        // Every page is in, so none waits: the chunk being filled is the last.
        let docs = docs.into_inner().unwrap_or_else(|e| e.into_inner());
        let doc_chunks = docs.chunks.finish(write);
        let tables: Vec<TermTable> = terms
            .into_iter()
            .map(|table| table.into_inner().unwrap_or_else(|e| e.into_inner()))
            .collect();
        let term_shards = write_terms(&tables, &pages, &field_totals.averages(), write);
        drop(tables);
        let scopes = scopes.into_vec();
        Ok(write_entry(
            pages.len(),
            &sections,
            &scope_runs(&pages, &scopes),
            &scope_titles,
            &term_shards,
            &doc_chunks,
        ))
    }
}

/// Which top-level section each page is in, as runs: `[first page, scope key]` for every page
/// whose scope differs from the one before (pages of a section are mostly contiguous, so a site
/// has a few runs per section, not one entry per page).
fn scope_runs<'a>(pages: &[Page], scopes: &'a [String]) -> Vec<(usize, &'a str)> {
    let mut runs: Vec<(usize, &str)> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let scope = scopes[page.scope as usize].as_str();
        if runs.last().is_none_or(|&(_, last)| last != scope) {
            runs.push((n, scope));
        }
    }
    runs
}

/// How `a` and `b` compare as UTF-16 (JavaScript's string order): as their bytes, except where
/// they first differ in the lead byte of a character in U+E000–U+FFFF (`EE`, `EF`) against that
/// of one past U+FFFF (`F0`–`F4`), which UTF-16 writes with surrogates (below U+E000).
fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    match a.bytes().zip(b.bytes()).find(|(x, y)| x != y) {
        None => a.len().cmp(&b.len()),
        Some((x, y)) if x >= 0xEE && y >= 0xEE && (x >= 0xF0) != (y >= 0xF0) => y.cmp(&x),
        Some((x, y)) => x.cmp(&y),
    }
}

/// Writes the term shards: every term in UTF-16 order (as JavaScript compares strings) with its
/// postings weighted now that every page's field lengths are known.
fn write_terms(
    tables: &[TermTable],
    pages: &[Page],
    averages: &[f64; FIELDS],
    write: &mut WriteFile<'_>,
) -> Vec<(String, String)> {
    let mut order: Vec<(u32, u32)> = (0..tables.len() as u32)
        .flat_map(|k| (0..tables[k as usize].len() as u32).map(move |id| (k, id)))
        .collect();
    let term = |&(k, id): &(u32, u32)| tables[k as usize].term(id);
    order.par_sort_unstable_by(|a, b| utf16_order(term(a), term(b)));
    let weigh = |page: u32, part: u16, freqs: &[u16; FIELDS]| {
        let lengths = &pages[page as usize].lengths[usize::from(part)];
        part_weight(freqs, lengths, averages)
    };
    let doc_level_above = doc_level_threshold(pages.len());
    let mut shards = TermShards::new();
    for batch in order.chunks(TERM_BATCH) {
        let lists: Vec<String> = batch
            .par_iter()
            .map(|&(k, id)| {
                let postings = tables[k as usize].postings(id, &weigh);
                encode_postings(&postings, doc_level_above)
            })
            .collect();
        for (key, list) in batch.iter().zip(lists) {
            shards.push(term(key), list, write);
        }
    }
    shards.finish(write)
}

#[cfg(test)]
mod tests {
    use super::utf16_order;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn terms_sort_as_javascript_compares_strings(
            a in "[a-z\u{e9}\u{d7ff}\u{e000}\u{fffd}\u{ffff}\u{10000}\u{1f600}\u{10ffff}]{0,6}",
            b in "[a-z\u{e9}\u{d7ff}\u{e000}\u{fffd}\u{ffff}\u{10000}\u{1f600}\u{10ffff}]{0,6}",
        ) {
            prop_assert_eq!(utf16_order(&a, &b), a.encode_utf16().cmp(b.encode_utf16()));
        }
    }

    #[test]
    fn astral_characters_sort_before_the_top_of_the_basic_plane() {
        assert!(utf16_order("x\u{1f600}", "x\u{fffd}").is_lt());
        assert!(utf16_order("ab", "abc").is_lt());
    }
}
