//! A page's parts → its body's terms (`BodyTerms`), kept with its render; with its title → its
//! terms (`DocTerms`): which page part (title, or a heading's section) holds each term, and how
//! often in each field (what that weighs is `weights`).

use std::cell::RefCell;

use smallvec::SmallVec;

use super::DocPart;
use super::intern::{Interner, TermList, fx_hash};
use super::tokenize::Tokenizer;
use super::varint::{Varints, push_varint};
use super::weights::{CODE, FIELDS, FieldFreqs, HEADING, TEXT, TITLE, byte_length};
use super::word_memo::Term;

/// Part 0 of every page is its title; part `i + 1` is `SearchDoc::parts[i]`.
pub(super) const TITLE_PART: u16 = 0;
/// Parts of a page past this many are not indexed.
const MAX_PARTS: usize = u16::MAX as usize - 1;
/// Distinct terms kept per page: a huge page (or one in a script indexed by bigrams) cannot
/// blow up the index; later new terms of such a page are not indexed.
const MAX_TERMS_PER_DOC: usize = 10_000;

/// One page's terms, and (term id, part, per-field frequencies) sorted by term partition, term id
/// and part. Weights are left to the index: they depend on every page's field lengths.
pub(super) struct DocTerms {
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

/// Room for this many occurrences stays with each thread between pages (512 KB in each of two
/// buffers; a page of 10,000 words has about 10,000).
const KEPT_OCCURRENCES: usize = 1 << 16;

/// What indexing a page needs besides the page: buffers reused from page to page, so that their
/// growth (and the term table's rehashing) is paid once per thread, not once per page.
#[derive(Default)]
struct Scratch {
    tokenizer: Tokenizer,
    terms: Interner,
    /// Per occurrence, packed so that sorting the integers sorts by term id, part and field.
    occurrences: Vec<u64>,
    /// The occurrences sorted, and per term id where its own start there.
    sorted: Vec<u64>,
    starts: Vec<u32>,
    /// The number of the page being indexed (from 1), which the tokenizer's notes on terms
    /// carry in their top half (their bottom half is the term's id in that page).
    page: u32,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A page's body's terms (its parts, numbered from 1; the title is added by [`DocTerms::new`]):
/// per term, the parts holding it and how often in each field, compact enough to keep with a
/// render between builds.
#[derive(Clone)]
pub(super) struct BodyTerms {
    /// The terms in the order they first occur.
    terms: TermList,
    /// Per (term, part) holding the term, sorted by term id and part, varints: the term id's
    /// delta from the previous entry's, then `part * 16 + mask` (the part's delta from the
    /// previous entry's when the term is the same) with bit `f` of `mask` set for each field
    /// holding the term, then the frequency in each of those fields.
    postings: Box<[u8]>,
    /// Per part (from part 1): the length of each field.
    lengths: Box<[[u32; FIELDS]]>,
}

impl BodyTerms {
    /// The terms of `parts` (those past `MAX_PARTS` are left out).
    pub(super) fn new(parts: &[DocPart]) -> Self {
        SCRATCH.with(|scratch| body_terms(&mut scratch.borrow_mut(), parts))
    }
}

fn body_terms(scratch: &mut Scratch, parts: &[DocPart]) -> BodyTerms {
    let Scratch {
        tokenizer,
        terms,
        occurrences,
        sorted,
        starts,
        page,
    } = scratch;
    terms.clear();
    occurrences.clear();
    *page = page.wrapping_add(1);
    if *page == 0 {
        // Notes of 4 billion pages ago would look like this page's.
        *tokenizer = Tokenizer::default();
        *page = 1;
    }
    let parts = &parts[..parts.len().min(MAX_PARTS)];
    let lengths = parts
        .iter()
        .map(|p| {
            [
                0,
                byte_length(&p.heading),
                byte_length(&p.text),
                byte_length(&p.code),
            ]
        })
        .collect();
    for (p, part) in parts.iter().zip(1..) {
        for (field, text) in [(HEADING, &p.heading), (TEXT, &p.text), (CODE, &p.code)] {
            tokenizer.terms(text, &mut |term: Term<'_>| {
                let id = if *term.note >> 32 == u64::from(*page) {
                    *term.note as u32
                } else {
                    let id = if terms.len() < MAX_TERMS_PER_DOC {
                        terms.intern(term.text, term.hash)
                    } else {
                        match terms.find(term.text, term.hash) {
                            Some(id) => id,
                            None => return,
                        }
                    };
                    *term.note = u64::from(*page) << 32 | u64::from(id);
                    id
                };
                occurrences.push(occurrence(id, part, field));
            });
        }
    }
    sort_by_term(occurrences, terms.len(), starts, sorted);
    let mut postings = SmallVec::<[u8; 16]>::new();
    let (mut last_term, mut last_part) = (0, 0);
    for same in sorted.chunk_by(|a, b| a >> 8 == b >> 8) {
        let (term, part) = ((same[0] >> 24) as u32, (same[0] >> 8) as u16);
        let mut freqs = [0u64; FIELDS];
        for &packed in same {
            freqs[usize::from(packed as u8)] += 1;
        }
        let mask = (0..FIELDS)
            .filter(|&f| freqs[f] > 0)
            .map(|f| 1 << f)
            .sum::<u64>();
        let part_delta = if term == last_term {
            part - last_part
        } else {
            part
        };
        push_varint(&mut postings, u64::from(term - last_term));
        push_varint(&mut postings, u64::from(part_delta) * 16 + mask);
        for freq in freqs.into_iter().filter(|&f| f > 0) {
            push_varint(&mut postings, freq);
        }
        (last_term, last_part) = (term, part);
    }
    // A huge page's occurrences do not stay with the thread.
    for buffer in [occurrences, sorted] {
        buffer.clear();
        buffer.shrink_to(KEPT_OCCURRENCES);
    }
    BodyTerms {
        terms: terms.to_list(),
        postings: postings.into_vec().into_boxed_slice(),
        lengths,
    }
}

impl DocTerms {
    /// A page's terms: its title's (part 0) and its body's. Up to `MAX_TERMS_PER_DOC` distinct
    /// terms are kept: the title's first, then the body's in the order they first occur.
    pub(super) fn new(title: &str, body: &BodyTerms) -> DocTerms {
        SCRATCH.with(|scratch| with_title(&mut scratch.borrow_mut().tokenizer, title, body))
    }
}

fn with_title(tokenizer: &mut Tokenizer, title: &str, body: &BodyTerms) -> DocTerms {
    let mut terms = body.terms.clone();
    let mut hashes: Vec<u64> = terms.iter().map(fx_hash).collect();
    // The title's terms, counted; those of the body keep their ids, the others come after.
    let mut title_terms = Interner::default();
    let mut title_counts: Vec<u16> = Vec::new();
    tokenizer.terms(title, &mut |term: Term<'_>| {
        let (term, hash) = (term.text, term.hash);
        match title_terms.find(term, hash) {
            Some(i) => title_counts[i as usize] = title_counts[i as usize].saturating_add(1),
            None if title_terms.len() < MAX_TERMS_PER_DOC => {
                title_terms.intern(term, hash);
                title_counts.push(1);
            }
            None => {}
        }
    });
    let body_hashes = hashes.len();
    let mut title_freqs: Vec<(u32, u16)> = (0..title_terms.len() as u32)
        .zip(title_counts)
        .map(|(i, count)| {
            let term = title_terms.term(i);
            let hash = fx_hash(term);
            let found = hashes[..body_hashes]
                .iter()
                .zip(0..)
                .find(|&(&h, id)| h == hash && body.terms.term(id) == term);
            let id = match found {
                Some((_, id)) => id,
                None => {
                    hashes.push(hash);
                    terms.push(term)
                }
            };
            (id, count)
        })
        .collect();
    // Every posting in term id order, a term's title posting (part 0) before its body ones;
    // the body's terms not in the title are in while there is room. Then by partition.
    title_freqs.sort_unstable_by_key(|&(id, _)| id);
    let mut titles = title_freqs.iter().peekable();
    let title_posting = |&(id, freq): &(u32, u16)| {
        let mut freqs = [0; FIELDS];
        freqs[TITLE] = freq;
        (id, TITLE_PART, freqs)
    };
    // The id of the last title term whose posting is in.
    let mut last_titled = None;
    let mut room = MAX_TERMS_PER_DOC.saturating_sub(title_freqs.len());
    let mut in_order = Vec::with_capacity(body.postings.len() / 3 + title_freqs.len());
    let mut varints = Varints::new(&body.postings);
    let (mut term, mut part) = (0u32, 0u16);
    // The last body term given a place, and whether it got one.
    let (mut decided, mut kept) = (None, false);
    while !varints.is_done() {
        let delta = varints.next() as u32;
        let code = varints.next();
        term += delta;
        part = if delta == 0 {
            part + (code >> 4) as u16
        } else {
            (code >> 4) as u16
        };
        let mut freqs = [0; FIELDS];
        for (f, freq) in freqs.iter_mut().enumerate() {
            if code >> f & 1 == 1 {
                *freq = u16::try_from(varints.next()).unwrap_or(u16::MAX);
            }
        }
        while let Some(title) = titles.next_if(|&&(id, _)| id <= term) {
            in_order.push(title_posting(title));
            last_titled = Some(title.0);
        }
        if decided != Some(term) {
            let titled = last_titled == Some(term);
            kept = titled || room > 0;
            room -= usize::from(!titled && room > 0);
            decided = Some(term);
        }
        if kept {
            in_order.push((term, part, freqs));
        }
    }
    in_order.extend(titles.map(title_posting));
    let mut bounds = [0; PARTITIONS + 1];
    for &(id, _, _) in &in_order {
        bounds[partition(hashes[id as usize]) + 1] += 1;
    }
    for k in 1..=PARTITIONS {
        bounds[k] += bounds[k - 1];
    }
    let mut next = bounds;
    let mut postings = vec![(0, 0, [0; FIELDS]); in_order.len()];
    for posting in in_order {
        let k = partition(hashes[posting.0 as usize]);
        postings[next[k]] = posting;
        next[k] += 1;
    }
    let mut lengths = Vec::with_capacity(body.lengths.len() + 1);
    let mut title_lengths = [0; FIELDS];
    title_lengths[TITLE] = byte_length(title);
    lengths.push(title_lengths);
    lengths.extend_from_slice(&body.lengths);
    DocTerms {
        terms,
        hashes,
        postings,
        lengths,
        bounds,
    }
}

/// Sorts `occurrences` (of `terms` term ids) into `sorted` as integers, by counting: they come
/// in part and field order, so putting them in term id order and keeping the order of each
/// term's own sorts them by term id, part and field, without comparing any two. `starts` is a
/// buffer.
fn sort_by_term(occurrences: &[u64], terms: usize, starts: &mut Vec<u32>, sorted: &mut Vec<u64>) {
    starts.clear();
    starts.resize(terms + 1, 0);
    for &packed in occurrences {
        starts[(packed >> 24) as usize + 1] += 1;
    }
    for id in 1..=terms {
        starts[id] += starts[id - 1];
    }
    sorted.clear();
    sorted.resize(occurrences.len(), 0);
    for &packed in occurrences {
        let next = &mut starts[(packed >> 24) as usize];
        sorted[*next as usize] = packed;
        *next += 1;
    }
}

/// One occurrence of term `id` in field `field` of part `part`, as one integer ordered by term
/// id, part and field (ids stay below `MAX_TERMS_PER_DOC`, well within 32 bits).
fn occurrence(id: u32, part: u16, field: usize) -> u64 {
    u64::from(id) << 24 | u64::from(part) << 8 | field as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A distinct lowercase word for `n`, which the tokenizer keeps as it is.
    fn word(n: usize) -> String {
        let digits = n.to_string();
        let letters = digits
            .bytes()
            .map(|d| b"bcdfghjkmn"[usize::from(d - b'0')] as char);
        std::iter::once('q').chain(letters).collect()
    }

    fn indexed_terms(terms: &DocTerms) -> Vec<(&str, u16)> {
        let mut found: Vec<(&str, u16)> = (0..PARTITIONS)
            .flat_map(|k| terms.partition(k))
            .map(|&(id, part, _)| (terms.terms.term(id), part))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn title_and_body_terms_are_counted_per_part_and_field() {
        let parts = [
            DocPart {
                heading: "Pool".into(),
                text: "pool pool thread".into(),
                code: "pool".into(),
                ..DocPart::default()
            },
            DocPart {
                text: "thread".into(),
                ..DocPart::default()
            },
        ];
        let terms = DocTerms::new("Thread pools", &BodyTerms::new(&parts));
        let mut postings: Vec<(&str, u16, FieldFreqs)> = (0..PARTITIONS)
            .flat_map(|k| terms.partition(k))
            .map(|&(id, part, freqs)| (terms.terms.term(id), part, freqs))
            .collect();
        postings.sort_unstable();
        assert_eq!(
            postings,
            [
                ("pool", 0, [1, 0, 0, 0]),
                ("pool", 1, [0, 1, 2, 1]),
                ("thread", 0, [1, 0, 0, 0]),
                ("thread", 1, [0, 0, 1, 0]),
                ("thread", 2, [0, 0, 1, 0]),
            ]
        );
        assert_eq!(terms.lengths, [[12, 0, 0, 0], [0, 4, 16, 4], [0, 0, 6, 0]]);
    }

    /// The tokenizer's memo keeps each term's id in a page from page to page (`Scratch::page`):
    /// a page's terms must come out as they would on a fresh thread, whatever came before.
    #[test]
    fn a_page_indexes_alike_after_other_pages() {
        let page = |text: &str, code: &str| {
            [DocPart {
                heading: "Pools of threads".into(),
                text: text.into(),
                code: code.into(),
                ..DocPart::default()
            }]
        };
        let pages = [
            page(
                "the pool runs threads; threads share the pool",
                "ThreadPoolExecutor(4)",
            ),
            page(
                "threads and pools: a pool of worker threads",
                "pool.submit(work)",
            ),
            page("垃圾回收 and the pool", "ThreadPoolExecutor pool"),
        ];
        let body = |terms: &BodyTerms| {
            let list: Vec<String> = (0..terms.terms.len() as u32)
                .map(|id| terms.terms.term(id).to_string())
                .collect();
            (list, terms.postings.to_vec(), terms.lengths.to_vec())
        };
        let mut warm = Scratch::default();
        for (i, parts) in pages.iter().enumerate() {
            let after = body_terms(&mut warm, parts);
            let fresh = body_terms(&mut Scratch::default(), parts);
            assert_eq!(body(&after), body(&fresh), "page {i}");
        }
    }

    /// Past `MAX_TERMS_PER_DOC` distinct terms, later new terms of the body are left out; the
    /// title's terms are always in (but not their body postings past the body's own limit).
    #[test]
    fn a_huge_page_keeps_its_title_and_its_first_terms() {
        let text: Vec<String> = (0..MAX_TERMS_PER_DOC + 5).map(word).collect();
        let parts = [DocPart {
            text: text.join(" "),
            ..DocPart::default()
        }];
        let title = [3, MAX_TERMS_PER_DOC + 1, MAX_TERMS_PER_DOC + 50]
            .map(word)
            .join(" ");
        let terms = DocTerms::new(&title, &BodyTerms::new(&parts));
        let found = indexed_terms(&terms);
        let distinct: std::collections::BTreeSet<&str> = found.iter().map(|t| t.0).collect();
        assert_eq!(distinct.len(), MAX_TERMS_PER_DOC);
        for term in [3, MAX_TERMS_PER_DOC + 1, MAX_TERMS_PER_DOC + 50].map(word) {
            assert!(found.contains(&(term.as_str(), TITLE_PART)), "{term}");
        }
        assert!(found.contains(&(word(3).as_str(), 1)));
        // Two title terms are not in the body's first terms, so its last two are left out.
        let last_in = word(MAX_TERMS_PER_DOC - 3);
        assert!(found.contains(&(last_in.as_str(), 1)));
        let first_out = word(MAX_TERMS_PER_DOC - 2);
        assert!(!distinct.contains(first_out.as_str()));
    }
}
