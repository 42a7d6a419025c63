//! A `SearchDoc` → its terms (`DocTerms`): which page part (title, or a heading's section) holds
//! each term, how often in each field; and the BM25 weight of a posting, which boosts titles over
//! headings over body text over code.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use super::SearchDoc;
use super::intern::{Interner, TermList, fx_hash};
use super::tokenize::Tokenizer;

/// Part 0 of every page is its title; part `i + 1` is `SearchDoc::parts[i]`.
pub(super) const TITLE_PART: u16 = 0;
/// Parts of a page past this many are not indexed.
const MAX_PARTS: usize = u16::MAX as usize - 1;
/// Distinct terms kept per page: a huge page (or one in a script indexed by bigrams) cannot
/// blow up the index; later new terms of such a page are not indexed.
const MAX_TERMS_PER_DOC: usize = 10_000;

/// Fields of a page part, in the order of `BOOST` and `LENGTH_NORM`.
pub(super) const FIELDS: usize = 4;
const TITLE: usize = 0;
const HEADING: usize = 1;
const TEXT: usize = 2;
const CODE: usize = 3;
const BOOST: [f64; FIELDS] = [10.0, 4.0, 1.0, 0.3];
/// BM25 `b`: how much a long field dilutes each of its terms.
const LENGTH_NORM: [f64; FIELDS] = [0.5, 0.5, 0.75, 0.75];
const K1: f64 = 1.2;
/// Weights are stored as integers: `round(weight * WEIGHT_SCALE)`.
pub(super) const WEIGHT_SCALE: f64 = 4.0;

/// One page part's weight for one term, as the index files store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Posting {
    pub doc: u32,
    pub part: u16,
    pub weight: u16,
}

/// A posting's input to its weight: per field, how often the term occurs in the part.
pub(super) type FieldFreqs = [u16; FIELDS];

/// One page's terms, and (term id, part, per-field frequencies) sorted by term partition, term id
/// and part. Weights are left to the index: they depend on every page's field lengths.
#[derive(Clone)]
pub struct DocTerms {
    pub(super) terms: TermList,
    /// Per term id: `fx_hash` of the term.
    pub(super) hashes: Vec<u64>,
    pub(super) postings: Vec<(u32, u16, FieldFreqs)>,
    /// Per part: the length of each field.
    pub(super) lengths: Vec<[u32; FIELDS]>,
    /// `postings[bounds[k]..bounds[k + 1]]` are those of terms in partition `k`.
    bounds: [usize; PARTITIONS + 1],
}

impl DocTerms {
    /// The postings of the terms in partition `k`.
    pub(super) fn partition(&self, k: usize) -> &[(u32, u16, FieldFreqs)] {
        &self.postings[self.bounds[k]..self.bounds[k + 1]]
    }
}

/// Terms are held in this many independent groups (by hash), merged in parallel.
pub(super) const PARTITIONS: usize = 16;

pub(super) fn partition(hash: u64) -> usize {
    (hash >> 60) as usize % PARTITIONS
}

/// Room for this many occurrences stays with each thread between pages (512 KB; a page of
/// 10,000 words has about 10,000).
const KEPT_OCCURRENCES: usize = 1 << 16;

/// What indexing a page needs besides the page: buffers reused from page to page, so that their
/// growth (and the term table's rehashing) is paid once per thread, not once per page.
#[derive(Default)]
struct Scratch {
    tokenizer: Tokenizer,
    terms: Interner,
    /// Per occurrence, packed so that sorting the integers sorts by partition, term id and part.
    occurrences: Vec<u64>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// One page's terms, counted per part and field: the per-page half of indexing, which a caller
/// may keep between builds (its result depends on `doc` alone).
pub fn doc_terms(doc: &SearchDoc) -> DocTerms {
    SCRATCH.with(|scratch| index_doc(&mut scratch.borrow_mut(), doc))
}

fn index_doc(scratch: &mut Scratch, doc: &SearchDoc) -> DocTerms {
    let Scratch {
        tokenizer,
        terms,
        occurrences,
    } = scratch;
    terms.clear();
    occurrences.clear();
    let mut hashes = Vec::new();
    let parts = &doc.parts[..doc.parts.len().min(MAX_PARTS)];
    let mut lengths = vec![[0; FIELDS]; parts.len() + 1];
    lengths[0][TITLE] = byte_length(&doc.title);
    for (p, lengths) in parts.iter().zip(&mut lengths[1..]) {
        *lengths = [
            0,
            byte_length(&p.heading),
            byte_length(&p.text),
            byte_length(&p.code),
        ];
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
            let id = if terms.len() < MAX_TERMS_PER_DOC {
                let id = terms.intern(term, hash);
                // A new term's id is the next one.
                if id as usize == hashes.len() {
                    hashes.push(hash);
                }
                id
            } else {
                match terms.find(term, hash) {
                    Some(id) => id,
                    None => return,
                }
            };
            occurrences.push(occurrence(partition(hash), id, part, field));
        });
    }
    occurrences.sort_unstable();
    let mut postings = Vec::new();
    let mut bounds = [0; PARTITIONS + 1];
    for same in occurrences.chunk_by(|a, b| a >> 8 == b >> 8) {
        let (term, part) = ((same[0] >> 24) as u32, (same[0] >> 8) as u16);
        let mut freqs = [0u16; FIELDS];
        for &packed in same {
            let freq = &mut freqs[usize::from(packed as u8)];
            *freq = freq.saturating_add(1);
        }
        postings.push((term, part, freqs));
        bounds[partition(hashes[term as usize]) + 1] = postings.len();
    }
    for k in 1..=PARTITIONS {
        bounds[k] = bounds[k].max(bounds[k - 1]);
    }
    postings.shrink_to_fit();
    hashes.shrink_to_fit();
    // A huge page's occurrences do not stay with the thread.
    occurrences.clear();
    occurrences.shrink_to(KEPT_OCCURRENCES);
    DocTerms {
        terms: terms.to_list(),
        hashes,
        postings,
        lengths,
        bounds,
    }
}

/// One occurrence of term `id` in field `field` of part `part`, as one integer ordered by
/// partition, term id, part (ids stay below `MAX_TERMS_PER_DOC`, well within 32 bits).
fn occurrence(partition: usize, id: u32, part: u16, field: usize) -> u64 {
    (partition as u64) << 56 | u64::from(id) << 24 | u64::from(part) << 8 | field as u64
}

/// The length of a field as the weights use it (no field comes near 4 GB).
fn byte_length(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// The sums behind the mean length of each field (title, heading, text, code) where it is not
/// empty, added to page by page from any thread. Bytes stand in for the number of terms: only
/// ratios to the mean matter.
#[derive(Default)]
pub(super) struct FieldTotals {
    bytes: [AtomicU64; FIELDS],
    fields: [AtomicU64; FIELDS],
}

impl FieldTotals {
    /// Counts every field of `doc`, all its parts (also those past `MAX_PARTS`).
    pub(super) fn add(&self, doc: &SearchDoc) {
        let mut bytes = [0u64; FIELDS];
        let mut fields = [0u64; FIELDS];
        let mut add = |field: usize, text: &str| {
            if !text.is_empty() {
                bytes[field] += text.len() as u64;
                fields[field] += 1;
            }
        };
        add(TITLE, &doc.title);
        for p in &doc.parts {
            add(HEADING, &p.heading);
            add(TEXT, &p.text);
            add(CODE, &p.code);
        }
        for f in 0..FIELDS {
            self.bytes[f].fetch_add(bytes[f], Ordering::Relaxed);
            self.fields[f].fetch_add(fields[f], Ordering::Relaxed);
        }
    }

    /// Mean length of each field, once every page is added (1 for a field no page has).
    pub(super) fn averages(&self) -> [f64; FIELDS] {
        std::array::from_fn(|f| {
            let n = self.fields[f].load(Ordering::Relaxed);
            if n > 0 {
                self.bytes[f].load(Ordering::Relaxed) as f64 / n as f64
            } else {
                1.0
            }
        })
    }
}

/// BM25 per field (saturating term frequency, length-normalised), summed with field boosts.
pub(super) fn part_weight(
    freqs: &FieldFreqs,
    lengths: &[u32; FIELDS],
    averages: &[f64; FIELDS],
) -> u16 {
    let mut weight = 0.0;
    for f in 0..FIELDS {
        if freqs[f] == 0 {
            continue;
        }
        let ratio = f64::from(lengths[f]) / averages[f];
        let tf = f64::from(freqs[f]) / (1.0 - LENGTH_NORM[f] + LENGTH_NORM[f] * ratio);
        weight += BOOST[f] * tf * (K1 + 1.0) / (tf + K1);
    }
    (weight * WEIGHT_SCALE)
        .round()
        .clamp(1.0, f64::from(u16::MAX)) as u16
}
