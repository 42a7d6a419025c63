//! The postings held while pages come in: per term, a small buffer of varint-coded entries
//! (page, then the parts and fields holding the term and how often), turned into weighted
//! postings only when the index is written (weights need every page's field lengths).

use smallvec::SmallVec;

use super::intern::Interner;
use super::postings::DocTerms;
use super::varint::{Varints, push_varint};
use super::weights::{FIELDS, FieldFreqs, Posting};

/// The terms of one partition and, per term id, its postings.
#[derive(Default)]
pub(super) struct TermTable {
    terms: Interner,
    lists: Vec<PostingList>,
}

/// One term's postings, one entry per page in the order pages were added. An entry is LEB128
/// varints:
///
/// - `zigzag(page - previous entry's page) * 2 + (fields > 1)`, then `fields - 2` if fields > 1;
/// - per (part, field) holding the term, in order: `(part delta * 4 + field) * 4 + min(freq - 1,
///   3)`, then `freq - 4` if freq > 3. The part delta is from the entry's previous part (the
///   first: the part itself); a delta of 0 after the first is the same part again.
///
/// Pages come in roughly in order, so deltas are small; entries are sorted when read.
#[derive(Default)]
struct PostingList {
    bytes: SmallVec<[u8; 16]>,
    last_page: u32,
}

impl TermTable {
    pub(super) fn len(&self) -> usize {
        self.lists.len()
    }

    pub(super) fn term(&self, id: u32) -> &str {
        self.terms.term(id)
    }

    /// Adds the postings of `page` whose terms are in partition `k`.
    pub(super) fn add(&mut self, k: usize, page: u32, doc: &DocTerms) {
        for same_term in doc.partition(k).chunk_by(|a, b| a.0 == b.0) {
            let local = same_term[0].0;
            let term = doc.terms.term(local);
            let id = self.terms.intern(term, doc.hashes[local as usize]) as usize;
            if id == self.lists.len() {
                self.lists.push(PostingList::default());
            }
            self.lists[id].push(page, same_term);
        }
    }

    /// The postings of term `id` sorted by page and part, weighted by `weigh(page, part, freqs)`.
    pub(super) fn postings(
        &self,
        id: u32,
        weigh: &impl Fn(u32, u16, &FieldFreqs) -> u16,
    ) -> Vec<Posting> {
        let mut varints = Varints::new(&self.lists[id as usize].bytes);
        let mut postings = Vec::new();
        let (mut page, mut sorted) = (0u32, true);
        while !varints.is_done() {
            let header = varints.next();
            let previous = page;
            page = previous.wrapping_add_signed(unzigzag(header >> 1) as i32);
            sorted &= postings.is_empty() || page > previous;
            let fields = if header & 1 == 1 {
                varints.next() + 2
            } else {
                1
            };
            let (mut part, mut freqs) = (0u16, [0; FIELDS]);
            for i in 0..fields {
                let value = varints.next();
                let delta = (value >> 4) as u16;
                let field = (value >> 2) as usize % FIELDS;
                let freq = match value & 3 {
                    3 => varints.next() + 4,
                    small => small + 1,
                };
                if i > 0 && delta > 0 {
                    let weight = weigh(page, part, &freqs);
                    postings.push(Posting {
                        doc: page,
                        part,
                        weight,
                    });
                    freqs = [0; FIELDS];
                }
                part += delta;
                freqs[field] = freq as u16;
            }
            let weight = weigh(page, part, &freqs);
            postings.push(Posting {
                doc: page,
                part,
                weight,
            });
        }
        if !sorted {
            postings.sort_unstable_by_key(|p| (p.doc, p.part));
        }
        postings
    }
}

impl PostingList {
    /// Appends `page`'s entry: `parts` are (term, part, frequencies) sorted by part.
    fn push(&mut self, page: u32, parts: &[(u32, u16, FieldFreqs)]) {
        let fields: usize = parts
            .iter()
            .map(|(_, _, freqs)| freqs.iter().filter(|&&f| f > 0).count())
            .sum();
        let delta = i64::from(page) - i64::from(self.last_page);
        self.last_page = page;
        let mut entry = Entry::new();
        push_varint(&mut entry, zigzag(delta) * 2 + u64::from(fields > 1));
        if fields > 1 {
            push_varint(&mut entry, fields as u64 - 2);
        }
        let mut previous = 0;
        for &(_, part, freqs) in parts {
            let mut delta = u64::from(part - previous);
            previous = part;
            for (field, &freq) in freqs.iter().enumerate().filter(|(_, f)| **f > 0) {
                let extra = u64::from(freq) - 1;
                push_varint(&mut entry, (delta * 4 + field as u64) * 4 + extra.min(3));
                if extra >= 3 {
                    push_varint(&mut entry, extra - 3);
                }
                delta = 0;
            }
        }
        // Most terms are on a few pages: their entries stay in the list's inline bytes. A list
        // that outgrows them grows by a quarter (at least `MIN_GROWTH` bytes), not by double.
        if self.bytes.capacity() - self.bytes.len() < entry.len() {
            let more = entry.len().max(self.bytes.len() / 4).max(MIN_GROWTH);
            self.bytes.reserve_exact(more);
        }
        self.bytes.extend_from_slice(&entry);
    }
}

/// The bytes of one entry, made before they go into the list (most are a few bytes).
type Entry = SmallVec<[u8; 32]>;

/// The fewest bytes a posting list grows by, so a list does not move on every page it gains.
const MIN_GROWTH: usize = 16;

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::super::postings::{BodyTerms, PARTITIONS, partition};
    use super::super::{DocPart, intern::fx_hash};
    use super::*;

    fn page(title: &str, parts: &[(&str, &str, &str)]) -> DocTerms {
        let parts: Vec<DocPart> = parts
            .iter()
            .map(|&(heading, text, code)| DocPart {
                heading: heading.into(),
                text: text.into(),
                code: code.into(),
                ..DocPart::default()
            })
            .collect();
        DocTerms::new(title, &BodyTerms::new(&parts))
    }

    /// The postings of `term` with each posting's weight set to its field frequencies, packed.
    fn freqs_of(table: &TermTable, term: &str) -> Vec<(u32, u16, FieldFreqs)> {
        let id = (0..table.len() as u32).find(|&id| table.term(id) == term);
        let pack = |_: u32, _: u16, f: &FieldFreqs| f[0] | f[1] << 4 | f[2] << 8 | f[3] << 12;
        table
            .postings(id.unwrap(), &pack)
            .into_iter()
            .map(|p| {
                (
                    p.doc,
                    p.part,
                    std::array::from_fn(|f| p.weight >> (4 * f) & 15),
                )
            })
            .collect()
    }

    #[test]
    fn postings_come_back_sorted_with_their_frequencies() {
        let k = partition(fx_hash("gil"));
        let mut table = TermTable::default();
        let pages = [
            (
                70_000,
                page("The GIL", &[("", "gil gil", ""), ("GIL", "", "gil")]),
            ),
            (3, page("", &[("", "the gil", "")])),
            (5, page("", &[("", &"gil ".repeat(9), "")])),
            (4, page("", &[("", "gil gil gil", "gil gil gil gil")])),
            (0, page("GIL", &[])),
        ];
        for (n, doc) in &pages {
            for k in 0..PARTITIONS {
                table.add(k, *n, doc);
            }
        }
        assert!(table.len() > 0 && k < PARTITIONS);
        assert_eq!(
            freqs_of(&table, "gil"),
            [
                (0, 0, [1, 0, 0, 0]),
                (3, 1, [0, 0, 1, 0]),
                (4, 1, [0, 0, 3, 4]),
                (5, 1, [0, 0, 9, 0]),
                (70_000, 0, [1, 0, 0, 0]),
                (70_000, 1, [0, 0, 2, 0]),
                (70_000, 2, [0, 1, 0, 1]),
            ]
        );
    }

    /// A term on a page or two takes no memory of its own; a common one grows its list in steps
    /// and reads back every page.
    #[test]
    fn rare_terms_stay_inline_and_common_ones_grow() {
        let mut table = TermTable::default();
        let doc = page("", &[("", "rare", "")]);
        for k in 0..PARTITIONS {
            table.add(k, 7, &doc);
        }
        assert!(!table.lists[0].bytes.spilled());
        let mut table = TermTable::default();
        let doc = page("", &[("", "common", "")]);
        for n in (0..1_000).rev() {
            for k in 0..PARTITIONS {
                table.add(k, n, &doc);
            }
        }
        let list = &table.lists[0].bytes;
        assert!(list.spilled() && list.capacity() < list.len() * 5 / 4 + MIN_GROWTH);
        let pages: Vec<u32> = freqs_of(&table, "common").iter().map(|p| p.0).collect();
        assert_eq!(pages, (0..1_000).collect::<Vec<_>>());
    }

    #[test]
    fn zigzag_round_trips() {
        for n in [
            0,
            1,
            -1,
            70_000,
            -70_000,
            i64::from(u32::MAX),
            -i64::from(u32::MAX),
        ] {
            assert_eq!(unzigzag(zigzag(n)), n);
        }
    }
}
