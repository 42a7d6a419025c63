//! Pages in, one at a time, from any thread and in any order; the index files out once every
//! page is in (`IndexBuilder`). A page leaves behind only what the files need: its postings
//! (compact, in `inverted`), its parts' field lengths (for the weights) and its entry in the
//! document chunks (URL, title, headings, excerpts).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::SearchDoc;
use super::inverted::TermTable;
use super::postings::{DocTerms, FIELDS, FieldTotals, PARTITIONS, part_weight};
use super::shard::{
    DocChunks, DocEntry, TermShards, WriteFile, doc_level_threshold, encode_postings, write_entry,
};
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
    /// The first page number given twice or past the end.
    misuse: OnceLock<PageNumberError>,
    /// Section names, numbered in the order they came.
    sections: Names,
    /// Top-level section keys (`SearchDoc::scope`), numbered in the order they came.
    scopes: Names,
    field_totals: FieldTotals,
    /// Pages added but not yet merged into `terms`.
    batch: Mutex<Vec<(u32, Arc<DocTerms>)>>,
    /// The terms and their postings, by partition of the terms' hashes.
    terms: Box<[Mutex<TermTable>]>,
}

/// What the index keeps of one page.
struct Page {
    /// Per part (0 is the title): the length of each field.
    lengths: Box<[[u32; FIELDS]]>,
    entry: DocEntry,
    /// The section's number in `IndexBuilder::sections`.
    section: u32,
    /// The scope's number in `IndexBuilder::scopes`.
    scope: u32,
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
}

impl IndexBuilder {
    /// A builder for a site of `pages` pages, numbered from 0.
    pub fn new(pages: usize) -> Self {
        IndexBuilder {
            pages: (0..pages).map(|_| OnceLock::new()).collect(),
            misuse: OnceLock::new(),
            sections: Names::default(),
            scopes: Names::default(),
            field_totals: FieldTotals::default(),
            batch: Mutex::default(),
            terms: (0..PARTITIONS).map(|_| Mutex::default()).collect(),
        }
    }

    /// Page `n` of the site (in the order pages will be numbered in the index), with its terms
    /// (`doc_terms(doc)`, or a memo's: shared, not copied).
    pub fn add(&self, n: usize, doc: &SearchDoc, terms: Arc<DocTerms>) {
        let (Some(slot), Ok(page)) = (self.pages.get(n), u32::try_from(n)) else {
            let pages = self.pages.len();
            let _ = self
                .misuse
                .set(PageNumberError::OutOfRange { page: n, pages });
            return;
        };
        let record = Page {
            lengths: terms.lengths.as_slice().into(),
            entry: DocEntry::new(doc),
            section: self.sections.number(&doc.section),
            scope: self.scopes.number(&doc.scope),
        };
        if slot.set(record).is_err() {
            let _ = self.misuse.set(PageNumberError::AddedTwice { page: n });
            return;
        }
        self.field_totals.add(doc);
        let full = {
            let mut batch = lock(&self.batch);
            batch.push((page, terms));
            (batch.len() >= BATCH).then(|| std::mem::take(&mut *batch))
        };
        if let Some(full) = full {
            self.merge(full);
        }
    }

    /// Adds a batch of pages' postings to the term tables, one table per thread at a time.
    fn merge(&self, mut batch: Vec<(u32, Arc<DocTerms>)>) {
        batch.sort_unstable_by_key(|&(page, _)| page);
        self.terms.par_iter().enumerate().for_each(|(k, table)| {
            let mut table = lock(table);
            for (page, terms) in &batch {
                table.add(k, *page, terms);
            }
        });
    }

    /// The index files, handed to `write` one by one as they are made (so they need not all be
    /// in memory at once): term shards, document chunks, then the entry, whose path is returned.
    pub fn finish(self, write: &mut WriteFile<'_>) -> Result<String, PageNumberError> {
        let last = std::mem::take(&mut *lock(&self.batch));
        self.merge(last);
        let IndexBuilder {
            pages,
            misuse,
            sections,
            scopes,
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
        let tables: Vec<TermTable> = terms
            .into_iter()
            .map(|table| table.into_inner().unwrap_or_else(|e| e.into_inner()))
            .collect();
        let term_shards = write_terms(&tables, &pages, &field_totals.averages(), write);
        drop(tables);
        let mut names: Vec<(String, usize)> = sections.into_vec().into_iter().zip(0..).collect();
        names.sort_unstable();
        let mut rank = vec![0; names.len()];
        for (i, (_, n)) in names.iter().enumerate() {
            rank[*n] = i;
        }
        let mut chunks = DocChunks::new();
        for page in &pages {
            chunks.push(&page.entry, rank[page.section as usize], write);
        }
        let doc_chunks = chunks.finish(write);
        let names: Vec<String> = names.into_iter().map(|(name, _)| name).collect();
        let scopes = scopes.into_vec();
        Ok(write_entry(
            pages.len(),
            &names,
            &scope_runs(&pages, &scopes),
            &term_shards,
            &doc_chunks,
            write,
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
    order.par_sort_unstable_by(|a, b| term(a).encode_utf16().cmp(term(b).encode_utf16()));
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
