//! `SearchDoc`s → per-term postings: which page part (title, or a heading's section) holds each
//! term, with a BM25 weight that boosts titles over headings over body text over code.

use std::sync::Arc;

use std::cell::RefCell;

use super::intern::{Interner, TermList, fx_hash};
use super::tokenize::Tokenizer;
use super::{SearchDoc, SearchTerms};
use rayon::prelude::*;

/// Part 0 of every page is its title; part `i + 1` is `SearchDoc::parts[i]`.
pub(super) const TITLE_PART: u16 = 0;
/// Parts of a page past this many are not indexed.
const MAX_PARTS: usize = u16::MAX as usize - 1;
/// Distinct terms kept per page: a huge page (or one in a script indexed by bigrams) cannot
/// blow up the index; later new terms of such a page are not indexed.
const MAX_TERMS_PER_DOC: usize = 10_000;
/// Pages tokenized in parallel at a time: bounds the memory held by not yet merged pages.
const BATCH: usize = 256;

/// Fields of a page part, in the order of `BOOST` and `LENGTH_NORM`.
const TITLE: usize = 0;
const HEADING: usize = 1;
const TEXT: usize = 2;
const CODE: usize = 3;
const BOOST: [f64; 4] = [10.0, 4.0, 1.0, 0.3];
/// BM25 `b`: how much a long field dilutes each of its terms.
const LENGTH_NORM: [f64; 4] = [0.5, 0.5, 0.75, 0.75];
const K1: f64 = 1.2;
/// Weights are stored as integers: `round(weight * WEIGHT_SCALE)`.
pub(super) const WEIGHT_SCALE: f64 = 4.0;

pub(super) struct Posting {
    pub doc: u32,
    pub part: u16,
    pub weight: u16,
}

pub(super) struct TermPostings {
    pub term: String,
    /// Sorted by (doc, part).
    pub postings: Vec<Posting>,
}

/// One page's terms, and (term id, part, per-field frequencies) sorted by term partition, term id
/// and part. Weights are left to the merge: they depend on every page's field lengths.
pub struct DocTerms {
    terms: TermList,
    postings: Vec<(u32, u16, [u16; 4])>,
    /// Per part: the length of each field.
    lengths: Vec<[usize; 4]>,
    /// `postings[bounds[k]..bounds[k + 1]]` are those of terms in partition `k`.
    bounds: [usize; PARTITIONS + 1],
}

/// Terms are merged in this many independent groups (by hash), in parallel.
const PARTITIONS: usize = 16;

fn partition(hash: u64) -> usize {
    (hash >> 60) as usize % PARTITIONS
}

/// All terms of `docs` with their postings, terms sorted in UTF-16 order (as JavaScript
/// compares strings), postings in document order.
///
/// Pages are tokenized in parallel batches; each batch is then merged into the term tables
/// (one per partition of the terms, in parallel) while the next batch is tokenized.
pub(super) fn collect_postings(
    docs: &[SearchDoc],
    terms_of: &SearchTerms<'_>,
) -> Vec<TermPostings> {
    let averages = average_lengths(docs);
    let mut merged: Vec<Merged> = (0..PARTITIONS).map(|_| Merged::default()).collect();
    let mut pending: Option<(u32, Vec<Arc<DocTerms>>)> = None;
    let merge = |merged: &mut Vec<Merged>, (first, batch): (u32, Vec<Arc<DocTerms>>)| {
        merged
            .par_iter_mut()
            .enumerate()
            .for_each(|(k, m)| m.add(k, first, &batch, &averages));
    };
    for (n, batch) in docs.chunks(BATCH).enumerate() {
        let (_, indexed) = rayon::join(
            || pending.take().map(|p| merge(&mut merged, p)),
            || batch.par_iter().map(terms_of).collect(),
        );
        pending = Some(((n * BATCH) as u32, indexed));
    }
    if let Some(p) = pending {
        merge(&mut merged, p);
    }
    let mut all: Vec<TermPostings> = merged
        .into_iter()
        .flat_map(|m| {
            let Merged { terms, postings } = m;
            postings
                .into_iter()
                .zip(0..)
                .map(move |(postings, id)| TermPostings {
                    term: terms.term(id).to_string(),
                    postings,
                })
        })
        .collect();
    all.par_sort_unstable_by(|a, b| a.term.encode_utf16().cmp(b.term.encode_utf16()));
    all
}

/// The terms of one partition and, per term id, its postings.
#[derive(Default)]
struct Merged {
    terms: Interner,
    postings: Vec<Vec<Posting>>,
}

impl Merged {
    fn add(
        &mut self,
        partition: usize,
        first_doc: u32,
        docs: &[Arc<DocTerms>],
        averages: &[f64; 4],
    ) {
        for (doc, doc_terms) in (first_doc..).zip(docs) {
            let mine =
                &doc_terms.postings[doc_terms.bounds[partition]..doc_terms.bounds[partition + 1]];
            for same_term in mine.chunk_by(|a, b| a.0 == b.0) {
                let local = same_term[0].0;
                let term = doc_terms.terms.term(local);
                let id = self.terms.intern(term, doc_terms.terms.hash(local)) as usize;
                if id == self.postings.len() {
                    self.postings.push(Vec::new());
                }
                let postings = &mut self.postings[id];
                postings.extend(same_term.iter().map(|&(_, part, freqs)| Posting {
                    doc,
                    part,
                    weight: part_weight(&freqs, &doc_terms.lengths[usize::from(part)], averages),
                }));
            }
        }
    }
}

thread_local! {
    /// Each thread's tokenizer: its buffers are reused from page to page.
    static TOKENIZER: RefCell<Tokenizer> = RefCell::new(Tokenizer::default());
}

/// One page's terms, counted per part and field: the per-page half of indexing, which a caller
/// may keep between builds (its result depends on `doc` alone).
pub fn doc_terms(doc: &SearchDoc) -> DocTerms {
    TOKENIZER.with(|tokenizer| index_doc(&mut tokenizer.borrow_mut(), doc))
}

fn index_doc(tokenizer: &mut Tokenizer, doc: &SearchDoc) -> DocTerms {
    let mut terms = Interner::default();
    let mut occurrences: Vec<(u32, u16, u8)> = Vec::new();
    let parts = &doc.parts[..doc.parts.len().min(MAX_PARTS)];
    let mut lengths = vec![[0; 4]; parts.len() + 1];
    lengths[0][TITLE] = doc.title.len();
    for (p, lengths) in parts.iter().zip(&mut lengths[1..]) {
        *lengths = [0, p.heading.len(), p.text.len(), p.code.len()];
    }
    let fields = std::iter::once((TITLE_PART, TITLE, doc.title.as_str())).chain(
        parts.iter().zip(1..).flat_map(|(p, part)| {
            [
                (part, HEADING, &p.heading),
                (part, TEXT, &p.text),
                (part, CODE, &p.code),
            ]
            .map(|(part, field, text)| (part, field, text.as_str()))
        }),
    );
    for (part, field, text) in fields {
        tokenizer.terms(text, &mut |term: &str| {
            let hash = fx_hash(term);
            let id = match terms.find(term, hash) {
                Some(id) => id,
                None if terms.len() < MAX_TERMS_PER_DOC => terms.intern(term, hash),
                None => return,
            };
            occurrences.push((id, part, field as u8));
        });
    }
    occurrences.sort_unstable_by_key(|&(id, part, _)| (partition(terms.hash(id)), id, part));
    let mut postings = Vec::new();
    let mut bounds = [0; PARTITIONS + 1];
    for same in occurrences.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        let (term, part, _) = same[0];
        let mut freqs = [0u16; 4];
        for &(_, _, field) in same {
            let freq = &mut freqs[usize::from(field)];
            *freq = freq.saturating_add(1);
        }
        postings.push((term, part, freqs));
        bounds[partition(terms.hash(term)) + 1] = postings.len();
    }
    for k in 1..=PARTITIONS {
        bounds[k] = bounds[k].max(bounds[k - 1]);
    }
    postings.shrink_to_fit();
    DocTerms {
        terms: terms.into_list(),
        postings,
        lengths,
        bounds,
    }
}

/// Mean length in bytes of each field (title, heading, text, code) where it is not empty.
/// Bytes stand in for the number of terms: only ratios to the mean matter.
fn average_lengths(docs: &[SearchDoc]) -> [f64; 4] {
    let mut sum = [0usize; 4];
    let mut n = [0usize; 4];
    let mut add = |field: usize, text: &str| {
        if !text.is_empty() {
            sum[field] += text.len();
            n[field] += 1;
        }
    };
    for doc in docs {
        add(TITLE, &doc.title);
        for p in &doc.parts {
            add(HEADING, &p.heading);
            add(TEXT, &p.text);
            add(CODE, &p.code);
        }
    }
    std::array::from_fn(|f| {
        if n[f] > 0 {
            sum[f] as f64 / n[f] as f64
        } else {
            1.0
        }
    })
}

/// BM25 per field (saturating term frequency, length-normalised), summed with field boosts.
fn part_weight(freqs: &[u16; 4], lengths: &[usize; 4], averages: &[f64; 4]) -> u16 {
    let mut weight = 0.0;
    for f in 0..4 {
        if freqs[f] == 0 {
            continue;
        }
        let ratio = lengths[f] as f64 / averages[f];
        let tf = f64::from(freqs[f]) / (1.0 - LENGTH_NORM[f] + LENGTH_NORM[f] * ratio);
        weight += BOOST[f] * tf * (K1 + 1.0) / (tf + K1);
    }
    (weight * WEIGHT_SCALE)
        .round()
        .clamp(1.0, f64::from(u16::MAX)) as u16
}
